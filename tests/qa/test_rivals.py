"""An answer whose sentence names a rival of the asked word (春季 for 秋季) is declined."""
from __future__ import annotations

import pytest

from qa.reader.rivals import counted_rival, counts_asked, counts_people, measure_rival, rival_answer
from qa.retriever.terms import Segmenter


@pytest.mark.parametrize("question,sentence,expected", [
    ("金坛区2019年秋季面向社会教师资格认定工作初步认定了多少人？",
     "完成2019年春季面向社会教师资格认定工作,初步认定148人具备相应教师资格", ("秋季", "春季")),
    ("钟楼区2021年上半年有几人获得常州市中小学班主任基本功大赛三等奖？",
     "各类竞赛喜获佳绩：2人获常州市中小学班主任基本功大赛一等奖，2人获二等奖", ("三等奖", "一等奖")),
    ("天宁区“幸福微学堂”2025年上半年开展了多少场智慧助老线上培训？",
     "“幸福微学堂”开展13场智慧助老线下培训,326名老人受益", ("线上", "线下")),
    ("金坛区2019年组建了多少个市级名班主任工作室？", "组建12个区级名班主任工作室", ("市级", "区级")),
    # a level written as one character before what it qualifies
    ("天宁区2025年上半年有几名教师获省心理健康教育评优课一等奖？",
     "1名教师获市心理健康教育评优课一等奖。", ("省心理", "市心理")),
    # a run of levels names each of them, and no other
    ("钟楼哪个集团获得国家四有好教师团队", "鸣珂巷幼教集团、实小集团分获省、市“四有好教师”团队。", ("国家四有", "省四有")),
])
def test_a_rival_of_the_asked_word_is_named(question, sentence, expected):
    assert rival_answer(question, sentence) == expected


@pytest.mark.parametrize("question,sentence", [
    # the asked word is there: rivals beside it are other facts of the same sentence
    ("金坛在常州市研究性学习成果评选活动中获得了几个特等奖？", "在常州市研究性学习成果评选活动中获2个特等奖和5个一等奖;"),
    # "一、二、三等奖" names the first grade too
    ("金坛哪所幼儿园在常州市幼儿园户外体育活动质量展评中拿了一等奖",
     "在常州市提升幼儿园户外体育活动质量展评中,尧塘中心幼儿园、新城实验幼儿园和指前镇中心幼儿园分获一、二、三等奖。"),
    # the same level with 级 and quotes: 市级“平安校园” is 市平安校园
    ("钟楼2021年下半年计划创建几所常州市平安校园？", "巩固“省平安校园建设示范县（市、区）”创建成果，创建市级“平安校园”2所。"),
    # the asked level's own words are there (省级媒体), only what follows differs
    ("2025年上半年天宁教育在省级媒体发布了多少篇稿件？", "上半年在国家级媒体发布21篇、省级媒体100余篇、市级媒体200余篇"),
    # levels written in a run before what they share: 省、市“四有好教师”团队 says 省四有好教师团队 too
    ("钟楼哪个集团获得省四有好教师团队", "鸣珂巷幼教集团、实小集团分获省、市“四有好教师”团队。"),
    # a season the question does not ask about
    ("金坛第二批骨干教师什么时候去石泉、宁陕支教？", "选拔第二批12名骨干教师秋学期赴两县支教;"),
    # another member far from the asked word's place is mentioned in passing
    ("新北哪位教师获得全国数学优质课一等奖？", "在语文学科建设基础上，张老师获全国优质课一等奖。"),
])
def test_no_rival_when_the_asked_word_or_no_rival_in_its_place_is_there(question, sentence):
    assert rival_answer(question, sentence) is None


