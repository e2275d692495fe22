"""Composed answers over the real reports: totals, lists, verdicts, comparisons (qa/compose)."""
from __future__ import annotations


import pytest

from qa.compose.asks import read_asked as _read_asked
from qa.compose.lists import items, more_items
from qa.compose.totals import find_total, label
from qa.compose.verdicts import (NO, UNSTATED, YES, asked_predicate, asked_words, clause_around, stated_clause,
                                 stated_share, verdict)
from qa.config import Config
from qa.retriever.terms import Segmenter
from qa.schema import COMPOSED_KINDS


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="module")
def known():
    """The bundled reports' places, as the assistant knows them when it reads a question."""
    from index.ingest.corpus import load_corpus
    from index.ingest.places import Gazetteer
    from qa.retriever.query import document_places

    docs, _ = load_corpus(Config().corpus_dir, Config().root)
    return document_places(docs, Gazetteer.load())


def read_asked(question: str, tagged, known=None):
    """As the pipeline reads it: the place names come from the question analysis."""
    from qa.question import analyse

    return _read_asked(question, tagged, {m.text for m in analyse(question, known or _KNOWN[0]).named})


_KNOWN: list = []


@pytest.fixture(autouse=True)
def _places(known):
    _KNOWN[:] = [known]


def _report(prefix: str) -> str:
    path = next(Config().corpus_dir.glob(prefix + "_*.txt"))
    return path.read_text(encoding="utf-8")


def _total(question: str, report: str, anchor: str, seg: Segmenter):
    text = _report(report)
    found = find_total(text, text.index(anchor), read_asked(question, seg.tagged), seg.words, seg.tagged)
    return text, found


def test_recruitments_in_one_paragraph_add_up(seg):
    text, found = _total("金坛2019年招聘了多少教师", "001", "公开招聘教师43人", seg)
    assert found.total.text == "71人" and found.stated is None
    assert [(label(text, p), p.quantity.text) for p in found.parts] == [
        ("赴南京师范大学招聘优秀毕业生", "18人"), ("公开招聘教师", "43人"), ("招聘聘用制教师", "10名")]
    # the teacher-certificate count in the next point is another action (认定), not added
    assert all(p.quantity.text != "148人" for p in found.parts)


def test_a_count_whose_own_clause_says_another_action_is_no_part_of_the_asked_one(seg):
    # 加强管理督查，…对4所中学、5所小学进行素质教育督导评估和考核，…对7所中学、8所小学进行管理规范随机督查:
    # the lead's 督查 is said of both, but only the 8所's own clause does it
    _, found = _total("新北随机督查了多少所小学", "000", "8所小学", seg)
    assert found is None              # no total: the one count answers (13所 before)


def test_a_stated_total_is_shown_with_its_parts_never_added_to_them(seg):
    # 增加学位5000个，其中幼儿园420个，中小学4580个: 5000, not 10000
    _, found = _total("钟楼2021年一共增加了多少学位", "002", "增加学位5000个", seg)
    assert found.total.text == "5000个" and found.stated.quantity.text == "5000个"
    assert [p.quantity.text for p in found.parts] == ["420个", "4580个"]


def test_an_approximate_sum_stays_approximate(seg):
    text, found = _total("天宁上半年在国家级、省级、市级媒体一共发布了多少篇", "004", "省级媒体100余篇", seg)
    assert found.total.text == "320余篇"
    assert [p.quantity.text for p in found.parts] == ["21篇", "100余篇", "200余篇"]


def test_only_parts_with_the_asked_topic_are_added(seg):
    # 备案聘用教师 are no 编制教师
    _, found = _total("武进2020年一共招聘多少编制老师？", "003", "幼儿园编制教师19名", seg)
    assert found.total.text == "150名" and len(found.parts) == 2


def test_a_predicate_the_listed_quantities_share_is_said_of_each(seg):
    # 开展120名事业编制教师和450名聘用制教师面向社会公开招聘工作: 公开招聘 follows the second
    # count only, yet is said of both; the 14名 of a campus recruitment is no open one
    text, found = _total("新北一共公开招聘了多少教师", "000", "450名聘用制教师", seg)
    assert found.total.text == "570名"
    assert [p.quantity.text for p in found.parts] == ["120名", "450名"]
    assert label(text, found.parts[0]) == "事业编制教师"       # 开展 names neither alone
    # without the shared predicate, the first count does not answer 公开
    _, alone = _total("新北一共公开招聘了多少事业编制教师", "000", "450名聘用制教师", seg)
    assert alone is None


def test_kinds_of_the_counted_thing_are_counted(seg):
    # 对4所中学、5所小学进行素质教育督导评估: 中学 and 小学 are 学校; the 7所幼儿园 of a 综合督导评估
    # and the 中学、小学 of a 随机督查 are other actions
    text, found = _total("新北对几所学校开展了素质教育督导评估", "000", "5所小学进行素质教育", seg)
    assert found.total.text == "9所"
    assert [(label(text, p), p.quantity.text) for p in found.parts] == [("中学", "4所"), ("小学", "5所")]


def test_people_of_another_role_are_no_part(seg):
    # 68名导学教师和1400名学生参与活动: students are no teachers, so one part and no total
    _, found = _total("金坛导学教师有多少名", "001", "68名导学教师", seg)
    assert found is None
    text = "开展首期活动,68名导学教师和1400名学生参与活动。"
    _, both = text, find_total(text, text.index("68名"), read_asked("一共多少人参与活动", seg.tagged),
                               seg.words, seg.tagged)
    assert both.total.text == "1468名"          # asked of no role, both count


def test_the_action_is_a_verb_not_a_verbal_noun(seg):
    asked = read_asked("新北获得市级艺术比赛一等奖的学校一共有几所", seg.tagged)
    assert asked.action == ("获得",) and ("比赛",) in asked.topic
    # with no verb, a verbal noun is the action
    assert read_asked("武进2020年要建成投用哪些学校", seg.tagged).action[0] in ("建成", "投用")


def test_a_verb_after_the_count_is_the_action_over_a_verbal_noun_before_it(seg):
    # 多少人获奖: 人 is the head count's unit, 获奖 the action, 竞赛 (vn) part of the topic
    asked = read_asked("金坛青少年机器人竞赛一共有多少人获奖", seg.tagged)
    assert asked.action == ("获奖",) and asked.unit == "人" and ("竞赛",) in asked.topic


def test_a_verb_in_the_setting_a_question_opens_with_is_no_action(seg):
    # 在…展评里: where the prizes were won; 获奖 after the count is what was done
    asked = read_asked("天宁区在常州市园本教研优秀经验展评里一共有几篇获奖", seg.tagged)
    assert asked.action == ("获奖",) and ("展评",) in asked.topic
    assert read_asked("在市运动会上金坛拿了几个一等奖", seg.tagged).action[0] == "拿"


def test_clauses_opening_on_their_count_share_the_opening_words_of_the_first_clause(seg):
    # 在常州市青少年机器人竞赛中7人获一等奖,9人获二等奖,13人获三等奖: the contest is said of all three
    text, found = _total("金坛青少年机器人竞赛一共有多少人获奖", "001", "7人获一等奖", seg)
    assert found.total.text == "29人"
    assert [p.quantity.text for p in found.parts] == ["7人", "9人", "13人"]


