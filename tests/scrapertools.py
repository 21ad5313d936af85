"""The scraper matrix: run real HTML-to-text tools on the HTML seeds and cases, then ask which posts survive.

Used by ``tests/test_scrapers.py`` (asserts the table ``tests/scrapers/expected.tsv`` stays true) and by
``scripts/scraper_matrix.py`` (prints the tool × platform table, rewrites the TSV with ``--write``).

Each tool runs with its defaults, the way a user calls it (line wrapping included). A post **survives** a tool when
its permalink does (a URL in the output holding the post id), or when its handle and the start of its text (first
five words) do; which of ``id``, ``handle``, ``text``, ``date`` survive is decided by plain string search on the
tool's output, with Markdown links ``[label](url)`` read as ``label url`` and Markdown backslash escapes dropped,
and white space runs made one space. It is **recovered** when ``embeds.extract`` on the output (in the format the
tool writes) gives a record of the post's platform that has every surviving field right: the post id, the handle
(case-insensitive), the date (``published``), the text (starting with those five words).
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import embeds

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "scrapers" / "expected.tsv"
TEXT_WORDS = 5
NEAR = 600  # characters between a post's handle and its text or date for them to count as the post's


# ---- the tools -------------------------------------------------------------------------------------------------


def _trafilatura(fmt: str) -> Callable[[str], str]:
    def run(html: str) -> str:
        import trafilatura

        return trafilatura.extract(html, output_format=fmt) or ""

    return run


def _html2text(html: str) -> str:
    import html2text

    return html2text.html2text(html)


def _inscriptis(html: str) -> str:
    import inscriptis

    return inscriptis.get_text(html)


def _readability_summary(html: str) -> str:
    from readability import Document

    return str(Document(html).summary())


def _readability_text(html: str) -> str:
    import lxml.html

    summary = _readability_summary(html)
    return str(lxml.html.fromstring(summary).text_content()) if summary.strip() else ""


def _bs4(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text()


def _markdownify(html: str) -> str:
    import markdownify

    return str(markdownify.markdownify(html))


def _newspaper(html: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": NLP features are not used here
        import newspaper

    # the page is given: no download; the URL only names it
    article = newspaper.Article("https://example.com/article", fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return str(article.text)


def _pandoc(to: str) -> Callable[[str], str]:
    def run(html: str) -> str:
        exe = shutil.which("pandoc")
        if exe is None:
            raise FileNotFoundError("pandoc")
        done = subprocess.run(
            [exe, "-f", "html", "-t", to], input=html, capture_output=True, text=True, encoding="utf-8", check=True
        )
        return done.stdout

    return run


@dataclass(frozen=True)
class Tool:
    name: str
    format: str  # the format embeds reads the output as: text, markdown, html
    run: Callable[[str], str]
    call: str  # how it is called, for the README


TOOLS: tuple[Tool, ...] = (
    Tool("trafilatura-txt", "text", _trafilatura("txt"), 'trafilatura.extract(html, output_format="txt")'),
    Tool("trafilatura-md", "markdown", _trafilatura("markdown"), 'trafilatura.extract(html, output_format="markdown")'),
    Tool("html2text", "markdown", _html2text, "html2text.html2text(html)"),
    Tool("markdownify", "markdown", _markdownify, "markdownify.markdownify(html)"),
    Tool("pandoc-md", "markdown", _pandoc("markdown"), "pandoc -f html -t markdown"),
    Tool("pandoc-plain", "text", _pandoc("plain"), "pandoc -f html -t plain"),
    Tool("inscriptis", "text", _inscriptis, "inscriptis.get_text(html)"),
    Tool("bs4-get_text", "text", _bs4, 'BeautifulSoup(html, "html.parser").get_text()'),
    Tool("readability", "html", _readability_summary, "readability.Document(html).summary()"),
    Tool("readability-text", "text", _readability_text, "lxml.html.fromstring(summary).text_content()"),
    Tool("newspaper4k", "text", _newspaper, "Article(url).download(input_html=html); .parse(); .text"),
)
TOOL_NAMES = tuple(t.name for t in TOOLS)


# ---- the documents and their posts -----------------------------------------------------------------------------


def documents() -> list[Path]:
    """Every HTML seed and HTML case whose expected citations hold a post (negative ``not_*`` cases hold none)."""
    import json

    paths = sorted((ROOT / "seeds").glob("*.html")) + sorted((ROOT / "tests" / "cases").glob("*.html"))
    keep = []
    for p in paths:
        exp = p.with_suffix(".expected.json")
        if exp.exists() and json.loads(exp.read_text(encoding="utf-8"))["citations"]:
            keep.append(p)
    return keep


def posts(path: Path) -> list[dict[str, Any]]:
    import json

    return list(json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["citations"])


def post_key(post: dict[str, Any]) -> str:
    return f"{post['platform']}:{post.get('post_id')}"


@cache
def output(tool_name: str, path: Path) -> str:
    """The tool's output for one document (kept for the session)."""
    tool = next(t for t in TOOLS if t.name == tool_name)
    return tool.run(path.read_text(encoding="utf-8"))


