"""The HTML report (``-f html``, ``-o report.html``): one self-contained page, every value escaped, and in headless
Chromium it opens without console errors or requests, and its filters work. The screenshot in docs/ is of this
page for the seeds."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tools
from browser import browser_context
from test_hostile_output import CITATIONS as HOSTILE

import embeds
from embeds._cli import main
from embeds._emit._report import CSP

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPLAY = ROOT / "fixtures" / "replay"

# The elements and attributes the template writes; nothing from a record may add one.
ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "ul", "li", "b", "form", "label",
    "select", "option", "span", "section", "article", "header", "time", "p", "a", "blockquote", "br", "script",
    "details", "summary",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "value", "href", "rel", "data-platform",
    "data-status", "data-files",
}  # fmt: skip


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)
        self.scripts += tag == "script"
        for k, v in attrs:
            self.attributes.add(k)
            if k == "href":
                self.hrefs.append(v or "")


def _audit(page: str) -> _Audit:
    audit = _Audit()
    audit.feed(page)
    audit.close()
    return audit


def _scan_report(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    main(["scan", *args, "-q", "-o", str(out)])
    return out


def test_hostile_records_stay_text() -> None:
    page = embeds.report(HOSTILE, problems=[embeds.FileError("<img src=x onerror=alert(1)>.html", "<b>bad</b>")])
    audit = _audit(page)
    assert audit.elements <= ELEMENTS, audit.elements - ELEMENTS
    assert audit.attributes <= ATTRIBUTES, audit.attributes - ATTRIBUTES
    assert audit.scripts == 1  # the page's own
    assert all(h.startswith(("http://", "https://")) for h in audit.hrefs)
    assert not any(h.lower().startswith("javascript:") for h in audit.hrefs)  # a path may hold the text, not the scheme
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", page)
    assert "<script>alert" not in page and "<img" not in page


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    page = _scan_report(tmp_path, str(SEEDS), "--offline").read_text(encoding="utf-8")
    assert not re.search(r"""(?i)\b(src|srcset|action|formaction|poster|data)\s*=""", page)
    assert not re.search(r"(?i)@import|url\(|<link\b", page)
    assert not {"src", "srcset", "action", "style"} & _audit(embeds.report(HOSTILE)).attributes
    assert "default-src 'none'" in CSP and f'content="{CSP}"' in page


def test_html_and_md_extensions_write_the_report_and_a_list(tmp_path: Path) -> None:
    html = _scan_report(tmp_path, str(SEEDS), "--offline").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<article class=card") == 47
    md = tmp_path / "posts.md"
    assert main(["scan", str(SEEDS), "--offline", "-q", "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("- **Twitter · Jens Stoltenberg (\\@jensstoltenberg)")
    styled = tmp_path / "refs.md"  # -f wins over the extension: APA's HTML markup, whatever the file is called
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "APA-HTML", "-o", str(styled)]) == 0
    assert styled.read_text(encoding="utf-8").startswith('<ol class="references">') or "<i>" in styled.read_text(
        encoding="utf-8"
    )


def test_failures_and_summary_are_listed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text((SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "b.txt").write_bytes(b"")
    page = _scan_report(tmp_path, str(docs), "--replay", str(REPLAY)).read_text(encoding="utf-8")
    assert "<b>2</b> files" in page and "<b>2</b> posts" in page and "<b>1</b> errors" in page
    assert "<b>2</b> links unresolved" in page
    assert re.search(r"id=file-problems>.*b\.txt</span>: empty file", page)
    assert re.search(r"id=link-problems>.*4dQcLYEsK6.*no fixture", page)


def _console(page: Any) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    return problems, requests


def test_in_chromium_no_errors_no_requests_and_filters_work(tmp_path: Path) -> None:
    seeds = _scan_report(tmp_path, str(SEEDS), "--replay", str(REPLAY))
    hostile = tmp_path / "hostile.html"
    hostile.write_text(embeds.report(HOSTILE), encoding="utf-8")
    with browser_context() as ctx:
        page = ctx.new_page()
        problems, requests = _console(page)
        page.goto(seeds.as_uri())

        def shown() -> int:
            return int(page.eval_on_selector_all("article.card", "cs => cs.filter(c => !c.hidden).length"))

        assert page.text_content("#shown") == "47 of 47 posts shown" and shown() == 47
        page.select_option("#f-platform", "bluesky")
        platforms = page.eval_on_selector_all("article.card:not([hidden])", "cs => cs.map(c => c.dataset.platform)")
        assert (
            platforms
            and set(platforms) == {"bluesky"}
            and page.text_content("#shown") == f"{shown()} of 47 posts shown"
        )
        page.select_option("#f-platform", "")
        page.select_option("#f-status", "failed")
        failing = shown()
        assert 0 < failing < 47
        assert page.eval_on_selector_all(
            "article.card:not([hidden])", "cs => cs.every(c => c.querySelector('li.link.failed'))"
        )
        page.select_option("#f-status", "")
        target = str(SEEDS / "002_oscars_selfie.md")
        page.select_option("#f-file", target)
        assert 0 < shown() < 47
        assert page.eval_on_selector_all(
            "article.card:not([hidden])", f"cs => cs.every(c => JSON.parse(c.dataset.files).includes({target!r}))"
        )
        page.select_option("#f-file", "")
        assert shown() == 47

        page.goto(hostile.as_uri())
        assert page.text_content("#shown") == f"{len(HOSTILE)} of {len(HOSTILE)} posts shown"
        assert page.eval_on_selector_all("img, iframe, object, embed", "es => es.length") == 0
        assert page.eval_on_selector_all("script", "es => es.length") == 1
        first = page.text_content("article.card blockquote") or ""
        assert "<img src=x onerror=alert(1)>" in first  # shown as text, not run
    assert not problems, problems
    assert all(r.startswith("file://") for r in requests), requests
    assert len(requests) == 2


def test_the_docs_screenshot_is_there() -> None:
    png = ROOT / "docs" / "report.png"
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000


@pytest.mark.parametrize("fmt", ["html", "HTML", "Html"])
def test_format_names_are_case_insensitive(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS / "001_first_tweet.html"), "--offline", "-q", "-f", fmt]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


# What the Markdown list's template writes: a bullet list of entries, bold heads, a quote of the text, autolinks.
MD_NODES = {"BulletList", "Plain", "Para", "Str", "Space", "SoftBreak", "Strong", "BlockQuote", "Link", "Quoted"}
MD_NODES |= {"DoubleQuote", "SingleQuote"}


@pytest.mark.parametrize("reader", ["markdown", "commonmark"])
def test_the_markdown_list_has_no_active_content(reader: str) -> None:
    md = embeds.dumps(HOSTILE, "markdown")
    ast = json.loads(tools.pandoc("-f", reader, "-t", "json", stdin=md)[0])
    found: set[str] = set()
    targets: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "t" in node:
                found.add(node["t"])
                if node["t"] == "Link":
                    targets.append(node["c"][2][0])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(ast["blocks"])
    assert found <= MD_NODES, found - MD_NODES
    assert targets and all(t.startswith(("http://", "https://")) for t in targets)
    (top,) = [b for b in ast["blocks"] if b["t"] == "BulletList"]
    assert len(top["c"]) == len(HOSTILE)  # one entry per post, none forged


def test_hydration_and_snapshots_are_shown(tmp_path: Path) -> None:
    docs = ROOT / "fixtures" / "hydrate"
    page = _scan_report(tmp_path, str(docs), "--hydrate", "--archive", "--replay", str(REPLAY)).read_text("utf-8")
    assert "platform says: <b>available</b>" in page and "<p class=archived>archived: <a href=" in page
    audit = _audit(page)
    assert audit.elements <= ELEMENTS and audit.attributes <= ATTRIBUTES