def test_clauses_opening_on_their_count_share_nothing_where_none_opens_on_words_of_its_own(seg):
    # 1所学校完成…，2所小学完成…，7所学校在…，1所学校成功申报…，2所学校申报…: each clause says its own
    # thing; 小学 of the second is no frame of the fourth
    _, found = _total("钟楼有多少所小学", "002", "2所小学完成", seg)
    assert found is None


def test_a_head_count_of_an_action_adds_the_people_it_was_done_to(seg):
    # no thing named but people: 慰问贫困学生6人、老干部6人、困难党员教师12人 (the 79名 after are given money)
    text, found = _total("金坛年底一共慰问了多少人", "001", "慰问贫困学生6人", seg)
    assert found.total.text == "24人"


def test_one_asked_part_is_no_total(seg):
    _, found = _total("金坛去南京师范大学招了多少优秀毕业生？", "001", "优秀毕业生18人", seg)
    assert found is None


def test_a_list_runs_over_two_sentences(seg):
    text = _report("001")
    start = text.index("第三中学、朝阳小学、河滨小学")
    end = start + len("第三中学、朝阳小学、河滨小学")
    asked = read_asked("金坛哪些学校在创建常州市新优质学校", seg.tagged)
    own = [text[a:b] for a, b in items(text, start, end)]
    more = [text[a:b] for a, b in more_items(text, start, end, asked, seg.words)]
    assert own == ["第三中学", "朝阳小学", "河滨小学"]
    assert more == ["第二中学", "第五中学", "华城小学", "建昌小学"]
    # asked only of the schools that succeeded, the preparing ones are no items
    succeeded = read_asked("金坛哪几所学校成功创建了常州市新优质学校？", seg.tagged)
    assert more_items(text, start, end, succeeded, seg.words) == []


@pytest.mark.parametrize("text,expected", [
    # the predicate runs on unmarked after the last item
    ("可以确保银河幼儿园（南区）、雅居乐幼儿园9月投入使用。", ["银河幼儿园（南区）", "雅居乐幼儿园"]),
    ("在鸣珂巷幼儿园、宝龙幼儿园和刘海粟幼儿园开展跟岗。", ["鸣珂巷幼儿园", "宝龙幼儿园", "刘海粟幼儿园"]),
    # an ordinal inside a name is no predicate
    ("龙城中学、奔牛第二实验小学争取开工。", ["龙城中学", "奔牛第二实验小学"]),
    ("比亚迪半导体、京东方第8.6代线加快实施。", ["比亚迪半导体", "京东方第8.6代线"]),
    # a verb inside an item, with items like the first after it, starts no predicate
    ("普通高中课程基地、薄弱初中质量提升工程、小学特色文化建设、幼儿园课程游戏化。",
     ["普通高中课程基地", "薄弱初中质量提升工程", "小学特色文化建设", "幼儿园课程游戏化"]),
    # nor in an item ending on the word the items before it end on: one kind of thing
    ("原武高地块学校、西太湖学校、西园九年一贯制学校、东龙路九年一贯制学校。",
     ["原武高地块学校", "西太湖学校", "西园九年一贯制学校", "东龙路九年一贯制学校"]),
    # nor where longer items follow it, none opening on a verb
    ("新能源、新材料、智能网联汽车、智能机器人、医药和医疗器械、航空航天。",
     ["新能源", "新材料", "智能网联汽车", "智能机器人", "医药和医疗器械", "航空航天"]),
    # a verb opening the item after it: the predicate started
    ("浙江大学、西湖大学牵头建设全国重点实验室、实现省属高校全覆盖。", ["浙江大学", "西湖大学"]),
])
def test_the_last_item_stops_where_the_predicate_starts(seg, text, expected):
    from qa.compose.lists import without_predicate

    start = 4 if text.startswith("可以确保") else (1 if text.startswith("在") else 0)
    end = len(text) - 1
    assert [text[a:b] for a, b in without_predicate(text, items(text, start, end), seg.tagged)] == expected


def test_a_list_ends_where_respectively_pairs_it_with_another():
    text = _report("002")
    start = text.index("鸣珂巷幼教集团")
    end = text.index("团队", start)
    assert [text[a:b] for a, b in items(text, start, end)] == ["鸣珂巷幼教集团", "实小集团"]


def test_quoted_names_joined_by_he_are_two_items_trimmed_alike():
    from qa.compose.compose import _closed

    text = "围绕“规范办学”和“校园安全”等重点领域开展专项治理"
    start, end = text.index("“规范"), text.index("开展")
    assert [text[a:b] for a, b in _closed(text, items(text, start, end))] == ["规范办学", "校园安全"]
    # unquoted, 和 may join the words of one name: one item
    text = "围绕规范办学和校园安全开展专项治理"
    assert [text[a:b] for a, b in items(text, 2, text.index("开展"))] == ["规范办学和校园安全"]


def test_the_last_item_leaves_out_what_the_question_says_after_the_thing_listed(seg):
    from qa.compose.compose import _without_asked_frame

    text = "推进永久基本农田、高标准农田一体化建设，新增“多田套合”面积45万亩。"
    found = items(text, text.index("永久"), text.index("，"))
    kept = _without_asked_frame(text, found, "浙江推进哪两类农田一体化建设", seg.tagged)
    assert [text[a:b] for a, b in kept] == ["永久基本农田", "高标准农田"]
    # the question says nothing after the thing listed: the last item still ends on it, as the first does
    assert [text[a:b] for a, b in _without_asked_frame(text, found, "浙江推进了哪些农田", seg.tagged)] == \
        ["永久基本农田", "高标准农田"]
    # a thing the other items do not end on: the items stay
    assert _without_asked_frame(text, found, "浙江推进了哪些建设", seg.tagged) == found


