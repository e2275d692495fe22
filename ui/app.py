"""The chat UI: three tabs (问答, 文档, 评测) over one shared Assistant."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

# Offline product: no telemetry or version pings (must be set before gradio is imported).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from qa.config import Config  # noqa: E402
from ui import render as R  # noqa: E402
from ui.handlers import DEFAULT_EVAL, Handlers  # noqa: E402

# Questions answered at once; the others wait in gradio's queue. Each answer already runs torch on
# two threads, so more at once than the cores allow makes every one slower (thrashing): with 16
# users, queueing keeps p95 near 16 answers' worth of work instead of all of them stalling together.
CONCURRENCY = max(2, (os.cpu_count() or 2) // 2)
EXAMPLES = ["金坛2019年招聘了多少教师", "钟楼2021年教育现代化建设监测得了多少分？",
            "新北区政府下达多少专项经费给学校装视频监控？", "武进2020年幼儿园编制教师招多少？",
            "天宁新增托位多少个", "新北2018年和钟楼2021年分别纪念的是建党多少周年？"]
# System fonts only: the default theme fetches Google Fonts, which an offline machine cannot reach.
_FONTS = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "system-ui", "sans-serif"]
THEME = gr.themes.Soft(primary_hue="blue", font=_FONTS, font_mono=["Menlo", "Consolas", "monospace"])
CSS = """
.qa-answer{line-height:1.75;scroll-margin-top:12px}
.qa-answer mark{background:#ffe58f;color:#222;padding:0 2px;border-radius:2px}
.qa-label{display:inline-block;background:#1d4ed8;color:#fff;border-radius:4px;padding:0 6px;font-size:.85em}
.qa-abstain{color:#b45309;font-weight:600}
.qa-quote{border-left:3px solid #cbd5e1;margin:6px 0;padding:2px 10px}
.qa-meta,.qa-src,.qa-where,.qa-section{color:#6b7280;font-size:.85em}
.qa-notice{color:#b45309;font-size:.9em}
.qa-cites-title{margin-top:8px;font-weight:600}
.qa-cite{border:1px solid #e5e7eb;border-radius:6px;padding:4px 8px;margin:4px 0}
.qa-cite summary{cursor:pointer}
.qa-passage{margin:4px 0}
.qa-parts{margin:4px 0;padding-left:1.2em}
.qa-cites{margin-top:8px}
.qa-cites>summary{cursor:pointer;color:#1d4ed8}
.qa-rank{display:inline-block;background:#dcfce7;color:#166534;border-radius:4px;padding:0 5px;margin-right:4px;font-size:.8em}
#qa-mark{align-items:center}
"""
# After an answer arrives, bring the newest answer's *top* into view (the chat would otherwise show
# its bottom, i.e. the last citation); twice, as the message may still be laying out.
SCROLL_TO_ANSWER = """() => {
  const go = () => {
    const all = document.querySelectorAll('#qa-chat .qa-answer');
    if (all.length) all[all.length - 1].scrollIntoView({block: 'start', behavior: 'instant'});
  };
  requestAnimationFrame(go); setTimeout(go, 300);
}"""
# On a phone the filters fold away below the chat (they stay one tap from being opened).
FOLD_FILTERS_WHEN_NARROW = """() => {
  if (window.innerWidth >= 700) return;
  const btn = document.querySelector('#qa-filters > button, #qa-filters .label-wrap');
  if (btn && btn.classList.contains('open')) btn.click();
}"""


def _chat_tab(h: Handlers) -> dict[str, Any]:
    with gr.Row():
        with gr.Column(scale=3, min_width=320):
            chat = gr.Chatbot(label="对话", show_label=False, height=600, elem_id="qa-chat", latex_delimiters=[],
                              feedback_options=None, buttons=["copy"], autoscroll=False,
                              placeholder="请输入问题，或点击下方的示例问题。答案均摘自报告原文，并附出处。")
            last = gr.State(None)          # the newest answer, for 答对了 / 答错了
            mark = _mark_row(h, last)
            with gr.Row():
                question = gr.Textbox(show_label=False, placeholder="例如：金坛2019年招聘了多少教师（回车提问，Shift+回车换行）",
                                      lines=1, max_lines=3, scale=6, elem_id="qa-question")
                send = gr.Button("提问", variant="primary", scale=1, min_width=80)
            gr.Markdown("**示例问题**（点击即问）")
            with gr.Row():
                examples = [gr.Button(q, size="sm") for q in EXAMPLES]
        with gr.Column(scale=1, min_width=240):
            with gr.Accordion("筛选与设置", open=True, elem_id="qa-filters"):
                district = gr.Dropdown(h.district_choices(), value=R.ALL, label="区县筛选")
                year = gr.Dropdown(h.year_choices(), value=R.ALL, label="年份筛选")
                k = gr.Slider(1, 10, value=5, step=1, label="引用段落数")
                gr.Markdown("问题中提到的区县、年份会自动填入筛选，可手动修改；“全部”表示不筛选。")
    auto = gr.State({"district": False, "year": False})

    filters = dict(fn=h.prefill, inputs=[question, district, year, auto], outputs=[district, year, auto],
                   show_progress="hidden", api_visibility="private")
    answer = dict(fn=h.respond, inputs=[question, chat, district, year, k], outputs=[chat, question, last])
    in_view = dict(fn=None, js=SCROLL_TO_ANSWER, api_visibility="private", queue=False)
    question.input(trigger_mode="always_last", **filters)
    question.submit(**filters).then(api_name="ask", **answer).then(**in_view).then(**mark["reset"])
    send.click(**filters).then(api_visibility="private", **answer).then(**in_view).then(**mark["reset"])
    for btn, q in zip(examples, EXAMPLES):
        btn.click(lambda q=q: q, None, question, api_visibility="private", queue=False) \
            .then(**filters).then(api_visibility="private", **answer).then(**in_view).then(**mark["reset"])
    # a filter the user picks by hand is theirs: later questions must not reset it
    district.input(lambda a: {**a, "district": False}, auto, auto, api_visibility="private", queue=False)
    year.input(lambda a: {**a, "year": False}, auto, auto, api_visibility="private", queue=False)
    # the chat's own 清空对话 (trash) button: the cleared answer can no longer be marked
    chat.clear(lambda: None, None, last, api_visibility="private", queue=False)
    return {"district": district, "year": year}


def _mark_row(h: Handlers, last: gr.State) -> dict[str, Any]:
    """答对了 / 答错了 under the chat, for the newest answer: each mark joins the local feedback set."""
    with gr.Row(elem_id="qa-mark"):
        gr.Markdown("最新的回答对吗？", elem_id="qa-mark-ask")
        right = gr.Button("答对了", size="sm", min_width=70, elem_id="qa-mark-right")
        wrong = gr.Button("答错了", size="sm", min_width=70, elem_id="qa-mark-wrong")
        fix = gr.Textbox(show_label=False, placeholder="答错时可填正确答案（须是原文中的原话）", lines=1, scale=3,
                         elem_id="qa-mark-fix")
    said = gr.Markdown("", elem_id="qa-mark-status")
    private = dict(api_visibility="private", queue=False)
    right.click(lambda a: h.mark(a, True), last, said, **private)
    wrong.click(lambda a, c: h.mark(a, False, c), [last, fix], said, **private)
    return {"reset": dict(fn=lambda: ("", ""), inputs=None, outputs=[fix, said], **private)}


def _docs_tab(h: Handlers, chat: dict[str, Any]) -> dict[str, Any]:
    table = gr.Dataframe(value=h.doc_rows(), headers=R.DOC_HEADERS, interactive=False, wrap=True,
                         label="已收录的文档（区县、年份、类型为自动识别）", elem_id="qa-docs")
    with gr.Row():
        with gr.Column():
            upload = gr.File(label="上传报告：.txt（UTF-8 或 GB18030 编码）、.docx、带文字层的 .pdf、.html，每个不超过 2 MB",
                             file_count="multiple", elem_id="qa-upload")
            add = gr.Button("添加到资料库", variant="primary")
        with gr.Column():
            pick = gr.Dropdown(h.doc_names(), value=None, label="选择要删除的文档")
            remove = gr.Button("删除所选文档", variant="stop")
    status = gr.Textbox(label="状态", interactive=False, lines=2, elem_id="qa-doc-status")

    def refresh() -> tuple[Any, ...]:
        # the filters go back to 全部: a value whose report was just removed would be off their lists
        return (h.doc_rows(), gr.Dropdown(choices=h.doc_names(), value=None),
                gr.Dropdown(choices=h.district_choices(), value=R.ALL),
                gr.Dropdown(choices=h.year_choices(), value=R.ALL))

    def add_files(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
        return (h.add_files(files, progress), None, *refresh())

    def remove_doc(name: str | None) -> tuple[Any, ...]:
        return (h.remove(name), *refresh())

    views = [table, pick, chat["district"], chat["year"]]
    # One library change at a time; questions keep flowing while a document is indexed.
    add.click(add_files, upload, [status, upload, *views], concurrency_limit=1, concurrency_id="library",
              api_name="add_documents")
    remove.click(remove_doc, pick, [status, *views], concurrency_limit=1, concurrency_id="library",
                 api_name="remove_document",
                 js="(name) => (name && confirm('确定从资料库删除 ' + name + ' 吗？')) ? name : null")
    return {"refresh": refresh, "views": views}


def _eval_tab(h: Handlers) -> dict[str, Any]:
    sets = h.eval_sets()
    with gr.Row():
        choice = gr.Dropdown(h.eval_set_choices(), value=DEFAULT_EVAL if DEFAULT_EVAL in sets else sets[0],
                             label="评测集（我标记的问题，或项目自带的题集）", elem_id="qa-eval-set")
        upload = gr.File(label="或上传评测集（每行一题的 .jsonl、.csv 表格，或阅读理解格式的 .json）", file_count="single")
        limit = gr.Number(value=0, precision=0, minimum=0, label="只跑前几题（0 = 全部）")
    run = gr.Button("运行评测", variant="primary")
    status = gr.Textbox(label="状态", interactive=False, elem_id="qa-eval-status")
    report = gr.HTML(elem_id="qa-eval-report")
    gr.Markdown(R.METRIC_HELP, elem_id="qa-eval-help")
    with gr.Row():
        overall = gr.Dataframe(headers=["指标", "数值"], interactive=False, label="总体指标（百分制）",
                               max_height=800, elem_id="qa-eval-overall")
        by_type = gr.Dataframe(headers=R.TYPE_HEADERS, interactive=False, label="按题型")
    failures = gr.HTML(elem_id="qa-failures")

    gr.Markdown("### 比较两次评测")
    with gr.Row():
        run_a = gr.Dropdown(h.run_choices(), value=None, label="甲（较早的一次）", elem_id="qa-run-a")
        run_b = gr.Dropdown(h.run_choices(), value=None, label="乙（较新的一次）", elem_id="qa-run-b")
        compare = gr.Button("比较", min_width=80)
    compared = gr.Textbox(label="比较结果", interactive=False, elem_id="qa-compare-status")
    deltas = gr.Dataframe(headers=R.COMPARE_HEADERS, interactive=False, label="指标变化", elem_id="qa-compare")
    flips = gr.HTML(elem_id="qa-flips")

    gr.Markdown("### 我标记的问题\n在问答页点“答对了”“答错了”的问题保存在本机（不会发送到任何地方），"
                "可在上方选“我标记的问题”运行，也可导出给同事。")
    with gr.Row():
        export = gr.Button("导出反馈评测集", min_width=120)
        exported = gr.File(label="导出的文件", interactive=False, elem_id="qa-feedback-file")
    export_said = gr.Markdown("")

    def evaluate(c: str, u: str | None, n: float | None, progress: gr.Progress = gr.Progress()) -> tuple:
        return (*h.run_evaluation(c, u, n, progress), *runs_pair())

    def runs_pair() -> tuple[Any, Any]:
        """Both run pickers refreshed; by default the newest run against the one before it."""
        runs = h.run_choices()
        values = [v for _, v in runs]
        return (gr.Dropdown(choices=runs, value=values[1] if len(values) > 1 else None),
                gr.Dropdown(choices=runs, value=values[0] if values else None))

    run.click(evaluate, [choice, upload, limit], [status, overall, by_type, failures, report, run_a, run_b],
              concurrency_limit=1, concurrency_id="eval", api_name="evaluate")
    compare.click(h.compare, [run_a, run_b], [compared, deltas, flips], api_visibility="private")
    export.click(h.export_feedback, None, [exported, export_said], api_visibility="private")

    def refresh() -> tuple[Any, ...]:      # marks made and runs finished since the page was built
        return (gr.Dropdown(choices=h.eval_set_choices()), *runs_pair())

    return {"refresh": refresh, "views": [choice, run_a, run_b]}


def build_app(assistant: Any, serialize: bool = False) -> gr.Blocks:
    """The whole UI; `serialize=True` answers one question at a time (for a non-thread-safe engine)."""
    h = Handlers(assistant, serialize=serialize)
    with gr.Blocks(title="常州教育工作报告问答", analytics_enabled=False) as demo:
        gr.Markdown("## 常州教育工作报告问答助手\n离线运行：答案摘自已收录报告的原文，每条都附出处，可点开核对。")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat = _chat_tab(h)
            with gr.Tab("文档", id="docs"):
                docs = _docs_tab(h, chat)
            with gr.Tab("评测", id="eval", elem_id="qa-eval-tab") as eval_tab:
                evals = _eval_tab(h)
        # each page load sees documents added by other users since the app started
        demo.load(docs["refresh"], None, docs["views"], api_visibility="private", queue=False)
        demo.load(None, js=FOLD_FILTERS_WHEN_NARROW, api_visibility="private", queue=False)
        eval_tab.select(evals["refresh"], None, evals["views"], api_visibility="private", queue=False)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo


def warm_up(assistant: Any) -> None:
    """Load the lazily-created models once, before several users can race to create them."""
    assistant.ask(EXAMPLES[0])


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, runs_dir: Path | None = None) -> str:
    """Start serving in a background thread; returns the local URL. The evaluation reports under
    `runs_dir` are served to the browser (the report link); nothing else on disk is."""
    app.launch(server_name=host, server_port=port, share=False, prevent_thread_lock=True, quiet=True,
               allowed_paths=[str(runs_dir)] if runs_dir else None,
               show_error=True, ssr_mode=False, max_file_size="10mb", theme=THEME, css=CSS,
               footer_links=["settings"])
    return app.local_url or f"http://{host}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 7860, config: Config | None = None) -> None:
    from qa.pipeline import Assistant

    started = time.perf_counter()
    assistant = Assistant.load(config, progress=True)
    for notice in assistant.notices:
        print(notice, flush=True)
    warm_up(assistant)
    app = build_app(assistant)
    url = launch(app, host, port, assistant.config.runs_dir)
    print(f"问答助手已就绪（{time.perf_counter() - started:.1f} 秒）：{url}", flush=True)
    try:
        app.block_thread()
    finally:
        app.close()
