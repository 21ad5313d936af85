"""What every citation format derives from a record the same way: names, dates, URLs, attachments. Pure.

Records may hold anything a hostile document put in them, so every printing format passes their strings through
:func:`clean` (one line, control characters shown escaped) and prints URLs only through :func:`safe_url` (http(s),
unsafe characters percent-encoded); each emitter then escapes for its own syntax.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from .._models import Citation
from .._names import same_as_handle
from .._normalize import publication_hint
from .._rx import lazy_re, lazy_regex
from ..platforms import REGISTRY, platform_name, post_type
from ..platforms._spec import VIDEO_TITLE_NOTE

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

_ISO_DATE = lazy_regex(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_MEDIA_PATH = lazy_regex(r"(?i)/status/[^/?#]+/(photo|video)/\d+")
_SPACE = lazy_regex(r"\s+")


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) made one space, ends trimmed. Nothing else
    changes: case, punctuation, hashtags, links and emoji stay as posted."""
    return _SPACE.sub(" ", text).strip()


# C0 and C1 controls (ESC starts terminal escape sequences), DEL, the bidirectional embeddings, overrides and isolates
# (they reorder what a terminal or page shows), and lone surrogates (no encoding can write them).
_UNSAFE_CHARS = lazy_re("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = lazy_re("[\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with control characters, bidirectional overrides and lone surrogates shown escaped, as Python writes
    them (``\\x1b``, ``\\n``, ``\\u202e``, ``\\ud800``): nothing in it can drive a terminal or forge a line."""
    return _UNSAFE_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def clean(text: str) -> str:
    """A record's string made safe to print on one line: white space runs made one space (:func:`one_line`), then
    :func:`visible`."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, at C speed: no control, format or separator character but single spaces
    return visible(one_line(text))


# What may stay as it is in a printed URL's path, query and fragment: RFC 3986's unreserved characters, its
# sub-delimiters and ``:/?#@%``. Everything else (space, ``<>"`{}|\^[]``, controls, non-ASCII) is percent-encoded, so
# no format's syntax can be opened by a URL.
_URL_SAFE = "-._~:/?#@!$&'()*+,;=%"
_HOST = lazy_re(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


def safe_url(url: str | None) -> str | None:
    """``url`` fit to print and link: an ``http``/``https`` URL with a plain host (an international one in its
    ``xn--`` form) and no user name, every character outside RFC 3986's sets percent-encoded (a lone surrogate as
    U+FFFD); ``None`` for anything else (``javascript:``, a host with odd characters), which is then left out like
    an unknown permalink."""
    if not url:
        return None
    url = _SURROGATES.sub("\ufffd", url.strip())
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if ":" in host:
        host = f"[{host}]"
    if not _HOST.fullmatch(host):
        return None
    netloc = host if port is None else f"{host}:{port}"
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{netloc}{quote(rest, safe=_URL_SAFE)}"


def name_of_platform(c: Citation) -> str:
    """The platform name to print: the record's (set by normalize), else the name at publication."""
    return c.platform_name or platform_name(c.platform, publication_hint(c))


def display_name(c: Citation) -> str | None:
    """The author's display name to print, or ``None`` when there is none or it is only the handle again
    (``zq_lumen`` / ``@zq_lumen`` is printed once, as the handle)."""
    a = c.author
    return None if same_as_handle(a.name, a.handle) else a.name


def handle_mark(c: Citation) -> str:
    """What precedes a handle: ``@``, except on Reddit, whose usernames are printed bare (APA's forum pattern)."""
    return "" if c.platform == "reddit" else "@"


def shown_handle(c: Citation) -> str | None:
    """The handle as printed (``@jensstoltenberg``; a Reddit username bare), or ``None``."""
    return f"{handle_mark(c)}{c.author.handle}" if c.author.handle else None


def video_title(c: Citation) -> str | None:
    """A video's own title, as its player iframe gives it (YouTube, Vimeo, Twitch players), or ``None``. Records
    written before ``Citation.title`` existed carry it only as a note, read then."""
    if c.title:
        return c.title
    for note in c.notes:
        if note.startswith(VIDEO_TITLE_NOTE) and note[len(VIDEO_TITLE_NOTE) :].strip():
            return note[len(VIDEO_TITLE_NOTE) :].strip()
    return None


def title_of(c: Citation) -> str | None:
    """What a style prints as the work's title: the post text, else a video's own title."""
    return c.text if c.text and c.text.strip() else video_title(c)


_VIDEO_URL = lazy_regex(r"(?i)/(?:reel|reels|tv|videos?|watch)\b|/video/")


def media_descriptor(c: Citation) -> str | None:
    """Chicago's descriptor for a media post, printed with the platform (``Instagram photo``, ``TikTok video``,
    ``YouTube video``, ``Vimeo video``), or ``None`` for a text post."""
    if genre(c) == "Video":  # the platform's posts are videos (TikTok, YouTube, Vimeo, Twitch)
        return "video"
    if c.platform == "instagram":
        return "video" if _VIDEO_URL.search(c.url or "") else "photo"
    if c.platform == "facebook" and _VIDEO_URL.search(c.url or ""):
        return "video"
    return None


def genre(c: Citation) -> str:
    """The post-type word: "Tweet" (Twitter), "Post" (X, Bluesky, …), "Video" (TikTok, YouTube), …"""
    return post_type(c.platform, name_of_platform(c))


def date_parts(c: Citation) -> tuple[int, ...]:
    """``(year[, month[, day]])`` of the post: the date the document shows, else the date the id encodes (UTC);
    ``()`` when neither is known."""
    for value in (c.published, c.created_at):
        m = _ISO_DATE.match(value or "")
        if m:
            parts = tuple(int(g) for g in m.groups() if g is not None)
            if len(parts) > 1 and not 1 <= parts[1] <= 12:  # a record holding nonsense: keep what makes sense
                return parts[:1]
            if len(parts) > 2 and not 1 <= parts[2] <= 31:
                return parts[:2]
            return parts
    return ()


_ACCESS_DATE = lazy_re(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def access_date(c: Citation) -> str | None:
    """The access date as ``YYYY-MM-DD``, or ``None`` when not given or not a date (never printed as it is)."""
    m = _ACCESS_DATE.match(c.accessed or "")
    if not m:
        return None
    try:
        return datetime.date(*(int(g) for g in m.groups())).isoformat()
    except ValueError:
        return None


def link_url(c: Citation) -> str | None:
    """The permalink to print, or ``None`` when unknown (never invented) or not a safe http(s) URL
    (:func:`safe_url`), as the platform prints it under its name (:attr:`PlatformSpec.url_as_named`: a Twitter post
    cited as an X post gets the ``x.com`` form of its canonical URL)."""
    url = safe_url(c.url)
    if not url:
        return None
    spec = REGISTRY.get(c.platform)
    if spec is not None and spec.url_as_named is not None:
        return spec.url_as_named(url, name_of_platform(c))
    return url


def archived_url(c: Citation) -> str | None:
    """The web-archive snapshot of the post (``--archive``) as a safe http(s) URL, or ``None``."""
    return safe_url(c.archived.url) if c.archived is not None else None


def unavailable(c: Citation) -> bool:
    """Whether hydration found the post gone: deleted, private or its account suspended."""
    return c.hydration is not None and c.hydration.status in ("deleted or private", "account suspended")


def printed_url(c: Citation) -> str | None:
    """The URL formatted styles print: the archived copy for a post that is no longer available (APA 7 §9.36
    and MLA 9 cite the archived copy of a vanished page, CMOS 17 §14.12 recommends archived copies), else the
    permalink (:func:`link_url`)."""
    if unavailable(c):
        archived = archived_url(c)
        if archived:
            return archived
    return link_url(c)


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


# --- cite keys -----------------------------------------------------------------------------------------------------

_KEY_WORD = lazy_regex(r"\p{L}{5,}")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _key_base(c: Citation) -> str:
    a = c.author
    who = _ascii(a.family or "") if a.kind == "person" else ""
    who = who or _ascii(a.handle or "") or _ascii(a.name or "") or c.platform
    parts = date_parts(c)
    year = str(parts[0]) if parts else "nd"
    word = ""
    for token in (title_of(c) or "").split():
        if token.startswith(("@", ".@", "#", "$")) or "/" in token:
            continue
        m = _KEY_WORD.search(token)
        if m:
            word = _ascii(m.group())
            break
    return f"{who}{year}{word}"


def citation_keys(citations: Sequence[Citation]) -> list[str]:
    """One unique key per citation, in order (``stoltenberg2022conveyed``, then ``…conveyeda`` for a second): the
    same list of records gets the same keys in every format (BibLaTeX/BibTeX key, CSL-JSON ``id``, RIS ``ID``), so a
    document's citations survive a change of bibliography file."""
    keys: list[str] = []
    used: set[str] = set()
    seen: dict[str, int] = {}
    for c in citations:
        base = _key_base(c)
        n = seen.get(base, 0)
        key = base if n == 0 else f"{base}{letter_suffix(n - 1)}"
        while key in used:  # a base that itself ends like a suffixed key
            n += 1
            key = f"{base}{letter_suffix(n - 1)}"
        seen[base] = n + 1
        used.add(key)
        keys.append(key)
    return keys


def letter_suffix(n: int) -> str:
    """``a``, ``b``, …, ``z``, ``aa``, … for ``n`` = 0, 1, …: the suffix of a citation key, the letter after a year."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out
