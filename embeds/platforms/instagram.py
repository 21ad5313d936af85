"""Instagram: ``https://www.instagram.com/{p|reel|tv}/{code}/`` (instagr.am; a leading ``/{user}/`` dropped), and
the words its embed code leaves in a page: "View this post on Instagram", then "A post shared by Name (@handle)"
(old embeds add " on Date"; those of 2015–2016 say "A photo posted by"), written in the language of the page the
code was copied from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._rx import lazy_regex
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


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    kind = "reel" if m.group("kind") == "reels" else m.group("kind")
    code = m.group("code")
    return PostRef("instagram", code, None, f"https://www.instagram.com/{kind}/{code}/")


# --- embed markup ----------------------------------------------------------------------------------------------

#: The attribution line as the embed markup shows it: ``A post shared by Name (@handle)`` and, in old embeds,
#: `` on <time>Date</time>``, in any of the languages above.
SHARED_BY_LINE = lazy_regex(
    r"(?i)(?:" + "|".join(SHARED_BY) + r")"
    r"\s+(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9._]{1,30})\)(?:\s+(?:" + "|".join(ON) + r")\s+(?P<date>.+?))?\s*$"
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
        m = SHARED_BY_LINE.search(t)
        if m:
            name, handle = m.group("name") or None, m.group("handle")
            time = next((e for e in p.iter() if e.tag == "time"), None)
            if time is not None:
                date_text = kit.text_of(time) or None
                published = time.attrs.get("datetime") or kit.date(date_text)
            elif m.group("date"):
                date_text = m.group("date")
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
