"""What every citation format derives from a record the same way: names, dates, URLs, attachments. Pure."""

from __future__ import annotations

import regex

from .._models import Citation
from ..platforms import platform_name, post_type

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: MLA 9's abbreviations (May, June and July are written out).
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

_ISO_DATE = regex.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MEDIA_PATH = regex.compile(r"(?i)/status/[^/?#]+/(photo|video)/\d+")
_SPACE = regex.compile(r"\s+")


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) made one space, ends trimmed. Nothing else
    changes: case, punctuation, hashtags, links and emoji stay as posted."""
    return _SPACE.sub(" ", text).strip()


def name_of_platform(c: Citation) -> str:
    """The platform name to print: the record's (set by normalize), else the name at publication."""
    return c.platform_name or platform_name(c.platform, c.created_at or c.published)


def genre(c: Citation) -> str:
    """The post-type word: "Tweet" (Twitter), "Post" (X, Bluesky, …), "Video" (TikTok, YouTube), …"""
    return post_type(c.platform, name_of_platform(c))


def date_parts(c: Citation) -> tuple[int, ...]:
    """``(year[, month[, day]])`` of the post: the date the document shows, else the date the id encodes (UTC);
    ``()`` when neither is known."""
    for value in (c.published, c.created_at):
        m = _ISO_DATE.match(value or "")
        if m:
            return tuple(int(g) for g in m.groups() if g is not None)
    return ()


def link_url(c: Citation) -> str | None:
    """The permalink to print, or ``None`` when unknown (never invented). A Twitter post cited as an X post gets
    the ``x.com`` form of its canonical URL."""
    if not c.url:
        return None
    if c.platform == "twitter" and name_of_platform(c) == "X":
        return regex.sub(r"(?i)^https://(?:www\.)?twitter\.com/", "https://x.com/", c.url)
    return c.url


def attachments(c: Citation) -> tuple[str, ...]:
    """APA's attachment descriptors for the post's media: ``Image attached`` / ``Video attached``.

    A media link (``pic.twitter.com/…``) whose short link resolved to ``…/photo/1`` or ``…/video/1`` says which; one
    not (yet) resolved is described as ``Image attached`` (photos are what most such links carry; resolve the links
    to be sure). A plain link that resolved to the post's own ``…/video/1`` page is a video too.
    """
    found: list[str] = []
    for link in c.links:
        m = _MEDIA_PATH.search(link.resolved_url or "")
        if m:
            found.append("Video attached" if m.group(1).lower() == "video" else "Image attached")
        elif link.kind == "media":
            found.append("Image attached")
    order = ("Image attached", "Video attached")
    return tuple(d for d in order if d in found)


def media_urls(c: Citation) -> list[str]:
    """The media links' URLs, in order."""
    return [link.url for link in c.links if link.kind == "media"]


def person_names(c: Citation) -> tuple[str, str] | None:
    """``(given, family)`` when the author is known to be a person with a family name, else ``None``."""
    a = c.author
    if a.kind == "person" and a.family:
        return a.given or "", a.family
    return None


def initials(given: str) -> str:
    """APA initials: ``"Jens"`` → ``"J."``, ``"Jean-Paul"`` → ``"J.-P."``, ``"J. Robert"`` → ``"J. R."``."""
    out = []
    for word in given.split():
        parts = [p for p in word.split("-") if p]
        out.append("-".join(f"{p[0]}." for p in parts))
    return " ".join(out)
