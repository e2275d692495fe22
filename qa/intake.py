"""A question as a user typed it, made safe to analyse: one function for the CLI, the chat and the API.

Whatever arrives (undecodable bytes, lone surrogates, control characters, a 10,000-character
line, Traditional Chinese) either becomes a question the analysis and the reader can take, with
a notice for each change, or is refused with a `QuestionError` that says why. Nothing here loads
a model, so the CLI can check a question before it loads anything.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# control (Cc) and format (Cf: zero-width, bidi overrides, BOM) characters say nothing a question
# needs and break tokenizers and terminals; tabs and line breaks become spaces instead
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf"})
_KEPT = frozenset("\t\n\r\v\f\u200c\u200d")   # whitespace, and the joiners emoji and scripts are built with
_SPACE_RE = re.compile(r"\s+")
REPLACEMENT = "\ufffd"


class QuestionError(ValueError):
    """The question cannot be asked as given (e.g. it is empty)."""


@dataclass(frozen=True)
class CleanQuestion:
    text: str                      # what the analysis, retrieval and reader get
    notices: tuple[str, ...]       # one line for each change made to what was typed


def decode_question(raw: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes read from a file or a pipe as text: UTF-8, anything undecodable replaced by U+FFFD."""
    text = raw.decode("utf-8", errors="replace")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return text, (f"问题中有无法按UTF-8解码的字节，已替换为{REPLACEMENT} "
                      f"(undecodable bytes replaced, first at byte {exc.start})",)
    return text, ()


def clean_question(question: object, max_chars: int) -> CleanQuestion:
    """The question as analysis takes it, or QuestionError naming what is wrong with it.

    Bytes are decoded as UTF-8 with replacement; lone surrogates (from a bad JSON string or
    undecodable command-line bytes) become U+FFFD; control and format characters are dropped;
    runs of whitespace become one space; a question over `max_chars` is cut there; Traditional
    Chinese is converted to Simplified (opencc t2s), as the reports and the analysis use it:
    answers are still quoted from the reports' own text.
    """
    notices: list[str] = []
    if isinstance(question, (bytes, bytearray)):
        question, decoded = decode_question(bytes(question))
        notices += decoded
    if question is None:
        raise QuestionError("the question is empty")
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, not {type(question).__name__}")
    if len(question) > 4 * max_chars:
        # a cheap first cut, so a megabyte line costs no more to clean than a long question
        question = question[:4 * max_chars] + " "
    text = _without_surrogates(question)
    if text.count(REPLACEMENT) > question.count(REPLACEMENT):
        notices.append(f"问题中有无效的Unicode代理字符，已替换为{REPLACEMENT} (lone surrogates replaced)")
    kept = "".join(ch for ch in text if ch in _KEPT or unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    if kept != text:
        notices.append("问题中的控制字符已删除 (control characters removed)")
    text = _SPACE_RE.sub(" ", kept).strip()
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > max_chars:
        text = text[:max_chars].rstrip()
        notices.append(f"问题超过{max_chars}字，已截断 (question truncated to {max_chars} characters)")
    simplified = _t2s().convert(text)
    if simplified != text:
        notices.append("问题中的繁体字已转换为简体 (Traditional Chinese converted to Simplified)")
    return CleanQuestion(simplified, tuple(notices))


def _without_surrogates(text: str) -> str:
    # a surrogate pair that arrived as two code points is joined back into its character
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


@cache
def _t2s():
    """opencc's Traditional-to-Simplified converter, built once per process (its tables are read-only)."""
    import opencc

    return opencc.OpenCC("t2s")
