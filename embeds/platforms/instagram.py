"""Instagram: ``https://www.instagram.com/{p|reel|tv}/{code}/`` (instagr.am; a leading ``/{user}/`` dropped), and
the words its embed code leaves in a page: "View this post on Instagram", then "A post shared by Name (@handle)"
(old embeds add " on Date"), written in the language of the page the code was copied from."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

PATH = regex.compile(r"^/(?:[A-Za-z0-9._]{1,30}/)?(?P<kind>p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]{5,40})/?")

#: "A post shared by" in the languages seen on real pages (the embed code is written in the language of whoever
#: copied it: "Ein Beitrag geteilt von", "Une publication partagée par", …), as regular-expression alternatives.
SHARED_BY = (
    "A (?:post|photo|video) shared by",
    "Ein Beitrag geteilt von",
    "Une publication partag[ée]e par",
    "Una publicaci[óo]n compartida (?:de|por)",
    "Uma publica[çc][ãa]o compartilhada por",
    "Um post compartilhado por",
    "Un post condiviso da",
    "Sebuah kiriman dibagikan oleh",
)
#: The word before the date in those lines ("on", "am", "le", …).
ON = ("on", "am", "le", "el", "em", "il", "pada")
#: "View this post on Instagram", the line above the caption.
VIEW_POST = ("View this post on Instagram",)


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    kind = "reel" if m.group("kind") == "reels" else m.group("kind")
    code = m.group("code")
    return PostRef("instagram", code, None, f"https://www.instagram.com/{kind}/{code}/")


SPEC = PlatformSpec(
    name="instagram",
    display_name="Instagram",
    post_type="Post",
    hosts=frozenset(["instagram.com", "instagr.am"]),
    parse=parse,
    embed_classes=frozenset(["instagram-media"]),
)
