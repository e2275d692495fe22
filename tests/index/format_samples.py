"""Small reports in every accepted format, written by the tests themselves (python-docx,
reportlab with its built-in Adobe CID font for Chinese, so no font file is needed)."""
from __future__ import annotations

import zipfile
from pathlib import Path

DOCX_LINES = ["宜兴市2023年教育工作总结", "一、学前教育", "全年新建幼儿园8所，新增学位2400个。",
              "二、办学质量", "高考本科达线率 | 91.5%"]
PDF_PAGES = [["江阴市2022年教育工作总结", "一、基础设施", "全市新建学校6所。"],
             ["二、办学条件", "全市中小学校舍面积达到120万平方米。"]]
HTML = """<!doctype html><html><head><meta charset="gb2312"><title>溧水区教育局</title>
<script>var tracker = "首页脚本";</script></head><body>
<nav><a href="/">网站首页</a> | <a href="/news">通知公告</a></nav>
<header>溧水区人民政府门户网站</header>
<main><h1>溧水区2024年教育工作总结</h1>
<p>一、教师队伍</p><p>全区公开<b>招聘</b>教师310名，其中硕士研究生42名。</p>
<table><tr><td>指标</td><td>数值</td></tr><tr><td>新建校舍</td><td>5万平方米</td></tr></table>
</main><footer>版权所有 溧水区教育局 联系电话</footer></body></html>"""


def write_docx(path: Path, lines: list[str] = DOCX_LINES) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=1)
    document.add_paragraph("")                      # empty paragraphs are not counted
    for line in lines[1:]:
        if " | " in line:
            table = document.add_table(rows=1, cols=2)
            for cell, text in zip(table.rows[0].cells, line.split(" | ")):
                cell.text = text
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, pages: list[list[str | tuple[str, float]]] = PDF_PAGES, encrypt: str | None = None,
              text: bool = True) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption(encrypt, canPrint=0) if encrypt else None)
    for lines in pages:
        if text:
            y = 750
            for line in lines:
                # a line is its text, set at 12 pt, or (text, size)
                line, size = (line, 12) if isinstance(line, str) else line
                pdf.setFont("STSong-Light", size)
                pdf.drawString(72, y, line)
                y -= 1.7 * size
        else:                                       # what a scan looks like: marks, no text layer
            pdf.rect(72, 400, 300, 300, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def write_html(path: Path) -> Path:
    path.write_bytes(HTML.encode("gb18030"))
    return path


def write_broken_docx(path: Path) -> Path:
    """A zip that is not a Word document."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a document")
    return path