@pytest.mark.parametrize("question,answer,expected", [
    ("钟楼2021年给老师发了多少绩效工资？", "167人", ("金额", "人数")),
    # nothing after 多少: the words before it say what is counted
    ("高新教育发展基金会的初始资金有多少？", "20人", ("金额", "人数")),
    # 多少名学生 counts people though 救助资金 comes before it
    ("金坛2019年教育救助资金惠及了多少名学生？", "720.79万元", ("人数", "金额")),
    # a share asked, a head count or an amount found
    ("奔牛高中2018年本一达线率是多少", "91人", ("比例", "人数")),
    ("金坛省优质幼儿园比例达到多少", "600元", ("比例", "金额")),
    ("多少名学生参加了体质测试？", "95%", ("人数", "比例")),
    # schools and institutions are counted in 所 and 家, people in 位
    ("省健康促进学校钟楼创建了几所", "21位", ("学校或机构数", "人数")),
    ("新北有多少家校外培训机构通过年检", "300人", ("学校或机构数", "人数")),
    # a date is no count
    ("新北下半年有几所幼儿园投入使用", "9月", ("学校或机构数", "日期")),
    ("金坛招聘了多少名教师", "2019年", ("人数", "日期")),
    # money is counted only in money, a share only as one
    ("钟楼2021年老师的绩效工资发了多少？", "15个", ("金额", "其他数量")),
    ("奔牛高中2018年本一达线率是多少", "3项", ("比例", "其他数量")),
    # a rank asked, a share found
    ("广东GDP总量排第几", "3.9%", ("名次", "比例")),
    # a year of the calendar asked, a number of years found
    ("广东哪一年获国务院考核优秀等次", "4年", ("年份", "年数")),
    ("哪年开始实施", "连续三年", ("年份", "年数")),
    # a length or an area asked, money or a length found (平方米 is no 米)
    ("新建了多长的污水管线", "1100万元", ("长度", "金额")),
    ("新建校舍多大面积", "1.2万米", ("面积", "长度")),
    # a count written in words is a count; people counted in 万 are people
    ("四川2025年经济总量是多少亿元？", "两个", ("金额", "其他数量")),
    ("浙江省2025年末常住人口有多少万人", "63%", ("人数", "比例")),
    # how far a share moved is no answer to what the share is
    ("新北区2018年中考优秀率具体是多少", "近5个百分点", ("比例", "比例的变化")),
    # how much an amount moved is a share or an amount, no count of things
    ("海拉尔区2018年固定资产投资增长了多少？", "101个", ("金额或比例的变化", "其他数量")),
    # a growth rate asked: 增长幅度, 增幅
    ("金坛的教育救助资金较去年的增长幅度是多少", "720.79万元", ("比例", "金额")),
    # 人口, 人数 before 多少 ask a head count, which a share is not
    ("江苏全省常住人口现在有多少？", "76.2%", ("人数", "比例")),
    ("金坛教师人数是多少", "83%", ("人数", "比例")),
    # money or an area is no quantity in a unit of its own
    ("“十四五”末江苏经济总量达到多少了？", "2.5年", ("金额", "其他数量")),
    ("湖南新能源装机占比是多少", "4091万千瓦", ("比例", "其他数量")),   # a unit of two characters after 万
    ("新建校舍多大面积", "3天", ("面积", "其他数量")),
    # of two asked, the last: the first counts the subject
    ("几家初始会员企业一共捐了多少初始资金？", "3家", ("金额", "学校或机构数")),
])
def test_a_quantity_of_another_measure_is_a_rival(question, answer, expected):
    assert measure_rival(question, answer) == expected


