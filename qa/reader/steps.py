"""The reader's decoding steps, each named once, each with a switch.

The model proposes spans (start/end logits, decode.window_candidates, snapped to whole
characters by decode.snap_span); the steps below then shape, score and trim them. Each step
can be switched off through `Config.reader_steps_off`, so it can be measured on data it was
not written from (eval/ablate_steps.py), and the answer's `trace` names the steps that
changed the span it shows.
"""
from __future__ import annotations

# name -> what the step does; the order is the order they run in
STEPS: dict[str, str] = {
    # on the passages read (qa/retriever/period.py)
    "period": "passages of the time the question asks (its year, half year, done or planned) are read first",
    # on every candidate span
    "quantity": "a number keeps its unit and approximation, and is the quantity the question's measure asks for",
    "dates": "a date grows to the whole date; a reign year takes the calendar year written after it",
    "asked_thing": "a name keeps the kind of thing asked for when the text says it next (哪家幼儿园 → 海华幼儿园), "
                   "or moves to the one quoted name of that kind in its sentence (哪个计划 → 网链共享计划); a name of "
                   "that kind near the best span's score is shown over a best naming no such thing",
    "enumeration": "a list or a count of several things grows over its whole 、 enumeration",
    "type_bonus": "spans of the asked type score higher; a share question takes no span that is no share",
    "context_bonus": "spans whose sentence holds the question's words score higher",
    "prefix": "an ordinal or 第… the question asks by is kept",
    "stated_count": "a list question that says how many (六大科技专项是哪些) takes a list of that many where one was read",
    "consensus": "an open question shows the span the top candidates agree on most (minimum Bayes risk)",
    # on the best span
    "yes_no_clause": "a yes/no question is answered by the clause that states what is asked",
    "lead_in": "a lead-in (属于, 由, 字…) is dropped where the shorter span scores nearly as well",
    "clause": "a span running over a comma is cut back to its clause where that scores nearly as well",
    "word_edges": "a span starting inside a word starts after it",
    "affiliation": "a who-question's answer drops the school before the name",
    "nationality": "a nationality before an occupation is dropped",
    "question_tail": "the question's own words after its question word are dropped from the end",
    "title": "a who-question's answer drops the title it asks by (闵宇同学 → 闵宇)",
    "name_marker": "a name marker (原名, 又称…) is dropped",
    "work_title": "a name asked (叫什么名字) is the one 《title》 the span writes",
    "subject_lead": "a pronoun for the subject before the question's words is dropped",
    "asked_attribute": "the asked attribute said again before the answer is dropped",
    "named_subject": "the question's subject and its linking word before the answer are dropped",
    "whole_name": "a name answer grows over the nouns next to it that the question writes (国际 of 国际湿地城市认证)",
    "range": "a quantity or year that is one end of a range grows over the whole range",
    "asked_quantities": "a question asking for several quantities (从多少到多少) gets as many in a row from the span's sentence",
    "heading": "a heading and its colon, or a first clause the next continues, is dropped",
    "respectively": "of things written with their labels (or quantities) in turn, the one asked",
    # on a declined answer (qa/compose)
    "framed_quantity": "a declined quantity question takes the one quantity its passages state in its frame",
    "asked_part": "of a list of quantities or a total with its parts, the one part the question's words pick answers",
    "named_parts": "a total of the parts the question names (A、B和C一共) adds the quantity each part's words pick out",
    "framed_list": "a declined list question takes the one list its passages write in its frame (of the kind asked)",
}


def unknown_steps(names: frozenset[str]) -> list[str]:
    """Names in `names` that are no step (a typo in a switch would otherwise be silent)."""
    return sorted(set(names) - set(STEPS))
