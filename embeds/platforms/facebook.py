"""Facebook: ``https://www.facebook.com/{page}/posts/{id}``, ``…/{page}/videos/{id}``,
``…/permalink.php?story_fbid={id}&id={page}``, ``…/photo.php?fbid={id}``, ``…/watch/?v={id}``, ``…/reel/{id}``,
``…/questions/{id}`` (Facebook Questions, 2010–2012, still embedded by post plugins on old pages)."""

from __future__ import annotations

from urllib.parse import parse_qs

import regex

from ._spec import PlatformSpec, PostRef, UrlParts

PATH = regex.compile(
    r"^/(?P<page>[A-Za-z0-9.\-]{1,80})/(?P<kind>posts|videos|photos)/(?:[^/]+/)?(?P<id>pfbid[A-Za-z0-9]{10,80}|\d{5,25})/?"
)
SHORT_PATH = regex.compile(r"^/(?P<kind>reel|questions)/(?P<id>\d{5,25})/?$")
RESERVED = frozenset(["sharer", "sharer.php", "dialog", "plugins", "share", "groups", "events", "tr"])


def parse(u: UrlParts) -> PostRef | None:
    path = u.path
    q = parse_qs(u.query)
    if path in ("/permalink.php", "/story.php"):
        story, page = q.get("story_fbid", [""])[0], q.get("id", [""])[0]
        if story and page:
            return PostRef(
                "facebook", story, None, f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}"
            )
        return None
    if path in ("/photo.php", "/photo", "/photo/"):
        fbid = q.get("fbid", [""])[0]
        return PostRef("facebook", fbid, None, f"https://www.facebook.com/photo.php?fbid={fbid}") if fbid else None
    if path in ("/watch", "/watch/"):
        v = q.get("v", [""])[0]
        return PostRef("facebook", v, None, f"https://www.facebook.com/watch/?v={v}") if v.isdigit() else None
    m = SHORT_PATH.match(path)
    if m:
        return PostRef("facebook", m.group("id"), None, f"https://www.facebook.com/{m.group('kind')}/{m.group('id')}")
    m = PATH.match(path)
    if m is None or m.group("page").lower() in RESERVED:
        return None
    page, kind, post_id = m.group("page"), m.group("kind"), m.group("id")
    if kind == "photos":
        return PostRef("facebook", post_id, page, f"https://www.facebook.com/photo.php?fbid={post_id}")
    return PostRef("facebook", post_id, page, f"https://www.facebook.com/{page}/{kind}/{post_id}")


SPEC = PlatformSpec(
    name="facebook",
    display_name="Facebook",
    post_type="Status update",
    hosts=frozenset(["facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"]),
    parse=parse,
    shorteners=frozenset(["fb.me"]),
    embed_classes=frozenset(["fb-xfbml-parse-ignore"]),
    container_classes=frozenset(["fb-post", "fb-video"]),
)
