"""Authors' names, pure: whether a display name is a person's or an organization's, and how a person's splits into
given and family names. (The platforms' own names and post-type words are the registry's: :mod:`embeds.platforms`.)

Shared by :mod:`embeds._normalize` (which stores the decisions in the record) and the emitters (which fall back to
the same decisions for records that did not go through :func:`embeds.normalize`).
"""

from __future__ import annotations

import unicodedata

import regex

from ._types import AuthorKind

# --- authors -----------------------------------------------------------------------------------------------------

#: Words that mark a display name as an organization's ("Department of State", "NATO News", "BBC Breaking News").
ORGANIZATION_WORDS = frozenset(
    """
    academy agency airlines airport alliance app army assembly association authority bank bbc board bureau business
    cabinet campaign center centre channel church city club co coalition college command commission committee company
    corp corporation council county court daily department desk embassy foundation fund gmbh government group guard
    herald hospital hq inc initiative institute international journal labs league library llc ltd magazine media
    ministry mission movement museum nasa nato navy network news newsroom office official org organisation
    organization palace parliament party police post press project radio records republic school senate service
    services society staff state studio studios team times today tv un unicef union united university weekly who
    white world
    """.split()
)
#: Lower-case name particles that belong to the family name ("Ursula von der Leyen" → "von der Leyen").
PARTICLES = frozenset("al bin da das de del della der di do dos du la le ten ter van von".split())

_NAME_WORD = regex.compile(r"^\p{Lu}(?:[\p{Ll}'’]+(?:[-\p{Lu}][\p{Ll}'’]*)*|\.)$")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")


def _fold(s: str) -> str:
    """Lower-case letters and digits only, accents removed (for comparing a name with a handle)."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


def split_name(name: str) -> tuple[str, str] | None:
    """``(given, family)`` when ``name`` reads as a person's name (2–4 capitalized words, lower-case particles
    allowed before the family name), else ``None``."""
    words = name.split()
    if not 2 <= len(words) <= 4:
        return None
    last = len(words) - 1
    start = last
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    given, family = words[:start], words[start:]
    if not all(_NAME_WORD.match(w) for w in given) or not _NAME_WORD.match(family[-1]) or family[-1].endswith("."):
        return None
    return " ".join(given), " ".join(family)


def is_organization_name(name: str) -> bool:
    """Whether ``name`` contains a word that marks organizations (or is written in capitals, like ``NATO``)."""
    words = _WORDS.findall(name)
    if any(w.casefold() in ORGANIZATION_WORDS for w in words):
        return True
    return len(words) == 1 and len(words[0]) > 1 and words[0].isupper()


def author_kind(name: str | None, handle: str | None) -> tuple[AuthorKind | None, str | None, str | None]:
    """``(kind, given, family)`` decided conservatively from a display name and handle.

    * ``organization`` when the name has a word organizations use (``Department``, ``News``, ``Ministry``, …) or is
      one word in capitals;
    * ``person`` (with the split) only when the name reads as a person's name **and** the handle contains the family
      name (``Jens Stoltenberg`` / ``jensstoltenberg``) — a name that merely looks like one is not enough;
    * otherwise ``None``: undecided, and styles print the name as shown, which is never wrong.
    """
    if not name:
        return None, None, None
    if is_organization_name(name):
        return "organization", None, None
    split = split_name(name)
    if split is None or not handle:
        return None, None, None
    family_key = _fold(split[1].split()[-1])
    if len(family_key) >= 3 and family_key in _fold(handle):
        return "person", split[0], split[1]
    return None, None, None
