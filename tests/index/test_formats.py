"""Every accepted format read into canonical text, and the bad-file table: each refused with
one line naming the file and the reason. No model needed here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.ingest.errors import IngestError
from index.ingest.formats import expand, extract
from index.ingest.names import safe_name
from format_samples import (DOCX_LINES, write_broken_docx, write_docx, write_html, write_pdf)

LIMIT = 1024 * 1024


def test_docx_paragraphs_in_order_tables_by_row_and_numbered(tmp_path: Path):
    got = extract(write_docx(tmp_path / "r.docx"), LIMIT)
    assert got.text.splitlines() == DOCX_LINES
    assert (got.unit, got.in_place, got.encoding) == ("paragraph", False, "utf-8")
    # paragraph N begins line N: the empty paragraph is not counted
    assert [got.text[s:].split("\n", 1)[0] for s in got.unit_starts] == DOCX_LINES


def test_word_heading_styles_make_sections_without_numbering(tmp_path: Path):
    import docx

    from index.ingest.clean import boilerplate_spans
    from index.ingest.sections import parse_paragraphs

    document = docx.Document()
    document.add_heading("宜兴市2023年教育工作总结", level=1)
    document.add_paragraph("2023年，全市教育系统稳中求进。")
    document.add_heading("学前教育", level=2)          # no 一、 or （一）: only its style says heading
    document.add_heading("普惠发展", level=3)
    document.add_paragraph("全年新建幼儿园8所，新增学位2400个。")
    document.add_heading("师资队伍", level=2)
    document.add_paragraph("招聘教师310名。")
    got = extract(document.save(str(tmp_path / "h.docx")) or tmp_path / "h.docx", LIMIT)
    lines = got.text.splitlines()
    assert [(lines[got.text.count("\n", 0, at)], level) for at, level in got.headings] == [
        ("宜兴市2023年教育工作总结", 1), ("学前教育", 2), ("普惠发展", 3), ("师资队伍", 2)]
    paragraphs = parse_paragraphs(got.text, boilerplate_spans(got.text), dict(got.headings))
    sections = {got.text[p.start:p.end]: p.section for p in paragraphs}
    # the report's first line stays its title; each heading is the path of what follows, nested by level
    assert sections["宜兴市2023年教育工作总结"] == ()
    assert sections["全年新建幼儿园8所，新增学位2400个。"] == ("学前教育", "普惠发展")
    assert sections["招聘教师310名。"] == ("师资队伍",)
    # without the styles the same lines are body text
    plain = parse_paragraphs(got.text, boilerplate_spans(got.text))
    assert all(p.section == () for p in plain)


def test_html_headings_make_sections_without_numbering(tmp_path: Path):
    from index.ingest.clean import boilerplate_spans
    from index.ingest.sections import parse_paragraphs

    page = tmp_path / "h.html"
    page.write_text("<html><body><main><h1>溧水区2024年教育工作总结</h1><p>全区教育稳中求进。</p>"
                    "<h2>学前教育</h2><h3>普惠发展</h3><p>新建幼儿园3所。</p><h2>师资 <b>队伍</b></h2>"
                    "<p>招聘教师310名。</p></main></body></html>", encoding="utf-8")
    got = extract(page, LIMIT)
    assert got.text.splitlines() == ["溧水区2024年教育工作总结", "全区教育稳中求进。", "学前教育", "普惠发展",
                                     "新建幼儿园3所。", "师资 队伍", "招聘教师310名。"]
    sections = {got.text[p.start:p.end]: p.section
                for p in parse_paragraphs(got.text, boilerplate_spans(got.text), dict(got.headings))}
    assert sections["溧水区2024年教育工作总结"] == ()
    assert sections["新建幼儿园3所。"] == ("学前教育", "普惠发展")
    assert sections["招聘教师310名。"] == ("师资 队伍",)


def test_pdf_pages_are_kept(tmp_path: Path):
    got = extract(write_pdf(tmp_path / "r.pdf"), LIMIT)
    assert got.unit == "page" and len(got.unit_starts) == 2
    page2 = got.text[got.unit_starts[1]:]
    assert page2.startswith("二、办学条件") and "全市中小学校舍面积达到120万平方米。" in page2
    assert "全市新建学校6所。" in got.text[:got.unit_starts[1]]
    assert got.text.splitlines()[:2] == ["江阴市2022年教育工作总结", "一、基础设施"]


def test_pdf_type_sizes_make_sections_without_numbering(tmp_path: Path):
    from index.ingest.clean import boilerplate_spans
    from index.ingest.sections import parse_paragraphs

    long_line = "全区教育系统坚持稳中求进，各项工作取得新的进展，办学条件持续改善，教育质量稳步提升，"
    pdf = write_pdf(tmp_path / "h.pdf", [[("溧水区2024年教育工作总结", 20), long_line, "群众满意度进一步提高。",
                                          ("学前教育", 16), ("普惠发展", 14), "新建幼儿园3所。"],
                                         [("师资队伍", 16), "招聘教师310名。", ("共计", 12)]])
    got = extract(pdf, LIMIT)
    lines = got.text.splitlines()
    # sizes larger than the body's (12 pt) are headings, the largest outermost; a line wrapped by the
    # layout is joined back, but never into a heading
    assert [(lines[got.text.count("\n", 0, at)], level) for at, level in got.headings] == [
        ("溧水区2024年教育工作总结", 1), ("学前教育", 2), ("普惠发展", 3), ("师资队伍", 2)]
    assert long_line + "群众满意度进一步提高。" in lines
    sections = {got.text[p.start:p.end]: p.section
                for p in parse_paragraphs(got.text, boilerplate_spans(got.text), dict(got.headings))}
    assert sections["溧水区2024年教育工作总结"] == ()
    assert sections["新建幼儿园3所。"] == ("学前教育", "普惠发展")
    assert sections["招聘教师310名。"] == ("师资队伍",)
    assert sections["共计"] == ("师资队伍",)         # body size: not a heading


def test_html_main_text_without_navigation(tmp_path: Path):
    got = extract(write_html(tmp_path / "r.html"), LIMIT)       # GB18030 bytes, declared gb2312
    assert got.text.splitlines() == ["溧水区2024年教育工作总结", "一、教师队伍",
                                     "全区公开招聘教师310名，其中硕士研究生42名。", "指标 | 数值", "新建校舍 | 5万平方米"]
    for furniture in ("网站首页", "门户网站", "版权所有", "脚本"):
        assert furniture not in got.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str):
    text = "金坛区2019年教育工作总结\r\n全年招聘教师100名。\r\n"
    path = tmp_path / "r.txt"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    path.write_bytes(bom + text.encode(encoding))
    got = extract(path, LIMIT)
    assert (got.text, got.in_place) == ("金坛区2019年教育工作总结\n全年招聘教师100名。", False)


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)           # a hole: refused by its size, so never read
    return path


BAD_FILES = {
    # name: (how to make it, words the one-line error must hold)
    "empty.txt": (lambda p: p.write_bytes(b""), "empty"),
    "blank.txt": (lambda p: p.write_bytes(b" \n\t\r\n"), "empty"),
    "binary.txt": (lambda p: p.write_bytes(bytes(range(256)) * 8), "binary"),
    "nul.txt": (lambda p: p.write_bytes("金坛区教育\x00工作总结".encode("utf-8")), "NUL bytes"),
    "utf16_no_bom.txt": (lambda p: p.write_bytes("金坛区2019年教育工作总结".encode("utf-16-le")), "NUL bytes"),
    "gibberish.txt": (lambda p: p.write_bytes(b"\xff\xfe\xfd\x80\x00\xff" * 20), "binary"),
    "encrypted.pdf": (lambda p: write_pdf(p, encrypt="secret"), "encrypted"),
    "scanned.pdf": (lambda p: write_pdf(p, text=False), "no text layer"),
    "notapdf.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n garbage garbage"), "not a readable PDF"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(300)), "not a readable .docx"),
    "notword.docx": (write_broken_docx, "not a readable .docx"),
    "protected.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
                       "password-protected"),
    "emptyword.docx": (lambda p: write_docx(p, [" "]), "no text"),
    "navonly.html": (lambda p: p.write_text("<html><body><nav>首页</nav><script>x</script></body></html>",
                                            "utf-8"), "no text"),
    "huge.txt": (lambda p: _sparse(p, LIMIT + 1), "over the 1 MB limit"),
    "notes.md": (lambda p: p.write_text("# 金坛", "utf-8"), "not an accepted format"),
    "missing.txt": (lambda p: None, "no such file"),
    "folder.txt": (lambda p: p.mkdir(), "is a folder"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_with_one_line_naming_it(tmp_path: Path, name: str):
    make, reason = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError) as err:
        extract(path, LIMIT)
    message = str(err.value)
    assert name in message and reason in message and "\n" not in message


@pytest.mark.parametrize("raw, safe", [
    ("<img src=x onerror=alert(1)>.txt", "img src=x onerror=alert(1)_.txt"),
    ("-rf.txt", "rf.txt"),
    ("bad\nname.docx", "bad_name.docx"),
    ("..\\..\\etc\\报告.pdf", "报告.pdf"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("a\u202eb.html", "a_b.html"),
])
def test_names_are_made_safe(raw: str, safe: str):
    assert safe_name(raw) == safe


def test_name_without_a_stem_is_refused():
    with pytest.raises(IngestError, match="no name"):
        safe_name("../.txt")


def test_folders_expand_recursively_and_missing_paths_are_named(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    write_docx(tmp_path / "a" / "b" / "x.docx")
    (tmp_path / "a" / "y.txt").write_text("金坛", "utf-8")
    (tmp_path / "a" / "notes.md").write_text("# x", "utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text("x", "utf-8")
    (tmp_path / "empty").mkdir()
    files, problems = expand([tmp_path / "a", tmp_path / "a" / "y.txt", tmp_path / "nope.pdf", tmp_path / "empty"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/b/x.docx", "a/y.txt"]
    assert len(problems) == 2 and "nope.pdf: no such file" in problems[0] and "holds no reports" in problems[1]
