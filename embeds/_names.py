"""Authors' names, pure: whether a display name is a person's or an organization's, and how a person's splits into
given and family names. (The platforms' own names and post-type words are the registry's: :mod:`embeds.platforms`.)

Shared by :mod:`embeds._normalize` (which stores the decisions in the record) and the emitters (which fall back to
the same decisions for records that did not go through :func:`embeds.normalize`).

The decision (:func:`decide_author`) weighs evidence, and says when it is a guess:

* **organization** when the name has a word organizations use, in English, German, French, Spanish, Italian,
  Portuguese, Dutch and the Nordic languages (``Department``, ``Ministerium``, ``Collective``, ``Page``, ``Noticias``,
  …; :data:`ORGANIZATION_WORDS`), or is one word in capitals (``NATO``), or the platform's markup says the account
  is a page or an organization (``account_type``: the hook is there, but no embed reader records one yet);
* **person** (with the given/family split) when the name reads as a person's (2–4 capitalized words) and either its
  first word is a known given name (:data:`GIVEN_NAMES`, the 1990 U.S. Census list, ``embeds/_data/given_names.txt``)
  or the handle is made of the name (``jensstoltenberg``, ``jose_nunez``, ``adaow``, ``vonderleyen``); when only one
  of the two holds, the decision carries a note saying it is a guess;
* otherwise **undecided**: styles print the name as shown, which is never wrong.

``--authors`` (:func:`embeds.read_authors`) overrides any of it.
"""

from __future__ import annotations

import pkgutil
import unicodedata
from typing import NamedTuple

import regex

from ._rx import lazy_regex
from ._types import AuthorKind

# --- authors -----------------------------------------------------------------------------------------------------

#: Words that mark a display name as an organization's ("Department of State", "NATO News", "BBC Breaking News").
ORGANIZATION_WORDS = frozenset(
    """
    academy agency airlines airport alliance app army assembly association authority bank bbc board bureau business
    cabinet campaign center centre channel church city club co coalition collective college command commission
    committee community company cooperative corp corporation council county court daily department desk embassy
    federation festival foundation fund gmbh government group guard herald hospital hq inc initiative institute
    international journal labs league library llc ltd magazine media ministry mission movement museum nasa nato navy
    network news newsroom office official org organisation organization page palace parliament party police post
    press project radio records republic school senate service services society staff state studio studios team
    theatre theater times today tv un unicef union united university weekly who white world

    agentur amt ausschuss bank behörde botschaft bund bundes bundesamt bundesministerium bundesregierung gemeinde
    gesellschaft gewerkschaft hochschule institut kammer kirche krankenhaus landtag ministerium nachrichten partei
    polizei presse rathaus redaktion regierung rundfunk schule senat stadt stiftung universität verband verein
    verlag zeitung

    académie agence ambassade assemblée association banque collectif commune conseil département école église
    fondation gouvernement hôpital institut journal lycée mairie ministère musée parti préfecture presse rédaction
    république service société syndicat université ville actualités

    agencia asociación ayuntamiento banco colectivo comisión congreso consejo diario embajada escuela fundación
    gobierno hospital iglesia instituto ministerio municipalidad museo noticias partido periódico policía
    presidencia secretaría sindicato universidad

    agenzia associazione camera comune consiglio fondazione giornale governo istituto ministero notizie partito
    polizia regione scuola università

    agência associação câmara coletivo escola fundação governo jornal ministério notícias prefeitura universidade

    gemeente omroep ministerie nieuws politie stichting universiteit vereniging

    departementet forening kommune myndighet nyheter regeringen stiftelse universitet
    """.split()
)
#: Organization words that are also common family names: they yield to a known given name and a handle made of
#: the name ("Larry Page" @larrypage), never to either alone ("Example Page" @examplepage is an organization).
SURNAME_WORDS = frozenset("bank church court guard hall king page post press white".split())
#: Lower-case name particles that belong to the family name ("Ursula von der Leyen" → "von der Leyen").
PARTICLES = frozenset("al bin da das de del della der di do dos du la le ten ter van von".split())

_NAME_WORD = lazy_regex(r"^\p{Lu}(?:[\p{Ll}'’]+(?:[-\p{Lu}][\p{Ll}'’]*)*|\.)$")
_WORDS = lazy_regex(r"[\p{L}\p{N}]+")


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


