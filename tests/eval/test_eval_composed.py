"""Scoring a composed answer (eval/runner.py): by its total or verdict and the recall of its parts."""
from eval.runner import _composed_scores, gold_pieces, judge, part_recall
from eval.sets import EvalItem
from qa.schema import Answer


def _part(label: str, value: str) -> Answer:
    return Answer("q", value, "span", False, None, 0, len(value), [], label=label)


def _item(*golds: str) -> EvalItem:
    return EvalItem(id="x", question="q", answers=tuple(golds), doc=("d.txt",), evidence=None, type="aggregate")


def test_gold_pieces_split_a_listed_gold():
    assert gold_pieces(["招聘优才计划6人，编内教师70人，不进编教师167人"]) == ["招聘优才计划6人", "编内教师70人", "不进编教师167人"]
    assert gold_pieces(["“校务管理”“师生管理”和“食堂管理”"]) == ["“校务管理”", "“师生管理”", "“食堂管理”"]


def test_a_total_is_right_by_its_head_and_its_parts_recalled():
    parts = [_part("招聘优才计划", "6人"), _part("编内教师", "70人"), _part("不进编教师", "167人")]
    answer = Answer("q", "共243人：招聘优才计划6人、编内教师70人、不进编教师167人", "sum", False, None, None, None,
                    [], parts=parts)
    scores = _composed_scores(_item("243人"), answer)
    assert scores["em"] == 1.0 and scores["correct"]
    scores = _composed_scores(_item("招聘优才计划6人，编内教师70人，不进编教师167人"), answer)
    assert scores["part_recall"] == 1.0 and scores["correct"]


def test_a_numbered_item_written_in_ascii_is_recalled():
    assert part_recall(["6G、量子科技、生物制造"], [("1", "6G"), ("2", "量子科技"), ("3", "生物制造")]) == 1.0


def test_a_list_missing_an_item_is_not_right():
    parts = [_part("1", "第三中学"), _part("2", "朝阳小学")]
    answer = Answer("q", "1. 第三中学；2. 朝阳小学", "list", False, None, None, None, [], parts=parts)
    scores = _composed_scores(_item("第三中学、朝阳小学、河滨小学"), answer)
    assert round(scores["part_recall"], 2) == 0.67 and not scores["correct"]
    assert part_recall(["第三中学、朝阳小学、河滨小学"], []) is None


def test_a_part_is_recalled_by_its_label_and_value_where_the_gold_writes_them_apart():
    parts = [_part("一等奖", "7人"), _part("二等奖", "9人"), _part("三等奖", "13人")]
    answer = Answer("q", "一等奖7人、二等奖9人、三等奖13人", "list", False, None, None, None, [], parts=parts)
    assert _composed_scores(_item("7人获一等奖,9人获二等奖,13人获三等奖"), answer)["correct"]
    # the value alone, under another label, quotes nothing
    wrong = [_part("一等奖", "9人"), _part("二等奖", "7人"), _part("三等奖", "13人")]
    answer = Answer("q", "一等奖9人、二等奖7人、三等奖13人", "list", False, None, None, None, [], parts=wrong)
    assert round(_composed_scores(_item("7人获一等奖,9人获二等奖,13人获三等奖"), answer)["part_recall"], 2) == 0.33


def test_a_bare_verdict_gold_is_matched_by_the_answers_verdict_not_by_a_character_in_it():
    assert judge("否：对全区25家机构进行专项检查，未发现违规问题", False, ["否"])
    assert not judge("是：是否达标另行公布", False, ["否"])        # 否 in the quote, the verdict is 是
    assert not judge(None, True, ["是"])
    verdict = Answer("q", "是：上半年无安全事故发生", "yes_no", False, None, None, None, [],
                     parts=[_part("依据", "否")])
    assert not _composed_scores(_item("否"), verdict)["correct"]    # parts cannot stand in for the verdict
