"""Telegram: ``https://t.me/{channel}/{id}`` (telegram.me, telegram.dog, ``/s/``); private ``https://t.me/c/{n}/{id}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Kit, PlatformSpec, PostRef, UrlParts

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

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


def read_widget(kit: Kit, el: Element) -> Citation | None:
    """The post widget's script (``<script src=…telegram-widget.js data-telegram-post="channel/id">``)."""
    post = kit.ref("https://t.me/" + el.attrs["data-telegram-post"].strip().strip("/"))
    if post is None:
        return None
    return kit.make(el, "telegram", "script", ref=post, links=[], notes=(MISSING_TEXT, MISSING_DATE))


SPEC = PlatformSpec(
    name="telegram",
    display_name="Telegram",
    post_type="Post",
    hosts=frozenset(["t.me", "telegram.me", "telegram.dog"]),
    embed_hosts=frozenset(["telegram.org"]),
    parse=parse,
    rules=(EmbedRule("telegram-widget", read_widget, frozenset(["script"]), attributes=("data-telegram-post",)),),
)