def test_negations_universals_and_firsts_decide_the_verdict():
    text = _report("003")
    clause = "不开设重点班"
    assert clause in text
    assert verdict("武进学校可以开重点班吗", clause) == NO
    assert verdict("武进的学校可以按考试成绩给学生排名吗？", "严禁考试成绩排名") == NO
    assert verdict("武进民办学校招生是摇号吗？", "民办学校实行摇号录取") == YES
    assert verdict("金坛公办学校是不是都接纳进城务工人员随迁子女？", "继续保持公办学校100%接纳进城务工人员随迁子女") == YES
    assert verdict("是不是部分学校都开设了课后服务", "部分学校开设课后服务") == NO
    assert verdict("天宁是不是首次获评省社会教育先进集体", "获评省社会教育先进集体") == UNSTATED
    # 第一个 asks the first of a kind as 首个 says it, no rank among others; 所有 is said by 全部
    first = "成为全国首个全部设区市通时速350公里高铁的省份"
    assert verdict("江西是不是全国第一个所有设区市都通了350高铁的省份？", first) == YES
    assert verdict("江西是不是全国第一个所有设区市都通了350高铁的省份？", first.replace("首个", "")) == UNSTATED
    # 不断 (continuously), 不仅 and 非常 negate nothing
    assert verdict("金坛是否实行区管校聘", "不断深化“区管校聘”管理") == YES
    assert verdict("天宁是否重视劳动教育", "不仅重视劳动教育，还非常重视体育") == YES
    # a verb that negates its object: asked whether it was abolished, 不开设 says yes
    assert verdict("武进区是否取消了重点班", clause) == YES
    assert verdict("武进是否开设重点班", "取消重点班") == NO
    assert verdict("武进是否取缔了简易托幼机构", "上半年全面取缔53家简易托幼机构") == YES
    # falling short of a standard says it is not reached; 均衡 (balanced) asks nothing of all
    assert verdict("义务教育优质均衡达到国标了吗", "离国标尚有一点差距") == NO
    assert verdict("义务教育优质均衡是否达到省标", "已达省标") == YES
    assert verdict("学校是否均开设了课后服务", "部分学校开设课后服务") == NO
    # a rank asked against the rank stated, in words or figures
    assert verdict("旅客吞吐量全国排第一吗", "旅客吞吐量突破9000万人次、居全国第3位") == NO
    assert verdict("贷款余额在中部是排第一吗", "全省各类贷款余额达到9.38万亿元，居中部第1位") == YES
    assert verdict("是第二批入选的吗", "第3批入选") == NO
    assert verdict("经济总量还是全国第一吗", "总量连续37年居全国首位") == YES
    # a number asked is decided only by a clause writing it (a year is scope, not asked)
    assert verdict("四川GDP是不是居全国第5位", "油菜籽等14种农产品产量居全国第1位") == UNSTATED
    assert verdict("四川GDP是不是居全国第五位", "总量和增速均居全国第5位") == YES
    assert verdict("金坛2019年是否公开招聘了43名教师", "公开招聘教师43人") == YES
    # what is still to come says no to a question asking whether it was done, and only to that
    assert verdict("儒林幼儿园开标了吗", "儒林幼儿园即将开标") == NO
    assert verdict("东城实验小学已经开工了吗", "东城实验小学拟于明年开工") == NO
    assert verdict("儒林幼儿园开标吗", "儒林幼儿园即将开标") == YES
    assert verdict("学校是否准备建设图书馆", "学校准备建设图书馆") == YES
    # 零 before what is asked: none of it; a number written with 零, or 零售, negates nothing
    assert verdict("去年防汛有没有人员伤亡", "有效应对梅雨汛期、台风等灾害冲击，实现人员“零伤亡”") == NO
    assert verdict("安全事故是否为零", "实现安全事故零发生") == YES
    assert verdict("是否建成一百零五所学校", "建成一百零五所学校") == YES
    assert verdict("是否发展零售业", "发展零售业") == YES
    # 没 negates as 没有 does (没上, 没达到); 没收, 淹没 negate nothing
    assert verdict("西藏班有没有学生没达到本一线", "西藏班91人全部达本一线") == NO
    assert verdict("西藏班有没有学生没达到本一线", "西藏班3人未达本一线") == YES
    assert verdict("是否没收违规收费", "没收违规收费") == YES


def test_how_a_yes_no_question_is_asked_is_no_fact_to_state(seg, assistant):
    from qa.compose.verdicts import asked_words, fact_groups

    groups = fact_groups(seg.word_groups(asked_words("义务教育阶段的学校还能开重点班吗")))
    assert ("还",) not in groups and ("能",) not in groups and ("重点班",) in groups
    # nor that it is so now (现在, 目前): the report's own time, which it seldom writes
    groups = fact_groups(seg.word_groups(asked_words("学校目前开不开重点班")))
    assert ("目前",) not in groups and ("重点班",) in groups
    answer = assistant.ask("武进区义务教育阶段的学校还能开重点班吗？")
    assert answer.answer == "否：不开设重点班"
    _checks(answer)
    # words that place or relate (里, 按) state no fact either, read by their part of speech
    asked = seg.word_groups(asked_words("上半年学校里出过安全事故吗"))
    assert ("里",) in fact_groups(asked) and ("里",) not in fact_groups(asked, seg.tagged)
    assert ("安全事故",) in fact_groups(asked, seg.tagged)
    answer = assistant.ask("钟楼区2021年上半年学校里有没有出过安全事故？")
    assert answer.answer == "否：上半年无安全事故发生"
    _checks(answer)


def test_a_yes_no_questions_negations_and_how_much_it_claims_are_no_fact_to_state(seg):
    from qa.compose.verdicts import fact_groups, fact_words

    # the clause may state the fact either way (全部达本一线 decides 有学生没达到本一线)
    assert fact_words("西藏班有没有学生没达到本一线") == "西藏班学生达到本一线"
    groups = fact_groups(seg.word_groups(fact_words("是不是有部分学校没开设课后服务")), seg.tagged)
    assert groups == [("学校", "学校", "校"), ("开设",), ("课后",), ("服务",)]     # no 有, 部分 or 没


def test_a_compound_word_is_written_where_its_parts_are_in_order():
    from qa.compose.verdicts import stated_share, writes_word

    assert writes_word("实现人员“零伤亡”", "人员伤亡")
    assert not writes_word("伤亡人员", "人员伤亡") and not writes_word("实现人员安全", "人员伤亡")
    assert stated_share("有效应对梅雨汛期、台风等灾害冲击", [("人员伤亡",)]) == 0.0
    assert stated_share("实现人员“零伤亡”", [("人员伤亡",)]) == 1.0


def test_the_predicate_of_a_yes_no_question(seg):
    assert asked_predicate("钟楼检查校外培训机构有没有发现违规问题") == "发现违规问题"
    assert asked_predicate("新北幼儿园保育员要不要持证才能上岗？") == "持证才能上岗？"
    assert asked_predicate("金坛开展支教了吗") == ""       # without a tagger subject and predicate are one
    # with one, the predicate of a question closed by 吗 opens at its last verb
    assert asked_predicate("义务教育优质均衡达到国标了吗", seg.tagged) == "达到国标"
    assert asked_predicate("专项检查校外培训机构发现违规问题了吗", seg.tagged) == "发现违规问题"


def test_a_verdict_reads_the_clause_stating_what_is_asked_of_the_subject(assistant):
    # 组织…对全区25家…校外机构进行专项检查，未发现违规问题: the first clause says the check was
    # made, the next what it found
    for question in ("钟楼检查校外培训机构有没有发现违规问题", "钟楼检查校外培训机构是否发现了违规问题",
                     "钟楼专项检查校外培训机构发现违规问题了吗"):
        answer = assistant.ask(question)
        assert answer.answer_kind == "yes_no" and answer.answer.startswith("否：")
        assert answer.parts[0].answer.endswith("未发现违规问题")
        _checks(answer)


def test_a_verdict_is_read_from_the_clause_of_its_passage_that_says_what_is_asked(assistant):
    # …接受了省级义务教育优质均衡发展区现场创建评估。6月反馈了评估报告，已达省标，离国标尚有一点
    # 差距: the reader's clause names the assessment; the clauses after it say what it found
    for question, verdict_clause in (("钟楼义务教育优质均衡达到国标了吗", "否：离国标尚有一点差距"),
                                     ("钟楼义务教育优质均衡评估是否达到省标", "是：已达省标")):
        answer = assistant.ask(question)
        assert answer.answer == verdict_clause
        _checks(answer)


def test_a_list_closed_by_a_count_names_its_things_and_says_how_many_there_are(assistant):
    # 确保良常中学和西城实验幼儿园等8所学校(幼儿园)今年9月1日竣工并投入使用: two of eight named
    # (asked with the sentence's own 竣工: its passage and 良常中学等8所中小学和幼儿园…投入使用's score within a
    # ten-thousandth in retrieval, so that the passage read first may differ from one CPU to another)
    answer = assistant.ask("金坛哪些学校今年9月1日竣工投入使用")
    assert answer.answer_kind == "list"
    assert [p.answer for p in answer.parts] == ["良常中学", "西城实验幼儿园"]
    assert answer.answer.endswith("（报告此处列出其中2项，共8所）")
    _checks(answer)


