"""The terminal rendering of an answer (qa/textview.py)."""
from qa.schema import Answer, Citation
from qa.textview import format_answer


def _cite(start: int, end: int) -> Citation:
    return Citation("001.txt", "data/001.txt", "报告", "金坛区", 2019, "招聘", start, end, "x" * (end - start), 0.5)


def test_a_composed_answer_shows_its_text_then_each_labelled_part():
    parts = [Answer("q", "18人", "span", False, None, 10, 13, [_cite(0, 100)], label="招聘优秀毕业生"),
             Answer("q", "43人", "span", False, None, 20, 23, [_cite(0, 100)], label="公开招聘教师")]
    answer = Answer("q", "共61人：招聘优秀毕业生18人、公开招聘教师43人", "sum", False, None, None, None,
                    [_cite(0, 100)], parts=parts)
    lines = format_answer(answer).splitlines()
    assert lines[1] == "答: 共61人：招聘优秀毕业生18人、公开招聘教师43人"
    assert lines[2] == "  招聘优秀毕业生: 18人  (001.txt [10:13])"
    assert "None" not in format_answer(answer)


def test_a_side_without_an_answer_says_why():
    side = Answer("q", None, "span", True, "未找到相关内容", None, None, [], scope="金坛")
    answer = Answer("q", "钟楼21位，金坛：报告未说明，无法比较", "compare", False, None, None, None, [], parts=[side])
    assert "  金坛: (未找到答案) 未找到相关内容" in format_answer(answer)


def test_places_answered_in_turn_are_listed_each_whole_even_when_the_first_is_a_total():
    from dataclasses import replace

    from qa.combine import combine_parts

    piece = Answer("q", "43人", "span", False, None, 20, 23, [_cite(0, 100)], label="公开招聘教师")
    jintan = replace(Answer("q", "共43人：公开招聘教师43人", "sum", False, None, None, None, [_cite(0, 100)],
                            parts=[piece]), scope="金坛")
    tianning = Answer("q", None, "span", True, "未找到相关内容", None, None, [], scope="天宁")
    lines = format_answer(combine_parts("金坛和天宁分别招了多少老师", [jintan, tianning], 5, 1.0, [])).splitlines()
    assert lines[1:4] == ["答:", "  金坛: 共43人：公开招聘教师43人", "  天宁: (未找到答案) 未找到相关内容"]
