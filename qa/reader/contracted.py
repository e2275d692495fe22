"""Things written contracted into one word: 城乡居民 are urban and rural residents, 中小学 middle
and primary schools. A report says 城乡居民人均可支配收入分别…; a question names one of the two
(农村居民), which the report states, not a sibling it lacks."""
from __future__ import annotations

# the contracted word -> the words a question names each of its things by, in the written order
CONTRACTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "城乡": (("城镇", "城市", "城区"), ("农村", "乡村")),
    "中小学": (("中学", "初中", "高中"), ("小学",)),
    "中高考": (("中考",), ("高考",)),
    "进出口": (("进口",), ("出口",)),
    "男女": (("男",), ("女",)),
}


def contracted_named(written: str, question: str) -> list[int]:
    """Which of the things a contracted word in `written` stands for the question names: [1]
    for 农村 of 城乡; [] where none is written or the question names several or none."""
    for word, names in CONTRACTED.items():
        if word in written:
            named = [n for n, alternatives in enumerate(names) if any(a in question for a in alternatives)]
            return named if len(named) == 1 else []
    return []


def contracts(written: str, asked: str) -> bool:
    """`written` is `asked` with one of its things contracted with the other: 城乡居民 of 农村居民,
    城乡 of 农村, 中小学 of 小学."""
    for word, names in CONTRACTED.items():
        if word in written:
            rest = written.replace(word, "", 1)
            if any(a in asked and asked.replace(a, "", 1) == rest for alternatives in names for a in alternatives):
                return True
    return False