def test_a_declined_list_question_takes_the_one_list_its_passages_write_in_its_frame(assistant):
    # the reader trusts no span; 对江苏省华罗庚高级中学滨湖校区、岸头佳园幼儿园、直溪镇中心幼儿园和儒林幼儿园等在建项目:
    # the one list of the passages read said to be 在建, of it the kindergartens asked
    answer = assistant.ask("金坛在建的幼儿园有哪些")
    assert answer.answer_kind == "list"
    assert [p.answer for p in answer.parts] == ["岸头佳园幼儿园", "直溪镇中心幼儿园", "儒林幼儿园"]
    _checks(answer)


def test_a_declined_list_question_reads_its_frame_as_reports_write_it(assistant, seg):
    from qa.compose.frames import writes

    # 投用 abbreviates 投入使用; 计划 before a verb is an intention, no topic; a 校区 is a school
    assert writes("建成投用省武高新校区", "投入使用", seg.words) and not writes("建成使用", "投入使用", seg.words)
    assert not writes("自觉接受区政协民主监督", "政协委员", seg.words)
    assert ("计划",) not in read_asked("武进区2020年计划建成投用的学校有哪些", seg.tagged).topic
    assert ("计划",) in read_asked("武进区的计划有哪些目标", seg.tagged).topic
    answer = assistant.ask("武进区2020年计划建成并投入使用哪几所学校")
    assert [p.answer for p in answer.parts] == ["省武高新校区", "人民路初中", "学府小学", "府北幼儿园", "礼嘉中心幼儿园"]
    _checks(answer)


def test_what_undergoes_an_action_is_counted_where_the_report_says_it_was_done(assistant):
    # 接受…评估 says of the schools what 对…进行…评估 says: a light verb either way
    answer = assistant.ask("新北有多少所学校接受了素质教育督导评估")
    assert answer.answer == "共9所：中学4所、小学5所"
    _checks(answer)
    # 做, 搞 as people say it: light verbs too
    answer = assistant.ask("素质教育督导评估，新北做了多少所学校？")
    assert answer.answer == "共9所：中学4所、小学5所"


def test_a_count_inside_an_items_name_closes_no_list_and_the_action_is_cut_whole(seg):
    from qa.compose.compose import _closed
    from qa.compose.lists import after_action

    text = "办好国际乒联混合团体世界杯、铁人三项世界杯、成都网球公开赛、第十五届省运会等重大赛事"
    found = [(0, 13), (14, 21), (22, 29), (30, 37)]
    assert [text[a:b] for a, b in _closed(text, found, seg.words)][1:] == ["铁人三项世界杯", "成都网球公开赛", "第十五届省运会"]
    # a count closing the list still closes it
    text2 = "良常中学、西城实验幼儿园等8所学校"
    assert _closed(text2, [(0, 4), (5, len(text2))], seg.words)[-1] == (5, text2.index("等"))
    # 办 asked, 办好 written: the items start after the word
    asked = read_asked("四川今年要办哪些重大体育赛事", seg.tagged)
    assert text[after_action(text, 0, 13, asked, seg.words):13] == "国际乒联混合团体世界杯"


def test_a_lists_first_item_starts_after_the_word_bringing_it_in(seg):
    from qa.compose.compose import _after_lead_in

    text = "在白塔中学、朝阳小学等7个省级课程基地的基础上"
    assert _after_lead_in(text, 0, text.index("、"), [], seg.tagged) == 1
    # the verbs opening a list read from its clause's start, a verbal noun run on too
    text = "建成投用省武高新校区、人民路初中、学府小学"
    rest = [(text.index("人民路"), text.index("、学府")), (text.index("学府"), len(text))]
    assert _after_lead_in(text, 0, text.index("、"), rest, seg.tagged) == text.index("省武")
    assert _after_lead_in("白塔中学", 0, 4, [], seg.tagged) == 0
    text = "做好泰村、瑞迩德、希盛等园所创建省优质园工作"
    rest = [(5, 8), (9, 11)]
    assert _after_lead_in(text, 0, 4, rest, seg.tagged) == 2
    # a list of actions: each item opens on its verb, the first keeps its own
    text = "加强师德建设、推进课堂改革"
    assert _after_lead_in(text, 0, 6, [(7, 13)], seg.tagged) == 0


def test_levels_in_a_run_before_what_they_share_are_one_item():
    from qa.reader.enumeration import listed_count

    assert listed_count("积极争创省、市智慧校园示范校") == 1
    assert listed_count("城区、新桥、春江") == 3 and listed_count("江苏省、浙江省") == 2


def test_a_lists_last_item_ends_on_the_thing_listed_as_the_others_do(seg):
    from qa.compose.compose import _without_asked_frame

    text = "百草园小学党支部、新桥实验小学党支部、小河中心小学党支部党建项目成为首批…"
    found = [(0, 8), (9, 18), (19, text.index("成为"))]
    last = _without_asked_frame(text, found, "新北哪些党支部的党建项目成了首批一校一品", seg.tagged)[-1]
    assert text[slice(*last)] == "小河中心小学党支部"
    # where the others do not end on it, the last stays
    other = "百草园小学、新桥实验小学党支部党建项目"
    assert _without_asked_frame(other, [(0, 5), (6, len(other))], "哪些党支部的党建项目", seg.tagged)[-1] == (6, len(other))


def test_a_list_found_by_its_frame_alone_is_never_counted(assistant):
    # 要新建多少所学校: the passage lists schools 建成投用 under 加快教育基础设施建设 (新建 said as 建设); the
    # rescued list may answer 哪些 but gives no count
    answer = assistant.ask("武进要新建多少所学校")
    assert answer.abstained
    # a list the reader backs is counted (共5所)
    assert assistant.ask("武进今年建成投用几所学校").answer.startswith("共5所")


def test_question_kinds(seg):
    kinds = {q: read_asked(q, seg.tagged).kind for q in (
        "金坛2019年招聘了多少教师", "新北哪三所学校创建为全国国防教育特色学校？", "武进学校可以开重点班吗",
        "钟楼2021年和金坛2019年招聘的编内教师哪个多", "金坛2019年的工作重点是什么")}
    assert list(kinds.values()) == ["sum", "list", "yes_no", "compare", "span"]
    assert read_asked("新北哪三所学校创建为全国国防教育特色学校？", seg.tagged).count == 3


def _checks(answer) -> None:
    """Every quoted piece reproduces from its file at its offsets; the composed text has none."""
    assert answer.answer_kind in COMPOSED_KINDS
    assert answer.answer_start is None and answer.answer_end is None
    for part in answer.parts:
        if part.abstained:
            continue
        if part.answer_kind in COMPOSED_KINDS:     # a compared side answered by a total
            _checks(part)
            continue
        c = part.citations[0]
        text = (Config().root / c.path).read_text(encoding="utf-8")
        assert text[part.answer_start:part.answer_end] == part.answer
        assert c.start <= part.answer_start and part.answer_end <= c.end


def test_headline_question_answers_the_total_with_three_cited_parts(assistant):
    answer = assistant.ask("金坛2019年招聘了多少教师")
    assert answer.answer == "共71人：赴南京师范大学招聘优秀毕业生18人、公开招聘教师43人、招聘聘用制教师10名"
    assert [p.answer for p in answer.parts] == ["18人", "43人", "10名"]
    _checks(answer)


