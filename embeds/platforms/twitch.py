"""Twitch: clips (``https://clips.twitch.tv/{slug}``) and videos, i.e. past broadcasts, highlights and uploads
(``https://www.twitch.tv/videos/{id}``). A channel (``twitch.tv/{name}``, the live stream) is not a post, nor its video
and clip lists, collections or schedule.

Permalinks (yt-dlp ``yt_dlp/extractor/twitch.py``: ``TwitchClipsIE``, ``TwitchVodIE`` and ``TwitchStreamIE``, their
``_VALID_URL`` patterns and ``_TESTS``; hosts ``www.``, ``m.``, ``go.`` ``twitch.tv``):

* clips: ``clips.twitch.tv/{slug}``, ``clips.twitch.tv/{channel}/{slug}``, ``twitch.tv/{channel}/clip/{slug}``,
  ``m.twitch.tv/clip/{slug}`` and the player ``clips.twitch.tv/embed?clip={slug}&parent=…``. A slug is CamelCase words
  (``FaintLightGullWholeWheat``), newer ones with a suffix (``CulturedAmazingKuduDatSheffy-TiZ_-ixAGYR3y2Uy``); it is
  the clip's id here (the numeric id behind it is only known to the API). Canonical ``https://clips.twitch.tv/{slug}``.
* videos: ``twitch.tv/videos/{id}``, ``twitch.tv/{channel}/v/{id}``, ``twitch.tv/{channel}/video/{id}`` and the player
  ``player.twitch.tv/?video=v{id}&parent=…`` (``v`` optional). Canonical ``https://www.twitch.tv/videos/{id}``.

The channel named in a path is kept as the handle (a clip's channel is the broadcaster's, not the clipper's). Ids encode
no time. Embed code (iframes whose ``src`` is the clip or video player, with the embedding page's host as ``parent``, as
public repositories write them) is read by :func:`frame` (the ``title`` kept as a note); a channel player
(``player.twitch.tv/?channel=…``) names no post. The iframes show no text, so no text attribution exists to read in
scraped pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

from .._rx import lazy_regex
from ._spec import Frame, Kit, PlatformSpec, PostRef, UrlParts, player_frame, split_url

HOSTS = frozenset(["twitch.tv", "m.twitch.tv", "go.twitch.tv", "clips.twitch.tv", "player.twitch.tv"])
CHANNEL = r"(?P<channel>[A-Za-z0-9_]{2,25})"
SLUG = r"(?P<slug>[A-Za-z0-9]{4,100}(?:-[A-Za-z0-9_-]{4,40})?)"
SLUG_RE = lazy_regex(rf"^{SLUG}$")
CLIPS_PATH = lazy_regex(rf"^/(?:{CHANNEL}/)?{SLUG}/?$")
SITE_CLIP = lazy_regex(rf"^/(?:{CHANNEL}/)?clip/{SLUG}/?$")
SITE_VIDEO = lazy_regex(rf"^/(?:videos|{CHANNEL}/v(?:ideo)?)/(?P<id>[0-9]{{1,12}})/?$")
VIDEO_ID = lazy_regex(r"^v?(?P<id>[0-9]{1,12})$")
#: First path segments of twitch.tv that are not channels.
RESERVED = frozenset(
    """directory downloads drops embed friends inventory jobs messages moderator p popout prime search settings
    subscriptions turbo u videos wallet""".split()
)
#: Paths of clips.twitch.tv that are not clips.
CLIPS_RESERVED = frozenset(["embed", "create", "api"])


def clip_url(slug: str) -> str:
    return f"https://clips.twitch.tv/{slug}"


def video_url(video: str) -> str:
    return f"https://www.twitch.tv/videos/{video}"


def _channel(name: str | None) -> str | None:
    return name if name and name.lower() not in RESERVED else None


def parse(u: UrlParts) -> PostRef | None:
    q = parse_qs(u.query) if u.query else {}
    if u.host == "clips.twitch.tv":
        if u.path in ("/embed", "/embed/"):
            slug = q.get("clip", [""])[0]
            return PostRef("twitch", slug, None, clip_url(slug)) if SLUG_RE.match(slug) else None
        m = CLIPS_PATH.match(u.path)
        if m is None or m.group("slug").lower() in CLIPS_RESERVED:
            return None
        return PostRef("twitch", m.group("slug"), m.group("channel"), clip_url(m.group("slug")))
    if u.host == "player.twitch.tv":
        m = VIDEO_ID.match(q.get("video", [""])[0]) if u.path in ("", "/") else None
        return PostRef("twitch", m.group("id"), None, video_url(m.group("id"))) if m else None
    m = SITE_CLIP.match(u.path)
    if m is not None:
        if m.group("channel") and _channel(m.group("channel")) is None:
            return None
        return PostRef("twitch", m.group("slug"), m.group("channel"), clip_url(m.group("slug")))
    m = SITE_VIDEO.match(u.path)
    if m is not None and (m.group("channel") is None or _channel(m.group("channel"))):
        return PostRef("twitch", m.group("id"), m.group("channel"), video_url(m.group("id")))
    return None


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """A clip or video player iframe; its ``title`` kept as a note."""
    u = split_url(src)
    if u is None or u.host not in ("clips.twitch.tv", "player.twitch.tv") or (post := parse(u)) is None:
        return None
    return player_frame(kit, post, attrs)


SPEC = PlatformSpec(
    name="twitch",
    display_name="Twitch",
    post_type="Video",
    hosts=HOSTS,
    parse=parse,
    frame=frame,
    player=True,
)
