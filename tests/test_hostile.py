"""Hostile input: every bad file is reported with its name and a clear reason; the rest of the scan is unaffected."""

from __future__ import annotations

import codecs
import dataclasses
import io
import json
import os
import pickle
from pathlib import Path

import pytest
from pytest_httpx import HTTPXMock

import embeds
from embeds._cli import main

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
JACK = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote>'
)


HOSTILE_LINKS_EMBED = (  # hand-built: a placeholder post whose short links lead to malformed answers
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">three bad links '
    '<a href="https://t.co/BadLocation">https://t.co/BadLocation</a> '
    '<a href="https://t.co/BadRefresh">https://t.co/BadRefresh</a> '
    '<a href="https://t.co/BadRetry">https://t.co/BadRetry</a></p>&mdash; Example (@example) '
    '<a href="https://twitter.com/example/status/1234567890123456789">January 2, 2020</a></blockquote>'
)


def make_hostile_tree(root: Path) -> dict[str, str]:
    """Write a directory of hostile files; return {file name: expected reason fragment} for the bad ones."""
    (root / "good.txt").write_text(SEED, encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "empty.md").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \n\t\n")
    (root / "utf16.html").write_bytes(codecs.BOM_UTF16_LE + f"<html><body>{JACK}</body></html>".encode("utf-16-le"))
    latin = f'<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9</p>{JACK}</body></html>'
    (root / "latin1.html").write_bytes(latin.encode("latin-1"))
    (root / "broken-utf8.txt").write_bytes(SEED.encode("utf-8").replace("“".encode(), b"\x93"))
    (root / "cp1252.txt").write_bytes("Caf\xe9 \x93quoted\x94 na\xefve".encode("latin-1"))
    (root / "nested.html").write_text("<div>" * 20000 + JACK + "</div>" * 3, encoding="utf-8")
    (root / "malformed.md").write_text("> [unclosed](\n```\nno end\n" + "[" * 5000 + "\n> " * 500, encoding="utf-8")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # a directory loop: never followed
    os.mkfifo(root / "pipe.txt")
    return {
        "binary.txt": "binary file",
        "empty.md": "empty file",
        "blank.txt": "blank file",
        "loop.txt": "symbolic link loop",
        "pipe.txt": "not a regular file",
    }


def test_a_directory_of_hostile_files_completes(tmp_path: Path) -> None:
    bad = make_hostile_tree(tmp_path)
    result = embeds.scan([tmp_path], options=embeds.ScanOptions(resolve=False))
    errors = {Path(e.path).name: e for e in result.errors}
    for name, reason in bad.items():
        assert name in errors, f"{name} not reported"
        assert reason in errors[name].error
        assert errors[name].severity == "error"
    assert errors["broken-utf8.txt"].severity == "warning"
    assert "invalid UTF-8" in errors["broken-utf8.txt"].error
    assert errors["cp1252.txt"].severity == "warning"
    assert "Windows-1252" in errors["cp1252.txt"].error
    # every good file's citations are there
    by_file: dict[str, list[embeds.Citation]] = {}
    for c in result.citations:
        for o in c.occurrences:
            by_file.setdefault(Path(o.path or "").name, []).append(c)
    assert [c.author.handle for c in by_file["good.txt"]] == ["jensstoltenberg", "StateDept"]
    assert [c.author.handle for c in by_file["broken-utf8.txt"]] == ["jensstoltenberg", "StateDept"]
    for name in ("utf16.html", "latin1.html", "nested.html"):
        assert [c.post_id for c in by_file[name]] == ["20"], name


