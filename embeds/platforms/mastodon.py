"""Mastodon (any instance): ``https://{host}/@{user}/{id}`` (also ``/@user@remote/{id}``,
``/users/{user}/statuses/{id}``, ``…/embed``). Ids of at least 2**32 are snowflakes: ``ms = id >> 16`` (older
instances numbered posts 1, 2, 3, …, which encode no time)."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts, iso_ms, number

PATH = regex.compile(
    r"^/(?:@(?P<user>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)(?:@(?P<remote>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?"
    r"|users/(?P<user2>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)/statuses)/(?P<id>\d{1,20})(?:/embed)?/?$"
)
#: Mastodon ids below 2**32 are sequential (instances from before 2.0): ms = id >> 16 would put them in 1970.
MIN_SNOWFLAKE = 1 << 32


def parse(u: UrlParts) -> PostRef | None:
    if "." not in u.host:
        return None
    m = PATH.match(u.path)
    if m is None:
        return None
    user = m.group("user") or m.group("user2")
    remote = m.group("remote")
    acct = f"{user}@{remote}" if remote else f"{user}@{u.host}"
    shown = f"{user}@{remote}" if remote else user
    return PostRef("mastodon", m.group("id"), acct, f"https://{u.host}/@{shown}/{m.group('id')}")


def id_time(post_id: str) -> str | None:
    """The UTC time a status id encodes, or ``None`` for a small (sequential) id."""
    n = number(post_id)
    if n is None or n < MIN_SNOWFLAKE or n >= 1 << 63:
        return None
    return iso_ms(n >> 16)


SPEC = PlatformSpec(
    name="mastodon",
    display_name="Mastodon",
    post_type="Post",
    parse=parse,
    any_host=True,
    # sites with /@user/123 paths that are not Mastodon (the registered platforms' hosts are excluded too)
    not_hosts=frozenset(["medium.com", "substack.com", "github.com"]),
    id_time=id_time,
    embed_classes=frozenset(["mastodon-embed"]),
)
