"""Telegram: ``https://t.me/{channel}/{id}`` (telegram.me, telegram.dog, ``/s/``); private ``https://t.me/c/{n}/{id}``."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

PATH = regex.compile(r"^/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d{1,12})/?$")
PRIVATE = regex.compile(r"^/c/(?P<chat>\d{5,20})/(?P<id>\d{1,12})/?$")
RESERVED = frozenset(["joinchat", "share", "addstickers", "iv", "proxy", "socks", "setlanguage", "s", "c"])


def parse(u: UrlParts) -> PostRef | None:
    m = PRIVATE.match(u.path)
    if m:
        key = f"c/{m.group('chat')}/{m.group('id')}"
        return PostRef("telegram", key, None, f"https://t.me/{key}")
    m = PATH.match(u.path)
    if m is None or m.group("channel").lower() in RESERVED:
        return None
    channel = m.group("channel")
    key = f"{channel}/{m.group('id')}"
    return PostRef("telegram", key, channel, f"https://t.me/{key}")


SPEC = PlatformSpec(
    name="telegram",
    display_name="Telegram",
    post_type="Post",
    hosts=frozenset(["t.me", "telegram.me", "telegram.dog"]),
    embed_hosts=frozenset(["telegram.org"]),
    parse=parse,
)
