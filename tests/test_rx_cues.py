"""Cheaper readings of patterns that were costly to compile answer as the old patterns did.

Instagram's "A post shared by" phrases (the cue, the attribution lines), Bluesky's placeholder, the attribution line,
the HTML prefilter's host confirmation and the entity scan were rewritten so that they compile in less time (on
``re``, without case-insensitivity, or not at all). Each old pattern is kept here as its source (built from the same
constants) and compiled as before, and its replacement is matched against it over the seeds and the test cases (their
HTML read as text too) and over probes made to sit on the edges: each phrase in lower, upper, title and swapped case,
wrapped at each space as html2text and pandoc wrap, glued to other text, with the characters case-insensitive
matching treats specially (``İ``, ``ı``, ``ſ``, the Kelvin sign), decomposed accents and look-alike letters; host
names in odd case after and before odd characters. The case folding and the character classes that were respelt are
compared on every code point.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import regex

from embeds._rx import fold, read_folded
from embeds.platforms import instagram

ROOT = Path(__file__).resolve().parent.parent
EVERY = "".join(map(chr, range(0x110000)))


def _corpus() -> list[str]:
    return [
        p.read_text(encoding="utf-8", errors="replace")
        for folder in (ROOT / "seeds", ROOT / "tests" / "cases")
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".txt", ".md", ".html")
    ]


CORPUS = _corpus()

# --- Instagram's phrases ----------------------------------------------------------------------------------------

OLD_SHARED_BY_CUE = regex.compile(
    "(?i)(?:" + "|".join(a.replace(" ", r"(?:[ \t]+|[ \t]*\r?\n[ \t>]*)") for a in instagram.SHARED_BY) + ")"
)
OLD_SHARED_BY = regex.compile(
    rf"^\[?(?:{'|'.join(instagram.SHARED_BY)})\s+(?P<name>[^(\[\]]{{1,100}}?)\s*"
    r"\(@(?P<handle>[A-Za-z0-9._]{1,30})\)"
    rf"(?:\s+(?:{'|'.join(instagram.ON)})(?:\s+(?P<date>[^\]]{{4,60}}?))?)?\]?\s*$",
    regex.IGNORECASE,
)
OLD_SHARED_BY_LINE = regex.compile(
    r"(?i)(?:" + "|".join(instagram.SHARED_BY) + r")"
    r"\s+(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9._]{1,30})\)(?:\s+(?:"
    + "|".join(instagram.ON)
    + r")\s+(?P<date>.+?))?\s*$"
)

#: Characters case-insensitive matching (or str.lower) treats specially, decomposed accents, look-alikes.
ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u0301", "e\u0301", "o\u0301", "c\u0327", "a\u0303", "\u0430", "\u03a3"]
#: How html2text and pandoc wrap a line, in and out of a quote, and other white space.
WRAPS = [*" \t\n\r\u00a0", "  ", "\r\n", "\n> ", "\n>", "\n> > ", " \n> ", "\n  ", "\n\n", " \r\n >", "\n>\n"]


def _phrases() -> list[str]:
    """Every spelling of every phrase, words joined by one space."""
    return [" ".join(p) for words in instagram.PHRASE_WORDS for p in _product(words)]


def _product(words: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for spellings in words:
        out = [(*o, s) for o in out for s in spellings]
    return out


def _cue_probes() -> list[str]:
    rng = random.Random(7)
    phrases = _phrases()
    out: list[str] = []
    for phrase in phrases:
        for cased in (phrase, phrase.upper(), phrase.title(), phrase.swapcase()):
            words = cased.split(" ")
            out.append(cased)
            for k in range(1, len(words)):  # wrapped at each space, each way
                for w in WRAPS:
                    out.append(" ".join(words[:k]) + w + " ".join(words[k:]))
            for odd in ODD:  # an odd character in place of each letter, and glued before and after
                i = rng.randrange(len(cased))
                out.append(cased[:i] + odd + cased[i + 1 :])
                out.append(cased[:i] + odd + cased[i:])
            for before, after in [("x", "y"), ("Data ", ""), ("> [", "](u)"), ("d", "a"), ("", cased), ("un", "")]:
                out.append(before + cased + after)
    for a in phrases:  # two phrases glued, overlapping at their edges
        b = rng.choice(phrases)
        out.append(a + b)
        out.append(a[:-2] + b)
        out.append(a + " " + b[2:])
    pieces = [*phrases[:6], *"".join(ODD), *"".join(WRAPS), *"aAeEuUsSpPkKiIoO>[]"]
    out.extend("".join(rng.choice(pieces) for _ in range(30)) for _ in range(300))
    return out


CUE_PROBES = _cue_probes()


def _folded_atoms() -> list[tuple[str, str]]:
    r"""(an atom of the old patterns, taken with ``(?i)``; what stands for it in :func:`embeds._rx.fold`'s copy): the
    letters of the phrases, the other characters the patterns name, the handle's class, white space; the negated
    classes and ``.`` of the patterns are the complements of ``[(\[\]]``, ``\]`` and ``\n``."""
    letters = {c for p in _phrases() for c in p} | {c for w in instagram.ON for c in w}
    letters |= set(string.ascii_lowercase + string.digits + "-")  # (the HTML prefilter's host names)
    atoms = [(regex.escape(c), regex.escape(c)) for c in sorted(letters | set("()[]@.\n\t\r >"))]
    return [*atoms, (r"[A-Za-z0-9._]", "[a-z0-9._\u0131]"), (r"[(\[\]]", r"[(\[\]]"), (r"\s", r"\s")]


def test_fold_keeps_offsets_and_matches_as_regex_ignores_case() -> None:
    """On every code point: what an atom of the old patterns took with ``(?i)`` is what its spelling takes in the
    folded copy (str.lower's one context-dependent mapping, the final sigma, gives a character none of them takes)."""
    folded = fold(EVERY)
    assert len(folded) == len(EVERY)
    assert fold("\u03a3 \u0391\u03a3") == "\u03c3 \u03b1\u03c2"
    seen: set[int] = set()
    for old, new in _folded_atoms():
        ignoring_case = [m.start() for m in regex.finditer("(?i)" + old, EVERY)]
        assert ignoring_case == [m.start() for m in regex.finditer(new, folded)], old
        assert not any(regex.match(new, sigma) for sigma in "\u03c3\u03c2"), old
        seen.update(ignoring_case)
    # the negated forms are the complements (on the characters either side takes, and others)
    sample = sorted(seen | set(random.Random(3).sample(range(0x110000), 3000)))
    text, low = "".join(EVERY[i] for i in sample), "".join(folded[i] for i in sample)
    for old, new in [(r"[^(\[\]]", r"[^(\[\]]"), (r"[^\]]", r"[^\]]"), (".", "."), (r"\S", r"\S")]:
        assert [m.start() for m in regex.finditer("(?i)" + old, text)] == [m.start() for m in regex.finditer(new, low)]


def test_the_phrases_are_written_so_they_can_be_folded() -> None:
    """The phrases are lower-cased as regular-expression source: no escape a lower case would change; no spelling of
    a word starts another (the cue takes the one that is there); every phrase has a second word and more."""
    for source in (*instagram.SHARED_BY, *instagram.ON):
        assert "\\" not in source
    for words in instagram.PHRASE_WORDS:
        assert len(words) >= 3
        for spellings in words:
            assert not any(a != b and b.startswith(a) for a in spellings for b in spellings)
            assert not any(c in " \t\r\n>" for s in spellings for c in s)
    assert not any(a != b and b.startswith(a) for a in instagram.BY_SECOND for b in instagram.BY_SECOND)


def _cue_starts(text: str) -> list[int]:
    return [m.start() for m in OLD_SHARED_BY_CUE.finditer(text)]


def test_shared_by_cues_start_where_the_old_pattern_did() -> None:
    found = 0
    for text in [*CORPUS, *CUE_PROBES, "\n".join(CUE_PROBES)]:
        old = _cue_starts(text)
        assert list(instagram.shared_by_cues(text)) == old, text[:200]
        found += len(old)
    assert found > 5000


def _groups(m: regex.Match[str] | None) -> dict[str, str | None] | None:
    return None if m is None else m.groupdict()


def _attribution_probes() -> list[str]:
    rng = random.Random(11)
    names = ["Example Person", "Jane [X]", "", "  ", "A" * 120, "Ünïcødé\u0130 \u017fomeone", "x (y)", "Name\n2"]
    handles = ["example.person", "A_b.C", "\u212aelvin", "\u017ftrange", "d\u0131r", "\u0130stanbul", "x" * 31, "a-b"]
    ons = ["", " on March 3, 2018", " ON Mar 12, 2018 um 12:30 PDT", " am", " am 12. M\u00e4rz", " pada 1 Jan", " le"]
    out: list[str] = []
    for phrase in _phrases():
        for cased in (phrase, phrase.upper(), phrase.title()):
            for _ in range(6):
                line = f"{cased} {rng.choice(names)} (@{rng.choice(handles)}){rng.choice(ons)}"
                out.extend([line, f"[{line}]", f"[{line}](u)", line + "\n", line + " \u0130", "x " + line])
    return out


ATTRIBUTION_PROBES = _attribution_probes()


def test_shared_by_reads_what_the_old_pattern_read() -> None:
    from embeds._extract._captions import SHARED_BY

    matched = 0
    for text in [*ATTRIBUTION_PROBES, *CUE_PROBES, *(line for doc in CORPUS for line in doc.splitlines())]:
        old = _groups(OLD_SHARED_BY.match(text))
        assert read_folded(SHARED_BY, text) == old, text
        matched += old is not None
        old = _groups(OLD_SHARED_BY_LINE.search(text))
        assert read_folded(instagram.SHARED_BY_LINE, text, search=True) == old, text
    assert matched > 500


# --- the HTML prefilter's host confirmation ---------------------------------------------------------------------


def host_pattern(registry: object) -> regex.Pattern[str]:
    """The post hosts as one pattern, as ``prefilter`` compiled it before ``Prefilter.confirm`` answered for it: the
    reference that ``confirm`` (here) and the prefilter's hits (``tests/test_html_prefilter.py``) are checked with."""
    from embeds._extract._html import _trie

    hosts = registry.hosts()  # type: ignore[attr-defined]
    tlds = _trie({h.split(".")[-1] for h in hosts})
    pairs = sorted({".".join(h.split(".")[-2:]) for h in hosts}, key=len, reverse=True)
    return regex.compile(rf"\.(?:{tlds})\b(?<=(?<![\w-])(?i:" + "|".join(map(regex.escape, pairs)) + "))")


def _host_probes(hosts: list[str]) -> list[str]:
    rng = random.Random(5)
    odd = {"i": ["\u0130", "\u0131", "I"], "s": ["\u017f", "S"], "k": ["\u212a", "K"], "e": ["\u00e9", "E"]}
    befores = ["", " ", "a", "-", "_", ".", "/", "//", "\u0301", "\u00e9", "\u0430", "x.", "@", "\u0130", "https://"]
    befores += ["a" * 30, "x-" * 12, "\u212a" * 3, "www." * 3]
    afters = ["", "/", "/p/1", "x", "-", "_", "\u0301", "\u00e9", ".", " ", "1", "\u0660", "?"]
    out: list[str] = []
    for h in hosts:
        for cased in {h, h.upper(), h.title(), h.swapcase(), "".join(rng.choice([c, c.upper()]) for c in h)}:
            for before in befores:
                out.append(before + cased + rng.choice(afters))
            for after in afters:
                out.append(rng.choice(befores) + cased + after)
        for i, c in enumerate(h):
            for o in odd.get(c, []):
                out.append(rng.choice(befores) + h[:i] + o + h[i + 1 :] + rng.choice(afters))
    pieces = [*hosts, *befores, *afters, ".com", ".COM", ".co", "com", "x"]
    out.extend("".join(rng.choice(pieces) for _ in range(12)) for _ in range(400))
    return out


def test_prefilter_confirms_as_host_matched() -> None:
    from embeds._extract._html import prefilter
    from embeds.platforms import REGISTRY

    pre, old = prefilter(REGISTRY), host_pattern(REGISTRY)
    # confirm takes a name to start where the run of [\w-] before the dot does: names are host labels, and what folds
    # to their characters is of that run
    names = {h.split(".")[-2] for h in REGISTRY.hosts()}
    assert all(re.fullmatch("[a-z0-9-]+", n) for n in names)
    folding = [m.start() for m in re.finditer("[a-z0-9-]", fold(EVERY))]
    assert all(regex.match(r"[\w-]", EVERY[i]) for i in folding)
    hosts = sorted(REGISTRY.hosts())
    confirmed = 0
    rng = random.Random(6)
    for text in _host_probes(hosts):
        for i in {*(m.start() for m in re.finditer(r"\.", text)), rng.randrange(len(text))}:  # (not a dot: no match)
            for end in {len(text), len(text) - 1, i + 3, i + 4}:
                want = old.match(text, i, end) is not None
                assert pre.confirm(text, i, end) == want, (text, i, end)
                confirmed += want
    for text in CORPUS:
        for i in (m.start() for m in re.finditer(r"\.", text)):
            assert pre.confirm(text, i, len(text)) == (old.match(text, i) is not None), (text[i - 30 : i + 10], i)
    assert confirmed > 3000


# --- attribution lines ------------------------------------------------------------------------------------------

OLD_ATTRIBUTION = regex.compile(
    r"""
    ^(?P<prefix>(?:[ \t]*>)*[ \t]*)
    (?:\u2014|\u2013|---|--|-|&mdash;|&\#8212;)[ \t]*             # (pandoc's Markdown writes "---")
    (?P<name>[^\n]{0,100}?)[ \t]*
    \(\[?[@\uff20](?P<handle>
        (?:[A-Za-z0-9]|\\?_){1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+     # Mastodon user@host
      | (?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}                # Bluesky domain handle
      | (?:[A-Za-z0-9]|\\?_){1,20}                                        # Twitter/X handle
                                          # ("_" may be escaped by a Markdown writer: trafilatura's "@a\_b")
    )(?:\]\([^)\s]*\))?\)
    [ \t]*
    (?:\[(?P<ldate>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)|(?P<date>[^\n]{0,80}?))
    [ \t]*\r?$
    """,
    regex.VERBOSE | regex.MULTILINE,
)
OLD_PLACEHOLDER = regex.compile(r"(?i)^(?:\[image or embed\]|\[\\\[image or embed\\\]\]\([^)\s]*\))$")
OLD_TRAILING_PLACEHOLDER = regex.compile(r"(?i)\s*\[image or embed\]\s*$")


def _tree(parsed: object) -> object:
    """A parse of ``re``'s parser as nested tuples (comparable)."""
    if isinstance(parsed, (list, tuple)) or type(parsed).__name__ == "SubPattern":
        return tuple(_tree(x) for x in parsed)  # type: ignore[attr-defined]
    return parsed


def test_attribution_is_the_verbose_pattern_written_out() -> None:
    """The same pattern: ``re``'s parser gives the same tree for both spellings; it compiles on ``re``."""
    from embeds._extract._attribution import ATTRIBUTION
    from embeds._rx import engine_for

    parse = re._parser.parse  # type: ignore[attr-defined]
    assert _tree(parse(ATTRIBUTION.pattern, re.M)) == _tree(parse(OLD_ATTRIBUTION.pattern, re.X | re.M))
    assert engine_for(ATTRIBUTION.pattern, regex.M, {})[0] is re


def _attribution_lines() -> list[str]:
    rng = random.Random(13)
    dashes = ["\u2014", "\u2013", "---", "--", "-", "&mdash;", "&#8212;", "&\\#8212;", "#", " ", "\u2014\u2014"]
    names = ["Name", "", "A B", "x" * 101, "(@x)", "N\u0130"]
    handles = ["@jack", "[@jack](u)", "\uff20a", "@a\\_b", "@a@b.c", "@a.bsky.social", "@" + "a" * 21, "@-x", "@a_b"]
    dates = ["", "January 26, 2022", "[May 4, 2023](https://x.com/a/status/1)", "[d](u u)", "x" * 81, "\r", " \t"]
    quotes, gaps = ["", "> ", ">> ", " > > ", "\t"], ["", " ", "\t"]
    out = [
        f"{rng.choice(quotes)}{rng.choice(dashes)} {rng.choice(names)} "
        f"({rng.choice(handles)}){rng.choice(gaps)}{rng.choice(dates)}"
        for _ in range(3000)
    ]
    return out + ["\n".join(out[i : i + 5]) for i in range(0, 3000, 5)]


def test_attribution_matches_as_before() -> None:
    from embeds._extract._attribution import ATTRIBUTION

    matched = 0
    for text in [*CORPUS, *_attribution_lines()]:
        starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        for k, start in enumerate(starts):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
            for a, b in [(start, end), (start, len(text))]:
                old, new = OLD_ATTRIBUTION.match(text, a, b), ATTRIBUTION.match(text, a, b)
                assert (old and (old.span(), old.groups())) == (new and (new.span(), new.groups())), text[a:b]
                matched += old is not None
        old_all = [(m.span(), m.groups()) for m in OLD_ATTRIBUTION.finditer(text)]
        assert [(m.span(), m.groups()) for m in ATTRIBUTION.finditer(text)] == old_all
    assert matched > 1000


def _placeholder_probes() -> list[str]:
    words = "image or embed"
    cased = [words, words.upper(), words.title(), "\u0130mage or embed", "\u0131mage or embed", "image or emb\u0435d"]
    out: list[str] = []
    for w in cased:
        for shape in ["[{}]", "[\\[{}\\]](u)", "[\\[{}\\]](u v)", "[\\[{}\\]]()", "[{}]\n", "x [{}] ", "[{}]x", "{}"]:
            out.extend([shape.format(w), " " + shape.format(w), "text " + shape.format(w) + " \n"])
    return out


def test_placeholders_match_as_before() -> None:
    from embeds._extract._attribution import TRAILING_PLACEHOLDER, _placeholder

    lines = [line for doc in CORPUS for line in doc.splitlines()]
    for text in [*_placeholder_probes(), *lines, *CUE_PROBES[:500]]:
        assert _placeholder(text) == (OLD_PLACEHOLDER.match(text) is not None), text
        old = OLD_TRAILING_PLACEHOLDER.search(text)
        new = TRAILING_PLACEHOLDER.search(fold(text))
        assert (old and old.span()) == (new and new.span()), text


# --- the entity scan ----------------------------------------------------------------------------------------------


#: The classes as they were written before they were respelt (twitter-text's lists, item by item).
OLD_DIRECTIONAL = r"\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
OLD_NOT_ALPHA = r"_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u0f0b\u0f0c\xb7"
OLD_HASHTAG_CHAR = rf"\p{{L}}\p{{M}}\p{{Nd}}{OLD_NOT_ALPHA}\u3003"


def _old_scan() -> tuple[str, str]:
    """The entity scan and ``HOST_BACK`` as they were written before their classes were respelt."""
    from embeds._extract import _entities as e

    mention = (
        rf"[{e.AT_SIGNS}](?<=(?:^|[^A-Za-z0-9_!#$%&*@\uff20\p{{Latin}}\p{{Cyrillic}}\p{{Greek}}\p{{M}}]"
        rf"|(?:^|[^A-Za-z0-9_+~.\-])(?:rt|RT|rT|Rt):?)[{e.AT_SIGNS}])"
        r"(?P<name>[A-Za-z0-9_]{1,20})(?P<list>/[A-Za-z][A-Za-z0-9_\-]{0,24})?"
    )
    hashtag = (
        rf"[{e.HASH_SIGNS}](?<=^[{e.HASH_SIGNS}]|[\ufe0e\ufe0f][{e.HASH_SIGNS}]|[^{OLD_HASHTAG_CHAR}&][{e.HASH_SIGNS}])"
        rf"(?![\ufe0f\u20e3])(?=[\p{{Nd}}{OLD_NOT_ALPHA}]*+[\p{{L}}\p{{M}}\u3003])"
        rf"(?P<hashtag>[{OLD_HASHTAG_CHAR}]++)"
        rf"(?![{e.HASH_SIGNS}]|://)"
    )
    cashtag = (
        rf"\$(?<=(?:^|[{e.SPACES}])\$)(?P<cashtag>[A-Za-z]{{1,6}}(?:[._][A-Za-z]{{1,2}})?)"
        r"(?=$|\s|[!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$])"
    )
    host_char = rf"[^{e.HOST_STOP}{e.SPACES}{e.INVALID}{OLD_DIRECTIONAL}]"
    host_dot = rf"\.(?={host_char})"
    return f"{mention}|{hashtag}|{cashtag}|{host_dot}", rf"(?r){host_char}*+"


def test_respelt_classes_are_the_same_sets() -> None:
    """Each class the scan now spells in fewer items takes the same characters, on every code point."""
    from embeds._extract import _entities as e

    pairs = [
        (e.SPACES, e._R_SPACES),
        (e.HOST_STOP, e._R_HOST_STOP),
        (OLD_DIRECTIONAL, e.DIRECTIONAL),
        (OLD_NOT_ALPHA, e.HASHTAG_NOT_ALPHA),
        (OLD_HASHTAG_CHAR + "&", e.HASHTAG_CHAR + "&"),
        (rf"\p{{Nd}}{OLD_NOT_ALPHA}", rf"\p{{Nd}}{e.HASHTAG_NOT_ALPHA}"),
        (
            r"A-Za-z0-9_!#$%&*@\uff20\p{Latin}\p{Cyrillic}\p{Greek}\p{M}",
            r"0-9_!#-&*@\uff20\p{Latin}\p{Cyrillic}\p{Greek}\p{M}",
        ),
        (r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$", r"!#-/:-@\[-_{-~"),
        (e._HOST_CHAR[2:-1], e._R_HOST_CHAR[2:-1]),
    ]
    for old, new in pairs:  # (compared as runs: the same runs, the same characters)
        runs = [m.span() for m in regex.finditer(f"[{old}]+", EVERY)]
        assert [m.span() for m in regex.finditer(f"[{new}]+", EVERY)] == runs, new
    rts = "rt RT rT Rt rT\u0131 \u0280t"
    assert regex.findall("(?:rt|RT|rT|Rt)", rts) == regex.findall("[rR][tT]", rts)


def _entity_texts() -> list[str]:
    rng = random.Random(17)
    fixtures = [
        line
        for p in sorted((ROOT / "tests" / "fixtures" / "entities").iterdir())
        for line in p.read_text(encoding="utf-8").splitlines()
    ]
    edges = (
        "@\uff20#\uff03$. \u180e\u3000\u00a0\u2028\x1c\u0301\ufe0f\u20e3\u200c\u200d\u3003\u309b\u0f0c\xb7_-&"
        "rtRT:\u00e9\u0430\u03b1\u05d0\u0660\u202a\u200e\ufeff\"`'!/\\^{~aZ09\n\t"
    )
    tokens = ["@jack", "RT@a", "rt:@b", "#tag", "#\u0661x", "#\u200cy", "$AB", "$ab.c", "a.com", "x.co/p", "\u00e9@x"]
    probes = ["".join(rng.choice([*edges, *tokens]) for _ in range(40)) for _ in range(2000)]
    return CORPUS + fixtures + probes + ["\n".join(fixtures)]


def test_scan_matches_as_before() -> None:
    from embeds._extract._entities import HOST_BACK, SCAN

    old_scan, old_back = (regex.compile(s) for s in _old_scan())
    found = 0
    for text in _entity_texts():
        old = [(m.span(), m.groups()) for m in old_scan.finditer(text)]
        assert [(m.span(), m.groups()) for m in SCAN.finditer(text)] == old, text[:200]
        found += len(old)
        for dot in (m.start() for m in re.finditer(r"\.", text)):
            assert HOST_BACK.match(text, 0, dot).span() == old_back.match(text, 0, dot).span()  # type: ignore[union-attr]
    assert found > 5000
