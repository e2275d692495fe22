"""The shipped span reader: checksum, windowing with the real tokenizer, real answers."""
from __future__ import annotations

import re

import json
import shutil
from pathlib import Path

import pytest

from qa.config import Config
from qa.schema import COMPOSED_KINDS
from qa.reader.model import load_reader
from qa.reader.weights import META_FILE, WEIGHTS_FILE, ReaderWeightsError, write_reader_meta
from qa.reader.windows import make_windows, token_span

# Questions over the bundled reports and the span the shipped reader must return:
# at least one per report, numbers, a name and lists. The headline question's neighbour passage
# offers a look-alike count ("68名导学教师"), which the reader must not take; a list question
# gets every item of its enumeration, not the one the reader pointed at, and a count asked of
# several things gets each thing with its count (qa/reader/parts.py).
EXPECTED = [
    ("金坛2019年招聘了多少教师", "43人"),
    ("天宁2025年优才计划计划招聘多少名中小学教师", "48名"),
    ("新北去安徽师范大学招了几名新老师", "14名"),
    ("武进2020年招聘中小学编制老师多少名", "131名"),
    ("金坛哪位老师获得了常州市五一劳动奖章", "何丽华"),
    ("钟楼参加课后服务的学生有多少", "3120人"),
    ("天宁下半年重点办好哪三大球联赛？", "足球、篮球、排球"),
    ("新北哪三所学校创建为全国国防教育特色学校？", "西夏墅中学、龙虎塘中学、罗溪中心小学"),
    ("钟楼增加的5000个学位里幼儿园和中小学各多少", "幼儿园420个，中小学4580个"),
    ("新北2018年面向社会公开招聘多少老师？", "120名事业编制教师和450名聘用制教师"),
    # a share asked: the reader's 8倍 gives way to the 8.22% of the next passage
    ("金坛教育救助资金比去年增长了百分之几", "8.22%"),
    # a change asked: the amount's clause says how much it grew
    ("金坛补助启智学校办学经费比去年增长多少？", "50%"),
    # the title the question asks by is not part of the name
    ("2018年江苏省理科状元是哪位同学？", "闵宇"),
    # three kindergartens 分获一、二、三等奖: the first is the one asked for
    ("金坛哪所幼儿园在常州市幼儿园户外体育活动质量展评中拿了一等奖", "尧塘中心幼儿园"),
]


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(Config().model_dir, local_files_only=True)


def test_damaged_weights_are_refused(tmp_path: Path):
    shipped = Config().reader_dir
    copy = tmp_path / "weights"
    shutil.copytree(shipped, copy)
    data = bytearray((copy / WEIGHTS_FILE).read_bytes())
    data[-10] ^= 0xFF
    (copy / WEIGHTS_FILE).write_bytes(bytes(data))
    with pytest.raises(ReaderWeightsError, match="sha256"):
        load_reader(Config().with_overrides(reader_dir=copy))


def test_reader_json_is_rewritten_byte_for_byte_as_shipped(tmp_path: Path):
    # training, averaging and calibrate_reader.py --write all rewrite it; a diff should show only what changed
    shipped = (Config().reader_dir / META_FILE).read_text("utf-8")
    write_reader_meta(tmp_path, json.loads(shipped))
    assert (tmp_path / META_FILE).read_text("utf-8") == shipped


def test_missing_weights_mean_no_reader(tmp_path: Path):
    assert load_reader(Config().with_overrides(reader_dir=tmp_path)) is None


def test_windows_map_tokens_back_to_passage_characters(tokenizer):
    passage = "金坛区公开招聘教师43人。" * 40
    win = make_windows(tokenizer, ["招聘了多少教师"], [passage], max_len=64, stride=16)
    assert len(win.input_ids) > 1 and set(win.passage_index) == {0}
    for w in range(len(win.input_ids)):
        inside = win.offsets[w][win.offsets[w][:, 0] >= 0]
        assert inside.min() >= 0 and inside.max() <= len(passage)
    start = passage.index("43人")
    found = [token_span(win.offsets[w], start, start + 3) for w in range(len(win.input_ids))]
    w, span = next((w, s) for w, s in enumerate(found) if s)
    a, b = span
    assert passage[win.offsets[w][a][0]:win.offsets[w][b][1]] == "43人"


