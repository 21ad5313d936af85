"""Facebook: ``https://www.facebook.com/{page}/posts/{id}``, ``…/{page}/videos/{id}``,
``…/permalink.php?story_fbid={id}&id={page}``, ``…/photo.php?fbid={id}``, ``…/watch/?v={id}``, ``…/reel/{id}``,
``…/questions/{id}`` (Facebook Questions, 2010–2012, still embedded by post plugins on old pages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .._parse import Element, Text
from .._rx import lazy_regex
from .._types import Method
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Frame, Kit, PlatformSpec, PostRef, UrlParts, oembed

if TYPE_CHECKING:
    from .._models import Citation, Link

PATH = lazy_regex(
    r"^/(?P<page>[A-Za-z0-9.\-]{1,80})/(?P<kind>posts|videos|photos)/(?:[^/]+/)?(?P<id>pfbid[A-Za-z0-9]{10,80}|[0-9]{5,25})/?"
)
SHORT_PATH = lazy_regex(r"^/(?P<kind>reel|questions)/(?P<id>[0-9]{5,25})/?$")
#: A post or photo id as Facebook writes them in query strings (digits, or a ``pfbid`` token); a page id (digits).
QUERY_ID = lazy_regex(r"^(?:[0-9]{1,25}|pfbid[A-Za-z0-9]{10,80})$")
PAGE_ID = lazy_regex(r"^[0-9]{1,25}$")
RESERVED = frozenset(["sharer", "sharer.php", "dialog", "plugins", "share", "groups", "events", "tr"])


def parse(u: UrlParts) -> PostRef | None:
    path = u.path
    q = parse_qs(u.query)
    if path in ("/permalink.php", "/story.php"):
        story, page = q.get("story_fbid", [""])[0], q.get("id", [""])[0]
        if QUERY_ID.match(story) and PAGE_ID.match(page):
            return PostRef(
                "facebook", story, None, f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}"
            )
        return None
    if path in ("/photo.php", "/photo", "/photo/"):
        fbid = q.get("fbid", [""])[0]
        if not QUERY_ID.match(fbid):
            return None
        return PostRef("facebook", fbid, None, f"https://www.facebook.com/photo.php?fbid={fbid}")
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


# --- embed markup ----------------------------------------------------------------------------------------------

POST_BY = lazy_regex(r"^Post by \S.*$")
PAGE = lazy_regex(r"^/(?P<page>[A-Za-z0-9.\-]{5,80})/?$")
ON = lazy_regex(r"^on\b\s*(?P<date>.*)$")
FALLBACK_CLASS = frozenset(["fb-xfbml-parse-ignore"])


def _page(url: str) -> str | None:
    """The page name of a Facebook page or profile URL (``https://www.facebook.com/NAME``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    m = PAGE.match(parts.path)
    return m.group("page") if host == "facebook.com" and m and not m.group("page").endswith(".php") else None


def _posted_by(kit: Kit, nodes: list[Element | Text]) -> tuple[str | None, Element | None, str | None]:
    """The SDK fallback's byline, ``Posted by <a href=PAGE>Name</a> on <a>Date</a>`` (the date also plain text;
    a video's title link may come first): the name, its link and the date as written."""
    name = date_text = None
    author: Element | None = None
    state = "start"  # start -> by (seen "Posted by") -> author (name read) -> on (seen "on")
    for n in nodes:
        t = kit.text_of(n)
        if state == "start":
            if isinstance(n, Text) and "Posted by" in t:
                state = "by"
        elif state == "by":
            if isinstance(n, Element) and n.tag == "a":
                name, author, state = t or None, n, "author"
        elif state == "author":
            if isinstance(n, Text) and (m := ON.match(t)):
                date_text = m.group("date") or None
                state = "on"
                if date_text:
                    break
        elif isinstance(n, Element) and n.tag == "a":
            date_text = t or None
            break
    return name, author, date_text


def embed(kit: Kit, el: Element, post: PostRef | None, method: Method) -> Citation:
    """``div.fb-post``/``div.fb-video`` (with the SDK's fallback blockquote when present) or the fallback alone."""
    fallback = next((b for b in el.iter() if b.tag == "blockquote"), None)
    text = name = date_text = None
    handle = post.handle if post else None
    links: list[Link] = []
    if fallback is None:
        # the SDK's older fallback: <div class="fb-xfbml-parse-ignore"><a href=POST>Post</a> by <a href=PAGE>Name</a>.
        old = next((d for d in el.iter() if d is not el and "fb-xfbml-parse-ignore" in d.classes), None)
        anchors = [a for a in old.iter() if a.tag == "a"] if old is not None else []
        if old is not None and len(anchors) == 2 and POST_BY.match(kit.text_of(old)):
            name = kit.text_of(anchors[1]) or None
            handle = handle or _page(anchors[1].attrs.get("href", ""))
    if fallback is not None:
        if post is None:
            post = kit.ref(fallback.attrs.get("cite", ""))
        paragraphs = [p for p in fallback.children if isinstance(p, Element) and p.tag == "p"]
        text = "\n".join(t for t in (kit.text_of(p) for p in paragraphs) if t) or None
        links = kit.links(paragraphs)
        rest = [c for c in fallback.children if not (isinstance(c, Element) and c in paragraphs)]
        name, author, date_text = _posted_by(kit, rest)
        if author is not None:
            handle = handle or _page(author.attrs.get("href", ""))
    notes = []
    if text is None:
        notes.append(MISSING_TEXT)
    if date_text is None:
        notes.append(MISSING_DATE)
    return kit.make(
        el,
        "facebook",
        method,
        text=text,
        name=name,
        handle=handle,
        date_text=date_text,
        published=kit.date(date_text),
        ref=post,
        links=links,
        notes=tuple(notes),
    )


def read_fallback(kit: Kit, el: Element) -> Citation | None:
    """The SDK fallback blockquote of a post (a page, like or comments plugin cites no post: not a post)."""
    post = kit.ref(el.attrs.get("cite", ""))
    return embed(kit, el, post, "blockquote") if post is not None and post.platform == "facebook" else None


def read_plugin(kit: Kit, el: Element) -> Citation | None:
    """``div.fb-post``/``div.fb-video``: the post its ``data-href`` names, else its fallback's ``cite``, else none
    (a template's "{your-post-url}")."""
    post = kit.ref(el.attrs.get("data-href", ""))
    if post is None:
        post = kit.ref(next((b.attrs.get("cite", "") for b in el.iter() if b.tag == "blockquote"), ""))
    return embed(kit, el, post, "element") if post is not None and post.platform == "facebook" else None


def read_amp(kit: Kit, el: Element) -> Citation | None:
    """``<amp-facebook data-href=…>``: the post, nothing it shows."""
    post = kit.ref(el.attrs["data-href"])
    if post is None:
        return None
    return kit.make(el, post.platform, "element", ref=post, links=[], notes=(f"AMP Facebook embed: {MISSING_TEXT}",))


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """A plugin iframe (``facebook.com/plugins/post.php?href=POST``)."""
    if "facebook.com/plugins/" not in src.lower():
        return None
    try:
        href = parse_qs(urlsplit(src.strip()).query).get("href", [""])[0]
    except ValueError:
        return None
    post = kit.ref(href)
    return Frame(post, "embed iframe") if post is not None and post.platform == "facebook" else None


#: Meta's oEmbed read needs an app token (developers.facebook.com, "oEmbed Read"): taken from the environment,
#: sent as ``Authorization: Bearer``; without one the post is "not hydrated: needs a token".
HYDRATE = Endpoint(
    "graph.facebook.com/oembed_post",
    oembed("https://graph.facebook.com/v19.0/oembed_post"),
    token_env="EMBEDS_META_TOKEN",
)

SPEC = PlatformSpec(
    name="facebook",
    display_name="Facebook",
    post_type="Status update",
    hosts=frozenset(["facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"]),
    parse=parse,
    shorteners=frozenset(["fb.me"]),
    embed_classes=FALLBACK_CLASS,
    container_classes=frozenset(["fb-post", "fb-video"]),
    rules=(
        EmbedRule("facebook-fallback", read_fallback, frozenset(["blockquote"]), FALLBACK_CLASS, priority=0),
        EmbedRule("facebook-plugin", read_plugin, frozenset(["div"]), frozenset(["fb-post", "fb-video"])),
        EmbedRule("facebook-amp", read_amp, frozenset(["amp-facebook"]), attributes=("data-href",)),
    ),
    frame=frame,
    hydrate=HYDRATE,
)
