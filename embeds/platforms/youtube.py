"""YouTube: ``https://www.youtube.com/watch?v={id}`` (youtu.be, shorts, live, embed, nocookie, ``/v/``); playlists
are not posts."""

from __future__ import annotations

from urllib.parse import parse_qs

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

ID = regex.compile(r"^[A-Za-z0-9_-]{11}$")
PATH = regex.compile(r"^/(?:shorts|live|embed|v|e)/(?P<id>[A-Za-z0-9_-]{11})(?:[/%?&].*)?$")
SITE_HOSTS = frozenset(["youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"])


def watch_url(video: str) -> str:
    return f"https://www.youtube.com/watch?v={video}"


def parse(u: UrlParts) -> PostRef | None:
    host, path = u.host, u.path
    video: str | None = None
    if host == "youtu.be":
        video = path[1:12] if len(path) >= 12 else None
        if video and (not ID.match(video) or (len(path) > 12 and path[12] not in "/%?&")):
            video = None
    elif path in ("/watch", "/watch/"):
        v = parse_qs(u.query).get("v", [""])[0]
        video = v if ID.match(v) else None
    else:
        m = PATH.match(path)
        video = m.group("id") if m else None
        if video == "videoseries":
            video = None
    if video is None:
        return None
    return PostRef("youtube", video, None, watch_url(video))


SPEC = PlatformSpec(
    name="youtube",
    display_name="YouTube",
    post_type="Video",
    hosts=SITE_HOSTS | {"youtu.be"},
    parse=parse,
)