@pytest.mark.parametrize("question,answer", [
    ("金坛2019年教育救助资金惠及了多少名学生？", "3262名"),
    ("新北困难家庭幼儿每生每年补助多少？", "4200元"),
    ("新北对10位优秀教育工作者奖励了多少钱？", "24.1万元"),
    ("多少名教师获得奖金？", "20人"),
    # 人民币 and 人均 are no head count
    ("金坛2019年投入了多少人民币？", "1200万元"),
    ("新北生均公用经费每年多少人均经费？", "600元"),
    # other measures are not judged; a count of schools is one
    ("新北和金坛对随班就读残疾学生的公用经费分别按几倍拨付？", "8倍"),
    # a change asked, in points or against last year, is answered by one
    ("中考优秀率提高了多少", "近5个百分点"),
    ("达线率比去年高多少", "5个百分点"),
    ("有多少万人参加培训", "12万人"),
    ("固定资产投资增长了多少", "12%"),
    ("经费下降了多少", "300万元"),
    ("投资增长了多少个项目", "5个"),
    ("金坛2019年新建了多少所学校？", "5所"),
    ("金坛2019年新建了多少所学校？", "5个"),         # 个 counts anything
    ("多少家长参加了家长学校", "300人"),             # 家长 are people, not 家
    ("集约运维改革后经费下降了多少", "28%"),          # a change of money may be a share
    ("新北有多少家校外培训机构", "732家"),
    # shares as reports write them
    ("金坛教育救助资金比去年增长了百分之几", "8.22%"),
    ("新北集团化办学要覆盖多少比例的义务教育阶段学校？", "40%"),
    ("钟楼残疾幼儿学前三年入园率目标是多少？", "85%以上"),
    ("佛教觉光法师中学的大学入学率是多少？", "八成"),
    ("哪一年开始实施", "2019年"),
    ("哪一年开始实施", "二〇一九年"),
    ("哪个年级开设", "三年级"),
    ("新建了多长的污水管线", "2847米"),
    ("新建校舍多大面积", "1.2万平方米"),
    ("污水管线长度是多少", "约3公里"),
    ("河南省常住人口总数是多少？", "9936.6万人"),
    ("常住人口增长了多少", "0.5%"),                 # a change may be a share
    ("江苏经济总量是多少", "14.2万亿元"),
    ("教育经费是多少", "300万"),                     # a magnitude alone may be money
])
def test_a_quantity_of_the_asked_measure_is_no_rival(question, answer):
    assert measure_rival(question, answer) is None


@pytest.mark.parametrize("question,text,quantity,expected", [
    ("名师导学活动有多少老师参与", "68名导学教师和1400名学生参与活动", "1400名", ("老师", "学生")),
    ("名师导学活动有多少老师参与", "68名导学教师和1400名学生参与活动", "68名", None),
    ("多少学生参与了导学活动", "68名导学教师和1400名学生参与活动", "68名", ("学生", "教师")),
    ("金坛省级品格提升项目新增几个", "新增3个省级品格提升项目,新增6个金坛区级品格提升项目", "6个", ("省级", "区级")),
    ("金坛省级品格提升项目新增几个", "新增3个省级品格提升项目,新增6个金坛区级品格提升项目", "3个", None),
    # written before the quantity where nothing follows it
    ("招聘了多少学生", "公开招聘教师43人、招聘聘用制教师10名", "43人", ("学生", "教师")),
    # a question naming both roles, or none, has no rival
    ("多少老师和学生参与活动", "68名导学教师和1400名学生参与活动", "1400名", None),
    ("多少人参与活动", "68名导学教师和1400名学生参与活动", "1400名", None),
])
def test_a_quantity_written_with_a_rival_of_the_asked_word(question, text, quantity, expected):
    at = text.index(quantity)
    assert counted_rival(question, text, at, at + len(quantity)) == expected
    assert counts_asked(question, text, at, at + len(quantity)) == (expected is None and "多少人" not in question
                                                                    and "和学生" not in question)


@pytest.mark.parametrize("question, text, quantity, expected", [
    ("地区生产总值是多少", "年均增速5.7%，人均地区生产总值突破1万美元。", "1万美元", ("总量", "人均值")),
    ("人均地区生产总值是多少", "年均增速5.7%，人均地区生产总值突破1万美元。", "1万美元", None),
    # the clause's subject, before its change, says it
    ("地区生产总值是多少", "地区生产总值提高到14.58万亿元，人均地区生产总值从9万元提高到11万元。", "11万元", ("总量", "人均值")),
    ("地区生产总值是多少", "地区生产总值提高到14.58万亿元，人均地区生产总值从9万元提高到11万元。", "14.58万亿元", None),
    # an average over time is the value asked; a ratio is no value per head, whatever its base
    ("城镇调查失业率是多少", "城镇调查失业率平均值为5.0%。", "5.0%", None),
    ("公用经费按几倍拨付", "按生均公用经费定额的8倍追加补助公用经费。", "8倍", None),
])
def test_a_value_per_head_the_question_does_not_ask_is_another_measure(question, text, quantity, expected):
    at = text.index(quantity)
    assert counted_rival(question, text, at, at + len(quantity)) == expected


