"""Permalinks: which post a URL points at, and its canonical form.

Canonical host policy: one host per platform, whatever host the document used (x.com, mobile., mirrors such as
fxtwitter or nitter): Twitter/X permalinks become ``https://twitter.com/{handle}/status/{id}`` with tracking parameters
and trailers (``/photo/1``, ``?s=20``, ``ref_src``) dropped. The URL as written stays in the record's ``source.raw``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .._types import Platform

TWITTER_STATUS = regex.compile(
    r"(?i)^(?:https?:)?//(?:www\.|mobile\.|m\.)?"
    r"(?:twitter\.com|x\.com|fxtwitter\.com|vxtwitter\.com|fixupx\.com|fixvx\.com|twittpr\.com"
    r"|nitter\.net|nitter\.poast\.org|xcancel\.com)"
    r"/(?:\#!/)?(?:(?P<handle>[A-Za-z0-9_]{1,20})/status(?:es)?|i/web/status|i/status)/(?P<id>\d{1,20})"
    r"(?:[/?#].*)?$"
)
RESERVED_TWITTER_PATHS = frozenset(
    ["explore", "home", "hashtag", "i", "intent", "messages", "notifications", "search", "settings", "share"]
)


@dataclass(frozen=True, slots=True)
class PostRef:
    """What a permalink says about a post."""

    platform: Platform
    post_id: str
    handle: str | None
    url: str


def parse_permalink(url: str) -> PostRef | None:
    """The post ``url`` points at, with its canonical URL; ``None`` when it is not a post permalink."""
    m = TWITTER_STATUS.match(url.strip())
    if m:
        handle = m.group("handle")
        if handle and handle.lower() in RESERVED_TWITTER_PATHS:
            return None
        post_id = m.group("id")
        canonical = (
            f"https://twitter.com/{handle}/status/{post_id}"
            if handle
            else f"https://twitter.com/i/web/status/{post_id}"
        )
        return PostRef("twitter", post_id, handle, canonical)
    return None