def test_a_very_long_question_still_leaves_room_for_the_passage(tokenizer):
    question = "天宁新增多少托位" + "。" * 490
    win = make_windows(tokenizer, [question], ["天宁区新增托位300个。" * 30], max_len=256, stride=96)
    for w in range(len(win.input_ids)):
        assert (win.offsets[w][:, 0] >= 0).sum() > 96


@pytest.mark.parametrize("question,expected", EXPECTED)
def test_shipped_reader_answers_report_questions(assistant, question, expected):
    answer = assistant.ask(question)
    assert not answer.abstained
    if answer.answer_kind in COMPOSED_KINDS:
        # a total or a list: the reader's span is one of its parts, each quoting its own passage
        for part in answer.parts:
            cited = (assistant.config.root / part.citations[0].path).read_text("utf-8")
            assert cited[part.answer_start:part.answer_end] == part.answer
        assert all(piece in answer.answer for piece in re.split("[、，]", expected)), answer.answer
        return
    assert answer.answer_kind == "span" and answer.answer == expected
    assert 0.0 < answer.confidence < 0.99      # a fitted chance of being right, never a certainty
    first = answer.citations[0]
    text = (assistant.config.root / first.path).read_text("utf-8")
    assert text[answer.answer_start:answer.answer_end] == answer.answer
    assert first.start <= answer.answer_start < answer.answer_end <= first.end


def test_a_question_asked_of_two_districts_is_answered_for_each(assistant):
    # one span could answer only one of them: before, this returned 钟楼's 100周年 alone
    answer = assistant.ask("新北2018年和钟楼2021年分别纪念的是建党多少周年？")
    assert [(p.scope, p.answer) for p in answer.parts] == [("新北2018年", "97周年"), ("钟楼2021年", "100周年")]
    for part, cited in zip(answer.parts, answer.citations):
        assert part.citations[0] == cited              # each answer's own passage is cited first
        text = (assistant.config.root / cited.path).read_text("utf-8")
        assert text[part.answer_start:part.answer_end] == part.answer
        assert cited.start <= part.answer_start < part.answer_end <= cited.end
    # the top-level span is the first part's, so a reader of only those fields still checks
    assert (answer.answer, answer.answer_start, answer.citations[0].district) == ("97周年", answer.parts[0].answer_start,
                                                                                  "新北区")
    # a district chosen in the chat is the question's scope: nothing to split
    assert not assistant.ask("新北2018年和钟楼2021年分别纪念的是建党多少周年？", district="钟楼区").parts


def test_unreported_fact_is_not_guessed(assistant):
    answer = assistant.ask("武进2020年高考本一达线率是多少？")
    assert answer.abstained and answer.answer is None and answer.reason


def test_a_sibling_of_the_asked_fact_is_declined_with_what_the_report_says(assistant):
    # the report plans 48 中小学教师 and never mentions 幼儿园教师; the reader alone answers 48名
    answer = assistant.ask("天宁2025年计划招聘多少名幼儿园教师？")
    assert answer.abstained and answer.answer is None
    assert "幼儿园教师" in answer.reason and "中小学教师" in answer.reason
    assert answer.citations


def test_a_rival_of_the_asked_word_is_declined_with_what_the_passage_says(assistant):
    # the report certified 148 in the spring round; the reader alone answers 148人 for autumn
    answer = assistant.ask("金坛区2019年秋季面向社会教师资格认定工作初步认定了多少人？")
    assert answer.abstained and answer.answer is None
    assert "春季" in answer.reason and "秋季" in answer.reason
    # asked for the spring round, the same sentence answers
    assert assistant.ask("金坛区2019年春季面向社会教师资格认定工作初步认定了多少人？").answer == "148人"


