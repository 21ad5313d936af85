"""Normalizing for citing: platform names, author kinds and overrides, access dates, one record per post."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import embeds
from embeds._cli import main
from embeds._names import author_kind, split_name
from embeds.platforms import platform_name, post_type

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_d9c4edf5c14bd4ab.txt"


def seed() -> tuple[embeds.Citation, ...]:
    return embeds.extract(SEED.read_text(encoding="utf-8"), source="a.txt")


@pytest.mark.parametrize(
    ("when", "policy", "name"),
    [
        ("2022-01-26", "at-publication", "Twitter"),
        ("2023-07-23", "at-publication", "Twitter"),
        ("2023-07-24", "at-publication", "X"),
        ("2024-03-01T12:00:00.000Z", "at-publication", "X"),
        ("2022-01-26", "current", "X"),
        (None, "at-publication", "X"),  # the name at publication cannot be told: the current name
    ],
)
def test_twitter_is_named_by_the_date(when: str | None, policy: str, name: str) -> None:
    assert platform_name("twitter", when, policy) == name  # type: ignore[arg-type]


def test_platform_names_and_post_types() -> None:
    assert platform_name("tiktok", "2020-01-01") == "TikTok"
    assert platform_name("linkedin", None, "current") == "LinkedIn"
    assert platform_name("some_new_site", None) == "Some New Site"  # a platform embeds does not know yet
    assert post_type("twitter", "Twitter") == "Tweet"
    assert post_type("twitter", "X") == "Post"
    assert post_type("youtube") == post_type("tiktok") == "Video"
    assert post_type("facebook") == "Status update"
    assert post_type("reddit") == "Online forum post"
    assert post_type("unknown-platform") == "Post"


def test_the_id_time_decides_the_name_when_known() -> None:
    # jack's first tweet (a real, well-known post: twitter.com/jack/status/20, 21 March 2006)
    jack = embeds.scan([SEEDS / "001_first_tweet.html"], options=embeds.ScanOptions(resolve=False)).citations[0]
    assert jack.platform_name == "Twitter"
    assert embeds.cite(jack, "apa") == (
        # the display name "jack" is the handle again: printed once (issue 14 item 1)
        "@jack. (2006, March 21). just setting up my twttr [Tweet]. Twitter. https://twitter.com/jack/status/20"
    )
    later = dataclasses.replace(jack, published="2006-03-21", created_at="2024-01-01T00:00:00.000Z")
    assert embeds.normalize([later])[0].platform_name == "X"


@pytest.mark.parametrize(
    ("name", "handle", "kind", "given", "family"),
    [
        ("Jens Stoltenberg", "jensstoltenberg", "person", "Jens", "Stoltenberg"),
        ("Department of State", "StateDept", "organization", None, None),
        ("NATO", "NATO", "organization", None, None),
        ("BBC Breaking News", "BBCBreaking", "organization", None, None),
        ("Ursula von der Leyen", "vonderleyen", "person", "Ursula", "von der Leyen"),
        ("José Núñez", "jose_nunez", "person", "José", "Núñez"),
        # a known given name is evidence of a person even when the handle says nothing (with a note: a guess)
        ("Ellen DeGeneres", "TheEllenShow", "person", "Ellen", "DeGeneres"),
        # issue 14 item 1 (placeholder names, not real accounts): organization words, in several languages
        ("Lumen Collective", "lumencollective", "organization", None, None),
        ("Example Page", "examplepage", "organization", None, None),
        ("Bundesministerium der Finanzen", "example_bmf", "organization", None, None),
        ("Ministère de la Culture", "example_mc", "organization", None, None),
        ("Noticias Ejemplo", "example_noticias", "organization", None, None),
        # a given name plus a handle made of the name: a person, also with a hyphenated family name
        ("Ada Oyelaran-Whitfield", "adaow", "person", "Ada", "Oyelaran-Whitfield"),
        # an organization word that is a family name yields to both pieces of evidence, never to one
        ("Larry Page", "larrypage", "person", "Larry", "Page"),
        # looks like a person's name, but no given name known and the handle is not made of it: undecided
        ("Example Account", "example_acct", None, None, None),
        ("Zqx Lumen", "zq_lumen", None, None, None),
        ("White House", "WhiteHouse", "organization", None, None),
        ("jack", "jack", None, None, None),
        ("Jens Stoltenberg", None, None, None, None),
        (None, "someone", None, None, None),
    ],
)
def test_author_kind_is_decided_conservatively(
    name: str | None, handle: str | None, kind: str | None, given: str | None, family: str | None
) -> None:
    assert author_kind(name, handle) == (kind, given, family)


def test_author_decision_says_when_it_is_a_guess() -> None:
    from embeds._names import decide_author

    assert decide_author("Jens Stoltenberg", "jensstoltenberg").note is None
    assert decide_author("Ada Oyelaran-Whitfield", "adaow").note is None
    guess = decide_author("Ellen DeGeneres", "TheEllenShow")
    assert guess.kind == "person" and guess.note and "guess" in guess.note and "--authors" in guess.note
    undecided = decide_author("Example Account", "example_acct")
    assert undecided.kind is None and undecided.note and "printed as shown" in undecided.note
    assert decide_author("zq_lumen", "zq_lumen") == decide_author(None, "zq_lumen")
    assert decide_author("Example Page", "x", account_type="page").kind == "organization"


def test_normalize_notes_a_guessed_author_and_the_override_wins() -> None:
    c = dataclasses.replace(seed()[0], author=embeds.Author("Ellen DeGeneres", "TheEllenShow"))
    (guessed,) = embeds.normalize([c])
    assert guessed.author.family == "DeGeneres" and any("guess" in n for n in guessed.notes)
    authors = embeds.authors_from_data({"TheEllenShow": {"kind": "organization"}})
    (overridden,) = embeds.normalize([c], options=embeds.NormalizeOptions(authors=authors))
    assert overridden.author.kind == "organization" and not any("guess" in n for n in overridden.notes)


def test_split_name() -> None:
    assert split_name("Jean-Paul Sartre") == ("Jean-Paul", "Sartre")
    assert split_name("Martin Luther King") == ("Martin Luther", "King")
    assert split_name("Department of State") is None
    assert split_name("Cher") is None
    assert split_name("A B C D E") is None


def test_normalize_sets_kind_names_and_platform_name() -> None:
    first, second = embeds.normalize(seed())
    assert (first.author.kind, first.author.given, first.author.family) == ("person", "Jens", "Stoltenberg")
    assert (second.author.kind, second.author.given, second.author.family) == ("organization", None, None)
    assert first.platform_name == second.platform_name == "Twitter"
    assert first.text == seed()[0].text  # never touched
    assert first.accessed is None


def test_author_overrides_by_handle_and_platform_handle() -> None:
    authors = embeds.authors_from_data(
        {
            "twitter:JensStoltenberg": {"kind": "organization"},
            "@statedept": {"kind": "person", "name": "Antony Blinken"},
        }
    )
    first, second = embeds.normalize(seed(), options=embeds.NormalizeOptions(authors=authors))
    assert (first.author.kind, first.author.family) == ("organization", None)
    assert first.author.name == "Jens Stoltenberg"  # only what the override sets changes
    assert (second.author.name, second.author.given, second.author.family) == ("Antony Blinken", "Antony", "Blinken")
    assert embeds.cite(first, "apa").startswith("Jens Stoltenberg [@jensstoltenberg]. (2022, January 26).")
    assert embeds.cite(second, "apa").startswith("Blinken, A. [@StateDept].")


def test_override_for_another_platform_does_not_apply() -> None:
    authors = embeds.authors_from_data({"bluesky:jensstoltenberg": {"kind": "organization"}})
    first = embeds.normalize(seed(), options=embeds.NormalizeOptions(authors=authors))[0]
    assert first.author.kind == "person"


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"x": "person"},
        {"x": {"kind": "robot"}},
        {"x": {"kind": "person", "age": "3"}},
        {"x": {"name": 3}},
        {"": {"kind": "person"}},
    ],
)
def test_bad_authors_data_is_an_input_error(data: object) -> None:
    with pytest.raises(embeds.InputError):
        embeds.authors_from_data(data)


def test_options_are_validated() -> None:
    with pytest.raises(embeds.InputError):
        embeds.NormalizeOptions(platform_name="later")  # type: ignore[arg-type]
    with pytest.raises(embeds.InputError):
        embeds.NormalizeOptions(accessed="26/01/2022")
    with pytest.raises(dataclasses.FrozenInstanceError):
        embeds.NormalizeOptions().accessed = "2022-01-01"  # type: ignore[misc]
    options = embeds.NormalizeOptions(authors=embeds.authors_from_data({"a": {"kind": "person"}}))
    assert hash(embeds.ScanOptions(normalize_options=options)) == hash(embeds.ScanOptions())  # still hashable


def test_access_date_is_recorded() -> None:
    first = embeds.normalize(seed(), options=embeds.NormalizeOptions(accessed="2025-02-03"))[0]
    assert first.accessed == "2025-02-03"
    assert "urldate = {2025-02-03}" in embeds.dumps([first], "biblatex")
    assert "Y2  - 2025/02/03" in embeds.dumps([first], "ris")


def test_one_citation_per_post_across_documents_with_every_occurrence() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = [*embeds.extract(text, source="one.txt"), *embeds.extract(text, source="two.txt")]
    merged = embeds.normalize(found)
    assert len(merged) == 2
    for c in merged:
        assert [o.path for o in c.occurrences] == ["one.txt", "two.txt"]
        assert all(text[o.start : o.end] == o.raw and "— " in o.raw for o in c.occurrences)
    assert embeds.dumps(merged, "apa").count("\n") == 2  # one entry per post, not per occurrence


def test_canonical_url_and_x_url_under_current_naming() -> None:
    c = dataclasses.replace(seed()[0], url="https://x.com/jensstoltenberg/status/20?s=20")
    at_publication = embeds.normalize([c])[0]
    assert at_publication.url == "https://twitter.com/jensstoltenberg/status/20"
    current = embeds.normalize([c], options=embeds.NormalizeOptions(platform_name="current"))[0]
    assert current.url == "https://twitter.com/jensstoltenberg/status/20"  # the record keeps the canonical form
    assert embeds.cite(current, "apa").endswith("[Post]. X. https://x.com/jensstoltenberg/status/20")


def test_records_with_new_fields_pickle_and_serialize() -> None:
    import pickle

    first = embeds.normalize(seed())[0]
    assert pickle.loads(pickle.dumps(first)) == first
    d = first.as_dict()
    assert d["platform_name"] == "Twitter" and d["accessed"] is None
    assert d["author"] == {
        "name": "Jens Stoltenberg",
        "handle": "jensstoltenberg",
        "kind": "person",
        "given": "Jens",
        "family": "Stoltenberg",
    }


# --- the command line ----------------------------------------------------------------------------------------------


def test_cli_apa_prints_the_bibliography(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS / "000_d9c4edf5c14bd4ab.txt"), "--format", "apa", "--offline", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Department of State [@StateDept]. (2022, January 26). .@SecBlinken:")
    assert lines[-1].startswith("Stoltenberg, J. [@jensstoltenberg]. (2022, January 26). We have now conveyed")
    assert len(lines) == 2


def test_cli_output_extension_picks_the_format(tmp_path: Path) -> None:
    for name, check in [
        ("refs.bib", lambda s: s.startswith("@online{stoltenberg2022conveyed,")),
        ("refs.csl.json", lambda s: json.loads(s)[0]["type"] == "post"),
        ("refs.csljson", lambda s: json.loads(s)[0]["type"] == "post"),
        ("refs.json", lambda s: json.loads(s)[0]["kind"] == "embed"),  # .json stays the record format
        ("refs.ris", lambda s: s.startswith("TY  - ICOMM\r\n")),
    ]:
        out = tmp_path / name
        assert main(["scan", str(SEED), "--offline", "-q", "-o", str(out)]) == 0
        assert check(out.read_bytes().decode("utf-8")), name


def test_cli_authors_file_platform_name_and_access_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    authors = tmp_path / "authors.toml"
    authors.write_text('[StateDept]\nkind = "organization"\nname = "U.S. Department of State"\n', encoding="utf-8")
    code = main(
        [
            "scan",
            str(SEED),
            "--offline",
            "-q",
            "--format",
            "csl-json",
            "--authors",
            str(authors),
            "--platform-name",
            "current",
            "--accessed",
            "2025-01-31",
        ]
    )
    assert code == 0
    items = json.loads(capsys.readouterr().out)
    assert items[1]["author"] == [{"literal": "U.S. Department of State"}]
    assert items[0]["container-title"] == "X" and items[0]["genre"] == "Post"
    assert items[0]["accessed"] == {"date-parts": [[2025, 1, 31]]}


def test_cli_authors_json_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "authors.json"
    good.write_text(json.dumps({"jensstoltenberg": {"kind": "organization"}}), encoding="utf-8")
    assert main(["scan", str(SEED), "--offline", "-q", "--format", "apa", "--authors", str(good)]) == 0
    assert "Jens Stoltenberg [@jensstoltenberg]" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["scan", str(SEED), "--offline", "--authors", str(bad)]) == 2
    assert "not a valid authors file" in capsys.readouterr().err
    assert main(["scan", str(SEED), "--offline", "--authors", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the authors file" in capsys.readouterr().err
    assert main(["scan", str(SEED), "--offline", "--accessed", "yesterday"]) == 2


def test_cli_accessed_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEED), "--offline", "-q", "--format", "ris", "--accessed", "today"]) == 0
    assert "Y2  - " in capsys.readouterr().out


def test_apa_with_no_author_moves_the_title_or_description_first() -> None:
    # APA 7 §9.12: no author, so the title (here none: the bracketed description) takes the author position
    text = "See https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    (video,) = embeds.normalize(embeds.extract(text, format="text"))
    assert embeds.cite(video, "apa") == "[Video]. (n.d.). YouTube. https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    titled = dataclasses.replace(video, text="A hand-built title")
    assert embeds.cite(titled, "apa", "markdown").startswith("*A hand-built title* [Video]. (n.d.). YouTube.")


JACK_EMBED = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>'
)
JACK_FLAT = "Quoted without its link:\n\njust setting up my twttr\n\n— jack (@jack) March 21, 2006\n"


def test_a_flattened_copy_joins_the_identified_post_across_documents() -> None:
    embed = embeds.extract(JACK_EMBED, format="html", source="a.html")
    flat = embeds.extract(JACK_FLAT, format="text", source="b.txt")
    assert [c.post_id for c in flat] == [None]
    (one,) = embeds.normalize([*embed, *flat])
    assert one.id == "twitter:20" and one.url == "https://twitter.com/jack/status/20"
    assert [o.path for o in one.occurrences] == ["a.html", "b.txt"]


def test_unidentified_records_are_not_merged_on_a_guess() -> None:
    embed = embeds.extract(JACK_EMBED, format="html", source="a.html")
    other_text = embeds.extract(JACK_FLAT.replace("my twttr", "my account"), format="text", source="b.txt")
    other_day = embeds.extract(JACK_FLAT.replace("March 21", "March 25"), format="text", source="c.txt")
    assert len(embeds.normalize([*embed, *other_text])) == 2
    assert len(embeds.normalize([*embed, *other_day])) == 2
    # two identified posts with the same text: which one the copy is cannot be told
    twin = embeds.extract(JACK_EMBED.replace("/status/20", "/status/21"), format="html", source="d.html")
    flat = embeds.extract(JACK_FLAT, format="text", source="b.txt")
    assert len(embeds.normalize([*embed, *twin, *flat])) == 3


def test_a_flattened_copy_a_day_apart_joins_the_identified_post() -> None:
    """The date a flattened copy shows is the reader's local day: one day from the embed's is the same post (issue
    14, item 11); two days is not."""
    embed = embeds.extract(JACK_EMBED, format="html", source="a.html")
    next_day = embeds.extract(JACK_FLAT.replace("March 21", "March 22"), format="text", source="b.txt")
    two_days = embeds.extract(JACK_FLAT.replace("March 21", "March 23"), format="text", source="c.txt")
    assert [c.id for c in embeds.normalize([*embed, *next_day])] == ["twitter:20"]
    assert len(embeds.normalize([*embed, *two_days])) == 2


def test_documents_merge_as_one_document_does() -> None:
    """One merge for a post's records, in a document and across documents: the fields a record lacks are filled
    from the other (language, quoted, cid too) and the notes that a field is missing go once it is found."""
    from embeds._extract._merge import merge

    rendered = '<iframe data-tweet-id="20" src="https://platform.twitter.com/embed/Tweet.html?id=20"></iframe>'
    bare = embeds.extract(rendered, format="html", source="a.html")
    full = embeds.extract(JACK_EMBED, format="html", source="b.html")
    assert any("carries no post text" in n for n in bare[0].notes)
    (one,) = embeds.normalize([*bare, *full])
    assert one.text == full[0].text and one.language == full[0].language
    assert not any("carries no post text" in n for n in one.notes)
    assert [o.path for o in one.occurrences] == ["a.html", "b.html"]
    in_one_document = merge([*bare, *full])
    assert (in_one_document.text, in_one_document.notes) == (one.text, one.notes)


def test_a_scan_normalizes_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction does not normalize; the scan normalizes each file's records once, and combines files without
    normalizing again; a post in two files is one record of the scan, one record per file in the stream."""
    import embeds._scan

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    calls: list[int] = []
    real = embeds._scan.normalize

    def counting(citations: object, *args: object, **kw: object) -> object:
        calls.append(1)
        return real(citations, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(embeds._scan, "normalize", counting)
    result = embeds.scan([str(tmp_path)], options=embeds.ScanOptions(resolve=False, jobs=1))
    assert len(calls) == 3
    assert len(result.citations) == 2
    assert all(len(c.occurrences) == 3 for c in result.citations)
    assert all(c.platform_name == "Twitter" for c in result.citations)


def test_ris_has_one_entry_per_post_across_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["scan", str(tmp_path), "-f", "ris", "--no-resolve", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.count("TY  - ") == 2
