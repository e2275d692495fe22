"""A web page's main text: the article, without navigation, scripts or page furniture."""
from __future__ import annotations

from pathlib import Path

from index.ingest.errors import IngestError

# parts of a page that are never the report itself
_FURNITURE = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "menu", "head")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
           "pre", "dd", "dt", "table", "ul", "ol", "main", "center", "td", "th", "caption")


_HEADING_MARK = "\x01"     # a control character no page text keeps (formats._STRAY drops them)


def html_blocks(path: Path) -> list[tuple[str, int | None]]:
    """One (text, heading level) per line of the page's main text: the level is N for a line
    that starts an <hN>, None for any other line."""
    from bs4 import BeautifulSoup

    raw = Path(path).read_bytes()
    try:
        soup = BeautifulSoup(raw, "html.parser")   # reads <meta charset>, else guesses
    except Exception as exc:
        raise IngestError(f"{path}: is not a readable web page ({type(exc).__name__}: {exc})") from exc
    for tag in soup.find_all(_FURNITURE):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ("navigation", "banner", "contentinfo")}):
        tag.decompose()
    root = _main(soup)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for row in root.find_all("tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(("td", "th"))]
        row.replace_with("\n" + " | ".join(c for c in cells if c) + "\n")
    for tag in root.find_all(("h1", "h2", "h3", "h4", "h5", "h6")):
        tag.insert(0, f"{_HEADING_MARK}{tag.name[1]}")
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    blocks = []
    for line in root.get_text("").split("\n"):
        level = None
        if line.lstrip().startswith(_HEADING_MARK):
            line = line.lstrip()
            level, line = int(line[1]), line[2:]
        line = " ".join(line.replace(_HEADING_MARK, " ").split())
        if line:
            blocks.append((line, level))
    if not blocks:
        raise IngestError(f"{path}: the page has no text")
    return blocks


def _main(soup):
    # an explicit <main>/<article> is the author's own mark of the content; the longest one wins
    marked = soup.find_all(("main", "article"))
    if marked:
        return max(marked, key=lambda t: len(t.get_text()))
    return soup.body or soup