def test_a_quantity_the_question_itself_states_is_no_answer_to_it(assistant):
    # the report gives 2610个 new places in all and no count of kindergarten places among them
    answer = assistant.ask("天宁新增的2610个学位里，幼儿园学位有多少个？")
    assert answer.abstained and answer.answer is None and "2610个" in answer.reason
    assert assistant.ask("天宁新增了多少个学位").answer == "2610个"


@pytest.mark.xfail(reason="declined, but the reader trained on CMRC 2018 train scores another span best, so the "
                          "reason is the general one, not the sibling or measure named", strict=False)
def test_a_head_count_is_no_answer_to_an_amount_of_money(assistant):
    # the paragraph on pay reform counts 不进编教师167人; the reader alone answers 167人
    answer = assistant.ask("钟楼2021年给老师发了多少绩效工资？")
    assert answer.abstained and answer.answer is None
    assert "金额" in answer.reason and "167人" in answer.reason
    # the reader's 300万元 beside the head count asked for gives way to it
    assert assistant.ask("新北学生意外伤害保障工程大概覆盖了多少学生？").answer == "近10万名"


# passages of our own in the shape of encyclopaedia text, where the reader's span is not the
# whole answer: one end of a range, a number without its currency, a heading before the answer,
# the kind of thing asked for after it (qa/reader/leads.py, quantity.whole_range)
PASSAGES = [
    ("每窝产卵多少枚？", "这种鹦鹉在树洞中筑巢，每窝产卵两到三枚，孵化期约二十五天。", "两到三枚"),
    ("英国的摄政时期主要是哪些年？", "摄政时期通常指1811年至1820年间，乔治四世以王子身份摄政。", "1811年至1820年间"),
    ("这部电影的首映票房是多少？", "该片于北美上映，首映周末票房为1830万美元，排名第二。", "1830万美元"),
    ("株洲北站的机关地址是什么？", "株洲北站是一个铁路车站。车站机关地址：湖南省株洲市石峰区北站路236号。",
     "湖南省株洲市石峰区北站路236号"),
    pytest.param("安贞门站是哪条线路的车站？", "安贞门站是北京地铁10号线的一个车站，位于北三环中路。", "北京地铁10号线",
                 marks=pytest.mark.xfail(reason="the question_tail step that drops 的一个车站 is off by default: it "
                                                "lost 0.49 EM on the 603 held-back CMRC 2018 train questions",
                                         strict=False)),
]


@pytest.fixture(scope="module")
def reader():
    return load_reader(Config())


@pytest.mark.parametrize("question,passage,expected", PASSAGES)
def test_the_reader_answers_a_passage_with_the_whole_answer(reader, question, passage, expected):
    from qa.retriever.terms import Segmenter

    segmenter = Segmenter()
    best = reader.spans(question, [passage], n_best=1, terms=segmenter.query_terms(question), segmenter=segmenter)[0]
    assert (best.text, passage[best.start:best.end]) == (expected, expected)


def _qa_model():
    from transformers import AutoModelForQuestionAnswering

    model = AutoModelForQuestionAnswering.from_pretrained(Config().model_dir, local_files_only=True)
    return model.eval()


def test_merged_adapters_answer_like_the_trained_ones(tokenizer):
    import torch

    from qa.reader.lora import adapter_state, add_lora, merge_lora

    batch = tokenizer(["金坛招聘了多少教师"], ["公开招聘教师43人。"], return_tensors="pt")
    trained = _qa_model()
    add_lora(trained, range(2), rank=4, alpha=8.0)
    with torch.no_grad():
        for p in adapter_state(trained).values():
            p.normal_(0, 0.05)   # as if training had moved them away from zero
        expected = trained(**batch).start_logits
        tensors = {k: v.detach().clone() for k, v in adapter_state(trained).items()}
        assert len(tensors) == 2 * 6 * 2
        shipped = _qa_model()
        shipped.qa_outputs.load_state_dict(trained.qa_outputs.state_dict())   # a fresh head is random
        before = shipped(**batch).start_logits
        assert merge_lora(shipped, tensors, scale=8.0 / 4) == {}
        after = shipped(**batch).start_logits
    assert not torch.allclose(before, expected, atol=1e-3)
    assert torch.allclose(after, expected, atol=1e-4)


