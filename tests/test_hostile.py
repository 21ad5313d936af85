"""Hostile input: every bad file is reported with its name and a clear reason; the rest of the scan is unaffected."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

import embeds
from embeds._cli import main

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
JACK = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote>'
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