def test_negated_yes_no_through_the_assistant(assistant):
    # the reader trusts no span here (its score is below the line); the clause that says the
    # question back decides, and the verdict is read from it
    answer = assistant.ask("武进学校可以开重点班吗")
    assert answer.answer.startswith("否：") and "不开设重点班" in answer.answer
    _checks(answer)


def test_a_yes_no_question_in_any_form_gets_one_verdict(assistant):
    answers = {assistant.ask(q).answer for q in ("天宁有没有出台银龄教师聘用的办法？", "银龄教师聘用办法天宁出台了没有",
                                                 "请问天宁出台过银龄老师聘用的办法吗？")}
    assert len(answers) == 1 and answers.pop().startswith("是：")


def test_a_yes_no_question_no_clause_states_is_declined(assistant):
    # the passages hold 棋类、武术…等赛事, not a swimming contest: fewer than half its words
    answer = assistant.ask("天宁区2025年上半年有没有举办中小学生游泳比赛？")
    assert answer.abstained and answer.answer is None


def test_the_clause_writing_most_of_the_asked_words_states_it():
    passages = ["全区推进校园安全建设。", "学校均不开设重点班，严格均衡编班。"]
    groups = [("学校", "校"), ("开",), ("重点班",)]
    n, a, b = stated_clause(passages, groups, 0.5)
    assert (n, passages[n][a:b]) == (1, "学校均不开设重点班")
    # below the floor, or with nothing asked, no clause states it
    assert stated_clause(passages, [("游泳",), ("比赛",), ("学校",)], 0.5) is None
    assert stated_clause(passages, [], 0.5) is None
    # a span is judged by the clause that holds it: 棋类、武术…赛事 writes neither 游泳 nor 中小学生
    text = "举办全区中小学生运动会，开展棋类、武术、田径等赛事。"
    clause = clause_around(text, text.index("武术"), text.index("武术") + 2)
    assert clause == "开展棋类、武术、田径等赛事"
    assert stated_share(clause, [("中小学生",), ("游泳",), ("比赛", "赛事")]) == 1 / 3
    assert asked_words("新北幼儿园保育员要不要持证才能上岗？") == "新北幼儿园保育员要持证才能上岗？"
    assert asked_words("银龄教师聘用办法天宁出台了没有") == "银龄教师聘用办法天宁出台"


def test_comparison_with_one_side_unstated_makes_no_comparison(assistant):
    answer = assistant.ask("钟楼2021年和金坛2019年招聘的编内教师哪个多")
    assert answer.answer_kind == "compare"
    assert answer.answer.startswith("钟楼2021年70人") and "金坛2019年：报告未说明" in answer.answer
    assert "多" not in answer.answer.split("，")[-1].replace("无法比较", "")
    _checks(answer)


def test_comparison_of_two_stated_sides(assistant):
    answer = assistant.ask("钟楼2021年和天宁2025年新增学位哪个多")
    assert answer.answer == "钟楼2021年5000个，天宁2025年2610个，钟楼多2390个"
    assert [p.scope for p in answer.parts] == ["钟楼2021年", "天宁2025年"]
    _checks(answer)


def test_which_of_two_places_says_more_may_name_the_thing_in_a_long_clause(assistant):
    answer = assistant.ask("天宁和钟楼哪个区在国家级媒体上发布的教育报道更多")
    assert answer.answer_kind == "compare" and answer.answer.endswith("天宁多13篇")
    _checks(answer)


def test_a_side_written_before_its_unit_counts_in_that_unit():
    # 广州、深圳…分别达1409万、1305万人次: 1409万 counts 人次 too, so the two compare
    from qa.compose.compare import value_of
    from qa.schema import Answer, Citation

    text = "广州、深圳地铁线网单日最高客运量分别达1409万、1305万人次，均创历史新高。"
    a = text.index("1409万")
    cited = Citation("d", "d.txt", "t", None, None, "", 0, len(text), text, 1.0)
    answer = Answer("广州地铁单日最高客运量是多少", "1409万", "span", False, None, a, a + 5, [cited], {})
    shown, quantity = value_of(answer)
    assert shown == "1409万" and quantity.unit == "人次" and quantity.value == 14090000


def test_comparing_words_around_the_thing_compared_leave_each_side_its_question(seg):
    from qa.compose.compare import side_questions

    asked = read_asked("钟楼和金坛哪个招的老师多", seg.tagged)
    assert side_questions("钟楼和金坛哪个招的老师多", asked) == [("钟楼", "钟楼招的老师是多少"),
                                                               ("金坛", "金坛招的老师是多少")]
    # the noun a copula asks of is what is counted, and the copula is no action
    for copula in "是有":
        side = read_asked(f"金坛招的老师{copula}多少", seg.tagged)
        assert side.counted == "老师" and copula not in side.action
    # the level after 哪个 is the sides'; a side's time may name its half year
    question = "金坛2019年秋学期和天宁2025年下半年哪个区的入园率高"
    assert side_questions(question, read_asked(question, seg.tagged)) == [
        ("金坛2019年秋学期", "金坛2019年秋学期的入园率是多少"), ("天宁2025年下半年", "天宁2025年下半年的入园率是多少")]


def test_sides_written_with_their_own_words_or_bracketed_years_are_each_asked(assistant):
    from qa.compose.compare import side_questions

    # each side may write its own words, joined by 和 before the second side: each is asked in its own
    q = assistant.understand("招进编的中小学老师，武进2020年计划招的和钟楼2021年招的比，哪个区多？")
    assert side_questions(q.text, q.composition) == [
        ("武进2020年", "招进编的中小学老师，武进2020年计划招的是多少"),
        ("钟楼2021年", "招进编的中小学老师，钟楼2021年招的是多少")]
    # the sides are read with the years unbracketed, as the question is analysed
    answer = assistant.ask("上半年在国家级媒体上发的教育报道，钟楼（2021年）和天宁（2025年）谁更多")
    assert [p.question for p in answer.parts] == ["上半年在国家级媒体上发的教育报道，钟楼2021年是多少",
                                                  "上半年在国家级媒体上发的教育报道，天宁2025年是多少"]
    assert answer.answer.endswith("天宁多13篇")


def test_a_school_level_jieba_tags_a_place_is_what_is_counted(seg, assistant):
    # 高中 (tagged s) and 初中 (f) are counted as 小学 (n) is
    assert read_asked("天宁2025年新建了几所高中", seg.tagged, {"天宁"}).counted == "高中"
    assert read_asked("钟楼有几所初中", seg.tagged, {"钟楼"}).counted == "初中"
    # so 3所新建支部 counts no high schools
    assert assistant.ask("天宁2025年新建了几所高中").answer != "3所"


def test_the_headline_comparison_adds_each_sides_recruitments(assistant):
    # each side's reader span may be of another thing (21位老师成为…成员); a total the passages
    # read state for the asked thing answers instead
    answer = assistant.ask("钟楼和金坛哪个招的老师多")
    assert answer.answer == "钟楼243人，金坛71人，钟楼多172人"
    assert [p.answer_kind for p in answer.parts] == ["sum", "sum"]


