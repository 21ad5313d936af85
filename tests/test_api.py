"""The public surface: exports, typing marker, pure core, picklable records."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import embeds

PACKAGE = Path(embeds.__file__).resolve().parent
# Stages that must stay pure: no network, no event loop, no files, no clock.
PURE = [
    "_parse",
    "_extract",
    "_normalize.py",
    "_names.py",
    "platforms",
    "_emit",
    "_models.py",
    "_types.py",
    "_resolve/_policy.py",
]
FORBIDDEN_IMPORTS = {"httpx", "asyncio", "anyio", "socket", "sqlite3", "os", "pathlib", "time", "urllib.request"}
FORBIDDEN_CALLS = {"open", "print", "input"}


def test_all_is_sorted_and_exported() -> None:
    assert list(embeds.__all__) == sorted(embeds.__all__, key=lambda n: (not n.isupper(), n))
    for name in embeds.__all__:
        assert hasattr(embeds, name), name
    public = {n for n in dir(embeds) if not n.startswith("_")} - {"annotations", "logging"}
    assert public <= set(embeds.__all__) | {n for n in public if n.islower() and not callable(getattr(embeds, n))}


def test_py_typed_is_shipped() -> None:
    assert (PACKAGE / "py.typed").exists()


def _pure_files() -> list[Path]:
    files: list[Path] = []
    for entry in PURE:
        p = PACKAGE / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return files


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_stages_are_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            names = []
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN_IMPORTS and name not in FORBIDDEN_IMPORTS, (
                f"{path.name} imports {name}"
            )
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}()"


SEED = (PACKAGE.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")


def test_records_pickle_round_trip() -> None:
    found = embeds.extract(SEED, source="seed.txt")
    assert found
    assert pickle.loads(pickle.dumps(found)) == found
    error = embeds.DocumentError("x.txt", "binary file")
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.reason, str(again)) == ("x.txt", "binary file", "x.txt: binary file")


def test_records_are_frozen() -> None:
    c = embeds.extract(SEED)[0]
    with pytest.raises(AttributeError):
        c.text = "changed"  # type: ignore[misc]


def test_extract_is_reentrant_and_stable() -> None:
    first = embeds.extract(SEED, source="a.txt")
    second = embeds.extract(SEED, source="a.txt")
    assert first == second
    assert [c.id for c in first] == [c.id for c in second]
    assert all(c.id.startswith("twitter:hash:") for c in first)


def test_empty_input_gives_empty_tuple() -> None:
    assert embeds.extract("") == ()
    assert embeds.extract("", format="html") == ()
    assert embeds.extract("# title", format="markdown") == ()


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(embeds.UnsupportedFormatError) as info:
        embeds.extract("x", format="pdf")
    assert isinstance(info.value, ValueError)
    assert "pdf" in str(info.value)


def test_as_dict_has_the_documented_fields() -> None:
    d = embeds.extract(SEED)[0].as_dict()
    assert set(d) >= {
        "id",
        "platform",
        "kind",
        "url",
        "post_id",
        "author",
        "published",
        "date_text",
        "text",
        "hashtags",
        "mentions",
        "links",
        "source",
    }
    assert set(d["author"]) >= {"name", "handle"}
    assert set(d["links"][0]) >= {"url", "display", "resolved_url", "status", "error"}
    assert set(d["source"]) >= {"path", "start", "end", "line"}
