"""Mastodon (any instance): ``https://{host}/@{user}/{id}`` (also ``/@user@remote/{id}``,
``/users/{user}/statuses/{id}``, ``…/embed``). Ids of at least 2**32 are snowflakes: ``ms = id >> 16`` (older
instances numbered posts 1, 2, 3, …, which encode no time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .._rx import lazy_regex
from ._spec import (
    MISSING_DATE,
    MISSING_TEXT,
    Answer,
    Caption,
    CaptionRule,
    EmbedRule,
    Endpoint,
    Kit,
    MalformedAnswer,
    PlatformSpec,
    PostRef,
    UrlParts,
    html_text,
    iso_ms,
    number,
    read_json,
    split_url,
    string,
)

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

PATH = lazy_regex(
    r"^/(?:@(?P<user>[A-Za-z0-9_]++(?:[.-]++[A-Za-z0-9_]++)*+)(?:@(?P<remote>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++))?"
    r"|users/(?P<user2>[A-Za-z0-9_]++(?:[.-]++[A-Za-z0-9_]++)*+)/statuses)/(?P<id>[0-9]{1,20})(?:/embed)?/?$"
)
#: Mastodon ids below 2**32 are sequential (instances from before 2.0): ms = id >> 16 would put them in 1970.
MIN_SNOWFLAKE = 1 << 32


def parse(u: UrlParts) -> PostRef | None:
    if "." not in u.host:
        return None
    m = PATH.match(u.path)
    if m is None:
        return None
    user = m.group("user") or m.group("user2")
    remote = m.group("remote")
    acct = f"{user}@{remote}" if remote else f"{user}@{u.host}"
    shown = f"{user}@{remote}" if remote else user
    return PostRef("mastodon", m.group("id"), acct, f"https://{u.host}/@{shown}/{m.group('id')}")


def id_time(post_id: str) -> str | None:
    """The UTC time a status id encodes, or ``None`` for a small (sequential) id."""
    n = number(post_id)
    if n is None or n < MIN_SNOWFLAKE or n >= 1 << 63:
        return None
    return iso_ms(n >> 16)


# --- embed markup and what it leaves in text --------------------------------------------------------------------

#: The attribution of Mastodon ≥ 4.3's embed fallback: ``Post by @user@host``, then ``View on Mastodon``.
POST_BY = lazy_regex(
    r"Post by\s+@(?P<acct>[A-Za-z0-9_.\-]+?(?:@[A-Za-z0-9.\-]+?)?)(?=\s*View on Mastodon|\s|$)", regex.IGNORECASE
)
EMBED_CLASS = frozenset(["mastodon-embed"])

#: What that fallback leaves in scraped text, on a line of its own (quoted, or as an html2text link to the post):
#: ``Post by @user@host`` and ``View on Mastodon``, on one line or two; the post's text is not told apart from the
#: page's there.
POST_BY_LINE = lazy_regex(
    r"^(?:[ \t]*>)*[ \t]*\[?Post by @(?P<acct>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*@[A-Za-z0-9-]+?(?:\.[A-Za-z0-9-]+?)+)"
    r"[ \t]*(?:\r?\n[ \t>]*)?View on Mastodon(?:\]\((?P<url>[^)\s]+)\))?[ \t]*\r?$",
    regex.MULTILINE,
)


def read_caption(m: regex.Match[str], markdown: bool) -> Caption:
    """A ``Post by @user@host`` / ``View on Mastodon`` line: the account and, in html2text's Markdown, the permalink."""
    return Caption(handle=m.group("acct"), url=m.group("url"), notes=(MISSING_TEXT, MISSING_DATE))


CAPTION = CaptionRule("mastodon-post-by", "View on Mastodon", POST_BY_LINE, read_caption)


def read_embed(kit: Kit, el: Element) -> Citation:
    """``blockquote.mastodon-embed`` (Mastodon ≥ 4.3: the post's paragraphs when the instance wrote them, ``Post by
    @user@host``, ``View on Mastodon``) or ``iframe.mastodon-embed`` (older: the ``/embed`` URL only)."""
    post = kit.ref(el.attrs.get("data-embed-url") or el.attrs.get("src") or "")
    if post is None or post.platform != "mastodon":
        post = kit.first_ref(el, "mastodon")
    m = POST_BY.search(kit.text_of(el))
    handle = m.group("acct") if m else (post.handle if post else None)
    if handle and "@" not in handle and post and post.handle and "@" in post.handle:
        handle = post.handle
    paragraphs = [p for p in el.iter() if p.tag == "p"]
    text = "\n".join(t for t in (kit.text_of(p) for p in paragraphs) if t) or None
    notes = [] if text else [MISSING_TEXT]
    notes.append(MISSING_DATE)
    return kit.make(
        el,
        "mastodon",
        "blockquote" if el.tag == "blockquote" else "iframe",
        text=text,
        handle=handle,
        ref=post,
        links=[] if text is None else kit.links(paragraphs),
        notes=tuple(notes),
    )


def status_url(post: PostRef) -> str | None:
    """``GET /api/v1/statuses/:id`` on the instance the permalink is on (its id is that instance's)."""
    u = split_url(post.url)
    return f"https://{u.host}/api/v1/statuses/{post.post_id}" if u is not None and number(post.post_id) else None


def read_status(body: str) -> Answer:
    """A Status entity (docs.joinmastodon.org, "Status"): ``content`` (HTML), ``created_at``, ``account.acct``,
    ``account.display_name``, ``spoiler_text``. Read the same way for Truth Social, which serves Mastodon's API."""
    data = read_json(body)
    if "id" not in data or "account" not in data:
        raise MalformedAnswer("not a Status entity")
    content = string(data, "content")
    return Answer(
        author_name=string(data, "account", "display_name"),
        handle=string(data, "account", "acct"),
        published=string(data, "created_at"),
        text=html_text(content) if content else None,
    )


#: Mastodon's REST API (docs.joinmastodon.org, "GET /api/v1/statuses/:id"): public statuses need no token; 404 when
#: the status does not exist or is private; 410 Gone is the API's answer for a suspended account.
HYDRATE = Endpoint("api/v1/statuses", status_url, read_status, gone="account suspended")


SPEC = PlatformSpec(
    name="mastodon",
    display_name="Mastodon",
    post_type="Post",
    parse=parse,
    any_host=True,
    cues=("/@",),
    captions=(CAPTION,),
    attribution_handle=lambda handle: "@" in handle,  # user@server
    # sites with /@user/123 paths that are not Mastodon (the registered platforms' hosts are excluded too)
    not_hosts=frozenset(["medium.com", "substack.com", "github.com"]),
    id_time=id_time,
    embed_classes=EMBED_CLASS,
    rules=(
        EmbedRule.blockquote("mastodon-blockquote", read_embed, EMBED_CLASS),
        EmbedRule("mastodon-iframe", read_embed, frozenset(["iframe"]), EMBED_CLASS),
    ),
    hydrate=HYDRATE,
)