def test_an_adapter_for_a_missing_layer_is_named():
    import torch

    from qa.reader.lora import merge_lora

    tensors = {"roberta.encoder.layer.99.output.dense.lora_a": torch.zeros(4, 1536),
               "roberta.encoder.layer.99.output.dense.lora_b": torch.zeros(384, 4)}
    with pytest.raises(ValueError, match="layer.99"):
        merge_lora(_qa_model(), tensors, scale=1.0)


def test_model_card_commands_reproduce_every_training_stage():
    import json
    import shlex

    from qa.cli import build_parser
    from qa.reader.training.card import CARD_FILE, FLAGS, SWITCHES, _first_from_average

    weights = Config().reader_dir
    meta = json.loads((weights / "reader.json").read_text("utf-8"))
    card = (weights / CARD_FILE).read_text("utf-8").replace("\\\n", " ")
    commands = [line.split("qa ", 1)[1] for line in card.splitlines() if "qa reader train" in line]
    # readers averaged into the shipped weights, or into the average a stage was trained on from
    base = meta.get("from_average_of", [])
    averaged = meta.get("averaged", []) or base
    chain = meta.get("stages", []) + [meta["settings"]]
    # with `base`, the average is built after stage k and stage k + 1 starts from it
    k = _first_from_average(chain) if base else len(chain)
    stages = chain[:k] + base + chain[k:] if base else [*chain, *averaged]
    assert len(commands) == len(stages)
    for command, settings in zip(commands, stages):
        args = vars(build_parser().parse_args(shlex.split(command)))
        for key, flag in FLAGS.items():
            if key in settings and (settings.get("lora_rank") or not key.startswith("lora_")):
                assert str(args[flag[2:].replace("-", "_")]) == str(settings[key]), (key, command)
        for key, flag in SWITCHES.items():
            assert args[flag[2:].replace("-", "_")] == bool(settings.get(key)), (key, command)
    # an averaged reader: each reader averaged in starts from the last stage, or from the average
    # of the readers before it (`from_average`), then one average of them all
    averages = [shlex.split(line.split("qa ", 1)[1]) for line in card.splitlines()
                if line.startswith(".venv/bin/qa reader average")]
    # the final average is the shipped weights, or (from_average_of) where stage k + 1 starts
    last_start = build_parser().parse_args(shlex.split(commands[k + len(base)] if base else commands[-1])).init_from
    def final(a: list[str]) -> bool:
        return a[a.index("--out") + 1] == last_start if base else "--out" not in a

    finals = [build_parser().parse_args(a) for a in averages if final(a)]
    assert len(finals) == (1 if averaged else 0)
    if averaged:
        readers = finals[0].readers
        assert len(readers) == len(averaged) + 1
        trained = commands[k:k + len(base)] if base else commands[-len(averaged):]
        for j, (command, settings) in enumerate(zip(trained, averaged)):
            start = build_parser().parse_args(shlex.split(command)).init_from
            if settings.get("from_average"):
                made = [build_parser().parse_args(a) for a in averages if start in a]
                assert made and made[0].readers == readers[:j + 1], command
            else:
                assert start == readers[0], command


