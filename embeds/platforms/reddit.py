"""Reddit: ``https://www.reddit.com/r/{sub}/comments/{id}/`` (+ ``comment/{cid}/`` for a comment); redd.it."""

from __future__ import annotations

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

PATH = regex.compile(
    r"^/r/(?P<sub>[A-Za-z0-9_]{2,21})/comments/(?P<id>[a-z0-9]{4,10})(?:/(?P<slug>[^/]*)(?:/(?:comment/)?(?P<cid>[a-z0-9]{4,10}))?)?/?"
)
SHORT_PATH = regex.compile(r"^/(?P<id>[a-z0-9]{4,10})/?$")


def parse(u: UrlParts) -> PostRef | None:
    if u.host == "redd.it":
        m = SHORT_PATH.match(u.path)
        return PostRef("reddit", m.group("id"), None, f"https://redd.it/{m.group('id')}") if m else None
    m = PATH.match(u.path)
    if m is None:
        return None
    sub, pid, cid = m.group("sub"), m.group("id"), m.group("cid")
    if cid:
        return PostRef("reddit", cid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/comment/{cid}/")
    return PostRef("reddit", pid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/")


SPEC = PlatformSpec(
    name="reddit",
    display_name="Reddit",
    post_type="Online forum post",
    hosts=frozenset(
        [
            "reddit.com",
            "old.reddit.com",
            "new.reddit.com",
            "np.reddit.com",
            "m.reddit.com",
            "embed.reddit.com",
            "redd.it",
        ]
    ),
    embed_hosts=frozenset(["embed.redditmedia.com"]),
    parse=parse,
    embed_classes=frozenset(["reddit-embed-bq", "reddit-card"]),
    container_classes=frozenset(["reddit-embed"]),
)
