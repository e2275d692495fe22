"""Reports of every format added to a real (small) index: cited exactly, kept by a full build;
duplicates, name clashes and bad files change nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from format_samples import write_docx, write_html, write_pdf
from index.ingest.errors import DuplicateDocument, IngestError
from index.storage import read_manifest
from qa.config import Config
from qa.pipeline import Assistant

BUNDLED = "004_620ee89382bd1b1b.txt"           # 天宁2025, the smallest bundled report
OWN = "溧阳市2024年教育工作总结\n一、队伍建设\n1.加强教师招聘。全年公开招聘新教师120名，其中研究生15名。\n"


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, Path]:
    base = tmp_path_factory.mktemp("library")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(Config().corpus_dir / BUNDLED, corpus / BUNDLED)
    config = Config().with_overrides(corpus_dir=corpus, index_dir=base / "store", library_dir=base / "library")
    files = base / "incoming"
    files.mkdir()
    assistant = Assistant.load(config)
    for path in (write_docx(files / "yixing.docx"), write_pdf(files / "jiangyin.pdf"),
                 write_html(files / "lishui.html")):
        assistant.add_document(path)
    return assistant, files


def _check(citation) -> str:
    quoted = Path(Config().root / citation.path if not Path(citation.path).is_absolute() else citation.path)
    assert quoted.read_text("utf-8")[citation.start:citation.end] == citation.text
    return citation.text


@pytest.mark.parametrize("doc, question, expected, page, paragraph", [
    ("yixing.docx", "全年新建幼儿园多少所", "全年新建幼儿园8所", None, 3),
    ("jiangyin.pdf", "中小学校舍面积达到多少", "120万平方米", 2, None),
    ("lishui.html", "全区公开招聘教师多少名", "310名", None, None),
])
def test_each_format_is_answered_with_exact_citations(lib, doc, question, expected, page, paragraph):
    assistant, _ = lib
    answer = assistant.ask(question)
    cited = [c for c in answer.citations if c.doc == doc]
    assert cited, [c.doc for c in answer.citations]
    for c in answer.citations:
        _check(c)
    first = cited[0]
    assert expected in first.text
    assert (first.page, first.paragraph) == (page, paragraph)
    assert first.source == f"{_rel(assistant.config.library_dir)}/{doc}"
    assert first.path == f"{_rel(assistant.config.text_dir)}/{doc}.txt"


def test_a_composed_piece_cited_from_outside_the_retrieved_passages_names_its_page(lib):
    # a part of a total or list may sit in a passage the question did not retrieve: its citation
    # is made from the indexed chunk, and still says which page of the PDF holds it
    from qa.compose.parts import cite

    assistant, _ = lib
    doc = assistant.store.documents["jiangyin.pdf"]
    start = doc.text.index("120万平方米")
    citation = cite(assistant.store, "jiangyin.pdf", start, start + 7, prefer=[])
    assert citation.page == 2 and citation.paragraph is None
    assert citation.source == doc.source and "120万平方米" in _check(citation)


def _rel(path: Path) -> str:
    root = Config().root.resolve()
    return path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path.resolve())


def test_same_content_again_is_already_indexed(lib, tmp_path: Path):
    assistant, files = lib
    chunks = assistant.store.chunks
    shutil.copy(files / "jiangyin.pdf", tmp_path / "copy of jiangyin.pdf")
    with pytest.raises(DuplicateDocument, match="already indexed as jiangyin.pdf"):
        assistant.add_document(tmp_path / "copy of jiangyin.pdf")
    assert assistant.store.chunks == chunks


def test_a_name_clash_never_replaces(lib, tmp_path: Path):
    assistant, _ = lib
    before = assistant.store.documents[BUNDLED]
    (tmp_path / BUNDLED).write_text("天宁区2025年教育工作总结\n全区新增托位9999个。\n", "utf-8")
    with pytest.raises(IngestError, match=f"another document named {BUNDLED}"):
        assistant.add_document(tmp_path / BUNDLED)
    assert assistant.store.documents[BUNDLED] == before
    assert not (assistant.config.library_dir / BUNDLED).exists()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 100, b"PK\x03\x04broken"])
def test_bad_file_changes_nothing(lib, tmp_path: Path, content: bytes):
    assistant, _ = lib
    chunks, library = assistant.store.chunks, sorted(assistant.config.library_dir.rglob("*"))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(IngestError, match="bad.docx"):
        assistant.add_document(bad)
    assert assistant.store.chunks == chunks
    assert sorted(assistant.config.library_dir.rglob("*")) == library


def test_unsafe_name_is_stored_safe_and_shown_as_given(lib, tmp_path: Path):
    assistant, _ = lib
    raw = "-<i>溧阳\n报告.txt"
    (tmp_path / raw).write_text(OWN, "utf-8")
    doc = assistant.add_document(tmp_path / raw)
    assert (doc.doc, doc.original_name) == ("i_溧阳_报告.txt", raw)
    assert (assistant.config.library_dir / doc.doc).is_file()
    assistant.remove_document(doc.doc)


def test_full_build_keeps_every_added_format_and_the_removals(lib):
    assistant, _ = lib
    config = assistant.config
    assistant.remove_document(BUNDLED)
    rebuilt = Assistant.load(config, rebuild=True)          # what `qa index build` does
    assert sorted(rebuilt.store.documents) == ["jiangyin.pdf", "lishui.html", "yixing.docx"]
    assert rebuilt.notices == []
    assert read_manifest(config.index_dir).removed == (BUNDLED,)
    assert not Assistant.load(config).notices               # and it is not stale afterwards
    assert rebuilt.ask("中小学校舍面积达到多少").citations[0].page == 2


def test_a_corpus_with_subfolders_duplicates_and_a_name_twice(tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "2023").mkdir(parents=True)
    write_docx(corpus / "yixing.docx")
    shutil.copy(corpus / "yixing.docx", corpus / "2023" / "copy.docx")           # same content
    (corpus / "2023" / "r.txt").write_text(OWN, "utf-8")
    (corpus / "r.txt").write_text(OWN.replace("120", "130"), "utf-8")            # same name, other text
    config = Config().with_overrides(corpus_dir=corpus, index_dir=tmp_path / "store", library_dir=tmp_path / "lib")
    built = Assistant.load(config, rebuild=True)
    # path order: 2023/copy.docx, 2023/r.txt, r.txt, yixing.docx
    assert sorted(built.store.documents) == ["copy.docx", "r (2).txt", "r.txt"]
    assert built.store.documents["r.txt"].path.endswith("corpus/2023/r.txt")
    assert sum("yixing.docx: the same content as copy.docx; indexed once" in n for n in built.notices) == 1
    assert sum("indexed as r (2).txt" in n for n in built.notices) == 1
    assert not Assistant.load(config).notices                                   # nothing taken for new


def test_a_word_files_heading_styles_are_kept_in_the_index(lib):
    from index import storage as store_io

    assistant, _ = lib
    saved = store_io.load(assistant.config.index_dir, assistant.config.root)
    # the sample's first line is styled Heading 1: stored, so a rebuild or reload sections alike
    assert saved.documents["yixing.docx"].headings == ((0, 1),)
    assert saved.documents["jiangyin.pdf"].headings == ()
