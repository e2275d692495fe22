"""The chat UI end to end: a live server on a private index, driven by Chromium and by 8 API clients.

Skipped where /usr/bin/chromium is missing (`make browser` installs it). Screenshots go to artifacts/ui/ (git-ignored);
the answer-in-view test writes its desktop and phone screenshots under its own tmp dir.
"""
from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui import render as R

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "ui"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = "金坛2019年招聘了多少教师"
JINTAN_DOC = "001_8c9d520ce41816f3.txt"
UPLOAD_NAME = "liyang_2024.txt"
# The <script> sits in the answer's paragraph so it is cited, and must show as text, never run.
UPLOAD_TEXT = ("溧阳市2024年教育工作总结\n\n一、教师队伍建设\n"
               "2024年，溧阳市燕山实验学校等学校扩大办学规模，全年招聘新教师120名。"
               "<script>window.__xss = 1</script>\n\n二、下一步工作\n继续推进集团化办学。\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(assistant) -> Iterator[tuple[str, object]]:
    """The session's assistant (bundled reports, temporary index) behind a live server."""
    from ui.app import build_app, launch, warm_up

    warm_up(assistant)
    app = build_app(assistant)
    url = launch(app, "127.0.0.1", _free_port(), assistant.config.runs_dir)
    yield url, assistant
    app.close()


@pytest.fixture(scope="module")
def browser(server):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:      # one per module: a second sync_playwright cannot run inside it
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(server, browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg.set_default_timeout(30_000)
    pg.goto(server[0])
    yield pg
    pg.close()


def _shot(pg, name: str, anchor=None) -> None:
    if anchor is not None:  # the chat autoscrolls to the bottom; show the answer's start instead
        anchor.evaluate("e => e.scrollIntoView({block: 'start'})")
    pg.screenshot(path=str(SHOTS / name), full_page=True)


def test_example_question_answers_with_marked_citation(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name=EXAMPLE).click()
    answer = page.locator("#qa-chat .qa-answer").last
    expect(answer).to_be_visible(timeout=90_000)
    # the filters were filled from what the question names
    expect(page.get_by_label("区县筛选")).to_have_value("金坛区")
    expect(page.get_by_label("年份筛选")).to_have_value("2019")
    answer.locator("details.qa-cites > summary").click()     # the sources are folded below the answer
    first = answer.locator("details.qa-cite").first
    expect(first.locator("summary")).to_contain_text("金坛区")
    first.locator("summary").click()
    expect(first.locator(".qa-src")).to_contain_text(JINTAN_DOC)
    mark = first.locator(".qa-passage mark")
    expect(mark).to_be_visible()
    # the passage marks what the answer quotes from it: a part of the total in its table
    assert mark.inner_text().strip() in answer.locator(".qa-parts-table").inner_text()
    _shot(page, "chat_answer.png", answer)


def test_a_question_asked_of_two_districts_shows_both_answers(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="新北2018年和钟楼2021年分别纪念的是建党多少周年？").click()
    answer = page.locator("#qa-chat .qa-answer").last
    expect(answer.locator("li.qa-part")).to_have_count(2, timeout=90_000)
    # two districts and two years: the filters stay open, so each district is asked alone
    expect(page.get_by_label("区县筛选")).to_have_value("全部")
    parts = answer.locator("li.qa-part")
    expect(parts.nth(0)).to_contain_text("新北2018年：97周年")
    expect(parts.nth(1)).to_contain_text("钟楼2021年：100周年")
    assert [parts.nth(i).locator("mark").inner_text() for i in range(2)] == ["97周年", "100周年"]
    _shot(page, "chat_parts.png", answer)


def _file_name(name: str) -> re.Pattern:
    # Gradio's file list shows the stem and the extension in separate cells of text, which
    # sometimes read back with a space between them ("report .pdf")
    stem, dot, ext = name.rpartition(".")
    return re.compile(re.escape(stem) + r"\s*" + re.escape(dot + ext))


def test_bad_upload_is_refused_and_good_one_is_answerable(page, tmp_path):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="文档").click()
    table, status = page.locator("#qa-docs"), page.locator("#qa-doc-status textarea")
    expect(table).to_contain_text(JINTAN_DOC)
    files = page.locator("#qa-upload input[type=file]")

    bad = tmp_path / "report.xls"
    bad.write_text("不是文本", encoding="utf-8")
    files.set_input_files(str(bad))
    expect(page.locator("#qa-upload")).to_contain_text(_file_name("report.xls"))
    page.get_by_role("button", name="添加到资料库").click()
    expect(status).to_have_value(re.compile("只接受 .txt"))
    expect(table).not_to_contain_text("report.xls")

    good = tmp_path / UPLOAD_NAME
    good.write_text(UPLOAD_TEXT, encoding="gb18030")          # the other accepted encoding
    files.set_input_files(str(good))
    expect(page.locator("#qa-upload")).to_contain_text(_file_name(UPLOAD_NAME))
    page.get_by_role("button", name="添加到资料库").click()
    expect(status).to_have_value(re.compile(f"已添加 {UPLOAD_NAME}"), timeout=120_000)
    expect(table).to_contain_text("溧阳市")
    _shot(page, "documents.png")

    page.get_by_role("tab", name="问答").click()
    page.get_by_label("区县筛选").click()
    page.get_by_role("option", name="全部").click()       # a manual choice the next question overrides
    box = page.locator("#qa-question textarea")
    answers = page.locator("#qa-chat .qa-answer")
    before = answers.count()
    box.fill("溧阳市2024年招聘了多少新教师")
    box.press("Enter")
    expect(answers).to_have_count(before + 1, timeout=90_000)
    answer = answers.last
    answer.locator("details.qa-cites > summary").click()
    first = answer.locator("details.qa-cite").first
    expect(first.locator("summary")).to_contain_text("溧阳市")
    first.locator("summary").click()
    expect(first.locator(".qa-passage")).to_contain_text("全年招聘新教师120名")
    # the report's <script> is shown as text and never ran
    expect(first.locator(".qa-passage")).to_contain_text("<script>window.__xss = 1</script>")
    assert page.evaluate("() => window.__xss === undefined")
    _shot(page, "uploaded_answer.png", answer)


def test_remove_uploaded_document(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="文档").click()
    page.get_by_label("选择要删除的文档").click()
    page.get_by_role("option", name=UPLOAD_NAME).click()
    page.once("dialog", lambda d: d.accept())             # the confirm() before deleting
    page.get_by_role("button", name="删除所选文档").click()
    expect(page.locator("#qa-doc-status textarea")).to_have_value(f"已删除 {UPLOAD_NAME}。", timeout=60_000)
    expect(page.locator("#qa-docs")).not_to_contain_text(UPLOAD_NAME)


def test_a_word_report_uploaded_in_the_browser_is_answered_with_its_paragraph(page, tmp_path):
    import docx
    from playwright.sync_api import expect

    document = docx.Document()
    document.add_heading("宜兴市2024年教育工作总结", level=1)
    document.add_paragraph("2024年，全市教育系统稳中求进。")
    document.add_heading("师资队伍", level=2)                  # no number: its style makes it a heading
    document.add_paragraph("全年宜兴市公开招聘新教师260名。")
    path = tmp_path / "宜兴2024.docx"
    document.save(str(path))
    page.get_by_role("tab", name="文档").click()
    page.locator("#qa-upload input[type=file]").set_input_files(str(path))
    expect(page.locator("#qa-upload")).to_contain_text(_file_name(path.name))
    page.get_by_role("button", name="添加到资料库").click()
    status = page.locator("#qa-doc-status textarea")
    expect(status).to_have_value(re.compile(f"已添加 {path.name}"), timeout=120_000)

    page.get_by_role("tab", name="问答").click()
    box, answers = page.locator("#qa-question textarea"), page.locator("#qa-chat .qa-answer")
    before = answers.count()
    box.fill("宜兴2024年公开招聘了多少新教师")
    box.press("Enter")
    expect(answers).to_have_count(before + 1, timeout=90_000)
    answer = answers.last
    expect(answer.locator("strong").first).to_contain_text("260名")
    answer.locator("details.qa-cites > summary").click()
    first = answer.locator("details.qa-cite").first
    first.locator("summary").click()
    expect(first.locator(".qa-section")).to_contain_text("师资队伍")
    # the Word paragraph the passage starts in (the title is paragraph 1)
    expect(first.locator(".qa-src")).to_contain_text(f"{path.name} · 第 4 段")

    page.get_by_role("tab", name="文档").click()
    page.get_by_label("选择要删除的文档").click()
    page.get_by_role("option", name=path.name).click()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="删除所选文档").click()
    expect(status).to_have_value(f"已删除 {path.name}。", timeout=60_000)