@pytest.mark.parametrize("question, kind", [
    ("天宁和钟楼哪个区新增学位多", "compare"),
    ("天宁和钟楼哪个区新增的学位更多？", "compare"),
    ("钟楼和金坛哪一个区招聘老师少一些", "compare"),
    ("钟楼和金坛谁招的老师多", "compare"),
    ("钟楼和金坛哪个招了多少", "sum"),          # a closing 多少 asks, it compares nothing
    ("钟楼比金坛多招了多少名教师", "compare"),    # how many more
    ("金坛比钟楼少招了多少老师", "compare"),
    ("钟楼和金坛哪个教育经费增长快", "compare"),    # growth: faster or slower
])
def test_comparing_words_closing_the_question(seg, question, kind):
    assert read_asked(question, seg.tagged).kind == kind


def test_a_word_of_a_place_name_is_no_topic(seg):
    # jieba cuts 金坛区 into 金坛 and 区; neither is a topic word a part must write
    assert read_asked("金坛区招聘老师是多少", seg.tagged).topic == ()


def test_a_city_without_its_own_report_is_asked_of_each_district(assistant):
    # 常州 has no report of its own; its five districts' each answer whole, and a total adds them
    answer = assistant.ask("常州一共招聘了多少老师")
    assert [p.scope for p in answer.parts] == ["新北区2018年", "金坛区2019年", "钟楼区2021年", "武进区2020年",
                                               "天宁区2025年"]
    assert answer.answer_kind == "sum" and answer.answer.startswith("共1657名：新北区2018年595名、金坛区2019年71人")
    assert any("常州市" in n and "分别回答" in n for n in answer.notices)
    each = assistant.ask("常州各区分别新增了多少学位")
    assert [p.scope for p in each.parts][:2] == ["新北区2018年", "金坛区2019年"]
    # a year the question names keeps the one district whose report covers it: no split
    one = assistant.ask("常州市2019年招聘了多少教师")
    assert one.answer.startswith("共71人") and not any(p.scope for p in one.parts)


def test_which_place_says_most_ranks_each_places_answer(assistant, seg):
    from qa.compose.compare import most_questions

    assert read_asked("五个区里哪个区新增学位最多", seg.tagged).kind == "most"
    assert read_asked("金坛哪所学校获奖最多", seg.tagged).kind != "most"       # schools, not places
    assert most_questions("五个区里哪个区新增学位最多", [("钟楼区", "钟楼区2021年")]) == [("钟楼区2021年", "钟楼区新增学位是多少")]
    answer = assistant.ask("常州哪个区新增学位最多")
    assert answer.answer_kind == "compare" and len(answer.parts) == 5
    _checks(answer)
    assert "钟楼区2021年5000个" in answer.answer and "天宁区2025年2610个" in answer.answer
    assert answer.answer.endswith("；钟楼区最多（其余报告未说明）")
    fewest = assistant.ask("哪个区新增学位最少")
    assert fewest.answer.endswith("；天宁区最少（其余报告未说明）")


def test_a_comparison_asked_yes_or_no_says_which_and_by_how_much(assistant):
    assert assistant.ask("钟楼招的老师比金坛多吗").answer == "是：钟楼243人，金坛71人，钟楼多172人"
    assert assistant.ask("天宁新增学位比钟楼多吗").answer == "否：天宁2610个，钟楼5000个，钟楼多2390个"


def test_a_bound_asked_yes_or_no_is_held_against_the_quantity_itself(assistant):
    from qa.compose.compare import asked_bound

    bound = asked_bound("金坛招聘的教师超过100人了吗")
    assert (bound.question, bound.op, bound.bound.text) == ("金坛招聘的教师多少人", ">", "100人")
    assert asked_bound("天宁的托位新增了300个以上吗").op == ">="
    assert asked_bound("钟楼招的老师不到300人吗").op == "<"
    assert asked_bound("钟楼是不是省优质均衡区") is None
    assert asked_bound("金坛招聘的教师是否超过100人").question == "金坛招聘的教师多少人"     # 是否 before it
    assert asked_bound("金坛招聘了超过100人") is None                                # no question
    answer = assistant.ask("金坛招聘的教师超过100人了吗")
    assert answer.answer.startswith("否：共71人") and answer.answer_kind == "yes_no"
    assert [p.answer for p in answer.parts] == ["18人", "43人", "10名"]     # each piece quoted
    _checks(answer)
    assert assistant.ask("新北奔牛高中本一达线率超过70%了吗").answer == "否：68.7%"
    assert assistant.ask("天宁的托位新增了300个以上吗").answer == "是：340个"
    # a bound written with its multiplier alone counts in the unit the report states
    assert assistant.ask("金坛发放的教育救助资金超过700万了吗").answer == "是：720.79万元"
    assert assistant.ask("金坛发放的教育救助资金超过800万了吗").answer == "否：720.79万元"


def test_a_quantity_asked_yes_or_no_is_held_against_the_one_stated(assistant):
    from qa.compose.compare import asked_bound

    bound = asked_bound("北京市今年GDP增长目标是5.5%左右吗？")
    assert (bound.op, bound.bound.text) == ("==", "5.5%左右")
    assert asked_bound("十四五是2025年结束吗") is None              # a year asks when
    # a change written with its amount claims that amount; a claim with a tag (，对吗) is asked as one
    bound = asked_bound("金坛2019年补助启智学校的办学经费比2018年增长了30%，对吗？")
    assert (bound.question, bound.op, bound.bound.text) == ("金坛2019年补助启智学校的办学经费比2018年增长了多少%", "==", "30%")
    assert asked_bound("金坛招聘的教师超过100人，对吗").op == ">"
    assert asked_bound("全年粮食产量增长了吗") is None
    # the level a change comes to, or a value set (定在), is claimed as 是 claims it
    bound = asked_bound("山西今年煤炭产量目标是不是提高到14亿吨左右？")
    assert (bound.question, bound.op, bound.bound.text) == ("山西今年煤炭产量目标提高到多少吨", "==", "14亿吨左右")
    assert asked_bound("上海把GDP增长预期目标定在5.5%左右，对吗？").op == "=="
    assert assistant.ask("金坛2019年补助启智学校的办学经费比2018年增长了30%，对吗？").answer == "否：50%"
    assert assistant.ask("金坛补助启智学校的办学经费增长了50%吗").answer == "是：50%"
    assert assistant.ask("天宁新增托位是340个吗").answer == "是：340个"
    assert assistant.ask("天宁新增托位是300个吗").answer == "否：340个"


def test_a_list_item_keeps_the_quotes_it_closes():
    from qa.compose.lists import items

    text = "持续开展“党员义工365”活动、“红烛”服务驿站、护学岗等活动"
    assert [text[a:b] for a, b in items(text, 4, text.index("等"))] == [
        "“党员义工365”活动", "“红烛”服务驿站", "护学岗"]


def test_a_quoted_name_is_one_item_whatever_it_writes(seg, assistant):
    from qa.compose.lists import without_predicate

    # 和 and 为 inside “辉煌——为共和国喝彩” join nothing and start no predicate
    text = "参加知识竞赛、职工读书月、教育系统“辉煌——为共和国喝彩”歌手大赛等活动"
    found = without_predicate(text, items(text, 2, text.index("等")), seg.tagged)
    assert [text[a:b] for a, b in found] == ["知识竞赛", "职工读书月", "教育系统“辉煌——为共和国喝彩”歌手大赛"]
    # and the items listed follow the action asked, not the span's lead-in (先后组织教师参加)
    assert assistant.ask("金坛组织教师参加了哪些活动").answer == \
        "1. 省总工会十七大知识竞赛；2. 金坛区第九届职工读书月；3. 金坛区教育系统“辉煌——为共和国喝彩”歌手大赛"


