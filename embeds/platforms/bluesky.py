"""Bluesky: ``https://bsky.app/profile/{handle-or-did}/post/{rkey}`` (also ``at://…/app.bsky.feed.post/…``); TID
record keys encode their creation time (13 characters of base32-sortable; ``value >> 10`` is microseconds — the spec
calls a TID's time untrusted, clients assign it: a hint)."""

from __future__ import annotations

from urllib.parse import unquote

import regex

from ._spec import PlatformSpec, PostRef, UrlParts, iso_ms

PATH = regex.compile(r"^/profile/(?P<actor>[^/]+)/post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})/?$")
AT_URI = regex.compile(r"^at://(?P<actor>[^/\s]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})$")
TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"


def ref(actor: str, rkey: str) -> PostRef:
    """The Bluesky post ``rkey`` of ``actor`` (a handle or a DID)."""
    handle = None if actor.startswith("did:") else actor.lower()
    return PostRef("bluesky", rkey, handle, f"https://bsky.app/profile/{actor}/post/{rkey}")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    return ref(unquote(m.group("actor")), m.group("rkey")) if m else None


def parse_at_uri(uri: str) -> PostRef | None:
    m = AT_URI.match(uri)
    return ref(m.group("actor"), m.group("rkey")) if m else None


def id_time(rkey: str) -> str | None:
    """The UTC time a TID record key encodes (µs truncated to ms), or ``None`` if it is not a TID."""
    if not TID.match(rkey):
        return None
    value = 0
    for c in rkey:
        value = value * 32 + BASE32_SORTABLE.index(c)
    return iso_ms((value >> 10) // 1000)


SPEC = PlatformSpec(
    name="bluesky",
    display_name="Bluesky",
    post_type="Post",
    hosts=frozenset(["bsky.app", "staging.bsky.app"]),
    embed_hosts=frozenset(["embed.bsky.app"]),
    parse=parse,
    schemes={"at": parse_at_uri},
    id_time=id_time,
    embed_classes=frozenset(["bluesky-embed"]),
)
