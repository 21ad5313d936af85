"""Bluesky: ``https://bsky.app/profile/{handle-or-did}/post/{rkey}`` (also ``at://…/app.bsky.feed.post/…``); TID
record keys encode their creation time (13 characters of base32-sortable; ``value >> 10`` is microseconds — the spec
calls a TID's time untrusted, clients assign it: a hint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from .._parse import Element
from .._rx import lazy_regex
from ._spec import (
    DASH_LINE,
    MISSING_TEXT,
    Answer,
    EmbedRule,
    Endpoint,
    Frame,
    Kit,
    MalformedAnswer,
    PlatformSpec,
    PostRef,
    UrlParts,
    iso_ms,
    read_json,
    string,
)

if TYPE_CHECKING:
    from .._models import Citation

PATH = lazy_regex(r"^/profile/(?P<actor>[^/]+)/post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})/?$")
#: An actor: a handle (a domain name) or a DID (``did:plc:…``, ``did:web:…``); anything else in that place is not.
ACTOR = lazy_regex(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+|did:[a-z]+:[A-Za-z0-9._:%-]{1,2048})$"
)
AT_URI = lazy_regex(r"^at://(?P<actor>[^/\s]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})$")
TID = lazy_regex(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"


def ref(actor: str, rkey: str) -> PostRef:
    """The Bluesky post ``rkey`` of ``actor`` (a handle or a DID)."""
    handle = None if actor.startswith("did:") else actor.lower()
    return PostRef("bluesky", rkey, handle, f"https://bsky.app/profile/{actor}/post/{rkey}")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    actor = unquote(m.group("actor"))
    return ref(actor, m.group("rkey")) if ACTOR.match(actor) else None


def parse_at_uri(uri: str) -> PostRef | None:
    m = AT_URI.match(uri)
    return ref(m.group("actor"), m.group("rkey")) if m and ACTOR.match(m.group("actor")) else None


def id_time(rkey: str) -> str | None:
    """The UTC time a TID record key encodes (µs truncated to ms), or ``None`` if it is not a TID."""
    if not TID.match(rkey):
        return None
    value = 0
    for c in rkey:
        value = value * 32 + BASE32_SORTABLE.index(c)
    return iso_ms((value >> 10) // 1000)


# --- embed markup ----------------------------------------------------------------------------------------------

#: The rendered embed's iframe (``embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}``).
EMBED_FRAME = lazy_regex(
    r"(?i)embed\.bsky\.app/embed/(?P<actor>[^/?#]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)"
)


def read_blockquote(kit: Kit, bq: Element) -> Citation:
    """``blockquote.bluesky-embed``: the post's paragraphs, then ``— Name (@handle) <a href=post>Date</a>``;
    ``data-bluesky-uri`` names the post, ``data-bluesky-cid`` its content id."""
    m_uri = AT_URI.match(bq.attrs.get("data-bluesky-uri", "").strip())
    post = ref(m_uri.group("actor"), m_uri.group("rkey")) if m_uri else kit.first_ref(bq, "bluesky")
    paragraphs = [(c, kit.text_of(c)) for c in bq.children if isinstance(c, Element) and c.tag == "p"]
    body_texts = [(p, t) for p, t in paragraphs if not DASH_LINE.match(t)]
    body = [p for p, _ in body_texts]
    notes: list[str] = []

    def placeholder(e: Element) -> bool:
        return e.tag == "a" and kit.text_of(e).lower() == "[image or embed]"

    if any(placeholder(a) for p in body for a in p.iter()):
        notes.append("the post has an image or embed the markup does not show")
        texts = [kit.text_of(p, placeholder) for p in body]
    else:  # no placeholder to skip: the texts are those already read
        texts = [t for _, t in body_texts]
    text = "\n".join(t for t in texts if t) or None
    rest = [c for c in bq.children if not (isinstance(c, Element) and c in body)]
    m = kit.attribution(rest)
    date_el = None
    for c in rest:
        if isinstance(c, Element) and c.tag == "a" and kit.ref(c.attrs.get("href", "")):
            date_el = c
    date_text = kit.text_of(date_el) if date_el is not None else (m.group("rest") if m else "")
    if text is None:
        notes.append(MISSING_TEXT)
    handle = m.group("handle").lower() if m else None
    return kit.make(
        bq,
        "bluesky",
        "blockquote",
        text=text,
        name=m.group("name") if m else None,
        handle=handle or (post.handle if post else None),
        date_text=date_text or None,
        published=kit.date(date_text),
        ref=post,
        links=kit.links(body),
        notes=tuple(notes),
        language=next((p.attrs["lang"] for p in body if p.attrs.get("lang")), None),
        cid=bq.attrs.get("data-bluesky-cid") or None,
    )


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    m = EMBED_FRAME.search(src)
    return Frame(ref(m.group("actor"), m.group("rkey")), "rendered embed") if m else None


def getposts_url(post: PostRef) -> str | None:
    """``app.bsky.feed.getPosts`` on the public AppView for the post's AT URI (``at://{actor}/app.bsky.feed.post/
    {rkey}``; the actor a handle or a DID, as the permalink names it)."""
    m = PATH.match(urlsplit(post.url).path)
    if m is None:
        return None
    uri = f"at://{unquote(m.group('actor'))}/app.bsky.feed.post/{post.post_id}"
    return "https://public.api.bsky.app/xrpc/app.bsky.feed.getPosts?uris=" + quote(uri, safe="")


def read_posts(body: str) -> Answer:
    """The lexicon's ``{"posts": [postView]}``: ``author.handle``, ``author.displayName``, ``record.text``,
    ``record.createdAt``. A post that is gone, or that the AppView does not show, is left out of ``posts``: an
    empty list means deleted or private."""
    data = read_json(body)
    posts = data.get("posts")
    if not isinstance(posts, list):
        raise MalformedAnswer("no posts list")
    if not posts:
        return Answer("deleted or private", error="the AppView returned no post for the URI")
    view = posts[0]
    if not isinstance(view, dict) or not isinstance(view.get("record"), dict):
        raise MalformedAnswer("a post view with no record")
    return Answer(
        author_name=string(view, "author", "displayName"),
        handle=string(view, "author", "handle"),
        published=string(view, "record", "createdAt"),
        text=string(view, "record", "text"),
    )


#: Bluesky's public AppView (docs.bsky.app, "app.bsky.feed.getPosts"): no key needed.
HYDRATE = Endpoint("app.bsky.feed.getPosts", getposts_url, read_posts)


SPEC = PlatformSpec(
    name="bluesky",
    display_name="Bluesky",
    post_type="Post",
    hosts=frozenset(["bsky.app", "staging.bsky.app"]),
    embed_hosts=frozenset(["embed.bsky.app"]),
    parse=parse,
    schemes={"at": parse_at_uri},
    attribution_handle=lambda handle: "." in handle and "@" not in handle,  # a domain: name.bsky.social
    id_time=id_time,
    embed_classes=frozenset(["bluesky-embed"]),
    rules=(EmbedRule.blockquote("bluesky-blockquote", read_blockquote, frozenset(["bluesky-embed"])),),
    frame=frame,
    hydrate=HYDRATE,
)
