"""Published reports of places outside Changzhou (tests/data/other_places): each is placed,
titled and answered from its own text, and no place's question is answered from another's report."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.config import Config
from qa.pipeline import Assistant

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_places"
HAILAER = "hailaer_district_2019_gov_work_report.txt"
JT = "001_8c9d520ce41816f3.txt"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    base = tmp_path_factory.mktemp("other")
    corpus = base / "corpus"
    shutil.copytree(OTHER, corpus, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(Config().corpus_dir / JT, corpus / JT)
    return Assistant.load(Config().with_overrides(corpus_dir=corpus, index_dir=base / "store",
                                                  library_dir=base / "library"))


def test_each_report_is_placed_and_titled(mixed: Assistant):
    docs = {d.doc: d for d in mixed.documents()}
    assert docs[HAILAER].place == "内蒙古自治区呼伦贝尔市海拉尔区" and docs[HAILAER].years == (2019,)
    assert docs[HAILAER].title.startswith("政府工作报告")            # printed letter-spaced: 政 府 工 作 报 告
    assert docs[HAILAER].kind == "报告"
    assert {docs[f"{p}_province_2026_gov_work_report.txt"].district for p in ("sichuan", "zhejiang", "guangdong")} \
        == {"四川省", "浙江省", "广东省"}
    assert docs[JT].district == "金坛区"


@pytest.mark.parametrize("question, answer, doc", [
    ("海拉尔区2018年全年考录教师多少人？", "77人", HAILAER),
    ("海拉尔区投资多少钱为全部学校配置教学触控一体机？", "1330万元", HAILAER),
    ("2025年四川有几所高职学校入选第二轮国家“双高计划”？", "9所", "sichuan_province_2026_gov_work_report.txt"),
    ("金坛2019年公开招聘了多少教师", "43人", JT),
])
def test_answers_come_from_the_places_own_report(mixed: Assistant, question: str, answer: str, doc: str):
    got = mixed.ask(question)
    assert not got.abstained and answer in got.answer
    assert {c.doc for c in got.citations} == {doc}
    for c in got.citations:                                   # every quote reproduces from its offsets
        assert Path(c.path if Path(c.path).is_absolute() else mixed.config.root / c.path
                    ).read_text("utf-8")[c.start:c.end] == c.text


def test_a_place_without_a_report_is_declined_by_name(mixed: Assistant):
    got = mixed.ask("贵阳2025年新增了多少基础教育学位？")
    assert got.abstained and "贵阳" in got.reason and not got.citations
    # a city its province's report names is read only where that report writes it, and says so
    got = mixed.ask("成都2025年新增了多少基础教育学位？")
    assert any("成都市" in n and "四川省" in n for n in got.notices)
    assert all("成都" in c.text for c in got.citations)
    assert got.abstained               # the report states no 学位 of 成都


@pytest.mark.parametrize("question, shown", [
    ("浙江上市公司增加了多少家", "从518家增加到731家，增加213家"),
    ("浙江上市公司比五年前多了多少家", "从518家增加到731家，增加213家"),
    ("四川基本养老保险参保率提高了多少", "从91%提高到95%，提高4个百分点"),
    # 由…整合为 writes a change as 从…到 does; the answer quotes it from its 由
    ("重庆市属重点国企整合后减少了多少家", "由51家整合为33家，减少18家"),
])
def test_a_change_asked_is_computed_from_where_it_started_and_where_it_came_to(mixed: Assistant, question, shown):
    got = mixed.ask(question)
    assert got.answer_kind == "compare" and got.answer == shown
    assert [p.label for p in got.parts] == ["从", "到"]
    for p in got.parts:                                       # each value quoted from its file
        c = p.citations[0]
        text = Path(c.path if Path(c.path).is_absolute() else mixed.config.root / c.path).read_text("utf-8")
        assert text[p.answer_start:p.answer_end] == p.answer and c.start <= p.answer_start < p.answer_end <= c.end
    # what it came to, asked, stays the one value
    assert mixed.ask("浙江上市公司有多少家").answer == "731家"
    assert mixed.ask("重庆市属重点国企整合以后还剩多少家？").answer == "33家"


def test_a_total_adds_only_what_counts_in_the_asked_unit_and_names_the_asked_thing(mixed: Assistant):
    # 碧道, which jieba cuts into two characters, leaves the question no thing counted: the
    # sentence's other lengths (碧带, 管网) and areas (林分优化…万亩) are no parts of its answer
    got = mixed.ask("广东碧道建了多少公里")
    assert (got.answer_kind, got.answer) == ("span", "7960公里")


@pytest.mark.parametrize("question, shown", [
    # the year, the half or the tense asked chooses between a review and a plan writing the same thing
    ("浙江2026年要举办多少场大型营业性演出", "100场"),
    ("浙江今年计划举办多少场大型营业性演出", "100场"),
    ("浙江去年举办了多少场大型营业性演出", "273场"),
    ("广东新建改造了多少公里地下管网", "9.9万公里"),
    ("广东2026年要新建改造多少公里地下管网", "9000公里"),
    # a tense is a hint: what only the plan states is still found (新建了…, of 2026's plan),
    # even where a review writes a like figure of another thing (320个共建重点项目完成投资…)
    ("四川新建了多少个粮油千亩高产片", "1000个"),
    ("四川完成了多少个智改数转重点项目", "300个"),
    ("海拉尔启用了哪两个智慧应用", "1. 智慧城管；2. 智慧社区"),
])
def test_the_time_asked_chooses_the_section_of_that_time(mixed: Assistant, question, shown):
    assert mixed.ask(question).answer == shown


def test_the_qualifier_asked_picks_one_of_the_listed_quantities(mixed: Assistant):
    # 新增规上工业企业1494家、…、境内外上市企业6家: only one part names 上市, the rest have it from
    # the sentence's lead (推进企业“上规、上榜、上云、上市”)
    assert mixed.ask("四川新增了多少家上市企业").answer == "6家"
    # no sum in money answers a count (多少个项目); a rate keeps its per-unit; a train is counted in 列
    assert "亿元" not in mixed.ask("浙江首批千项万亿重大项目有多少个").answer
    assert mixed.ask("广东生活垃圾处理能力是多少").answer == "16.9万吨/日"
    assert mixed.ask("成渝中欧班列累计开了多少列").answer == "超2.6万列"      # with its 超, as written
    # 新培育国家制造业单项冠军企业47家、专精特新“小巨人”企业688家: the reader's 47家 gives way to
    # the one of the run whose words the question writes
    assert mixed.ask("广东专精特新小巨人企业新培育了几家").answer == "688家"
    assert mixed.ask("广东新培育了多少家国家制造业单项冠军企业").answer == "47家"
    # a count asked in 项 is no amount of money (投入12亿元实施…“双向揭榜挂帅”): the amount loses to every
    # other span the reader reads, and the question is declined
    got = mixed.ask("四川有几项揭榜挂帅成果得到应用")
    assert got.abstained and "12亿元" not in got.reason


def test_a_list_of_as_many_items_as_the_question_says_is_whole(mixed: Assistant):
    # 具身智能 opens on a word jieba tags a verb, but ten items are asked and ten are listed
    got = mixed.ask("安徽十五五要加速布局的十大未来产业都有哪些？")
    assert [p.answer for p in got.parts] == ["量子科技", "生物制造", "氢能和核聚变能", "脑机接口", "具身智能",
                                            "第六代移动通信", "前沿材料", "新一代半导体", "深空探测", "生命科学"]


def test_a_sum_word_after_the_parts_sums_none_of_them_and_labels_keep_their_quotes(mixed: Assistant):
    # …“保回迁”项目217个，累计化解…53.6万件: the 累计 is the next clause's; each label keeps its quoted name
    assert mixed.ask("陕西去年完成的“保交房”和“保回迁”项目加起来一共多少个？").answer == \
        "共842个：完成“保交房”项目625个、“保回迁”项目217个"


def test_a_passage_one_signal_ranks_first_is_read(mixed: Assistant):
    # a paragraph on jobs, pensions and prices writes every word asked but sits far down the
    # dense ranking; the lexical ranking's first is read all the same
    assert mixed.ask("浙江城镇新增就业目标是多少").answer == "100万人以上"
    # 居全国第5位 is a rank, not five people
    assert mixed.ask("四川GDP总量在全国排第几").answer == "第5位"


def test_what_is_asked_of_a_name_or_a_bound_is_read_as_the_report_writes_it(mixed: Assistant):
    # 哪个计划: the plan the sentence quotes, not another noun of it
    assert mixed.ask("四川哪个计划覆盖了882个义务教育学区").answer == "网链共享计划"
    # 常住人口城镇化率突破60%: past 60%, though the figure is 60%
    assert mixed.ask("四川常住人口城镇化率有没有突破60%").answer == "是：突破60%"
    assert mixed.ask("四川城镇化率达到65%了吗").answer.startswith("否：")


def test_a_place_inside_the_reports_place_is_answered_by_its_own_parts_only(mixed: Assistant):
    # 泸州经济总量突破3000亿元，内江、眉山、自贡、遂宁经济总量突破2000亿元: not 泸州's total
    assert mixed.ask("泸州经济总量突破了多少").answer == "3000亿元"


def test_a_year_still_to_come_is_answered_from_the_plans_naming_it(mixed: Assistant):
    got = mixed.ask("浙江2030年全社会研发投入强度要达到多少")
    assert not got.abstained and got.answer == "3.5%以上"
    assert mixed.ask("浙江2040年要做什么").abstained          # no plan names it



def test_growth_compared_says_which_grew_faster_in_percentage_points(mixed: Assistant):
    got = mixed.ask("浙江和广东哪个外贸出口增长快")
    assert got.answer_kind == "compare" and got.answer.startswith("浙江7.2%，")
    assert got.answer.endswith("个百分点") and "浙江快" in got.answer


@pytest.mark.parametrize("question, listed", [
    # the list ends where its predicate starts, though items follow it (、实现省属高校…)
    ("浙江有哪些高校牵头建设全国重点实验室", ["浙江工业大学", "温州医科大学", "浙江农林大学", "西湖大学"]),
    # the last item ends with the head word the others end with
    ("哪两所职业技术大学获批升本", ["杭州职业技术大学", "宁波职业技术大学"]),
    # the things listed follow the action asked (有针对性、有导向性地参加西博会、…)
    ("海拉尔参加了哪些招商活动", ["西博会", "西洽会", "上海招商推介会"]),
    # a run of quoted names: each item its name, not the lead before the first (围绕“富民”统筹做好“强城”…)
    ("浙江三篇文章是什么", ["强城", "兴村", "融合"]),
])
def test_a_list_holds_whole_items_of_one_kind(mixed: Assistant, question, listed):
    assert [p.answer for p in mixed.ask(question).parts] == listed


def test_things_named_and_added_are_each_counted_then_summed(mixed: Assistant):
    # 办理人大代表建议1253件、政协提案1112件: each thing's own count, then their sum
    got = mixed.ask("四川一共办理人大代表建议和政协提案多少件")
    assert got.answer_kind == "sum" and got.answer.startswith("共2365件：")
    assert [p.answer for p in got.parts] == ["1253件", "1112件"]
    got = mixed.ask("四川规上工业企业和小巨人企业一共有多少家")
    assert got.answer.startswith("共1575家：")


def test_a_comma_ends_a_number_unless_it_groups_three_digits(mixed: Assistant):
    # 约占全国1/10，4386万名异地务工人员: 4386万名, never 10，4386万名
    assert mixed.ask("在广东稳定就业的异地务工人员有多少").answer == "4386万名"
    # a larger quantity after a stated total (累计…700万人) is none of its parts
    got = mixed.ask("广东城镇累计新增就业多少人")
    assert got.answer_kind == "span" and "700万人" in got.answer


def test_a_length_asked_is_answered_in_a_length(mixed: Assistant):
    # 投资1100万元新建污水管线2847米: 多长 asks the 米, 投资多少 the 万元
    assert mixed.ask("海拉尔新建了多长的污水管线").answer == "2847米"
    assert mixed.ask("海拉尔区投资多少新建污水管线").answer == "1100万元"
    # 棚改配套道路完成13条15公里: 多少公里 asks the length, 多少条 the count
    assert mixed.ask("海拉尔棚改配套道路完成了多少公里").answer == "15公里"
    assert mixed.ask("海拉尔棚改配套道路完成了多少条").answer == "13条"



def test_a_value_per_head_answers_no_total(mixed: Assistant):
    # 人均地区生产总值从9万元提高到11万元: its sentence's total answers instead
    assert mixed.ask("广东地区生产总值多少亿元").answer == "14.58万亿元"
    # Zhejiang's report states only 人均地区生产总值: declined, and why
    got = mixed.ask("浙江地区生产总值是多少")
    assert got.abstained and "人均" in got.reason


def test_a_count_of_people_the_answer_alone_names_is_no_total(mixed: Assistant):
    # 城镇新增就业115.8万人，…，新就业群体近300万人，在浙就业省外劳动力2300万人: other people
    got = mixed.ask("在浙就业省外劳动力有多少")
    assert got.answer_kind == "span" and got.answer == "2300万人" and got.confidence is not None


def test_two_places_compared_with_the_thing_written_for_each(mixed: Assistant):
    got = mixed.ask("浙江城镇新增就业和四川城镇新增就业哪个多")
    assert got.answer_kind == "compare" and got.answer == "浙江115.8万人，四川107万人，浙江多8.8万人"


def test_things_written_as_one_word_are_told_apart_and_an_asking_frame_says_nothing(mixed: Assistant):
    # 城乡…分别完成37820元、28104元，同比分别增长6.5%、9.4%: 农村 is the second of 城乡
    assert mixed.ask("海拉尔农村居民人均可支配收入增长了多少").answer == "9.4%"
    # 城乡居民 states the rural residents asked, among others: no sibling to decline for
    assert not mixed.ask("四川农村居民人均可支配收入年均增长多少").abstained
    # the same question with 我想知道 before it gets the same answer
    plain = mixed.ask("浙江省一共关停了几个“僵尸”应用")
    framed = mixed.ask("我想知道浙江省一共关停了几个“僵尸”应用")
    assert plain.answer == framed.answer == "71个"


@pytest.mark.parametrize("question, answer", [
    ("2019年海拉尔区政府工作报告是谁作的？", "萨国文"),
    ("浙江省省长是谁", "刘捷"),
    ("四川省政府工作报告是哪天发布的", "2026年02月10日"),      # 四川省政府 names 四川, as its report is its
    ("2026年广东省政府工作报告是在哪次会议上作的", "广东省第十四届\n人民代表大会第五次会议"),
])
def test_questions_about_a_report_are_answered_from_its_header(mixed: Assistant, question: str, answer: str):
    got = mixed.ask(question)
    assert got.answer == answer and got.trace == ["report_header"]
    c = got.citations[0]
    assert Path(c.path if Path(c.path).is_absolute() else mixed.config.root / c.path
                ).read_text("utf-8")[got.answer_start:got.answer_end] == answer


def test_no_header_answers_for_a_report_the_question_does_not_choose(mixed: Assistant):
    # four reports, each with its own head of government: which one is meant is a guess
    assert mixed.ask("省长是谁").trace != ["report_header"]


def test_a_city_is_not_answered_with_another_citys_figure(mixed: Assistant):
    # Sichuan's report writes 成都 in the sentence that gives 泸州's and 遂宁's 经济总量
    got = mixed.ask("成都的经济总量是多少")
    assert got.abstained and "泸州" in got.reason
    got = mixed.ask("泸州经济总量多少")
    assert not got.abstained and got.answer == "3000亿元"


def test_a_rank_asked_yes_or_no_is_decided_by_the_rank_stated(mixed: Assistant):
    # 排第一 asks a rank; the clause after the subject's says it (居全国第3位): no measure to match
    got = mixed.ask("四川民航旅客吞吐量在全国排第一吗")
    assert got.answer_kind == "yes_no" and got.answer.startswith("否") and "第3位" in got.answer


def test_a_share_asked_by_its_own_word_is_a_share(mixed: Assistant):
    assert mixed.ask("江苏税收收入占比是多少").answer == "77.4%"


def test_a_term_the_report_defines_is_answered_from_its_glossary(mixed: Assistant):
    got = mixed.ask("江西政务服务里说的“三通一码”具体是哪几个")
    assert not got.abstained and "赣服通" in got.answer and "赣通码" in got.answer
    c = got.citations[0]
    text = Path(c.path if Path(c.path).is_absolute() else mixed.config.root / c.path).read_text("utf-8")
    assert text[c.start:c.end] == c.text and "名词注释" in text[:c.start]
    # the body, not the glossary, answers what the glossary does not define
    assert "掌上办" in mixed.ask("江西有多少项政务服务事项实现了掌上办").citations[0].text