def test_cli_exit_code_follows_the_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_hostile_tree(tmp_path)
    assert main(["scan", str(tmp_path), "--no-resolve", "-f", "json"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'binary.txt'}: binary file" in err
    assert f"warning: {tmp_path / 'broken-utf8.txt'}" in err
    assert main(["scan", str(tmp_path), "--no-resolve", "--fail-on", "none", "-q"]) == 0
    capsys.readouterr()
    assert main(["scan", str(tmp_path / "good.txt"), "--no-resolve", "-q"]) == 0


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "secret.txt"
    target.write_text(SEED, encoding="utf-8")
    real_open = open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(target):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(embeds.DocumentError) as info:
        embeds.read_document(str(target))
    assert str(info.value) == f"{target}: permission denied"


def test_large_single_line_file(tmp_path: Path) -> None:
    # 8 MB on one line with a flattened tweet at the end (the 100 MB case is in bench/scan.py)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1_600_000 + "\n" + SEED, encoding="utf-8")
    result = embeds.scan([big], options=embeds.ScanOptions(resolve=False))
    assert [c.author.handle for c in result.citations] == ["jensstoltenberg", "StateDept"]
    assert not result.errors


@pytest.mark.parametrize("junk", ["<![ x", "<![foo]>", "<![if x]>", "<![CDATA[x]]>", "<!x>", "<?x?>", "</ x>", "<!--"])
def test_declarations_in_an_embed_never_raise(junk: str) -> None:
    # `<![` not followed by a keyword the standard library knows used to raise AssertionError from html.parser
    doc = JACK.replace("twttr</p>", f"twttr {junk}</p>")
    found = embeds.extract(doc, format="html")
    assert [c.post_id for c in found] == ["20"]


# --- one bad response never kills a batch --------------------------------------------------------------------------
# Hand-built answers on placeholder links (t.co/Bad…, bit.ly/…): no real link or server is modelled.


@pytest.mark.anyio
async def test_malformed_answers_become_per_link_failures(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/BadLocation", status_code=301, headers={"Location": "http://[oops/"})
    refresh = '<html><head><meta http-equiv="refresh" content="0; url=http://[x/"></head></html>'
    httpx_mock.add_response(url="https://t.co/BadRefresh", status_code=200, html=refresh)
    httpx_mock.add_response(
        url="https://t.co/BadPort", status_code=302, headers={"Location": "http://example.com:99999/"}
    )
    for _ in range(2):  # asked, then retried once
        # "²" as a server sends it in Latin-1 (HTTP header bytes are read as Latin-1)
        httpx_mock.add_response(url="https://t.co/BadRetry", status_code=503, headers=[(b"Retry-After", b"\xb2")])
    httpx_mock.add_response(url="https://t.co/BadIdna", status_code=301, headers={"Location": "http://xn--a.com/"})
    httpx_mock.add_response(url="https://t.co/Good", status_code=301, headers={"Location": "https://example.com/ok"})
    httpx_mock.add_response(url="https://example.com/ok", status_code=200, headers={"content-type": "text/plain"})
    urls = [
        "https://t.co/BadLocation",
        "https://t.co/BadRefresh",
        "https://t.co/BadPort",
        "https://t.co/BadRetry",
        "http://[given/",  # a malformed link in the document itself
        "https://t.co/BadIdna",
        "https://t.co/Good",
    ]
    async with embeds.AsyncResolver(options=embeds.ResolveOptions(retries=1)) as resolver:
        results = await resolver.resolve_many(urls)  # never raises
        streamed = {r.url async for r in resolver.iter_resolve(urls)}
    assert streamed == set(urls)
    kinds = {url: r.error_kind for url, r in results.items()}
    assert kinds == {
        "https://t.co/BadLocation": "bad-url",
        "https://t.co/BadRefresh": "bad-url",
        "https://t.co/BadPort": "bad-url",
        "https://t.co/BadRetry": "http-status",
        "http://[given/": "bad-url",
        "https://t.co/BadIdna": "bad-url",  # not valid IDNA: refused when the request is built
        "https://t.co/Good": None,
    }
    assert "bad redirect target" in (results["https://t.co/BadLocation"].error or "")
    assert results["https://t.co/BadLocation"].final_url == "http://[oops/"
    assert results["https://t.co/BadRetry"].error == "HTTP 503"
    assert results["https://t.co/Good"].ok and results["https://t.co/Good"].final_url == "https://example.com/ok"


def test_typed_kinds_reach_the_records_and_raise_for_error() -> None:
    failed = embeds.Resolution("https://t.co/X", "https://t.co/X", 404, (), "HTTP 404", error_kind="http-status")
    with pytest.raises(embeds.ResolveHTTPError) as info:
        failed.raise_for_error()
    assert (info.value.url, info.value.kind) == ("https://t.co/X", "http-status")
    assert pickle.loads(pickle.dumps(info.value)).kind == "http-status"
    for kind, cls in [
        ("timeout", embeds.ResolveTimeout),
        ("loop", embeds.ResolveBlocked),
        ("bad-url", embeds.ResolveError),
    ]:
        with pytest.raises(cls):
            dataclasses.replace(failed, error_kind=kind).raise_for_error()
    ok = embeds.Resolution("https://t.co/Y", "https://example.com/", 200)
    assert ok.raise_for_error() is ok and ok.as_dict()["error_kind"] is None
    assert failed.as_dict()["error_kind"] == "http-status"


def _fixture(directory: Path, name: str, url: str, status: int, headers: dict[str, str], body: str = "") -> None:
    record = {
        "provenance": {"origin": "hand-built", "note": "hostile answer for a test; placeholder link"},
        "request": {"method": "GET", "url": url, "headers": {}},
        "response": {"status": status, "headers": headers, "body": body},
    }
    (directory / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def test_scan_survives_malformed_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replay = tmp_path / "replay" / "t.co"
    replay.mkdir(parents=True)
    _fixture(replay, "loc", "https://t.co/BadLocation", 301, {"Location": "http://[oops/"})
    refresh = '<meta http-equiv="refresh" content="0;url=http://[x/">'
    _fixture(replay, "ref", "https://t.co/BadRefresh", 200, {"Content-Type": "text/html"}, refresh)
    _fixture(replay, "ret", "https://t.co/BadRetry", 429, {"Retry-After": "²"})
    (tmp_path / "doc.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "hostile.html").write_text(HOSTILE_LINKS_EMBED, encoding="utf-8")
    out = tmp_path / "out.json"
    argv = ["scan", str(tmp_path), "--replay", str(tmp_path / "replay"), "--exclude", "replay", "-o", str(out)]
    code = main([*argv, "-f", "json"])
    err = capsys.readouterr().err
    assert code == 0, err  # unresolved links are reported, not failures (no --fail-on links)
    assert "Traceback" not in err and "3 posts, links 0 resolved, 5 unresolved" in err
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["author"]["handle"] for r in records] == ["jensstoltenberg", "StateDept", "example"]
    links = {link["url"]: link for link in records[2]["links"]}
    assert {u: (link["status"], link["error_kind"]) for u, link in links.items()} == {
        "https://t.co/BadLocation": ("failed", "bad-url"),
        "https://t.co/BadRefresh": ("failed", "bad-url"),
        "https://t.co/BadRetry": ("failed", "http-status"),
    }
    assert {link["error_kind"] for link in records[0]["links"]} == {"no-fixture"}
    assert main([*argv, "-q", "--fail-on", "links"]) == 1


# --- one bad character never empties the output --------------------------------------------------------------------

SURROGATE_EMBED = (  # hand-built: embed code JSON-escaped in a script, its text holding a lone "\ud800" escape
    '<html><body><script>var embed = "<blockquote class=\\"twitter-tweet\\"><p lang=\\"en\\">bad \\ud800 char</p>'
    '&mdash; Example (@example) <a href=\\"https://twitter.com/example/status/1234567890123456789\\">'
    'January 2, 2020</a></blockquote>";</script></body></html>'
)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "apa", "csl-json", "biblatex", "ris", "apa-md"])
def test_lone_surrogates_and_undecodable_names_lose_nothing(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "post.html").write_text(SURROGATE_EMBED, encoding="utf-8")
    bad_name = os.fsdecode(b"bad-\xff-name.txt")  # bytes invalid in UTF-8: Python holds them as surrogates
    (docs / bad_name).write_text(SEED, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["scan", str(docs), "--offline", "-f", fmt, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err  # warnings, not failures
    text = out.read_text(encoding="utf-8")  # valid UTF-8
    assert "Traceback" not in err
    assert "bad-\ufffd-name.txt: file name is not valid UTF-8" in err
    assert "post.html: lone surrogates in the extracted text replaced with U+FFFD" in err
    assert "3 posts" in err and "2 warnings" in err
    for who in ("Stoltenberg", "Department of State", "Example"):
        assert who in text, (fmt, who)
    if fmt in ("json", "jsonl", "text"):
        assert "bad \ufffd char" in text and "bad-\ufffd-name.txt" in text


def test_extract_file_keeps_the_real_name_to_open_it(tmp_path: Path) -> None:
    path = str(tmp_path / os.fsdecode(b"caf\xe9.txt"))
    Path(path).write_text(SEED, encoding="utf-8")
    result = embeds.extract_file(path)
    assert result.path == path  # as found: opens the file again
    assert {o.path for c in result.citations for o in c.occurrences} == {str(tmp_path / "caf\ufffd.txt")}
    assert [e.severity for e in result.errors] == ["warning"]


@pytest.mark.anyio
async def test_a_link_no_encoding_can_write_fails_alone_even_with_a_cache(
    tmp_path: Path, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url="https://t.co/Good", status_code=301, headers={"Location": "https://example.com/ok"})
    httpx_mock.add_response(url="https://example.com/ok", status_code=200, headers={"content-type": "text/plain"})
    with embeds.SQLiteCache(tmp_path / "cache.sqlite3") as cache:
        async with embeds.AsyncResolver(cache=cache) as resolver:
            results = await resolver.resolve_many(["https://t.co/Bad\ud800", "https://t.co/Good"])
    assert results["https://t.co/Bad\ud800"].error_kind == "bad-url"
    assert results["https://t.co/Good"].ok


def test_dumps_never_returns_text_no_encoding_can_write() -> None:
    c = embeds.extract(SEED, source="seed.txt")[0]
    bad = dataclasses.replace(c, text="lone \ud800 surrogate", author=embeds.Author("N\udcff", "h"))
    for fmt in embeds.EMITTERS:
        embeds.dumps([bad], fmt).encode("utf-8")  # no UnicodeEncodeError


def test_cli_output_writes_what_any_encoding_can_take() -> None:
    from embeds._cli import _Output

    stream = io.StringIO()
    out = _Output(stream)
    out.write("fine ")
    out.write("lone \ud800 and \udcff\n")
    out.flush()
    assert stream.getvalue() == "fine lone \ufffd and \ufffd\n" and out.replaced == 2
