"""Patterns compiled on first use (``embeds._rx``): they behave as the compiled pattern, and every one compiles."""

from __future__ import annotations

import importlib
import pkgutil
import re

import regex

import embeds
from embeds._rx import LazyPattern, lazy_re, lazy_regex


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