def test_a_measure_word_jieba_joins_to_the_next_character_is_cut_off(seg):
    asked = read_asked("武进有几所新市民学校", seg.tagged)
    assert asked.unit == "所" and "所新" not in (asked.counted, *[w for g in asked.topic for w in g])


def test_grades_written_in_a_run_are_each_asked(seg):
    assert read_asked("金坛机器人竞赛一二三等奖分别多少人", seg.tagged).items == ("一等奖", "二等奖", "三等奖")


def test_a_count_closing_the_question_counts_the_noun_before_it(seg):
    # 招聘的教师多少人 counts 教师 as 招聘了多少教师 does, so both add the same parts
    asked = read_asked("金坛招聘的教师多少人", seg.tagged)
    assert (asked.counted, asked.unit, asked.topic) == ("教师", "人", ())


def test_a_word_the_report_spells_otherwise_is_compared(assistant):
    # 编内 is the report's 编制 (武进: 中小学编制教师131名、幼儿园编制教师19名)
    answer = assistant.ask("武进和钟楼哪个区招的编内老师多")
    assert answer.answer == "武进150名，钟楼70人，武进多80名"


def test_fewer_is_answered_with_the_side_that_has_fewer(assistant):
    answer = assistant.ask("钟楼和金坛哪一个区招聘老师少一些")
    assert answer.answer == "钟楼243人，金坛71人，金坛少172人"
    assert assistant.ask("钟楼比金坛多招了多少名教师").answer == "钟楼243人，金坛71人，钟楼多172人"


def test_a_numbered_heading_states_nothing():
    # 5.继续开展系列教育活动 names a topic; the clause under it that writes 支教 answers 有没有开展支教
    assert stated_share("5.继续开展系列教育活动", [("开展",), ("支教",)]) == 0.0
    assert stated_share("（三）管理规范全面推进", [("管理",)]) == 0.0
    assert stated_share("一是扶贫协作扎实推进", [("扶贫",)]) == 1.0


def test_a_yes_no_question_is_decided_by_a_clause_not_its_heading(assistant):
    answer = assistant.ask("金坛有没有开展支教")
    assert answer.answer_kind == "yes_no" and "支教" in answer.answer and "系列教育活动" not in answer.answer


GUANGDONG = ("推动1万家工业企业技术改造和数字化转型。全球灯塔工厂增至10家，国家卓越级智能工厂增至22家，创建首家"
             "国家领航级智能工厂。广湛高铁建成通车，高铁运营总里程3411公里、跃居全国第一。建成阳信高速、增天高速等，"
             "高速公路通车总里程达1.2万公里。")


def test_things_joined_with_one_head_written_twice_share_it(seg):
    # 灯塔工厂和智能工厂: a part needs 灯塔 or 智能, and 工厂
    asked = read_asked("广东的灯塔工厂和智能工厂一共多少家", seg.tagged, {"广东"})
    assert asked.topic == (("灯塔", "智能"), ("工厂",))
    found = find_total(GUANGDONG, GUANGDONG.index("10家"), asked, seg.words, seg.tagged)
    assert found.total.text == "32家" and [GUANGDONG[p.start:p.end] for p in found.parts] == ["10家", "22家"]


def test_a_verb_joined_to_a_noun_names_a_thing(seg):
    # jieba tags 演出 a verb; joined to 赛事 it is one of the things counted, no action
    asked = read_asked("浙江演出和赛事一共多少场", seg.tagged, {"浙江"})
    assert asked.action == () and asked.topic == (("演出", "赛事"),)
    text = "全省举办大型营业性演出273场、国际级和全国赛事370场。"
    found = find_total(text, 3, asked, seg.words, seg.tagged)
    assert found.total.text == "643场"


def test_an_adverb_jieba_reads_before_a_noun_is_a_topic_word(seg):
    # jieba tags 高速 an adverb; before 通车 it qualifies the noun, so 高铁's 3411公里 is not a part
    asked = read_asked("广东高速通车里程有多少公里？", seg.tagged, {"广东"})
    assert asked.topic == (("高速",), ("通车",))
    assert find_total(GUANGDONG, GUANGDONG.index("1.2万公里"), asked, seg.words, seg.tagged) is None


def test_a_total_needs_something_its_parts_share(seg):
    from qa.compose.asks import Asked

    # quantities that merely stand near each other (10家, 22家) add up to nothing asked
    assert find_total(GUANGDONG, GUANGDONG.index("10家"), Asked("sum"), seg.words, seg.tagged) is None
    # a Latin acronym is a topic word a part must write
    asked = read_asked("四川GDP是多少", seg.tagged, {"四川"})
    assert asked.topic == (("GDP",),)
    assert find_total(GUANGDONG, GUANGDONG.index("10家"), asked, seg.words, seg.tagged) is None


def test_a_declined_quantity_the_passages_state_once_in_the_questions_frame_answers(assistant):
    # where the reader finds no span it trusts for 几个老师, the one quantity of the passages read
    # that is of a team of teachers (区金种子教师团队25名教师聚焦…) answers
    from dataclasses import replace

    from qa.compose.compose import compose

    question = "钟楼区金种子教师团队有几个老师"
    read = assistant.ask(question)
    assert read.answer == "25名"                       # the reader finds it itself now
    declined = replace(read, answer=None, abstained=True, reason="未找到相关内容", answer_start=None,
                       answer_end=None, trace=[])
    store, _, segmenter = assistant._state
    answer = compose(declined, assistant.understand(question).composition, store, segmenter.words,
                     segmenter.tagged, assistant.config.reader_passages, rescue=True)
    assert answer.answer == "25名" and answer.trace == ["framed_quantity"]
    c = answer.citations[0]
    assert (Config().root / c.path).read_text(encoding="utf-8")[answer.answer_start:answer.answer_end] == "25名"


def test_a_count_of_the_things_that_did_something_answers_no_count_of_all_of_them(seg):
    from qa.compose.compose import _counts_the_acting

    def acting(question, text):
        return _counts_the_acting(text, (0, len(text)), read_asked(question, seg.tagged, {"钟楼"}), seg.tagged)

    # how many there are: the schools that completed a self-assessment are some of them
    assert acting("钟楼有多少所小学", "2所小学完成2021年市“新优质学校”创建自评")
    assert not acting("钟楼有多少所小学", "现全区26所小学")
    assert not acting("钟楼有多少所小学", "全区共有小学26所")
    # the action asked, or a topic word the clause's verb is: that count is what is asked
    assert not acting("钟楼有多少所小学完成了创建自评", "2所小学完成2021年市“新优质学校”创建自评")


def test_a_total_before_a_list_is_said_of_the_whole_list(seg):
    # 共获省一等奖20件、二等奖66件，其中…: neither the 共 nor the 其中 makes one item a total
    text, found = _total("金坛五四杯微课一共获奖多少件", "001", "二等奖66件", seg)
    assert found.stated is None and found.total.text == "86件"


def test_a_clause_saying_again_in_parallel_what_the_one_before_ends_on_continues_it(seg):
    # 获评“…展评”一等奖1篇,二等奖2篇: the second clause has no predicate and says 二等奖 as the first
    # says 一等奖, so what the first writes before it (获评, the contest) is said of both
    text, found = _total("天宁园本教研优秀经验展评一共获奖多少篇", "004", "二等奖2篇", seg)
    assert found.total.text == "3篇" and [p.quantity.text for p in found.parts] == ["1篇", "2篇"]
    # 招聘优才计划6人，编内教师70人: 编内教师 says nothing again of 优才计划, which is the first part's own
    text, found = _total("钟楼2021年通过优才计划一共招了几个人", "002", "编内教师70人", seg)
    assert found is None or [p.quantity.text for p in found.parts] == ["6人"]


