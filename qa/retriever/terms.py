"""Word segmentation for BM25: jieba with the corpus's own names, plus synonyms people use."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jieba

# Everyday words mapped to the words the reports use (老师 → 教师, 经费 → 资金 …).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "老师": ("教师",), "教师": ("老师",), "经费": ("资金", "投入"), "资金": ("经费",),
    "钱": ("资金", "经费"), "花了": ("投入",), "学校": ("学校", "校"), "孩子": ("学生", "幼儿"),
    "学生": ("学生",), "招了": ("招聘",), "招": ("招聘",), "招聘": ("招录", "引进", "录用"),
    "招录": ("招聘",), "录用": ("招聘",), "新建": ("新建", "建设"),
    "派": ("选派", "派出", "遴选", "选拔"), "派了": ("选派", "派出", "遴选", "选拔"),
    "幼儿园": ("幼儿园",), "新增": ("增加",), "增加": ("新增",), "多少": (), "几": (),
    "盖": ("新建", "建设"), "加": ("增加", "新增"), "编内": ("编制",), "在编": ("编制", "编内"), "GDP": ("地区生产总值", "生产总值"), "gdp": ("地区生产总值", "生产总值"),
    "经济总量": ("地区生产总值", "生产总值"), "老百姓": ("居民", "群众"), "百姓": ("居民", "群众"),
    "网上": ("网络", "线上"), "线上": ("网络", "网上"), "家里": ("家庭",),
    # every one of a kind, not a kind: 所有设区市 is 全部设区市
    "所有": ("全部", "全体"), "全部": ("所有", "全体"), "全体": ("全部", "所有"),
    # a rank in words or in figures (排第一 of 居中部第1位), the first also as 首位
    **{f"第{c}": (f"第{n}",) + (("首位",) if n == 1 else ()) for n, c in enumerate("一二三四五六七八九十", 1)},
    **{f"第{n}": (f"第{c}",) for n, c in enumerate("一二三四五六七八九十", 1)},
}
# the kinds a word counts (中学 and 小学 are 学校): 4所中学、5所小学 answer 多少所学校; kept apart from
# SYNONYMS, which retrieval expands a query with, since 学校 does not mean 中学
KINDS: dict[str, tuple[str, ...]] = {
    "学校": ("中小学", "中学", "小学", "初中", "高中", "幼儿园", "大学", "高校", "职校", "学院", "校区"),
}
_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:实验学校|高级中学|初级中学|中学|小学|幼儿园|学校|学院|中心)")
_KEEP_RE = re.compile(r"[\w\u4e00-\u9fff]")
# jieba's tags of a verb (not a verbal noun such as 建设 of 智慧校园建设), and of where a predicate
# starts: a verb, a preposition or an adverb
VERB_TAGS = ("v", "vd", "vi")
PREDICATE_TAGS = VERB_TAGS + ("p", "d", "ad")
STOPWORDS = frozenset("的 了 和 与 及 在 是 有 为 对 把 被 等 年 月 中 上 下 我 区 哪些 什么 多少 几 吗 呢 怎么 如何 哪 个 一 是否".split())


def corpus_names(texts: list[str]) -> set[str]:
    """School and institution names to keep whole when segmenting."""
    return {m.group(0) for text in texts for m in _NAME_RE.finditer(text)}


@cache
def plain_jieba(cache_dir: Path | None = None) -> jieba.Tokenizer:
    """jieba's default tokenizer with its own dictionary only, loaded once per process.

    Loading the prefix dictionary is the slow part of jieba (a ~500k-entry table), so every
    segmenter, the POS tagger, the place finder and the reader's word splitter share this one:
    it is `jieba.dt`, which jieba.posseg's tagger wraps too, and nothing adds words to it
    (a `Segmenter` copies its table). The table is cached as a file in `cache_dir` (jieba's
    temp folder when None); a missing or damaged cache file is rebuilt by jieba itself.
    """
    tokenizer = jieba.dt
    folder = Path(cache_dir) / "jieba" if cache_dir is not None else None
    if folder is not None and not tokenizer.initialized:
        folder.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(folder)
        _load_cached_table(tokenizer, folder / "jieba.cache")
    tokenizer.initialize()
    if folder is not None and not (folder / "jieba.cache").is_file():
        # loaded already through another folder: leave this one its cache too, in jieba's format
        import marshal

        folder.mkdir(parents=True, exist_ok=True)
        part = folder / "jieba.cache.part"
        with part.open("wb") as out:
            marshal.dump((tokenizer.FREQ, tokenizer.total), out)
        part.replace(folder / "jieba.cache")
    return tokenizer


def _load_cached_table(tokenizer: jieba.Tokenizer, path: Path) -> None:
    """Read jieba's own cache file as one block: jieba's `marshal.load` on the open file reads it
    in small pieces and takes 0.75 s where `marshal.loads` of its bytes takes 0.2 s. A file that
    does not read as a table is left to jieba, which rebuilds it."""
    import marshal

    try:
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(freq, dict) and freq and isinstance(total, (int, float)):
        with tokenizer.lock:
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


@cache
def plain_tagger(cache_dir: Path | None = None):
    """jieba's part-of-speech tagger over `plain_jieba` (jieba.posseg's default one)."""
    import jieba.posseg

    plain_jieba(cache_dir)
    return jieba.posseg.dt


class Segmenter:
    """A private jieba instance, so adding words never changes anyone else's segmentation."""

    def __init__(self, user_words: set[str] | frozenset[str] = frozenset(),
                 cache_dir: Path | None = None) -> None:
        plain = plain_jieba(cache_dir)
        # a copy of the loaded table: milliseconds, where loading it again takes a second
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ, self._jieba.total = dict(plain.FREQ), plain.total
        self._jieba.initialized = True
        self._cache_dir = cache_dir
        for word in sorted(user_words):
            self._jieba.add_word(word, freq=2000)

    def words(self, text: str) -> list[str]:
        """The text cut into words, every character kept."""
        return list(self._jieba.cut(text))

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """The text cut into words with their jieba part-of-speech tags (n… for nouns).

        Tagged with jieba's own dictionary only: the corpus names added for retrieval are
        greedy (计划招聘中小学) and would hide the nouns inside them."""
        return [(word, tag) for word, tag in plain_tagger(self._cache_dir).cut(text)]

    def terms(self, text: str) -> list[str]:
        return [t for t in self._jieba.cut_for_search(text)
                if _KEEP_RE.search(t) and t not in STOPWORDS]

    def query_terms(self, text: str) -> list[str]:
        groups = self.term_groups(text)
        return [g[0] for g in groups] + [syn for g in groups for syn in g[1:]]

    def term_groups(self, text: str) -> list[tuple[str, ...]]:
        """Each term of the text with the words that say the same (老师: 教师)."""
        return [(t, *SYNONYMS.get(t, ())) for t in self.terms(text)]

    def word_groups(self, text: str) -> list[tuple[str, ...]]:
        """Each content word of the text, cut once (中小学生, not also 中小 and 小学生), with the
        words that say the same: a share of them weighs each word of the text once."""
        return [(w, *SYNONYMS.get(w, ())) for w in self.words(text)
                if _KEEP_RE.search(w) and w not in STOPWORDS]
