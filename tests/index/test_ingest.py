"""Ingestion: decoding, boilerplate, metadata, sections and chunks on the real reports."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from index.ingest.chunker import CHUNKER_VERSION, chunk_document
from index.ingest.clean import boilerplate_spans
from index.ingest.corpus import chunk, load_corpus, load_document
from index.ingest.encoding import read_text
from index.ingest.errors import IngestError
from index.ingest.metadata import DISTRICTS, detect_metadata, district_aliases
from index.ingest.places import Gazetteer
from index.ingest.sections import Paragraph, parse_paragraphs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
MAX, OVERLAP = 300, 60
BOILERPLATE = ["扫一扫", "_GoBack", "bookmark", "索引号", "信息名称", "当前位置",
               "您当前的位置", "欢迎访问", "此件公开发布"]


@pytest.fixture(scope="module")
def corpus():
    docs, warnings = load_corpus(DATA, ROOT)
    assert warnings == []
    return {d.doc[:3]: d for d in docs}


def _paragraphs(doc):
    return parse_paragraphs(doc.text, boilerplate_spans(doc.text))


def _paragraph_starting(doc, prefix: str) -> Paragraph:
    found = [p for p in _paragraphs(doc) if doc.text[p.start:p.end].startswith(prefix)]
    assert len(found) == 1, (prefix, found)
    return found[0]


def test_corpus_loads_all_five_in_name_order(corpus):
    assert list(corpus) == ["000", "001", "002", "003", "004"]
    for doc in corpus.values():
        assert doc.path == f"data/{doc.doc}"
        assert doc.encoding == "utf-8"
        assert doc.sha256 == hashlib.sha256((DATA / doc.doc).read_bytes()).hexdigest()


def test_every_chunk_offset_reproduces_its_text(corpus):
    for doc in corpus.values():
        fresh = (ROOT / doc.path).read_text(doc.encoding)
        assert fresh == doc.text
        chunks = chunk(doc, MAX, OVERLAP)
        assert chunks
        for c in chunks:
            assert c.doc == doc.doc
            assert doc.text[c.start:c.end] == c.text
            assert fresh[c.start:c.end] == c.text


@pytest.mark.parametrize("name,count", [("000", 52), ("001", 47), ("002", 34), ("003", 31), ("004", 29)])
def test_chunk_counts(corpus, name, count):
    # Pins the chunker's behaviour; if this changes on purpose, bump CHUNKER_VERSION.
    assert CHUNKER_VERSION == "3"
    assert len(chunk(corpus[name], MAX, OVERLAP)) == count


def test_boilerplate_is_in_the_files_but_in_no_chunk(corpus):
    raw = "".join(d.text for d in corpus.values())
    for marker in BOILERPLATE:
        assert marker in raw, marker        # otherwise the check below proves nothing
    for doc in corpus.values():
        for c in chunk(doc, MAX, OVERLAP):
            for marker in BOILERPLATE:
                assert marker not in c.text, (doc.doc, marker, c.text[:40])


def test_boilerplate_spans_are_exact(corpus):
    doc = corpus["001"]
    spans = boilerplate_spans(doc.text)
    texts = [doc.text[s:e] for s, e in spans]
    assert texts[0] == "• 欢迎访问常州市金坛区人民政府网站!"
    assert "索引号 113204820141388442/2019-00012" in texts
    assert texts[-1] == "扫一扫在手机打开当前页"
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    # the real title line right after the metadata table is kept
    title_at = doc.text.index("\n2019年上半年工作总结及下半年工作意见\n") + 1
    assert not any(s <= title_at < e for s, e in spans)
    text3 = corpus["003"].text
    inline = [text3[s:e] for s, e in boilerplate_spans(text3)]
    assert "[bookmark: _GoBack]" in inline
    assert "[bookmark: qihoosnap2][bookmark: qihoosnap1]" in inline


@pytest.mark.parametrize("name,title,district,years,kind", [
    ("000", "新北区2018年上半年工作总结及下半年工作计划", "新北区", (2018,), "总结+计划"),
    ("001", "2019年上半年工作总结及下半年工作意见", "金坛区", (2019,), "总结+意见"),
    ("002", "攻坚克难，苦干实干，以高质量教育惠及百姓——钟楼教育2021年上半年工作总结及下半年工作思路",
     "钟楼区", (2021,), "总结+思路"),
    ("003", "2020年常州市武进区教育工作意见", "武进区", (2020,), "意见"),
    ("004", "天宁区2025年上半年工作总结及下半年工作计划", "天宁区", (2025,), "总结+计划"),
])
def test_metadata(corpus, name, title, district, years, kind):
    doc = corpus[name]
    assert (doc.title, doc.district, doc.years, doc.kind) == (title, district, years, kind)


def test_metadata_of_a_short_user_report():
    text = "2023年溧阳市教育工作要点\n今年，溧阳教育继续推进改革。\n一、加强党建\n溧阳市各校落实责任。\n"
    meta = detect_metadata(text, boilerplate_spans(text))
    assert (meta.title, meta.district, meta.years, meta.kind) == ("2023年溧阳市教育工作要点", "溧阳市", (2023,), "要点")


def test_district_aliases():
    gazetteer = Gazetteer.load()
    aliases = district_aliases(tuple(gazetteer.resolve(full) for full in DISTRICTS))
    for full in DISTRICTS:
        assert aliases[full] == full
    assert {"新北区", "金坛区", "钟楼区", "武进区", "天宁区", "溧阳市", "经开区"} <= set(DISTRICTS)
    assert aliases["金坛"] == "金坛区" and aliases["金坛市"] == "金坛区"
    assert aliases["武进"] == "武进区"
    assert aliases["溧阳"] == "溧阳市"
    assert aliases["常州经开区"] == "经开区"


@pytest.mark.parametrize("text,place,level,issuer,kind", [
    ("上海市2025年政府工作报告\n上海港集装箱吞吐量达到5150万标准箱。上海市将继续推进改革。\n",
     "上海市", "city", "人民政府", "报告"),
    ("杭州市西湖区教育局2023年工作总结\n西湖区各校落实责任。\n", "浙江省杭州市西湖区", "district", "教育局", "总结"),
    ("2024年工作要点\n一、加强党建\n昆山市各校落实责任。昆山市教育局推进改革。昆山全市学校…\n",
     "江苏省苏州市昆山市", "county", None, "要点"),
])
def test_metadata_of_reports_from_anywhere(text, place, level, issuer, kind):
    meta = detect_metadata(text, boilerplate_spans(text))
    assert (meta.place.full, meta.place.level, meta.issuer, meta.kind) == (place, level, issuer, kind)


def test_section_paths_on_real_paragraphs(corpus):
    p = _paragraph_starting(corpus["001"], "1.继续夯实意识形态建设")
    assert p.section == ("第一部分:2019年上半年工作回顾", "一、进一步加强组织建设,工作面貌呈现新气象",
                         "1.继续夯实意识形态建设")
    p = _paragraph_starting(corpus["001"], "一、进一步贯彻从严治党")
    assert p.section == ("第二部分:下半年工作意见", "一、进一步贯彻从严治党")
    p = _paragraph_starting(corpus["004"], "1.固本培元")
    assert p.section == ("一、2025年上半年工作总结", "(一)坚持党建引领,高位统筹强基固本",
                         "1.固本培元,建强基层体系组织")
    p = _paragraph_starting(corpus["004"], "(一)聚焦培根铸魂")
    assert p.section == ("二、2025年下半年工作计划", "(一)聚焦培根铸魂,写好教育党建引领之美")
    p = _paragraph_starting(corpus["000"], "1．构建育人为本")
    assert p.section == ("2018年下半年工作计划", "三、紧扣教育主要矛盾,深入查补短板,推动基础教育优质均衡发展",
                         "（四）树立科学绿色育人观念", "1．构建育人为本的一体化德育新格局")
    # Word's "3、 " auto-numbering stands for 三、: a sibling of 二、, not an item under it
    p = _paragraph_starting(corpus["002"], "加强师德师风建设")
    assert p.section == ("3、推行多措并举，优化教师队伍建设",)
    p = _paragraph_starting(corpus["002"], "根据全年度工作思路与目标")
    assert p.section == ("下半年重点工作思路",)
    # the bookmark before "6." is trimmed away, not part of the paragraph
    p = _paragraph_starting(corpus["003"], "6.狠抓项目建设")
    assert p.section == ("主要任务", "二、回应群众关切，努力解决好教育热点难点问题", "6.狠抓项目建设")
    p = _paragraph_starting(corpus["003"], "2020年是全面建成小康社会")
    assert p.section == ()
    p = _paragraph_starting(corpus["002"], "攻坚克难")          # after the skipped bookmark
    assert (p.section, p.index) == ((), 0)


def test_heading_lines_are_not_paragraphs_and_enumerations_do_not_split(corpus):
    doc = corpus["001"]
    texts = [doc.text[p.start:p.end] for p in _paragraphs(doc)]
    assert "一、进一步加强组织建设,工作面貌呈现新气象" not in texts
    # the title line is citable text of its own, outside any section
    title = _paragraph_starting(doc, "2019年上半年工作总结及下半年工作意见")
    assert doc.text[title.start:title.end] == "2019年上半年工作总结及下半年工作意见"
    assert title.section == ()
    item = _paragraph_starting(doc, "2.继续推动党建责任落实")
    assert "二是强化整改落实" in doc.text[item.start:item.end]
    assert [p.index for p in _paragraphs(doc)] == list(range(len(texts)))
    for t in texts:
        assert t == t.strip()


def test_chunks_stay_inside_paragraphs_and_respect_bounds(corpus):
    for doc in corpus.values():
        paragraphs = _paragraphs(doc)
        chunks = chunk(doc, MAX, OVERLAP)
        for c in chunks:
            p = paragraphs[c.paragraph]
            assert p.start <= c.start < c.end <= p.end
            assert c.section == p.section
            assert 1 <= len(c.text) <= MAX
            assert "\n" not in c.text
            assert c.text == c.text.strip()
        for p in paragraphs:
            own = [c for c in chunks if c.paragraph == p.index]
            assert own[0].start == p.start and own[-1].end == p.end
            for a, b in zip(own, own[1:]):
                assert a.start < b.start
                assert a.end - b.start <= OVERLAP                   # overlap is bounded
                assert doc.text[a.end:b.start].strip() == ""        # and there is no gap
                assert a.text[-1] in "。；;！？!?”）)"               # windows end on sentences


def test_long_paragraph_windows_overlap_by_whole_sentences(corpus):
    doc = corpus["002"]
    p = _paragraph_starting(doc, "德育工作，确立“五全”路径")
    assert p.end - p.start > 1000
    own = [c for c in chunk(doc, MAX, OVERLAP) if c.paragraph == p.index]
    assert len(own) >= 4
    assert all(b.start < a.end for a, b in zip(own, own[1:]))
    # an overlap starts where a sentence starts
    assert all(doc.text[b.start - 1] in "。；" for b in own[1:])


def test_overlong_sentence_is_cut_at_a_comma():
    clause = "各校持续推进课后服务提质增效"   # 14 chars
    sentence = "，".join([clause] * 40) + "。"
    text = "一、课后服务\n" + sentence + "\n"
    paragraphs = parse_paragraphs(text, boilerplate_spans(text))
    assert len(paragraphs) == 1
    chunks = chunk_document(text, "t.txt", paragraphs, 100, 20)
    assert len(chunks) > 5
    for c in chunks:
        assert text[c.start:c.end] == c.text and len(c.text) <= 100
    assert all(c.text.endswith("，") for c in chunks[:-1])
    assert chunks[-1].text.endswith("。")
    assert "".join(c.text for c in chunks) == sentence


def test_chunker_rejects_bad_sizes():
    with pytest.raises(ValueError):
        chunk_document("x", "t", [], 0, 0)
    with pytest.raises(ValueError):
        chunk_document("x", "t", [], 100, 100)


def test_gb18030_file_decodes(tmp_path):
    content = "常州市金坛区教育局\n2019年上半年工作总结\n金坛教育稳步发展。金坛区各校积极推进改革。\n"
    path = tmp_path / "gbk.txt"
    path.write_bytes(content.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert read_text(path) == (content, "gb18030")
    doc = load_document(path, tmp_path)
    assert (doc.encoding, doc.path, doc.district) == ("gb18030", "gbk.txt", "金坛区")


def test_crlf_offsets_match_read_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("2020年常州市武进区教育工作意见\r\n一、加强党建\r\n1.强化理论武装。深入学习。\r\n".encode("utf-8"))
    doc = load_document(path, tmp_path)
    assert "\r" not in doc.text
    for c in chunk(doc, MAX, OVERLAP):
        assert path.read_text("utf-8")[c.start:c.end] == c.text
    assert [c.text for c in chunk(doc, MAX, OVERLAP)] == ["2020年常州市武进区教育工作意见", "1.强化理论武装。深入学习。"]


def test_undecodable_file_raises_naming_it(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(b"\xff\xfe\xfd\x80\x00\xff" * 20)
    with pytest.raises(IngestError, match="noise.txt") as err:
        read_text(path)
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", "\ufeff\n".encode("utf-8")])
def test_empty_file_raises(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match="empty.txt"):
        read_text(path)


def test_load_corpus_skips_bad_files_and_loads_the_rest(tmp_path):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for name in ("001_8c9d520ce41816f3.txt", "003_c94d74ce0abaca2b.txt"):
        shutil.copy(DATA / name, corpus_dir / name)
    (corpus_dir / "002_bad.txt").write_bytes(b"\xff\xfe\xfd\x80" * 10)
    (corpus_dir / "000_empty.txt").write_bytes(b"")
    (corpus_dir / "notes.md").write_text("not a report", encoding="utf-8")
    docs, warnings = load_corpus(corpus_dir, tmp_path)
    assert [d.doc for d in docs] == ["001_8c9d520ce41816f3.txt", "003_c94d74ce0abaca2b.txt"]
    assert [d.path for d in docs] == ["corpus/001_8c9d520ce41816f3.txt", "corpus/003_c94d74ce0abaca2b.txt"]
    assert len(warnings) == 2
    assert "000_empty.txt" in warnings[0] and "002_bad.txt" in warnings[1]


def test_path_outside_root_is_absolute(tmp_path):
    doc = load_document(DATA / "003_c94d74ce0abaca2b.txt", tmp_path)
    assert doc.path == str((DATA / "003_c94d74ce0abaca2b.txt").resolve())
