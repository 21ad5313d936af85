"""Tumblr: ``https://www.tumblr.com/{blog}/{id}`` (the permalink Tumblr gives since 2022) and the blog's own
``https://{blog}.tumblr.com/post/{id}/{slug}``.

Permalinks (yt-dlp ``yt_dlp/extractor/tumblr.py``, ``TumblrIE._VALID_URL`` and ``_TESTS``:
``tatianamaslanydaily.tumblr.com/post/54196191430/orphan-black-dvd-extra-behind-the-scenes``,
``www.tumblr.com/felixcosm/730460905855467520/if-youre-looking-for-new-music-to-write-or``,
``www.tumblr.com/autumnsister/765162750456578048?source=share``; iamcal/oembed ``providers/tumblr.yml``: scheme
``https://*.tumblr.com/post/*``, example ``staff.tumblr.com/post/619193383820410880/…``):
``{blog}.tumblr.com/post/{id}`` and ``www.tumblr.com/{blog}/{id}``, each with an optional slug; the embed URL
``embed.tumblr.com/embed/post/{key}/{id}`` (its ``key`` is the blog's embed key, not its name: the post is known, its
blog is not). A blog on its own domain cannot be told offline. The blog name is the handle. Posts before 2020 have
sequential ids; later ids look time-ordered, but Tumblr does not document a layout, so no time is derived from them.

``tmblr.co`` is Tumblr's short-link host (the ``short_url`` of a post in Tumblr's API v2, e.g.
``https://tmblr.co/ZpQi2c2S4usEj`` in responses kept in public repositories), resolved like any shortener.

Embed code (Tumblr's "Embed" menu, as found in public pages and repositories): ``<div class="tumblr-post"
data-href="https://embed.tumblr.com/embed/post/{key}/{id}" data-did="…"><a href="https://{blog}.tumblr.com/post/{id}/
{slug}">https://{blog}.tumblr.com/post/{id}/{slug}</a></div><script async src="https://assets.tumblr.com/post.js">
</script>``: the script turns it into an iframe. The markup shows the permalink (usually as its own text), not the
post's text, author name or date, so scraped pages keep no attribution: there is none to read in text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .._rx import lazy_regex
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Kit, PlatformSpec, PostRef, UrlParts, oembed

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

BLOG = r"(?P<blog>[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?)"
ID = r"(?P<id>[0-9]{1,20})"
BLOG_PATH = lazy_regex(rf"^/post/{ID}(?:/[^/]*)?/?$")
SITE_PATH = lazy_regex(rf"^/{BLOG}/{ID}(?:/[^/]*)?/?$")
EMBED_PATH = lazy_regex(rf"^/embed/post/(?P<key>[A-Za-z0-9_-]{{4,40}})/{ID}/?$")
#: Hosts under tumblr.com that are not blogs.
NOT_BLOGS = frozenset(["embed", "assets", "secure", "api", "media", "static", "help"])
#: First path segments of www.tumblr.com that are not blogs.
RESERVED = frozenset(
    """about apps blog communities dashboard docs embed explore following help inbox likes login new oembed policy
    post privacy reblog register search settings tagged tv widgets""".split()
)


def post_url(blog: str, post_id: str) -> str:
    return f"https://www.tumblr.com/{blog}/{post_id}"


def parse(u: UrlParts) -> PostRef | None:
    host = u.host
    if host == "tumblr.com":
        m = SITE_PATH.match(u.path)
        if m is None or m.group("blog").lower() in RESERVED:
            return None
        blog = m.group("blog").lower()
    elif host == "embed.tumblr.com":
        m = EMBED_PATH.match(u.path)
        if m is None:
            return None
        return PostRef(
            "tumblr", m.group("id"), None, f"https://embed.tumblr.com/embed/post/{m.group('key')}/{m.group('id')}"
        )
    else:
        blog = host.removesuffix(".tumblr.com")
        if "." in blog or blog in NOT_BLOGS or not regex.fullmatch(BLOG, blog):
            return None
        m = BLOG_PATH.match(u.path)
        if m is None:
            return None
    return PostRef("tumblr", m.group("id"), blog, post_url(blog, m.group("id")))


# --- embed markup ----------------------------------------------------------------------------------------------

EMBED_CLASS = frozenset(["tumblr-post"])


def read_post(kit: Kit, el: Element) -> Citation | None:
    """``div.tumblr-post``: the post its ``data-href`` names, with its blog from the permalink inside when that is
    the same post on a tumblr.com address; ``None`` for a div of that class that is no embed."""
    embed = kit.ref(el.attrs.get("data-href", ""))
    if embed is None or embed.platform != "tumblr":
        return None
    inner = kit.first_ref(el, "tumblr")
    post = inner if inner is not None and inner.post_id == embed.post_id else embed
    return kit.make(el, "tumblr", "element", ref=post, links=[], notes=(f"Tumblr embed: {MISSING_TEXT}", MISSING_DATE))


#: The public oEmbed endpoint (oembed.com providers list): title, author and the embed code.
HYDRATE = Endpoint("tumblr.com/oembed/1.0", oembed("https://www.tumblr.com/oembed/1.0"))

SPEC = PlatformSpec(
    name="tumblr",
    display_name="Tumblr",
    post_type="Post",
    hosts=frozenset(["tumblr.com", "embed.tumblr.com"]),
    host_suffixes=(".tumblr.com",),
    embed_hosts=frozenset(["assets.tumblr.com"]),
    parse=parse,
    shorteners=frozenset(["tmblr.co"]),
    embed_classes=EMBED_CLASS,
    rules=(EmbedRule("tumblr-post", read_post, frozenset(["div"]), EMBED_CLASS, attributes=("data-href",)),),
    hydrate=HYDRATE,
)