class AuthorDecision(NamedTuple):
    """What :func:`decide_author` concluded about a display name."""

    kind: AuthorKind | None
    """``person``, ``organization``, or ``None`` (undecided: printed as shown)."""
    given: str | None = None
    """A person's given name(s)."""
    family: str | None = None
    """A person's family name (particles included: ``von der Leyen``)."""
    note: str | None = None
    """Set when the decision is a guess (or a person-like name was left undecided): what it rests on and how to
    override it."""


def _load_given_names() -> frozenset[str]:
    data = pkgutil.get_data("embeds", "_data/given_names.txt")  # lighter to load than importlib.resources
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise ImportError("embeds/_data/given_names.txt cannot be read")
    text = data.decode("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


#: Known given names, folded (lower case, accents removed): see ``embeds/_data/given_names.txt`` for the source.
GIVEN_NAMES: frozenset[str] = _load_given_names()
#: Account types a platform's markup can state (a Facebook page, a verified organization) that make an organization.
ORGANIZATION_ACCOUNT_TYPES = frozenset(("page", "organization", "business", "government"))
_OVERRIDE_HINT = "set it with --authors"


def same_as_handle(name: str | None, handle: str | None) -> bool:
    """Whether a display name is just the handle again (``zq_lumen`` / ``@zq_lumen``): printed once. A name that
    differs in case (``Example`` / ``@example``) says how the account writes itself, and is kept."""
    if not name or not handle:
        return False
    return name.strip().lstrip("@") == handle.strip().lstrip("@")


def _handle_made_of(given: str, family: str, handle: str) -> int:
    """How much of the name the handle is made of (digits, dots and underscores ignored): ``3`` for the whole name
    (given+family or family+given: ``jensstoltenberg``, ``jose_nunez``), ``2`` for the family name (alone or after
    an initial: ``durov``, ``jdoe``), ``1`` for the given name and the family's initials (``adaow``), ``0`` for
    none."""
    h = "".join(ch for ch in _fold(handle) if not ch.isdigit())
    first = _fold(given.split()[0]) if given.split() else ""
    fam = _fold(family)
    if len(fam) < 2 or not h:
        return 0

    def has(c: str) -> bool:
        return len(c) >= 3 and (h == c or (len(c) >= 6 and c in h))

    if has(first + fam) or has(fam + first):
        return 3
    if any(has(c) for c in (fam, first[:1] + fam, _fold(family.split()[-1]))):
        return 2
    fam_initials = "".join(_fold(w)[:1] for w in regex.split(r"[\s-]+", family) if w)
    return 1 if has(first + fam_initials) else 0


def decide_author(name: str | None, handle: str | None, account_type: str | None = None) -> AuthorDecision:
    """Decide whether ``name`` is a person's or an organization's, from the evidence the module docstring lists."""
    if not name:
        return AuthorDecision(None)
    if same_as_handle(name, handle):  # "zq_lumen" (@zq_lumen) says nothing, "NATO" (@NATO) still does
        return AuthorDecision("organization" if is_organization_name(name) else None)
    if (account_type or "").casefold() in ORGANIZATION_ACCOUNT_TYPES:
        return AuthorDecision("organization")
    split = split_name(name)
    known_given, by_handle = False, 0
    if split is not None:
        given, family = split
        known_given = _fold(given.split()[0]) in GIVEN_NAMES
        by_handle = _handle_made_of(given, family, handle or "")
    # "Larry Page" (@larrypage), "Emily Post": a family name that is also an organization word, with a known given
    # name and a handle made of the name, is a person's
    surname_exception = split is not None and known_given and by_handle > 0 and _fold(split[1]) in SURNAME_WORDS
    if is_organization_name(name) and not surname_exception:
        return AuthorDecision("organization")
    if split is None:
        return AuthorDecision(None)
    if (known_given and by_handle) or by_handle == 3:
        return AuthorDecision("person", given, family)
    if known_given:
        note = (
            f"author: {name!r} taken for a person's name ({given.split()[0]!r} is a given name), "
            f"a guess; {_OVERRIDE_HINT}"
        )
        return AuthorDecision("person", given, family, note)
    if by_handle == 2:
        note = f"author: {name!r} taken for a person's name (the handle is made of it), a guess; {_OVERRIDE_HINT}"
        return AuthorDecision("person", given, family, note)
    note = f"author: {name!r} may be a person's name; printed as shown (not inverted); {_OVERRIDE_HINT}"
    return AuthorDecision(None, note=note)


def author_kind(name: str | None, handle: str | None) -> tuple[AuthorKind | None, str | None, str | None]:
    """``(kind, given, family)`` as :func:`decide_author` decides (without its note)."""
    d = decide_author(name, handle)
    return d.kind, d.given, d.family
