"""A span that answers a sibling of what was asked is not an answer.

Asked for 文科状元 or 幼儿园教师, the reader finds the sentence about 理科状元 or
中小学教师 and returns its span with fair confidence: the head noun matches and only
the modifier differs. When the report never mentions what was asked and the answer's
sentence names the same head under another modifier, the honest answer is that the
report has the sibling, not the thing asked.
"""
from __future__ import annotations

import re

from .contracted import contracts
from qa.retriever.terms import SYNONYMS

Tagged = list[tuple[str, str]]
# nouns of the question words themselves (什么时候, 什么地方), never a modifier
_QUESTION_NOUNS = frozenset({"时候", "地方"})
# words of plan (计划建设: the building planned), which say when, not which kind: the report's 启动建设
# is no sibling of a 计划建设 asked
_PLAN_WORDS = frozenset({"计划", "预计", "打算", "准备", "力争", "争取", "规划"})
# a batch or a round (新一期, 第二批, 首届, 新一轮): which one of a series, not which kind of thing
_BATCH_RE = re.compile(r"(?:新|首|第|这|本|上|下)?[一二三四五六七八九十两\d]*[期批轮届]")


# jieba's tags for what can name a kind of thing: nouns, abbreviations (中小学 j), distinguishing
# words (三星级 b), places (高中 s), localities (初中 f) and verbal nouns (体育 vn)
_HEAD_TAGS = ("n", "j", "s", "vn")
_CLASSIFIERS = "所个家名位项件条座次场篇钱"
_MODIFIER_TAGS = _HEAD_TAGS + ("b", "f")


def _tagged_as(tag: str, tags: tuple[str, ...]) -> bool:
    return tag.startswith("n") or tag in tags


def sibling_answer(question: Tagged, sentence: Tagged, passage: str, document: str,
                   skip: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(asked, found), e.g. ("文科状元", "理科状元"), when the answer's `sentence` names a
    sibling of the noun the question asks about; None when it does not.

    The question's modifier X before its head noun H (two characters at least: 校 or 组 alone
    says too little) must be absent from the `passage`, as must the words reports write for it
    (老百姓: 居民, terms.SYNONYMS), and X+H from the whole `document`; the
    sentence must have H after another modifier Y (as its own word or inside one, 理科状元)
    that the question does not say. `skip` holds modifiers that only choose the report
    (district names), never a sibling.
    """
    asked_text = "".join(word for word, _ in question)
    for n, ((x, x_tag), (head, head_tag)) in enumerate(zip(question, question[1:])):
        if n and question[n - 1][0] in ("多少", "几") and x[:1] in _CLASSIFIERS:
            x = x[1:]           # 多少|所市|优质: jieba glues the measure word to the modifier (市)
        if (len(x) < 2 or len(head) < 2 or not _tagged_as(x_tag, _MODIFIER_TAGS)
                or not _tagged_as(head_tag, _HEAD_TAGS) or x in skip or x in _QUESTION_NOUNS or x in _PLAN_WORDS
                or x_tag == "ns" and any(x.startswith(p) for p in skip)       # 河北地区: the report's place
                or any(w in passage for w in (x, *SYNONYMS.get(x, ()))) or abbreviates(x, passage)
                or x + head in document):
            continue
        before: tuple[str, str] | None = None
        at, said = 0, sentence_text(sentence)
        for word, tag in sentence:
            y = None
            if word == head and before and _tagged_as(before[1], _MODIFIER_TAGS):
                y = before[0]
            elif word.endswith(head) and len(word) - len(head) >= 2:
                y = word[:-len(head)]
            y_at = at - len(before[0]) if y and word == head and before else at
            # 城乡居民 for 农村居民 states the thing asked among others: no sibling
            if y and len(y) >= 2 and y not in asked_text and not abbreviates(y, asked_text) \
                    and not _batch_of_kind(y, x) and not contracts(y, x) and not _said_before(x, said, y_at):
                return x + head, y + head
            before = (word, tag)
            at += len(word)
    return None


def _batch_of_kind(y: str, x: str) -> bool:
    """y is a batch (新一期) where x is a kind (幼儿园): which round, not which kind; a batch asked
    (二期工程) has the other batches (一期工程) for siblings."""
    return bool(_BATCH_RE.fullmatch(y)) and not _BATCH_RE.fullmatch(x)


def sentence_text(tagged: Tagged) -> str:
    return "".join(word for word, _ in tagged)


def _said_before(x: str, text: str, at: int) -> bool:
    """The asked modifier `x` (市级 as 市) is written just before the other one found at `at`
    (市中小学艺术…工作室 for 市级艺术…工作室): the report says more of the thing asked, no sibling."""
    return any(m and m in text[max(0, at - len(m) - 2):at] for m in (x, x[:-1] if x.endswith("级") else ""))


def abbreviates(short: str, text: str) -> bool:
    """`short` is a Chinese abbreviation of words `text` writes: its characters, the first one
    first, in order within a stretch of text at most twice as long plus two (规上 of 规模以上,
    公厕 of 公共厕所), as abbreviations are made by picking characters of the full form."""
    reach = 2 * len(short) + 2
    for i, c in enumerate(text):
        if c != short[0]:
            continue
        at = i + 1
        for d in short[1:]:
            at = text.find(d, at, i + reach)
            if at < 0:
                break
            at += 1
        else:
            return True
    return False