def run_file(tool_name: str, path: str) -> str:
    """One tool on one file (a top-level function, for process pools)."""
    tool = next(t for t in TOOLS if t.name == tool_name)
    return tool.run(Path(path).read_text(encoding="utf-8", errors="replace"))


def run_all(tools: tuple[Tool, ...] = TOOLS, jobs: int = 4) -> None:
    """Fill the output cache: pandoc runs in subprocesses, so threads overlap them with the Python tools."""
    pairs = [(t.name, p) for p in documents() for t in tools]
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda tp: output(*tp), [tp for tp in pairs if tp[0].startswith("pandoc")]))
        for tp in pairs:
            if not tp[0].startswith("pandoc"):
                output(*tp)


# ---- survival and recovery -------------------------------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!@&<>|~\"'])")
_URL = re.compile(r"https?://[^\s<>\"'\])]+")


def normalize(text: str, *, markdown: bool = False) -> str:
    text = unicodedata.normalize("NFC", html_lib.unescape(text))
    if markdown:
        text = _MD_LINK.sub(r"\1 \2", text)
        text = _MD_ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def text_start(text: str) -> str:
    return " ".join(normalize(text).split()[:TEXT_WORDS])


def _handle(post: dict[str, Any]) -> str | None:
    handle = (post.get("author") or {}).get("handle")
    return str(handle).lstrip("@") if handle else None


def surviving_fields(post: dict[str, Any], out: str, fmt: str) -> list[str]:
    """Which of ``id``, ``handle``, ``text``, ``date`` of the post are in the tool's output (plain string search).

    ``id``: a URL in the output holds the post id as a whole token. ``handle``: ``@handle`` (or ``u/handle``, or
    ``/handle`` in a URL) appears. ``text``: the first five words appear, and when the post has a handle, within
    ``NEAR`` characters of it (so article prose quoting a post does not count as the post); ``date``: the date as
    written appears, near the handle likewise.
    """
    raw = html_lib.unescape(out)
    flat = normalize(out, markdown=fmt == "markdown")
    fields = []
    post_id = post.get("post_id")
    if post_id:
        tail = str(post_id).split("/")[-1]
        token = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(tail)}(?![A-Za-z0-9_-])")
        if any(token.search(u) for u in _URL.findall(raw)):
            fields.append("id")
    handle = _handle(post)
    spots: list[int] = []
    if handle:
        mark = re.compile(rf"(?:@|\bu/|/){re.escape(handle)}(?![\w])", re.IGNORECASE)
        spots = [m.start() for m in mark.finditer(flat)]
        if spots:
            fields.append("handle")

    def near(needle: str) -> bool:
        at = [m.start() for m in re.finditer(re.escape(needle), flat)]
        if not handle:
            return bool(at)
        return any(abs(a - b) <= NEAR for a in at for b in spots)

    if post.get("text") and near(text_start(post["text"])):
        fields.append("text")
    if post.get("date_text") and post.get("published") and near(normalize(post["date_text"])):
        fields.append("date")
    return fields


def survives(fields: list[str]) -> bool:
    return "id" in fields or ("handle" in fields and "text" in fields)