def test_averaged_readers_average_their_tensors_and_their_adapter_updates_exactly():
    import torch

    from qa.reader.training.average import average_tensors

    g = torch.Generator().manual_seed(0)
    readers = [{"top.weight": torch.randn(4, 3, generator=g),
                "low.lora_a": torch.randn(2, 3, generator=g), "low.lora_b": torch.randn(5, 2, generator=g)}
               for _ in range(3)]
    scales = [2.0, 2.0, 0.5]
    out = average_tensors(readers, scales)
    assert torch.allclose(out["top.weight"], sum(r["top.weight"] for r in readers) / 3)
    mean_update = sum(r["low.lora_b"] @ r["low.lora_a"] * s for r, s in zip(readers, scales)) / 3
    assert out["low.lora_a"].shape == (6, 3)
    assert torch.allclose(out["low.lora_b"] @ out["low.lora_a"], mean_update, atol=1e-6)


def test_averaged_adapters_cut_back_to_a_rank_keep_their_best_part():
    import torch

    from qa.reader.training.average import truncate_adapters

    g = torch.Generator().manual_seed(1)
    tensors = {"top.weight": torch.randn(4, 3, generator=g),
               "low.lora_a": torch.randn(6, 8, generator=g), "low.lora_b": torch.randn(10, 6, generator=g)}
    update = tensors["low.lora_b"] @ tensors["low.lora_a"]
    same = truncate_adapters(tensors, 6)
    assert same["low.lora_a"] is tensors["low.lora_a"] and same["top.weight"] is tensors["top.weight"]
    cut = truncate_adapters(tensors, 2)
    assert cut["low.lora_a"].shape == (2, 8) and cut["low.lora_b"].shape == (10, 2)
    # Eckart–Young: what is left out is exactly the singular values beyond the second
    rest = torch.linalg.svdvals(update)[2:]
    error = torch.linalg.norm(update - cut["low.lora_b"] @ cut["low.lora_a"])
    assert torch.isclose(error, rest.square().sum().sqrt(), rtol=1e-4)


def test_a_reader_averaged_with_itself_reads_as_it_did(tmp_path):
    import numpy as np

    from qa.reader.training.average import average_readers
    from qa.reader.training.card import CARD_FILE

    shipped = Config().reader_dir
    average_readers([shipped, shipped], tmp_path)
    question, passage = "金坛2019年招聘了多少教师", "二是多元渠道招聘教育人才。赴南京师范大学招聘优秀毕业生18人,公开招聘教师43人。"
    # torch runs both: the weights are compared here, not an engine's rounding
    _, start, end = load_reader(Config(reader_engine="torch")).logits(question, [passage])
    _, start2, end2 = load_reader(Config(reader_dir=tmp_path, reader_engine="torch")).logits(question, [passage])
    # the same update at twice the rank, stored in fp16 again
    assert np.allclose(start, start2, atol=0.05) and np.allclose(end, end2, atol=0.05)
    card = (tmp_path / CARD_FILE).read_text("utf-8")
    assert "average of 2 readers" in card and "Not measured yet" in card


def test_a_rank_below_one_is_refused_before_any_reader_is_read(tmp_path):
    from qa.reader.training.average import average_readers
    from qa.reader.weights import ReaderWeightsError

    with pytest.raises(ReaderWeightsError, match="--rank must be at least 1"):
        average_readers([tmp_path / "missing", tmp_path / "missing"], tmp_path / "out", rank=0)


def test_readers_with_other_tensors_are_not_averaged():
    import torch

    from qa.reader.training.average import average_tensors
    from qa.reader.weights import ReaderWeightsError

    with pytest.raises(ReaderWeightsError, match="other tensors"):
        average_tensors([{"a": torch.zeros(1)}, {"b": torch.zeros(1)}], [1.0, 1.0])


