"""A name answer made whole: the reader, trained to answer with what the question does not say,
often leaves out of a name the words the question asks it by (国际 of 国际湿地城市认证 for 什么国际
认证, 地铁 of 太原地铁1号线 for 哪条地铁线路, 大队 of 紫云小学少先队大队 for 哪个少先队大队). A name
is the whole noun phrase it stands in; this step grows the span over the words of the kind asked."""
from __future__ import annotations

import re
from collections.abc import Callable

Tagger = Callable[[str], list[tuple[str, str]]]

# what no name runs over: punctuation, quotes, brackets, spaces
_EDGE_RE = re.compile(r"[\s，,。；;：:、！？!?“”\"‘’'《》「」『』()（）【】\[\]]")
# the wh-word a kind of thing follows (哪个少先队大队, 什么国际认证), and the naming words one precedes
# (联合国教科文组织机构叫什么)
_WH_RE = re.compile(r"哪一?[个所家座支位名项部款届条种类份批]|什么|啥")
_NAMED_RE = re.compile(r"的?(?:叫什么|叫啥|名称|名字|全称)")
_OPENS, _CLOSES = "“‘《「『（(", "”’》」』）)"
# the words for a person asked by role (哪位作家, 哪个演员, 校长叫什么): the answer is a name
_PEOPLE = tuple("家者员师手人长")


def _nominal(tag: str) -> bool:
    # jieba's nouns (n, nr, ns, nt, nz, ng), abbreviations (j) and Latin words (eng: STEM)
    return tag.startswith("n") or tag in ("j", "eng")


def asked_kind(question: str, tagged: Tagger) -> list[str]:
    """The nouns saying what kind of thing a name question asks for, in order: those right after
    its wh-word, or right before the words asking a name (叫什么: the last of them is then the
    thing named, which a report writes before the name, 新央企中国长安汽车集团, and not in it)."""
    named = _NAMED_RE.search(question)
    wh = _WH_RE.search(question, 0, named.start() if named else len(question))
    if wh:
        words = tagged(question[wh.end():])
    else:
        words = tagged(question[:named.start()])[::-1] if named else []
    kind = []
    for word, tag in words:
        if not _nominal(tag) or word.endswith(("名", "称")):
            break           # 本名, 笔名, 简称 say a name is asked, no kind of thing
        kind.append(word)
    return kind if wh else kind[::-1][:-1]


def _grown_before(words: list[tuple[str, str]], kind: list[str]) -> int:
    """Characters of `words` (nearest first) the name takes: words of the kind asked, then a place
    name opening it (太原 of 太原地铁1号线)."""
    taken = 0
    for n, (word, tag) in enumerate(words):
        if word in kind:
            taken += len(word)
        elif n and taken and tag == "ns":
            return taken + len(word)
        else:
            break
    return taken


def whole_name(text: str, start: int, end: int, question: str, tagged: Tagger) -> tuple[int, int]:
    """text[start:end] grown over the words of the kind asked next to it: before it, any of them
    (and a place name opening them); after it, the one that follows in the kind the last word it
    ends on (少先队 → 少先队大队). Never over punctuation, nor past a name's quotes."""
    kind = asked_kind(question, tagged)
    if not kind or text[start:start + 1] in _OPENS or text[end - 1:end] in _CLOSES:
        return start, end          # a name in its quotes or title marks is whole already
    if kind[-1].endswith(_PEOPLE) or all(tag.startswith("nr") for _, tag in tagged(text[start:end])):
        return start, end          # a person's name takes no title or role (校长钟铣玲, 日本作家柳田理科雄)
    left = max((m.end() for m in _EDGE_RE.finditer(text, 0, start)), default=0)
    start -= _grown_before(tagged(text[left:start])[::-1], kind)
    right = next((m.start() for m in _EDGE_RE.finditer(text, end)), len(text))
    after = tagged(text[end:right])[:1]
    ends_on = [n for n, word in enumerate(kind[:-1]) if text.endswith(word, start, end)]
    if after and ends_on and after[0][0] == kind[ends_on[-1] + 1]:
        end += len(after[0][0])
    return start, end
