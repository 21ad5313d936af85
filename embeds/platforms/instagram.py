"""Instagram: ``https://www.instagram.com/{p|reel|tv}/{code}/`` (instagr.am; a leading ``/{user}/`` dropped), and
the words its embed code leaves in a page: "View this post on Instagram", then "A post shared by Name (@handle)"
(old embeds add " on Date"; those of 2015–2016 say "A photo posted by"), written in the language of the page the
code was copied from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._rx import fold, lazy_re, lazy_regex, read_folded
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Kit, PlatformSpec, PostRef, UrlParts, oembed

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

PATH = lazy_regex(r"^/(?:[A-Za-z0-9._]{1,30}/)?(?P<kind>p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]{5,40})/?")

#: "A post shared by" in the languages seen on real pages (the embed code is written in the language of whoever
#: copied it: "Ein Beitrag geteilt von", "Une publication partagée par", …), and the embed code of 2015–2016
#: ("A photo posted by", "A video posted by"), as regular-expression alternatives.
SHARED_BY = (
    "A (?:post|photo|video) shared by",
    "A (?:photo|video) posted by",
    "Ein Beitrag geteilt von",
    "Une publication partag[ée]e par",
    "Una publicaci[óo]n compartida (?:de|por)",
    "Uma publica[çc][ãa]o compartilhada por",
    "Um post compartilhado por",
    "Un post condiviso da",
    "Sebuah kiriman dibagikan oleh",
)
#: A word of each of those lines, as written, that a document must contain before the lines are looked for.
SHARED_BY_CUES = (
    "shared by",
    "posted by",
    "geteilt von",
    "partag",
    "compartida",
    "compartilha",
    "condiviso da",
    "dibagikan oleh",
)
#: The word before the date in those lines ("on", "am", "le", …).
ON = ("on", "am", "le", "el", "em", "il", "pada")
#: "View this post on Instagram", the line above the caption, in the languages the embed code is copied in (German
#: as real pages keep it, v12–v14: "Sieh dir diesen Beitrag auf Instagram an", "Diesen Beitrag auf Instagram
#: ansehen").
VIEW_POST = (
    "View this post on Instagram",
    "Sieh dir diesen Beitrag auf Instagram an",
    "Diesen Beitrag auf Instagram ansehen",
    "Voir cette publication sur Instagram",
    "Ver esta publicación en Instagram",
    "Visualizza questo post su Instagram",
    "Ver esta publicação no Instagram",
)


# --- the phrases, matched without case ------------------------------------------------------------------------
# The phrases were matched with ``(?i)`` on the ``regex`` module, whose parser spent 6-10 ms on the long alternation
# with each space spelt as a possible line wrap (and 1.5 ms on each attribution line's). They are matched on
# :func:`embeds._rx.fold`'s copy of the text instead, by patterns without case-insensitivity (compiled on the
# standard library's ``re``) and, for the cue, by a literal search and a few string comparisons.
# ``tests/test_rx_cues.py`` checks the new readings against the old patterns.


def _spellings(word: str) -> tuple[str, ...]:
    """Every spelling of a word of :data:`SHARED_BY` (``partag[ée]e``, ``(?:de|por)``), in lower case."""
    if word.startswith("(?:"):
        return tuple(w.lower() for w in word[3:-1].split("|"))
    i = word.find("[")
    if i < 0:
        return (word.lower(),)
    j = word.index("]", i)
    return tuple(s for c in word[i + 1 : j] for s in _spellings(word[:i] + c + word[j + 1 :]))


#: The words of each phrase of :data:`SHARED_BY`, each as its spellings in lower case.
PHRASE_WORDS = tuple(tuple(_spellings(w) for w in phrase.split(" ")) for phrase in SHARED_BY)
#: The phrases' words by each spelling of their second word, in the order of :data:`SHARED_BY`.
BY_SECOND = {s: [w for w in PHRASE_WORDS if s in w[1]] for s in sorted({s for w in PHRASE_WORDS for s in w[1]})}
#: A phrase's second word, found in :func:`~embeds._rx.fold`'s copy (led by its letters, which the engine skips
#: ahead to; the separator's last character before it is checked after). No word of a phrase holds a separator's
#: character, so a match never hides one, and no spelling starts another, so the match is the word.
SECOND_WORD = lazy_re("(?:" + "|".join(sorted(BY_SECOND)) + ")")
#: The characters that may separate two words of a phrase (a separator is a run of them, :func:`_is_wrap`), and a
#: run of them read forwards, and backwards from a word.
WRAP_CHARS = frozenset(" \t\r\n>")
GAP = lazy_re("[ \t\r\n>]*+")
GAP_BEFORE = lazy_regex("(?r)[ \t\r\n>]*+")


def _is_wrap(gap: str) -> bool:
    r"""Whether ``gap`` separates two words of a phrase: white space, or a line wrap (html2text and pandoc wrap lines,
    in or out of a quote), ``[ \t]+`` or ``[ \t]*\r?\n[ \t>]*``."""
    rest = gap.lstrip(" \t")
    if not rest:
        return gap != ""
    if rest.startswith("\r\n"):
        rest = rest[2:]
    elif rest.startswith("\n"):
        rest = rest[1:]
    else:
        return False
    return not rest.strip(" \t>")


def _word_end(low: str, i: int, spellings: tuple[str, ...]) -> int:
    """Where the word at ``i`` ends if it is one of ``spellings`` (no spelling starts another), else -1."""
    for s in spellings:
        if low.startswith(s, i):
            return i + len(s)
    return -1


def _phrase_at(low: str, gap: int, second_end: int, words: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """The span of the phrase of ``words`` whose second word (there) ends at ``second_end``, a separator before it
    from ``gap``, if the rest of the phrase is there."""
    for s in words[0]:
        if low.startswith(s, gap - len(s)) and gap >= len(s):
            start = gap - len(s)
            break
    else:
        return None
    end = second_end
    for spellings in words[2:]:
        word = GAP.match(low, end).end()  # type: ignore[union-attr]  # (matches "" at least)
        if not _is_wrap(low[end:word]):
            return None
        end = _word_end(low, word, spellings)
        if end < 0:
            return None
    return start, end


def shared_by_cues(text: str) -> Iterator[int]:
    r"""Where the phrases of :data:`SHARED_BY` start in ``text``, in any case, their words separated by white space or
    a line wrap (:func:`_is_wrap`), as ``finditer`` would find them (no two overlap): the same starts as ``(?i)`` and
    the phrases, each space spelt ``(?:[ \t]+|[ \t]*\r?\n[ \t>]*)``, gave on ``regex``. Found from their second word
    (:data:`SECOND_WORD`): the separator and the first word before it, then the rest of the phrase."""
    low = fold(text)
    done = 0
    for m in SECOND_WORD.finditer(low):
        second, second_end = m.span()
        gap = second - 1
        if gap < 0 or low[gap] not in " \t\n>":
            continue
        if low[gap - 1 : gap] in WRAP_CHARS:  # more than one character between the words: the run, checked
            gap = GAP_BEFORE.match(low, 0, second).start()  # type: ignore[union-attr]  # (matches "" at least)
            if not _is_wrap(low[gap:second]):
                continue
        elif low[gap] == ">":  # (one character: a space, a tab or a line break, not a quote mark)
            continue
        for words in BY_SECOND[m.group()]:
            span = _phrase_at(low, gap, second_end, words)
            if span is not None:
                if span[0] >= done:
                    yield span[0]
                    done = span[1]
                break


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    kind = "reel" if m.group("kind") == "reels" else m.group("kind")
    code = m.group("code")
    return PostRef("instagram", code, None, f"https://www.instagram.com/{kind}/{code}/")


# --- embed markup ----------------------------------------------------------------------------------------------

#: The attribution line as the embed markup shows it: ``A post shared by Name (@handle)`` and, in old embeds,
#: `` on <time>Date</time>``, in any of the languages above, in any case: searched in :func:`~embeds._rx.fold`'s
#: copy (read with :func:`~embeds._rx.read_folded`; the handle's ``[a-z0-9._\u0131]`` there is what
#: ``(?i)[A-Za-z0-9._]`` takes on ``regex``).
SHARED_BY_LINE = lazy_regex(
    r"(?:" + "|".join(SHARED_BY).lower() + r")"
    r"\s+(?P<name>.*?)\s*\(@(?P<handle>[a-z0-9._\u0131]{1,30})\)(?:\s+(?:" + "|".join(ON) + r")\s+(?P<date>.+?))?\s*$"
)
EMBED_CLASS = frozenset(["instagram-media"])


def read_blockquote(kit: Kit, bq: Element) -> Citation:
    """``blockquote.instagram-media``: the caption, the attribution line, the date (``<time>`` in old embeds)."""
    post = kit.ref(bq.attrs.get("data-instgrm-permalink", "")) or kit.first_ref(bq, "instagram")
    name = handle = date_text = published = None
    caption: list[str] = []
    views = {v.lower() for v in VIEW_POST}
    for p in bq.iter():
        if p.tag != "p":
            continue
        t = kit.text_of(p)
        m = read_folded(SHARED_BY_LINE, t, search=True)
        if m:
            name, handle = m["name"] or None, m["handle"]
            time = next((e for e in p.iter() if e.tag == "time"), None)
            if time is not None:
                date_text = kit.text_of(time) or None
                published = time.attrs.get("datetime") or kit.date(date_text)
            elif m["date"]:
                date_text = m["date"]
                published = kit.date(date_text)
        elif t and t.lower() not in views:
            caption.append(t)
    text = "\n".join(caption) or None
    notes = [] if text else [MISSING_TEXT]
    if date_text is None:
        notes.append(MISSING_DATE)
    return kit.make(
        bq,
        "instagram",
        "blockquote",
        text=text,
        name=name,
        handle=handle,
        date_text=date_text,
        published=published,
        ref=post,
        notes=tuple(notes),
    )


def read_amp(kit: Kit, el: Element) -> Citation | None:
    """``<amp-instagram data-shortcode=…>``: the post, nothing it shows."""
    post = kit.ref(f"https://www.instagram.com/p/{el.attrs['data-shortcode'].strip()}/")
    if post is None:
        return None
    return kit.make(el, post.platform, "element", ref=post, links=[], notes=(f"AMP Instagram embed: {MISSING_TEXT}",))


#: Meta's oEmbed read needs an app token (developers.facebook.com, "oEmbed Read"): taken from the environment,
#: sent as ``Authorization: Bearer``; without one the post is "not hydrated: needs a token".
HYDRATE = Endpoint(
    "graph.facebook.com/instagram_oembed",
    oembed("https://graph.facebook.com/v19.0/instagram_oembed"),
    token_env="EMBEDS_META_TOKEN",
)

SPEC = PlatformSpec(
    name="instagram",
    display_name="Instagram",
    post_type="Post",
    hosts=frozenset(["instagram.com", "instagr.am"]),
    parse=parse,
    embed_classes=EMBED_CLASS,
    rules=(
        EmbedRule.blockquote("instagram-blockquote", read_blockquote, EMBED_CLASS),
        EmbedRule("instagram-amp", read_amp, frozenset(["amp-instagram"]), attributes=("data-shortcode",)),
    ),
    hydrate=HYDRATE,
)