def test_evaluation_tab_runs_a_few_questions(page, server):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="评测").click()
    page.get_by_label("只跑前几题（0 = 全部）").fill("3")
    page.get_by_role("button", name="运行评测").click()
    expect(page.locator("#qa-eval-status textarea")).to_have_value(re.compile("完成 3 题"), timeout=120_000)
    expect(page.get_by_text("判定正确率 %").first).to_be_visible()
    _shot(page, "evaluation.png")
    # the full report opens in the browser, served by the app itself
    link = page.locator("#qa-eval-report a")
    expect(link).to_have_text("在浏览器中打开完整报告")
    report = page.request.get(server[0].rstrip("/") + link.get_attribute("href"))
    assert report.ok and "<html" in report.text()


def _latin_words(text: str) -> set[str]:
    """Latin-letter words on screen, file names aside; EM and F1 are the metrics' own names."""
    text = re.sub(r"[\w./-]*\.(?:txt|jsonl|json|csv|html)", " ", text)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9@]*", text)) - {"EM", "F1"}


# What the reports themselves say (passages, titles, answers) may hold Latin letters; our labels may not.
_OUR_WORDS = """(el) => {
  const c = el.cloneNode(true);
  c.querySelectorAll('.qa-passage, .qa-quote, .qa-src, .qa-section, .qa-cite summary, strong, style, svg, script')
    .forEach(e => e.remove());
  return c.textContent;
}"""