def _tiny_training(tmp_path: Path, name: str, **overrides):
    import json

    from qa.reader.training.train import TrainSettings

    data = tmp_path / "tiny_mrc.json"
    context = "2019年金坛区公开招聘教师43人，其中硕士研究生6人。"
    data.write_text(json.dumps({"data": [{"paragraphs": [{"context": context, "qas": [
        {"id": "1", "question": "金坛招聘了多少教师", "answers": [{"text": "43人", "answer_start": 14}]},
        {"id": "2", "question": "其中有多少硕士", "answers": [{"text": "6人", "answer_start": 25}]},
    ]}]}]}, ensure_ascii=False), "utf-8")
    settings = dict(train_files=(data,), model_dir=Config().model_dir, out_dir=tmp_path / name,
                    work_dir=tmp_path / f"{name}-work", batch_size=2, max_len=64, stride=32,
                    lora_rank=2, lora_alpha=4.0, learning_rate=1e-3, lora_learning_rate=1e-2)
    return TrainSettings(**{**settings, **overrides})


def test_a_later_stage_continues_the_adapters_it_starts_from(tmp_path: Path):
    from safetensors.torch import load_file

    from qa.reader.lora import is_adapter
    from qa.reader.training.train import train

    first = load_file(train(_tiny_training(tmp_path, "stage1"), log=lambda *_: None))
    adapters = {k: v for k, v in first.items() if is_adapter(k)}
    assert adapters and any(v.abs().max() > 0 for k, v in adapters.items() if k.endswith("lora_b"))
    # a stage that learns nothing must hand the adapters on unchanged, not start them afresh
    still = _tiny_training(tmp_path, "stage2", init_from=tmp_path / "stage1",
                           learning_rate=0.0, lora_learning_rate=0.0)
    second = load_file(train(still, log=lambda *_: None))
    assert set(second) == set(first)
    for key, value in first.items():
        assert (second[key] == value).all(), key


def test_continuing_adapters_of_another_shape_is_refused(tmp_path: Path):
    from qa.reader.training.train import train

    train(_tiny_training(tmp_path, "stage1"), log=lambda *_: None)
    with pytest.raises(ValueError, match="rank 2 there, 4 here"):
        train(_tiny_training(tmp_path, "stage2", init_from=tmp_path / "stage1", lora_rank=4),
              log=lambda *_: None)


def test_training_leaves_out_answers_longer_than_asked(tmp_path: Path):
    import json

    from qa.reader.training.train import train

    # "43人" has three characters, "6人" two: only the second is short enough
    out = train(_tiny_training(tmp_path, "short", max_answer_chars=2, epochs=0.5), log=lambda *_: None)
    meta = json.loads((out.parent / "reader.json").read_text("utf-8"))
    assert meta["examples"] == 1
    assert meta["settings"]["max_answer_chars"] == 2
    # the data is recorded as the command line names it, so the card can repeat it
    assert meta["settings"]["train_files"] == str(tmp_path / "tiny_mrc.json")


def test_training_whole_epochs_ends_where_the_data_does(tmp_path: Path):
    import json

    from qa.reader.training.train import train

    # two windows in batches of three: each epoch counts one step of two windows, so the third
    # epoch's step finds the laid-out permutations used up
    out = train(_tiny_training(tmp_path, "epochs", batch_size=3, epochs=3.0, negative_keep=0.0),
                log=lambda *_: None)
    meta = json.loads((out.parent / "reader.json").read_text("utf-8"))
    assert meta["windows"] == 2 and meta["steps"] == 2


def _card_commands(weights: Path) -> list:
    """The `qa reader train` and `qa reader average` commands of a model card, parsed by the CLI."""
    import shlex

    from qa.cli import build_parser
    from qa.reader.training.card import CARD_FILE

    card = (weights / CARD_FILE).read_text("utf-8").replace("\\\n", " ")
    return [build_parser().parse_args(shlex.split(line.split("qa ", 1)[1])) for line in card.splitlines()
            if line.startswith((".venv/bin/qa reader train", ".venv/bin/qa reader average"))]


