"""Telegram: ``https://t.me/{channel}/{id}`` (telegram.me, telegram.dog, ``/s/``); private ``https://t.me/c/{n}/{id}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._rx import lazy_regex
from ._spec import (
    MISSING_DATE,
    MISSING_TEXT,
    Answer,
    EmbedRule,
    Endpoint,
    Kit,
    MalformedAnswer,
    PlatformSpec,
    PostRef,
    UrlParts,
    html_text,
)

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

PATH = lazy_regex(r"^/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>[0-9]{1,12})/?$")
PRIVATE = lazy_regex(r"^/c/(?P<chat>[0-9]{5,20})/(?P<id>[0-9]{1,12})/?$")
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


def widget_url(post: PostRef) -> str | None:
    """The public post widget's page (``https://t.me/{channel}/{id}?embed=1&mode=tme``, what the widget script
    loads in its iframe); private chats (``c/…``) have none."""
    return None if post.post_id.startswith("c/") else f"https://t.me/{post.post_id}?embed=1&mode=tme"


WIDGET_TEXT = lazy_regex(r'(?s)<div class="tgme_widget_message_text[^"]*"[^>]*>(?P<html>.*?)</div>')
WIDGET_OWNER = lazy_regex(r'(?s)class="tgme_widget_message_owner_name"[^>]*>(?P<html>.*?)</a>')
WIDGET_TIME = lazy_regex(r'<time[^>]*datetime="(?P<when>[^"]+)"')
WIDGET_ERROR = lazy_regex(r'(?s)class="tgme_widget_message_error"[^>]*>(?P<html>.*?)</div>')
WIDGET_POST = lazy_regex(r'data-post="(?P<post>[^"]+)"')


def read_widget_page(body: str) -> Answer:
    """The widget page: the message's text (``tgme_widget_message_text``), the channel's name
    (``tgme_widget_message_owner_name``), the time (``<time datetime>``); a page with ``tgme_widget_message_error``
    ("Post not found") is a deleted or private post."""
    error = WIDGET_ERROR.search(body)
    if error is not None:
        return Answer("deleted or private", error=html_text(error.group("html")) or "the widget shows an error")
    post = WIDGET_POST.search(body)
    if post is None:
        raise MalformedAnswer("not a post widget page")
    text, owner, when = WIDGET_TEXT.search(body), WIDGET_OWNER.search(body), WIDGET_TIME.search(body)
    return Answer(
        author_name=html_text(owner.group("html")) or None if owner else None,
        handle=post.group("post").split("/")[0],
        published=when.group("when") if when else None,
        text=html_text(text.group("html")) or None if text else None,
    )


#: Telegram's public post widget (core.telegram.org/widgets/post): the page its script frames, no key.
HYDRATE = Endpoint("t.me post widget", widget_url, read_widget_page)


SPEC = PlatformSpec(
    name="telegram",
    display_name="Telegram",
    post_type="Post",
    hosts=frozenset(["t.me", "telegram.me", "telegram.dog"]),
    embed_hosts=frozenset(["telegram.org"]),
    parse=parse,
    rules=(EmbedRule("telegram-widget", read_widget, frozenset(["script"]), attributes=("data-telegram-post",)),),
    hydrate=HYDRATE,
)
