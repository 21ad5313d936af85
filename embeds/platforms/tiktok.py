"""TikTok: ``https://www.tiktok.com/@{user}/video/{id}`` (``/photo/`` kept); player URLs (``/embed/v2/{id}``,
``/player/v1/{id}``) give the id only. Video ids encode their creation time: ``seconds = id >> 32``."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts, iso_ms, number, split_url

HOSTS = frozenset(["tiktok.com", "m.tiktok.com"])
PATH = regex.compile(r"^/@(?P<user>[A-Za-z0-9._]{1,40})/(?P<kind>video|photo)/(?P<id>\d{6,20})/?")
PLAYER = regex.compile(r"^/(?:embed/v2|embed|player/v1)/(?P<id>\d{6,20})/?")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    user, kind, vid = m.group("user"), m.group("kind"), m.group("id")
    return PostRef("tiktok", vid, user, f"https://www.tiktok.com/@{user}/{kind}/{vid}")


def player_id(url: str) -> str | None:
    """The video id of a TikTok player URL (``/embed/v2/{id}``, ``/player/v1/{id}``), else ``None``."""
    u = split_url(url)
    if u is None or u.host not in HOSTS:
        return None
    m = PLAYER.match(u.path)
    return m.group("id") if m else None


def id_time(post_id: str) -> str | None:
    """The UTC time a video id encodes (whole seconds)."""
    n = number(post_id)
    if n is None or n >= 1 << 64:
        return None
    return iso_ms((n >> 32) * 1000)


SPEC = PlatformSpec(
    name="tiktok",
    display_name="TikTok",
    post_type="Video",
    hosts=HOSTS,
    parse=parse,
    id_time=id_time,
    embed_classes=frozenset(["tiktok-embed"]),
)