def test_a_reader_trained_from_an_average_says_so_and_its_card_rebuilds_that_average(tmp_path: Path):
    import json

    from qa.reader.training.average import average_readers
    from qa.reader.training.train import train

    quiet = {"log": lambda *_: None}
    train(_tiny_training(tmp_path, "stage1"), **quiet)
    train(_tiny_training(tmp_path, "second", init_from=tmp_path / "stage1", seed=2), **quiet)
    average_readers([tmp_path / "stage1", tmp_path / "second"], tmp_path / "average", rank=3)
    # an average of rank-2 adapters cut to rank 3 is continued at rank 3 (alpha = rank keeps its scale 1)
    train(_tiny_training(tmp_path, "third", init_from=tmp_path / "average", seed=3,
                         lora_rank=3, lora_alpha=3.0), **quiet)
    second = json.loads((tmp_path / "second" / "reader.json").read_text("utf-8"))["settings"]
    third = json.loads((tmp_path / "third" / "reader.json").read_text("utf-8"))["settings"]
    assert "from_average" not in second
    assert third["from_average"] is True and third["from_average_rank"] == 3
    # the card rebuilds the rank-3 average the third reader started from, then the final one
    average_readers([tmp_path / d for d in ("stage1", "second", "third")], tmp_path / "final", rank=4)
    averages = [a for a in _card_commands(tmp_path / "final") if a.func.__name__ == "_cmd_reader_average"]
    assert [(len(a.readers), a.rank) for a in averages] == [(2, 3), (3, 4)]
    # shipped on its own, the third reader's card rebuilds its starting average, then trains it
    steps = _card_commands(tmp_path / "third")
    assert [a.func.__name__ for a in steps] == ["_cmd_reader_train"] * 2 + ["_cmd_reader_average", "_cmd_reader_train"]
    assert (steps[2].rank, steps[3].seed, steps[3].init_from) == (3, 3, steps[2].out)
    # a stage that goes on from the third keeps that provenance: its card rebuilds the average,
    # trains the third from it and then this stage from the third
    train(_tiny_training(tmp_path, "fifth", init_from=tmp_path / "third", seed=5,
                         lora_rank=3, lora_alpha=3.0), **quiet)
    steps = _card_commands(tmp_path / "fifth")
    assert [a.func.__name__ for a in steps] == ["_cmd_reader_train"] * 2 + ["_cmd_reader_average"] \
        + ["_cmd_reader_train"] * 2
    assert (steps[3].init_from, steps[4].seed, steps[4].init_from) == (steps[2].out, 5, steps[3].out)
    # a second reader trained on from that same average, averaged with the third: the card trains
    # both from the rebuilt average and then averages the two
    train(_tiny_training(tmp_path, "fourth", init_from=tmp_path / "average", seed=4,
                         lora_rank=3, lora_alpha=3.0), **quiet)
    average_readers([tmp_path / "third", tmp_path / "fourth"], tmp_path / "soup", rank=3)
    steps = _card_commands(tmp_path / "soup")
    assert [a.func.__name__ for a in steps] == ["_cmd_reader_train"] * 2 + ["_cmd_reader_average"] \
        + ["_cmd_reader_train"] * 2 + ["_cmd_reader_average"]
    assert [a.seed for a in steps[3:5]] == [3, 4] and {a.init_from for a in steps[3:5]} == {steps[2].out}
    assert (steps[5].readers, steps[5].rank) == ([steps[3].out, steps[4].out], 3)


def test_a_reader_trained_on_word_aligned_tokens_is_read_with_them(tmp_path: Path):
    import json

    from qa.reader.training.train import train

    out = train(_tiny_training(tmp_path, "aligned", word_aligned=True, epochs=0.5), log=lambda *_: None)
    meta = json.loads((out.parent / "reader.json").read_text("utf-8"))
    assert meta["settings"]["word_aligned"] is True
    reader = load_reader(Config().with_overrides(reader_dir=out.parent, reader_engine="torch"))
    enc = reader.tokenizer("2002年开始", add_special_tokens=False, return_offsets_mapping=True)
    assert [b for _, b in enc["offset_mapping"]] == [4, 5, 7]
