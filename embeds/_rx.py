r"""Patterns compiled on first use.

Compiling a pattern costs far more than most matches of it: ``embeds`` defines about 180, and a scan of a few files
uses two thirds of them. :func:`lazy_regex` and :func:`lazy_re` give an object that compiles its pattern (with the
``regex`` module or the standard library's ``re``) the first time a method or attribute is asked for, then keeps
the compiled pattern's methods as its own attributes, so later calls cost what a compiled pattern's do.

It is not a ``Pattern`` instance: pass ``.compiled`` where one is needed. ``.pattern`` is known without compiling,
so patterns can be composed from others' sources without compiling them.

A :func:`lazy_regex` pattern that means the same on the standard library's engine is compiled there: ``re`` compiles
in about half the time (its parser does no flag arithmetic through ``enum``) and calls cost less. "The same" is
decided by its text (:data:`REGEX_ONLY`): no ``\w``, ``\b`` (word characters differ: ``regex`` counts combining
marks), no ``\d`` (the engines' Unicode versions differ), no case-insensitive matching (case folding differs), no
``regex`` flags or options, and it compiles on ``re`` without a warning (a ``\p{…}`` class, ``(?r)``, a
variable-width look-behind or a nested set do not). ``\s``, which ``re`` takes to include U+001C–U+001F, has those
taken out (:data:`NOT_WHITE_SPACE`). ``tests/test_rx.py`` matches every pattern given to ``re`` on both
engines over probe texts, and checks the spelling on every code point.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, cast, overload

import regex

#: What a compiled pattern offers, copied onto the lazy object when it is compiled.
_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "splititer",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


#: What keeps a :func:`lazy_regex` pattern on the ``regex`` module: word classes and boundaries, digits (the two
#: engines' Unicode versions differ), case-insensitivity set inline, POSIX classes.
REGEX_ONLY = re.compile(r"\\[wWbBdD]|\[\[:|\(\?[a-zA-Z]*[iLauV]")
#: What ``re``'s ``\s`` takes and ``regex``'s does not (U+001C–U+001F: str.isspace(), not Unicode White_Space).
NOT_WHITE_SPACE = "[\\x1c-\\x1f]"


def _spell_white_space(pattern: str) -> str | None:
    r"""``pattern`` with ``\s`` and ``\S`` made to mean on ``re`` what they mean on ``regex``
    (:data:`NOT_WHITE_SPACE` taken out of ``\s``); ``None`` when that cannot be done here (``\S`` in a set)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(f"(?:(?!{NOT_WHITE_SPACE})\\s)")
            elif nxt == "S":
                out.append(f"(?:\\S|{NOT_WHITE_SPACE})")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":  # a ] first in a set is a character
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                return None
            part = pattern[i : j + 1]
            escapes = regex.findall(r"\\.", part)
            if "\\S" in escapes:
                return None
            if "\\s" in escapes:
                part = f"(?:{part}|{NOT_WHITE_SPACE})" if part[1] == "^" else f"(?:(?!{NOT_WHITE_SPACE}){part})"
            out.append(part)
            i = j + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


#: The flags a pattern may carry and still go to ``re`` (they mean the same there).
_SAME_FLAGS = int(regex.MULTILINE | regex.DOTALL | regex.VERBOSE)


def engine_for(pattern: str | bytes, flags: int, options: dict[str, Any]) -> tuple[Any, str | bytes, int]:
    """The engine a :func:`lazy_regex` pattern is compiled with, and its source and flags there (see the module
    docstring)."""
    if options or not isinstance(pattern, str) or int(flags) & ~_SAME_FLAGS or REGEX_ONLY.search(pattern):
        return regex, pattern, flags
    spaced = "\\s" in pattern or "\\S" in pattern
    if spaced and (int(flags) & regex.VERBOSE or "(?x" in pattern):  # comments would confuse the spelling
        return regex, pattern, flags
    spelt = _spell_white_space(pattern) if spaced else pattern
    if spelt is None:
        return regex, pattern, flags
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            re.compile(spelt, int(flags))
        except (re.error, FutureWarning, DeprecationWarning):
            return regex, pattern, flags
    return re, spelt, int(flags)


class LazyPattern:
    """A pattern compiled when first used (see the module docstring)."""

    def __init__(self, engine: Any, pattern: str | bytes, flags: int, options: dict[str, Any]) -> None:
        self.pattern = pattern
        self._source = (engine, flags, options)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_source":  # copy, pickle and friends ask for these: not a use
            raise AttributeError(name)
        engine, flags, options = self._source
        source = self.pattern
        if engine is regex:
            engine, source, flags = engine_for(source, flags, options)
        compiled = engine.compile(source, flags, **options)
        attributes = self.__dict__
        attributes["compiled"] = compiled
        for attribute in _ATTRIBUTES:
            if hasattr(compiled, attribute):
                attributes[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (and copied) as its source, compiled or not
        engine, flags, options = self._source
        return (_remake, (engine.__name__, self.pattern, flags, options))


def _remake(engine: str, pattern: str | bytes, flags: int, options: dict[str, Any]) -> LazyPattern:
    return LazyPattern(regex if engine == "regex" else re, pattern, flags, options)


@overload
def lazy_regex(pattern: str, flags: int = 0, **options: Any) -> regex.Pattern[str]: ...
@overload
def lazy_regex(pattern: bytes, flags: int = 0, **options: Any) -> regex.Pattern[bytes]: ...
def lazy_regex(pattern: str | bytes, flags: int = 0, **options: Any) -> regex.Pattern[Any]:
    """``regex.compile(pattern, flags, **options)``, done on first use."""
    return cast("regex.Pattern[Any]", LazyPattern(regex, pattern, flags, options))


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", LazyPattern(re, pattern, flags, {}))


# --- case-insensitive matching without (?i) -------------------------------------------------------------------
# A long case-insensitive alternation is among the costliest things to compile on ``regex`` (its parser does its flag
# arithmetic through ``enum`` for every letter). Such patterns are written in lower case and matched in a folded
# copy of the text instead, with the same offsets; ``tests/test_rx_cues.py`` checks :func:`fold` against ``regex``'s
# case-insensitive matching on every code point.


def fold(text: str) -> str:
    """``text`` in lower case, as a pattern written in lower case is matched against instead of with ``(?i)``: the
    two characters ``regex``'s case-insensitive matching takes for a letter that ``str.lower`` does not make that
    letter (``İ`` for ``i``, ``ſ`` for ``s``) are replaced by it; the Kelvin and Ångström signs lower to ``k`` and
    ``å``. One character stays one (``str.lower`` alone would make ``İ`` two), so offsets into the copy are offsets
    into ``text``. A letter, digit or sign then takes in the copy what it took with ``(?i)``; a class
    ``(?i)[A-Za-z]`` took ``ı`` too, which a pattern on the copy spells out (``[a-z\u0131]``)."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    if "\u017f" in text:
        text = text.replace("\u017f", "s")
    return text.lower()


def read_folded(pattern: regex.Pattern[str], text: str, *, search: bool = False) -> dict[str, str | None] | None:
    """The named groups, as ``text`` has them, of ``pattern`` (written in lower case for :func:`fold`'s copy)
    matched (or, with ``search``, searched) there; ``None`` when it does not match."""
    low = fold(text)
    m = pattern.search(low) if search else pattern.match(low)
    if m is None:
        return None
    return {name: None if m.start(name) < 0 else text[m.start(name) : m.end(name)] for name in m.groupdict()}