def _ask(pg, question: str, count: int):
    from playwright.sync_api import expect

    box = pg.locator("#qa-question textarea")
    box.fill(question)
    box.press("Enter")
    answers = pg.locator("#qa-chat .qa-answer")
    expect(answers).to_have_count(count, timeout=90_000)
    return answers.last


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_answer_is_in_view_after_asking(server, browser, width, height, tmp_path):
    from playwright.sync_api import expect

    pg = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        pg.set_default_timeout(30_000)
        pg.goto(server[0])
        box = pg.locator("#qa-question textarea")
        # Shift+Enter starts a new line and asks nothing; Enter asks
        box.fill("第一行")
        box.press("Shift+Enter")
        box.type("第二行")
        assert box.input_value() == "第一行\n第二行"
        _ask(pg, EXAMPLE, 1)
        answer = _ask(pg, "新北2018年和钟楼2021年分别纪念的是建党多少周年？", 2)
        pg.wait_for_timeout(600)                    # the scroll runs once the message is laid out
        pg.screenshot(path=str(tmp_path / f"chat_{width}x{height}.png"))   # what the user sees now
        expect(answer.locator(".qa-head")).to_be_in_viewport(ratio=1)
        expect(answer.locator("li.qa-part").first).to_be_in_viewport()
        filters = pg.locator("#qa-filters")
        if width < 700:   # on a phone the answer comes first and the filters are folded away
            expect(pg.get_by_label("区县筛选")).to_be_hidden()
            assert answer.bounding_box()["y"] < filters.bounding_box()["y"]
        else:
            expect(pg.get_by_label("区县筛选")).to_be_visible()
        assert _latin_words(pg.locator("#qa-chat").evaluate(_OUR_WORDS)) == set()
    finally:
        pg.close()


