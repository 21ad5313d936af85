"""Patterns compiled on first use.

Compiling a pattern costs far more than most matches of it: ``embeds`` defines about 180, and a scan of a few files
uses two thirds of them. :func:`lazy_regex` and :func:`lazy_re` give an object that compiles its pattern (with the
``regex`` module or the standard library's ``re``) the first time a method or attribute is asked for, then keeps
the compiled pattern's methods as its own attributes, so later calls cost what a compiled pattern's do.

It is not a ``Pattern`` instance: pass ``.compiled`` where one is needed. ``.pattern`` is known without compiling,
so patterns can be composed from others' sources without compiling them.
"""

from __future__ import annotations

import re
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


class LazyPattern:
    """A pattern compiled when first used (see the module docstring)."""

    def __init__(self, engine: Any, pattern: str | bytes, flags: int, options: dict[str, Any]) -> None:
        self.pattern = pattern
        self._source = (engine, flags, options)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_source":  # copy, pickle and friends ask for these: not a use
            raise AttributeError(name)
        engine, flags, options = self._source
        compiled = engine.compile(self.pattern, flags, **options)
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