def _wrong(post: dict[str, Any], record: dict[str, Any], fields: list[str]) -> list[str]:
    wrong = []
    if "id" in fields and str(record.get("post_id")) != str(post.get("post_id")):
        wrong.append("id")
    if "handle" in fields:
        got = ((record.get("author") or {}).get("handle") or "").lstrip("@").casefold()
        if got != (_handle(post) or "").casefold():
            wrong.append("handle")
    if "text" in fields and not normalize(record.get("text") or "").startswith(text_start(post["text"])):
        wrong.append("text")
    if "date" in fields and str(record.get("published") or "")[:10] != str(post["published"])[:10]:
        wrong.append("date")
    return wrong


def recovered(post: dict[str, Any], records: list[dict[str, Any]], fields: list[str]) -> str:
    """``yes``, ``no`` (no record of the post), or ``wrong:FIELD,…`` (the record closest to the post)."""
    if not survives(fields):
        return "-"
    same = [r for r in records if r["platform"] == post["platform"]]
    if not same:
        return "no"
    # the candidate: the record with the post's id, else the one with fewest wrong fields among those sharing
    # the handle or the text start
    by_id = [r for r in same if post.get("post_id") and str(r.get("post_id")) == str(post["post_id"])]
    candidates = by_id or [r for r in same if len(_wrong(post, r, [f for f in fields if f in ("handle", "text")])) < 2]
    if not candidates:
        return "no"
    best = min(candidates, key=lambda r: len(_wrong(post, r, fields)))
    wrong = _wrong(post, best, fields)
    return "yes" if not wrong else "wrong:" + ",".join(wrong)


@dataclass(frozen=True)
class Row:
    tool: str
    document: str
    post: str
    survives: str  # surviving fields joined by commas, or "-"
    recovered: str  # yes | no | wrong:FIELDS | - (the post did not survive)

    def tsv(self) -> str:
        return "\t".join((self.tool, self.document, self.post, self.survives, self.recovered))


HEADER = "tool\tdocument\tpost\tsurvives\trecovered"


def _is_of(record: dict[str, Any], post: dict[str, Any]) -> bool:
    """Could the record be (part of) the post: same platform, and the same id, handle or text start?"""
    if record["platform"] != post["platform"]:
        return False
    if post.get("post_id") and str(record.get("post_id")) == str(post["post_id"]):
        return True
    handle = ((record.get("author") or {}).get("handle") or "").lstrip("@").casefold()
    if handle and handle == (_handle(post) or "").casefold():
        return True
    text = normalize(record.get("text") or "")
    return bool(text and post.get("text") and text.startswith(text_start(post["text"])))


def rows_for(tool: Tool, path: Path) -> list[Row]:
    """One row per expected post of the document, then one ``extra`` row: the number of records that are of no
    expected post at all (not its id, handle or text start), 0 when precision is intact."""
    out = output(tool.name, path)
    records = [c.as_dict() for c in embeds.extract(out, format=tool.format)] if out.strip() else []
    rows = []
    expected = posts(path)
    for post in expected:
        fields = surviving_fields(post, out, tool.format)
        rows.append(
            Row(tool.name, path.name, post_key(post), ",".join(fields) or "-", recovered(post, records, fields))
        )
    extras = [r for r in records if not any(_is_of(r, p) for p in expected)]
    rows.append(Row(tool.name, path.name, "extra", "-", str(len(extras))))
    return rows


def compute(tools: tuple[Tool, ...] = TOOLS) -> list[Row]:
    run_all(tools)
    return [row for tool in tools for path in documents() for row in rows_for(tool, path)]


def versions() -> str:
    """The tools' versions, written at the top of the table (what survives depends on them)."""
    from importlib.metadata import version

    names = ["trafilatura", "html2text", "inscriptis", "readability-lxml", "beautifulsoup4", "markdownify"]
    parts = [f"{n} {version(n)}" for n in [*names, "newspaper4k"]]
    exe = shutil.which("pandoc")
    if exe:
        first = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.splitlines()
        parts.append(first[0] if first else "pandoc ?")
    return ", ".join(parts)


def read_table(path: Path = TABLE) -> list[Row]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Row(*line.split("\t")) for line in lines[1:] if line.strip() and not line.startswith("#")]


def write_table(rows: list[Row], path: Path = TABLE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [HEADER, f"# {versions()}", *(r.tsv() for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def platform_of(row: Row) -> str:
    return row.post.split(":", 1)[0]
