"""LinkedIn: ``https://www.linkedin.com/feed/update/urn:li:{type}:{id}/`` (``/posts/{user}_…-activity-{id}-…``);
activity, share and ugcPost ids encode their creation time: ``ms = id >> 22``."""

from __future__ import annotations

from urllib.parse import unquote

from .._rx import lazy_regex
from ._spec import PlatformSpec, PostRef, UrlParts, iso_ms, number

URN = lazy_regex(r"urn:li:(?P<type>share|ugcPost|activity):(?P<id>[0-9]{10,25})")
POSTS = lazy_regex(r"^/posts/(?P<user>[^/_]{1,100})_[^/]*?-(?P<type>activity|ugcPost|share)-(?P<id>[0-9]{10,25})")


def _update(kind: str, pid: str) -> str:
    return f"https://www.linkedin.com/feed/update/urn:li:{kind}:{pid}/"


def parse(u: UrlParts) -> PostRef | None:
    m = POSTS.match(u.path)
    if m:
        return PostRef("linkedin", m.group("id"), m.group("user"), _update(m.group("type"), m.group("id")))
    if u.path.startswith(("/feed/update/", "/embed/feed/update/")):
        m = URN.search(unquote(u.path))
        if m:
            return PostRef("linkedin", m.group("id"), None, _update(m.group("type"), m.group("id")))
    return None


def id_time(post_id: str) -> str | None:
    """The UTC time an activity, share or ugcPost id encodes."""
    n = number(post_id)
    if n is None or n >= 1 << 64:
        return None
    return iso_ms(n >> 22)


SPEC = PlatformSpec(
    name="linkedin",
    display_name="LinkedIn",
    post_type="Post",
    hosts=frozenset(["linkedin.com", "m.linkedin.com"]),
    host_suffixes=(".linkedin.com",),
    parse=parse,
    id_time=id_time,
    shorteners=frozenset(["lnkd.in"]),
)