def test_a_part_after_its_total_answers_the_part_asked(assistant):
    # 共接收124名残疾儿童少年随班就读，其中义务教育阶段113名: the part takes the total's frame
    assert assistant.ask("新北义务教育阶段随班就读的残疾儿童有多少").answer == "113名"
    assert assistant.ask("新北有多少残疾儿童随班就读").answer == "共124名，其中义务教育阶段113名"


def test_a_multiple_answers_no_count(assistant):
    got = assistant.ask("金坛随班就读的残疾儿童有多少")
    assert got.abstained and "倍数" in got.reason


def test_a_larger_quantity_after_a_stated_total_is_none_of_its_parts(seg):
    from qa.compose.totals import find_total as found_in
    text = "城镇累计新增就业超700万人、约占全国1/10，4386万名异地务工人员在粤稳定就业。"
    asked = read_asked("城镇累计新增就业多少人", seg.tagged)
    assert found_in(text, text.index("700"), asked, seg.words, seg.tagged) is None


def test_a_total_of_things_named_asks_each_of_them(seg):
    asked = read_asked("一共办理人大代表建议和政协提案多少件", seg.tagged)
    assert asked.kind == "each" and asked.total and asked.items[-1] == "政协提案"
    assert not read_asked("人大代表建议和政协提案各多少件", seg.tagged).total


def test_quoted_names_written_one_after_another_are_each_an_item():
    text = "建立“问题清单”“责任清单”“整改清单”,明确责任领导。"
    a, b = text.index("问题"), text.index("整改清单") + 4
    assert [text[i:j] for i, j in items(text, a, b)] == ["问题清单", "责任清单", "整改清单"]


def test_a_tense_word_is_no_topic_a_part_must_write(seg):
    # 打算 says when: the parts need not write it (中小学备案聘用教师300名，幼儿园备案聘用教师250名)
    asked = read_asked("武进打算招聘多少备案聘用教师", seg.tagged)
    assert all("打算" not in group for group in asked.topic)
    text, found = _total("武进打算招聘多少备案聘用教师", "003", "中小学备案聘用教师300名", seg)
    assert found.total.text == "550名"


def test_a_word_is_written_by_its_full_form(seg):
    from qa.compose.frames import writes

    assert writes("26座水冲式公共厕所", "公厕", seg.words)
    assert not writes("24座移动厕所", "公厕", seg.words)


def test_a_count_the_report_lists_rather_than_states_is_the_lists_length(assistant):
    from qa.compose.lists import list_question

    assert list_question("武进2020年要建成投用几所学校") == ("武进2020年要建成投用哪些学校", "所")
    assert list_question("金坛招聘了多少万元") is None
    got = assistant.ask("武进2020年要建成投用几所学校")
    assert got.answer_kind == "sum" and got.answer == "共5所：省武高新校区、人民路初中、学府小学、府北幼儿园、礼嘉中心幼儿园"
    assert len(got.parts) == 5
    # 牛塘中心小学、…星河实验小学分校等建设: a list closed with 等 names only some, and counts none
    assert assistant.ask("武进加快推进几所学校建设").abstained


def test_two_things_compared_are_each_found_then_compared(assistant):
    from qa.compose.compare import comparing_word

    got = assistant.ask("钟楼2021年新增学位中幼儿园和中小学哪个多")
    assert got.answer_kind == "compare" and got.answer == "幼儿园420个，中小学4580个，中小学多4160个"
    assert len(got.parts) == 2
    assert assistant.ask("钟楼省级报道比市级报道少多少篇").answer == "省级90篇，市级280篇，省级少190篇"
    # the comparing word is read where it is asked, not anywhere (中小学 is no 小)
    assert [comparing_word(q) for q in ("幼儿园和中小学哪个多", "省级比市级少多少篇", "钟楼比金坛多吗")] == \
        ["多", "少", "多"]


def test_things_compared_are_told_apart_or_not_compared(assistant):
    # 教师 and 幼儿园 (jieba cut the first thing short) are both found in 幼儿园…教师250名、幼儿园…19名
    got = assistant.ask("武进2020年计划招聘的中小学备案聘用教师比幼儿园多多少")
    assert got.answer_kind != "compare"
    assert assistant.ask("新北2018年招聘的事业编制教师和聘用制教师哪个多").answer_kind != "compare"


def test_a_year_before_the_bound_is_no_bound(assistant):
    assert assistant.ask("金坛2019年公开招聘的教师多于40人吗").answer == "是：43人"
    assert assistant.ask("天宁2025年新增学位超过3000个了吗").answer == "否：2610个"


def test_prizes_of_each_grade_are_prizes_and_add_up(seg):
    # 共获省一等奖20件、二等奖66件: a 一等奖 is a 奖, so each grade's count is a part of the 奖 asked
    text, found = _total("金坛五四杯微课评选一共获了多少件奖", "001", "共获省一等奖20件", seg)
    assert found.total.text == "86件" and found.stated is None
    assert [p.quantity.text for p in found.parts] == ["20件", "66件"]


def test_a_whole_and_a_portion_of_it_in_one_item_are_no_two_parts(seg):
    text = "保护区规划范围调整得到自治区批复。16项中央环保督察反馈问题已整改完成7项，剩余9项问题均取得突破性进展。"
    found = find_total(text, text.index("16项"), read_asked("中央环保督察反馈问题整改完成了几项", seg.tagged),
                       seg.words, seg.tagged)
    assert found is None


def test_the_quoted_name_counting_a_list_is_no_part_of_its_last_item():
    from qa.compose.compose import _closed

    text = "深入开展国有企业六大优势产业提升、省属企业战略性新兴产业培育、省属企业专精特新企业培育“三大行动”。"
    found = items(text, text.index("国有"), text.index("。"))
    assert [text[a:b] for a, b in _closed(text, found)][-1] == "省属企业专精特新企业培育"


def test_the_first_of_a_run_of_quoted_names_is_its_name_not_the_lead():
    text = "围绕“富民”统筹做好“强城”“兴村”“融合”三篇文章"
    assert [text[a:b] for a, b in items(text, 0, text.index("三篇"))] == ["强城", "兴村", "融合"]
    # and the last is its name, not what the span runs on to (五大方面22个观察点 counts other things)
    text = "从“校务管理”“师生管理”“食堂管理”五大方面22个观察点，进行督查"
    assert [text[a:b] for a, b in items(text, 1, text.index("，"))] == ["校务管理", "师生管理", "食堂管理"]


def test_words_said_otherwise_decide_a_verdict(assistant):
    # 线上/网上 is what the report writes as 网络 (试点运行网络登记与现场确认相结合的报名方式)
    answer = assistant.ask("金坛幼儿园可以线上报名吗")
    assert answer.answer_kind == "yes_no" and answer.answer.startswith("是") and "网络登记" in answer.answer
    # 家里 is the report's 家庭: no sibling of it (was declined: 报告中没有提到家里经济)
    answer = assistant.ask("新北家里经济困难的孩子会不会上不起学")
    assert answer.answer_kind == "yes_no" and answer.answer.startswith("否")
