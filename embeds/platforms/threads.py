"""Threads: ``https://www.threads.com/@{user}/post/{code}`` (threads.net too); ``https://www.threads.com/t/{code}``."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

PATH = regex.compile(r"^/(?:@(?P<user>[A-Za-z0-9._]{1,30})/post|t)/(?P<code>[A-Za-z0-9_-]{5,40})/?")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    code, user = m.group("code"), m.group("user")
    canonical = f"https://www.threads.com/@{user}/post/{code}" if user else f"https://www.threads.com/t/{code}"
    return PostRef("threads", code, user, canonical)


SPEC = PlatformSpec(
    name="threads",
    display_name="Threads",
    post_type="Post",
    hosts=frozenset(["threads.net", "threads.com"]),
    parse=parse,
    embed_classes=frozenset(["text-post-media", "text-post-embed"]),
)