def test_marked_answers_run_as_a_set_from_the_tab(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="问答").click()
    clear = page.get_by_role("button", name="清空对话")     # the chat's own button, there once it has messages
    if clear.count():
        clear.click()
    answers = page.locator("#qa-chat .qa-answer")
    expect(answers).to_have_count(0)
    page.get_by_role("button", name=EXAMPLE).click()
    expect(answers).to_have_count(1, timeout=90_000)
    status = page.locator("#qa-mark-status")
    page.get_by_role("button", name="答对了").click()
    expect(status).to_contain_text("已记为答对")

    page.get_by_role("button", name="钟楼2021年教育现代化建设监测得了多少分？").click()
    expect(answers).to_have_count(2, timeout=90_000)
    expect(status).to_have_text("")                            # a new answer, not yet marked
    fix = page.locator("#qa-mark-fix textarea")
    fix.fill("这句话不在任何报告里")
    page.get_by_role("button", name="答错了").click()
    expect(status).to_contain_text("不是引用段落或资料原文中的原话")
    passage = answers.last.locator(".qa-passage").first.text_content()
    fix.fill(passage[:12])
    page.get_by_role("button", name="答错了").click()
    expect(status).to_contain_text("已记为答错")

    page.get_by_role("tab", name="评测").click()
    page.get_by_label("评测集（我标记的问题，或项目自带的题集）").click()
    page.get_by_role("option", name="我标记的问题（2 题）").click()
    page.get_by_label("只跑前几题（0 = 全部）").fill("0")
    page.get_by_role("button", name="运行评测").click()
    expect(page.locator("#qa-eval-status textarea")).to_have_value(re.compile("完成 2 题"), timeout=120_000)
    expect(page.locator("#qa-eval-overall")).to_contain_text("题目数")
    expect(page.locator("#qa-failures")).to_contain_text("钟楼2021年")    # the corrected one is scored wrong
    # two runs now exist: compare them
    page.get_by_role("button", name="比较", exact=True).click()
    expect(page.locator("#qa-compare-status textarea")).to_have_value(re.compile("乙比甲多对"))
    page.screenshot(path=str(SHOTS / "evaluation_feedback.png"), full_page=True)
    visible = page.locator("#qa-eval-tab").inner_text() + page.locator("#qa-chat").evaluate(_OUR_WORDS)
    assert "相关度" not in visible and not re.search(r"\d\.\d{3}", visible)   # no raw fusion score
    assert _latin_words(visible) == set(), _latin_words(visible)


def _distinct_questions(assistant, n: int) -> list[tuple[str, str]]:
    """n eval questions whose answers (or refusal reasons) differ, each with that expected text."""
    picked, seen = [], set()
    for line in (ROOT / "eval" / "changzhou_dev.jsonl").read_text(encoding="utf-8").splitlines()[::7]:
        q = json.loads(line)["question"]
        ans = assistant.ask(q)
        expected = R.esc(ans.reason if ans.abstained else ans.answer)
        if expected not in seen:
            seen.add(expected)
            picked.append((q, expected))
        if len(picked) == n:
            return picked
    raise AssertionError("not enough questions with distinct answers")


def test_eight_simultaneous_clients_get_their_own_answers(server):
    from gradio_client import Client

    url, assistant = server
    cases = _distinct_questions(assistant, 8)
    clients = [Client(url, verbose=False) for _ in cases]
    start = threading.Barrier(len(cases))
    results: list[object] = [None] * len(cases)

    def one(i: int) -> None:
        start.wait()
        try:
            results[i] = clients[i].predict(cases[i][0], [], R.ALL, R.ALL, 5, api_name="/ask")
        except Exception as exc:  # recorded, so every failure shows in the assertion below
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for (question, expected), result in zip(cases, results):
        assert not isinstance(result, Exception), f"{question}: {result!r}"
        history, box = result
        text = json.dumps(history, ensure_ascii=False)
        assert box == "" and R.esc(question) in text and expected in text, (question, expected, text[:500])
        assert "出错了" not in text
