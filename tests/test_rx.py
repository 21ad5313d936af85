"""Patterns compiled on first use (``embeds._rx``): they behave as the compiled pattern, and every one compiles."""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from pathlib import Path

import regex

import embeds
from embeds._rx import LazyPattern, engine_for, lazy_re, lazy_regex


def test_a_lazy_pattern_compiles_on_first_use_and_matches_as_the_compiled_one() -> None:
    source = r"(?P<handle>@\p{L}+)"
    lazy = lazy_regex(source, regex.IGNORECASE)
    assert lazy.pattern == source and "compiled" not in vars(lazy)  # composing from .pattern compiles nothing
    text = "Hello @Wörld and @x"
    assert [m.group("handle") for m in lazy.finditer(text)] == ["@Wörld", "@x"]
    compiled = regex.compile(source, regex.IGNORECASE)
    assert vars(lazy)["compiled"].pattern == compiled.pattern
    assert lazy.flags == compiled.flags and lazy.groupindex == compiled.groupindex
    assert lazy.sub("@", text) == compiled.sub("@", text)
    plain = lazy_re(r"\d+")
    assert plain.findall("a1b22") == ["1", "22"] and isinstance(vars(plain)["compiled"], re.Pattern)


def test_a_lazy_pattern_pickles_and_copies_as_its_source() -> None:
    import copy
    import pickle

    lazy = lazy_regex(r"(?i)\bpost\b")
    assert lazy.search("A POST") is not None  # compiled: its methods are bound to the compiled pattern now
    for again in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy), copy.copy(lazy)):
        assert isinstance(again, LazyPattern) and again.pattern == lazy.pattern
        assert again.search("a post") is not None and again.search("posted") is None


def test_a_lazy_bytes_pattern() -> None:
    lazy = lazy_regex(rb"charset=(\w+)")
    m = lazy.search(b'<meta charset=utf8">')
    assert m is not None and m.group(1) == b"utf8"


def test_every_pattern_of_the_package_compiles() -> None:
    """A pattern compiled on first use would fail only when first used: compile them all here."""
    seen = 0
    for info in pkgutil.walk_packages(embeds.__path__, "embeds."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, LazyPattern):
                assert value.search is not None  # compiles it; a bad pattern raises here
                seen += 1
    assert seen > 150


def _probe_texts() -> list[str]:
    """The seeds, the test cases and strings made to sit on the engines' edges (Unicode spaces, digits and marks,
    line ends, quotes, brackets)."""
    root = Path(__file__).resolve().parent.parent
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for folder in (root / "seeds", root / "tests" / "cases")
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".txt", ".md", ".html")
    ]
    edges = "\u00a0\u2003\u3000\u0085\r\n\t\x0b\x0c é\u0301 ٣ ߁ 𝟘 _-.@#$ «»“”‘’ [](){}<>|\\/*+?^$ \ufeff\u200b"
    rng = random.Random(18)
    texts.append(edges)
    texts.extend("".join(rng.choice(edges + "abcXYZ0129 \n:/") for _ in range(400)) for _ in range(50))
    return texts


def test_every_pattern_given_to_re_matches_as_on_regex() -> None:
    """The patterns :func:`engine_for` hands to ``re`` find the same matches there as on ``regex``."""
    texts = _probe_texts()
    moved = 0
    for info in pkgutil.walk_packages(embeds.__path__, "embeds."):
        if info.name.endswith("__main__"):
            continue
        for value in vars(importlib.import_module(info.name)).values():
            if not isinstance(value, LazyPattern):
                continue
            engine, flags, options = value._source
            if engine is not regex or engine_for(value.pattern, flags, options)[0] is not re:
                continue
            moved += 1
            _, source, re_flags = engine_for(value.pattern, flags, options)
            ours, theirs = re.compile(source, re_flags), regex.compile(value.pattern, flags)
            for text in texts:
                a = [(m.span(), m.groups()) for m in ours.finditer(text)]
                b = [(m.span(), m.groups()) for m in theirs.finditer(text)]
                assert a == b, (value.pattern, text[:80])
    assert moved > 30


def test_white_space_is_spelt_as_regex_means_it() -> None:
    every = "".join(map(chr, range(0x110000)))
    for source in (r"\s", r"\S", r"[\s<]", r"[^\s<]"):
        on_re = engine_for(source, 0, {})
        assert on_re[0] is re
        assert re.findall(on_re[1], every) == regex.findall(source, every), source
    source = engine_for(r"a\s+[^\s<>]+\S", 0, {})
    assert source[0] is re
    for text in ("a \x1c b", "a\x1fb", "a \u3000b>c", "a\x85 bb"):
        assert [m.span() for m in re.finditer(source[1], text)] == [
            m.span() for m in regex.finditer(r"a\s+[^\s<>]+\S", text)
        ]
    assert engine_for(r"[\S]", 0, {})[0] is regex  # \S inside a set is not spelt: regex keeps it
    assert engine_for(r"(?x) a \s b  # [x", 0, {})[0] is regex
