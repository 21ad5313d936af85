"""The scraper matrix: the HTML seeds and cases that hold posts, run through the scrapers users feed embeds
(pandoc, which CI has; trafilatura, html2text, inscriptis and BeautifulSoup when installed), and every Twitter/X or
Bluesky post whose attribution survives in a tool's output is recovered from it with its author.

A post "survives" when its handle in parentheses, ``(@handle``, and its date are in the output (escapes undone,
wrapped lines joined). The committed
``tests/cases/scraped_*`` files pin the fields of a few of these outputs; this test checks recall on all of them.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import embeds
from embeds._types import Format

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    p for d in ("seeds", "tests/cases") for p in sorted((ROOT / d).glob("*.html")) if not p.name.startswith("not_")
]


def _pandoc(to: str) -> Callable[[str], str]:
    def run(html: str) -> str:
        return subprocess.run(
            ["pandoc", "-f", "html", "-t", to], input=html, capture_output=True, text=True, check=True
        ).stdout

    return run


def _tools() -> dict[str, tuple[Format, str, Callable[[str], str] | None]]:
    """name -> (format of its output, what it needs, the conversion or None when missing)."""
    have = {m: importlib.util.find_spec(m) is not None for m in ("trafilatura", "html2text", "inscriptis", "bs4")}
    tools: dict[str, tuple[Format, str, Callable[[str], str] | None]] = {}
    pandoc = shutil.which("pandoc") is not None
    tools["pandoc plain"] = ("text", "pandoc", _pandoc("plain") if pandoc else None)
    tools["pandoc markdown"] = ("markdown", "pandoc", _pandoc("markdown") if pandoc else None)
    if have["trafilatura"]:
        import trafilatura

        tools["trafilatura txt"] = ("text", "", lambda h: trafilatura.extract(h) or "")
        tools["trafilatura markdown"] = (
            "markdown",
            "",
            lambda h: trafilatura.extract(h, output_format="markdown", include_links=True) or "",
        )
    else:
        tools["trafilatura txt"] = tools["trafilatura markdown"] = ("text", "trafilatura", None)
    if have["html2text"]:
        import html2text

        tools["html2text"] = ("markdown", "", html2text.html2text)
    else:
        tools["html2text"] = ("markdown", "html2text", None)
    if have["inscriptis"]:
        from inscriptis import get_text

        tools["inscriptis"] = ("text", "", get_text)
    else:
        tools["inscriptis"] = ("text", "inscriptis", None)
    if have["bs4"]:
        from bs4 import BeautifulSoup

        tools["BeautifulSoup get_text"] = ("text", "", lambda h: BeautifulSoup(h, "html.parser").get_text())
    else:
        tools["BeautifulSoup get_text"] = ("text", "bs4", None)
    return tools


TOOLS = _tools()


def _shown(out: str) -> str:
    """The output's text (not pandoc's ``::: {…}`` div attributes, where it keeps attributes holding escaped embed
    code), with the escapes Markdown writers put in a handle undone."""
    text = " ".join(line.lstrip(" >") for line in out.splitlines() if not line.lstrip().startswith(":::"))
    return " ".join(text.replace("\\_", "_").replace("\\@", "@").replace("\\.", ".").replace("([@", "(@").split())


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_posts_surviving_a_scraper_are_recovered(tool: str) -> None:
    fmt, needs, convert = TOOLS[tool]
    if convert is None:
        pytest.skip(f"{needs} is not installed")
    checked = 0
    missed: list[str] = []
    for page in PAGES:
        html = page.read_text(encoding="utf-8")
        posts = [
            c
            for c in embeds.extract(html, format="html")
            if c.kind == "embed" and c.platform in ("twitter", "bluesky") and c.author.handle and c.text
        ]
        if not posts:
            continue
        out = convert(html)
        shown = _shown(out)
        found = [c for c in embeds.extract(out, format=fmt) if c.kind == "embed"]
        for post in posts:
            handle = post.author.handle
            assert handle is not None
            if f"(@{handle}" not in shown or " ".join((post.date_text or "").split()) not in shown:
                continue  # the scraper dropped it, or its date (an attribution without a date is not read as one)
            checked += 1
            if not any((c.author.handle or "").lower() == handle.lower() for c in found):
                missed.append(f"{page.name}: @{handle}")
    assert checked > 0
    assert not missed, f"{tool}: {len(missed)} of {checked} surviving posts missed: {missed}"