@pytest.mark.parametrize("question, span, declined", [
    ("浙江GDP多少", "GDP", True),                     # a quantity asked, no number given
    ("多少名学生参加了体质测试？", "全体学生", True),
    ("多少学生参加", "数百名", False),                 # numbers in words count
    ("占比多少", "过半", False),
    ("新北有哪几所学校创成了新优质学校", "春江中心小学", False),   # 哪几所 asks names
    ("有几个", "两个", False),
    ("占比多少", "八成", False),
    # a numeral inside another word (一般) is no number
    ("金坛区2019年全区教育一般公共预算支出总共是多少钱？", "保持一般公共预算教育支出只增不减", True),
])
def test_a_quantity_asked_and_no_number_found_is_declined(question, span, declined):
    from qa.reader.mismatch import mismatch
    from qa.retriever.terms import plain_tagger

    passage = f"据统计，{span}。"
    reason = mismatch(question, passage, 4, 4 + len(span), passage,
                      lambda t: [(w, f) for w, f in plain_tagger().cut(t)], frozenset())
    assert (reason is not None and "文字" in reason) == declined


@pytest.mark.parametrize("question, answer, expected", [
    ("金坛随班就读的残疾儿童有多少", "8倍", ("数量", "倍数")),      # a multiple counts nothing
    ("金坛随班就读的残疾儿童多少人", "8倍", ("人数", "倍数")),
    ("对随班就读残疾学生按几倍补助？", "8倍", None),               # a multiple asked
    ("金坛教育救助资金比去年增长多少", "2倍", None),                # a growth may be one
])
def test_a_multiple_answers_only_a_multiple_or_a_change(question, answer, expected):
    assert measure_rival(question, answer) == expected


@pytest.mark.parametrize("question,people", [
    ("金坛有多少教师参加了校本培训", True),
    ("新北有多少名学生享受意外伤害保障", True),
    ("钟楼有几位校长", True),
    # the nouns after 多少 end on what is counted: a society of students is no student
    ("有多少学生社团", False),
    ("金坛有多少名师工作室", False),
    ("金坛建了多少所幼儿园", False),
])
def test_a_count_of_people_is_read_from_the_last_noun_counted(question, people):
    assert counts_people(question, Segmenter().tagged) is people


def test_a_count_of_things_answers_no_count_of_people():
    tagged = Segmenter().tagged
    assert measure_rival("金坛有多少老师参加了校本培训", "682个", counts_people("金坛有多少老师参加了校本培训", tagged)) \
        == ("人数", "其他数量")
    # 多少学生社团 may be answered in 个
    assert measure_rival("金坛有多少学生社团", "20个", counts_people("金坛有多少学生社团", tagged)) is None


@pytest.mark.parametrize("question, span, declined", [
    ("天宁区常青小学具体是几月份竣工？", "常青小学、季子幼儿园计划年内", True),   # 年内 says no month
    ("钟楼教育志打算几月出版", "7月", False),
    ("哪个月公开的", "2019-06-17", False),
    ("什么时候竣工", "年内", False),                                         # no month asked
])
def test_a_month_asked_is_answered_by_a_month(question, span, declined):
    from qa.reader.mismatch import mismatch

    passage = f"据统计，{span}。"
    reason = mismatch(question, passage, 4, 4 + len(span), passage, lambda t: [(t, "n")], frozenset())
    assert (reason is not None and "月份" in reason) == declined


@pytest.mark.parametrize("question, passage, span, declined", [
    ("江苏2025年社会消费品零售总额增长了多少", "社会消费品零售总额达4.64万亿元，进出口总额5.95万亿元。", "4.64万亿元", True),
    # from one value to another: the change is read from both (compose), no level
    ("可再生能源占比提高了多少", "可再生能源占电力装机比重由47.6%提升至73.4%。", "73.4%", False),
    ("浙江上市公司增加了多少家", "境内外上市公司从518家增加到731家。", "731家", False),
    ("社会消费品零售总额增长到多少", "社会消费品零售总额达4.64万亿元。", "4.64万亿元", False),   # the level asked
    ("进出口总额增长了多少", "进出口总额5.95万亿元、增长6%。", "6%", False),
])
def test_a_change_asked_is_not_answered_by_the_level_reached(question, passage, span, declined):
    from qa.reader.mismatch import mismatch

    start = passage.index(span)
    reason = mismatch(question, passage, start, start + len(span), passage, lambda t: [(t, "n")], frozenset())
    assert (reason is not None and "达到的总量" in reason) == declined
