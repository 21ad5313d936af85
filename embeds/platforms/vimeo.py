"""Vimeo: ``https://vimeo.com/{id}`` (``/{id}/{hash}`` for an unlisted video, whose hash is part of its address).

Permalinks (yt-dlp ``yt_dlp/extractor/vimeo.py``, ``VimeoIE._VALID_URL`` and ``_TESTS``; iamcal/oembed
``providers/vimeo.yml`` schemes): ``vimeo.com/{id}``, ``vimeo.com/{id}/{hash}`` (10 hex digits:
``vimeo.com/160743502/abd0e13fb4``), ``vimeo.com/channels/{channel}/{id}``, ``vimeo.com/groups/{group}/videos/{id}``,
``vimeo.com/album/{album}/video/{id}`` and ``vimeo.com/showcase/{showcase}/video/{id}``,
``vimeo.com/ondemand/{film}/{id}``, the player ``player.vimeo.com/video/{id}`` (``?h={hash}``, the hash embed code
carries for an unlisted video, which does not play without it: kept) and the Flash player of old embed code
``vimeo.com/moogaloop.swf?clip_id={id}``. A channel, group, album or showcase alone, a profile
(``vimeo.com/user7108434``), a live event (``vimeo.com/event/{id}``) and review pages are not videos. Ids are sequential
numbers: they encode no time.

Embed code (Vimeo's share dialog, as found in many public pages and repositories, e.g. ``<iframe
src="https://player.vimeo.com/video/141353303" …></iframe> <p><a href="https://vimeo.com/141353303">Light Switch</a>
from <a href="https://vimeo.com/user44507464">Dave Astels</a> on <a href="https://vimeo.com">Vimeo</a>.</p>``; newer
code (``<div style="padding:56.25% 0 0 0;position:relative;"><iframe
src="https://player.vimeo.com/video/{id}?h=…&amp;badge=0&amp;autopause=0&amp;player_id=0&amp;app_id=58479" …
title="…"></iframe></div><script src="https://player.vimeo.com/api/player.js"></script>``) drops the paragraph and gives
the iframe a ``title``, the video's): the player iframe is read by :func:`frame` (the ``title`` kept as a note, as
YouTube's). Older pages hold the Flash code (``<object>``/``<embed>`` playing ``moogaloop.swf?clip_id=``, yt-dlp's
``_EMBED_REGEX``). The attribution paragraph, flattened by a text extractor (``Light Switch from Dave Astels on
Vimeo.``; html2text keeps the links), is read by :data:`CAPTION`: the title as the text, the uploader's name, the
profile name when the link is kept, and the video id when the title link is kept. Without the links, a line of prose of
that shape cannot always be told from it; one whose name starts with a determiner (``… from the match on Vimeo.``) is
taken for prose. In HTML the paragraph's title link is read as a link to the video (the HTML scanner reads anchors by
their start tag).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import regex

from .._rx import lazy_regex
from ._spec import (
    MISSING_DATE,
    MISSING_TEXT,
    Caption,
    CaptionRule,
    EmbedRule,
    Endpoint,
    Frame,
    Kit,
    PlatformSpec,
    PostRef,
    UrlParts,
    oembed,
    player_frame,
    plugin_urls,
    split_url,
)

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

HOSTS = frozenset(["vimeo.com", "player.vimeo.com"])
ID = r"(?P<id>[0-9]{1,12})"
HASH = r"(?P<hash>[0-9a-f]{10})"
PATH = lazy_regex(
    rf"^/(?:channels/[A-Za-z0-9_-]+/|groups/[A-Za-z0-9_-]+/videos/|(?:album|showcase)/[0-9]{{1,12}}/video/"
    rf"|ondemand/[A-Za-z0-9_-]+/)?{ID}(?:/{HASH})?/?$"
)
PLAYER_PATH = lazy_regex(rf"^/video/{ID}(?:/{HASH})?/?$")
UNLISTED_HASH = lazy_regex(r"^[0-9a-f]{10}$")


def video_url(video: str, unlisted_hash: str | None = None) -> str:
    """The canonical URL of video ``video`` (with the hash of an unlisted video, without which it does not play)."""
    return f"https://vimeo.com/{video}/{unlisted_hash}" if unlisted_hash else f"https://vimeo.com/{video}"


def parse(u: UrlParts) -> PostRef | None:
    if u.host == "player.vimeo.com":
        m = PLAYER_PATH.match(u.path)
        if m is None:
            return None
        h = m.group("hash") or parse_qs(u.query).get("h", [""])[0]
        return PostRef("vimeo", m.group("id"), None, video_url(m.group("id"), h if UNLISTED_HASH.match(h) else None))
    if u.path == "/moogaloop.swf":
        clip = parse_qs(u.query).get("clip_id", [""])[0]
        return PostRef("vimeo", clip, None, video_url(clip)) if clip.isdigit() and len(clip) <= 12 else None
    m = PATH.match(u.path)
    if m is None:
        return None
    return PostRef("vimeo", m.group("id"), None, video_url(m.group("id"), m.group("hash")))


# --- embed markup ----------------------------------------------------------------------------------------------


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """A player iframe (``player.vimeo.com/video/{id}``); its ``title`` (the video's, in Vimeo's current embed code)
    kept as a note."""
    u = split_url(src)
    if u is None or u.host != "player.vimeo.com" or (post := parse(u)) is None:
        return None
    return player_frame(kit, post, attrs)


def _flash_ref(kit: Kit, el: Element) -> PostRef | None:
    return next((r for url in plugin_urls(el) if (r := kit.ref(url)) is not None and r.platform == "vimeo"), None)


def read_flash(kit: Kit, el: Element) -> Citation | None:
    """The Flash player of old embed code (``<embed src=…/moogaloop.swf?clip_id=…>``, ``<object data=…>`` or its
    ``<param name="movie">``): the video, nothing it shows."""
    post = _flash_ref(kit, el)
    if post is None:
        return None
    notes = (f"legacy Flash player: {MISSING_TEXT}",)
    return kit.make(el, "vimeo", "element", ref=post, links=[], notes=notes)


# --- scraped text ----------------------------------------------------------------------------------------------

QUOTE = r"(?:[ \t]*>)*[ \t]*"
#: ``Title from Name on Vimeo.`` alone on a line, each part possibly a Markdown link (html2text).
FROM_ON_VIMEO = lazy_regex(
    # a line ending "on Vimeo." is looked for first (one pass over the line), then read
    r"^(?=[^\n]{0,800}?[ \t]on[ \t]+(?:\[Vimeo\]\([^)\s]*\)|Vimeo)\.[ \t]*\r?$)"
    rf"{QUOTE}(?:\[(?P<mtitle>[^\]\n]{{1,200}})\]\((?P<url>[^)\s]+)\)|(?P<title>[^\n\[\]]{{1,200}}?))"
    r"[ \t]+from[ \t]+"
    r"(?:\[(?P<mname>[^\]\n]{1,100})\]\((?P<user_url>[^)\s]+)\)|(?P<name>[^\n\[\]]{1,100}?))"
    r"[ \t]+on[ \t]+(?:\[Vimeo\]\([^)\s]*\)|Vimeo)\.[ \t]*\r?$",
    regex.MULTILINE,
)
#: A profile URL (``https://vimeo.com/user44507464``, ``https://vimeo.com/staff``): the uploader's profile name.
PROFILE = lazy_regex(r"(?i)^(?:https?:)?//(?:www\.)?vimeo\.com/(?P<user>[A-Za-z0-9_]{2,64})/?$")
TITLE_NOTE = "the text is the video's title as the embed shows it"
#: Words a sentence puts where the attribution has the uploader's name ("… from the match on Vimeo."): a line whose
#: name (written without its link) starts with one is prose, not the attribution.
NOT_NAMES = frozenset("a an her his its my our the their these this those your".split())


def read_caption(m: regex.Match[str], markdown: bool) -> Caption | None:
    """``Title from Name on Vimeo.``: the title (as the text), the uploader's name and, from html2text's links, the
    video and the uploader's profile name."""
    title = (m.group("mtitle") or m.group("title") or "").strip()
    name = (m.group("mname") or m.group("name") or "").strip()
    if not title or not name or (m.group("name") and name.split()[0] in NOT_NAMES):
        return None
    handle = None
    if m.group("user_url") and (p := PROFILE.match(m.group("user_url"))) and not p.group("user").isdigit():
        handle = p.group("user")
    return Caption(text=title, name=name, handle=handle, url=m.group("url"), notes=(TITLE_NOTE, MISSING_DATE))


CAPTION = CaptionRule("vimeo-from-on", "Vimeo", FROM_ON_VIMEO, read_caption)

#: The public oEmbed endpoint (oembed.com providers list): title, author and the embed code.
HYDRATE = Endpoint("vimeo.com/api/oembed.json", oembed("https://vimeo.com/api/oembed.json"))

SPEC = PlatformSpec(
    name="vimeo",
    display_name="Vimeo",
    post_type="Video",
    hosts=HOSTS,
    parse=parse,
    rules=(
        EmbedRule(
            "vimeo-flash",
            read_flash,
            frozenset(["embed", "object"]),
            when=lambda el: any("vimeo.com/moogaloop.swf" in u.lower() for u in plugin_urls(el)),
        ),
    ),
    frame=frame,
    player=True,
    captions=(CAPTION,),
    hydrate=HYDRATE,
)
