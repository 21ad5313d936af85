"""Twitter/X: permalinks (twitter.com, x.com and their mirrors), snowflake id times, the 2023 rename.

Canonical form ``https://twitter.com/{handle}/status/{id}`` (x.com, mobile., ``/statuses/``, ``#!/``, mirrors
fxtwitter, vxtwitter, fixupx, fixvx, twittpr, nitter instances, xcancel); ``/i/web/status/{id}`` when no handle. A
numeric first segment (``twitter.com/69297945/status/…``) is the account's user id, not a handle.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from .._parse import Element
from .._rx import lazy_regex
from .._types import Method, PlatformNaming
from ._spec import (
    DASH_LINE,
    MISSING_DATE,
    MISSING_TEXT,
    EmbedRule,
    Endpoint,
    Frame,
    Kit,
    PlatformSpec,
    PostRef,
    UrlParts,
    iso_ms,
    number,
    oembed,
)

if TYPE_CHECKING:
    from .._models import Citation, Link

HOSTS = frozenset(
    """twitter.com x.com mobile.twitter.com mobile.x.com m.twitter.com fxtwitter.com vxtwitter.com fixupx.com
    fixvx.com twittpr.com nitter.net nitter.poast.org nitter.privacydev.net nitter.cz xcancel.com
    d.fxtwitter.com""".split()
)
PATH = lazy_regex(
    r"^/(?:i/web/status|i/status|(?P<handle>[A-Za-z0-9_]{1,20})/status(?:es)?)/(?P<id>[0-9]{1,20})(?:/.*)?$"
)
RESERVED_PATHS = frozenset(
    ["explore", "home", "hashtag", "i", "intent", "messages", "notifications", "search", "settings", "share"]
)

#: Snowflake ids: ``ms = (id >> 22) + EPOCH_MS``.
EPOCH_MS = 1288834974657
#: Ids up to this one were assigned sequentially before snowflakes (twitwi's PRE_SNOWFLAKE_LAST_TWEET_ID).
PRE_SNOWFLAKE_LAST = 29700859247
#: The first day Twitter's site and apps carried the name X (the rename was announced on 23 July 2023; the logo and
#: name changed on the 24th). Posts dated on or after it were published on "X".
X_RENAME_DATE = "2023-07-24"


def status_url(post_id: str, handle: str | None = None) -> str:
    """The canonical URL of post ``post_id``."""
    return f"https://twitter.com/{handle}/status/{post_id}" if handle else f"https://twitter.com/i/web/status/{post_id}"


def parse(u: UrlParts) -> PostRef | None:
    path = u.path
    if u.fragment_path is not None and path in ("", "/"):
        path = u.fragment_path  # https://twitter.com/#!/user/status/1
    m = PATH.match(path)
    if m is None:
        return None
    handle = m.group("handle")
    if handle and handle.lower() in RESERVED_PATHS:
        return None
    if handle and handle.isdigit():
        handle = None  # twitter.com/69297945/status/…: the account's numeric user id, which is no handle
    post_id = m.group("id").lstrip("0") or "0"
    return PostRef("twitter", post_id, handle, status_url(post_id, handle))


def id_time(post_id: str) -> str | None:
    """The UTC time a snowflake id encodes, or ``None`` for pre-snowflake (sequential) ids."""
    n = number(post_id)
    if n is None or n <= PRE_SNOWFLAKE_LAST or n >= 1 << 63:
        return None
    return iso_ms((n >> 22) + EPOCH_MS)


#: What a sequential (pre-snowflake) id tells of its post's date: published before snowflakes began (4 November 2010).
PRE_SNOWFLAKE_BEFORE = "2010-11-04"


def id_before(post_id: str) -> str | None:
    """:data:`PRE_SNOWFLAKE_BEFORE` for a sequential id (2006–2010), else ``None``."""
    n = number(post_id)
    return PRE_SNOWFLAKE_BEFORE if n is not None and n <= PRE_SNOWFLAKE_LAST else None


_TWITTER_URL = lazy_regex(r"(?i)^https://(?:www\.)?twitter\.com/")


def url_as_named(url: str, printed: str) -> str:
    """A post's twitter.com URL in its ``x.com`` form when the post is cited as an X post."""
    return _TWITTER_URL.sub("https://x.com/", url) if printed == "X" else url


def naming(when: str | None, policy: PlatformNaming) -> str:
    """``"Twitter"`` for posts before :data:`X_RENAME_DATE`, ``"X"`` on or after it, and ``"X"`` under the
    ``"current"`` policy or when the date is unknown (the name at publication cannot then be told)."""
    if policy == "current" or not when:
        return "X"
    return "Twitter" if when[:10] < X_RENAME_DATE else "X"


def post_type_for(printed: str | None) -> str:
    """``"Tweet"`` on Twitter, ``"Post"`` on X."""
    return "Tweet" if (printed or "Twitter") == "Twitter" else "Post"


# --- embed markup ----------------------------------------------------------------------------------------------

EMBED_CLASSES = frozenset(["twitter-tweet", "twitter-video"])
#: Attributes naming a post's id on an element (rendered widgets, AMP, site-made players).
TWEET_ID_ATTRS = ("data-tweet-id", "data-tweetid")
#: The rendered embed's iframe.
TWEET_HTML = lazy_regex(r"(?i)platform\.(?:twitter|x)\.com/embed/(?:Tweet\.html|index\.html)")


def _is_tweet_bq(el: Element) -> bool:
    return el.tag == "blockquote" and bool(el.classes & EMBED_CLASSES)


def blockquote(
    kit: Kit, bq: Element, quoted: str | None, *, outer: Element | None = None, method: Method = "blockquote"
) -> Citation:
    """``blockquote.twitter-tweet``: body paragraphs, then ``— Name (@handle) <a href=status>Date</a>``.

    ``outer``: the element the record stands for when ``bq`` is the placeholder inside it (``<amp-twitter>``)."""
    kids = [c for c in bq.children if not (isinstance(c, Element) and _is_tweet_bq(c))]
    paragraphs = [(c, kit.text_of(c)) for c in kids if isinstance(c, Element) and c.tag == "p"]
    body_texts = [(p, t) for p, t in paragraphs if not DASH_LINE.match(t)]
    body = [p for p, _ in body_texts]
    text = "\n".join(t for _, t in body_texts if t) or None
    rest = [c for c in kids if not (isinstance(c, Element) and c in body)]
    status: Element | None = None
    for child in rest:
        if isinstance(child, Element):
            for a in child.iter():
                if a.tag == "a" and kit.ref(a.attrs.get("href", "")):
                    status = a
    m = kit.attribution(rest)
    if m is None and body_texts and (inside := kit.trailing_attribution(body_texts[-1][1])) is not None:
        # the attribution inside the last paragraph (wpautop wrapped it all: "<p>text — Name (@h) <a>Date</a></p>")
        m, before = inside
        body_texts[-1] = (body_texts[-1][0], before)
        text = "\n".join(t for _, t in body_texts if t) or None
        for a in body_texts[-1][0].iter():
            if a.tag == "a" and kit.ref(a.attrs.get("href", "")):
                status = a
    ref = kit.ref(status.attrs.get("href", "")) if status is not None else kit.first_ref(bq, "twitter")
    if ref is not None and ref.platform != "twitter":
        ref = None
    date_text = kit.text_of(status) if status is not None else (m.group("rest") if m else "")
    name = m.group("name") if m else None
    links: list[Link] | None = kit.links(body)
    if links and status is not None and any(status in p.iter() for p in body):  # (the status link, moved in the body)
        href = status.attrs.get("href", "").strip()
        links = [link for link in links if link.url != href]
    if text is None and name and (glued := kit.unglue(name)) is not None:
        text, name = glued  # embed code whose post has no <p>: "text&#x2014; Name (@h) <a>Date</a>"
        links = None  # (from the text)
    notes: list[str] = []
    if text is None:
        notes.append(MISSING_TEXT)
    handle = m.group("handle") if m else None
    if handle and ref and ref.handle and handle.lower() != ref.handle.lower():
        notes.append(
            f"the status link names @{ref.handle} but the attribution names @{handle}; the link decides the id"
        )
    language = next((p.attrs["lang"] for p in body if p.attrs.get("lang")), None)
    return kit.make(
        outer or bq,
        "twitter",
        method,
        text=text,
        name=name,
        handle=handle or (ref.handle if ref else None),
        date_text=date_text or None,
        published=kit.date(date_text),
        ref=ref,
        links=links,
        notes=tuple(notes),
        language=language,
        quoted=quoted,
    )


def read_blockquote(kit: Kit, el: Element) -> Citation | None:
    """An embed blockquote (a quoted post's blockquote inside it is read on its own and named in ``quoted``); an
    empty template (``<a href="${url}">``, nothing else) names no post, one with text or an author does."""
    inner = next((q for q in el.iter() if q is not el and _is_tweet_bq(q)), None)
    quoted = None
    if inner is not None:
        iref = kit.first_ref(inner, "twitter")
        quoted = f"twitter:{iref.post_id}" if iref else None
    c = blockquote(kit, el, quoted)
    if c.post_id is not None or c.text is not None or c.author.handle is not None:
        return c
    kit.take(el)
    return None


def _rendered_tweet(kit: Kit, el: Element, ref: PostRef, method: Method) -> Citation | None:
    """A Twitter widget saved after it rendered into the page itself (``<twitter-widget>`` of 2015-2018 holding
    ``div.EmbeddedTweet``): text from ``p.Tweet-text``, author from ``TweetAuthor-name`` and
    ``TweetAuthor-screenName``, date from the permalink's ``data-datetime``. ``None`` when ``el`` holds no such
    rendering (the usual empty ``iframe`` or ``twitterwidget``)."""
    text_el = name_el = handle_el = time_el = None
    for node in el.iter():
        if "class" not in node.attrs:
            continue
        classes = node.classes
        if text_el is None and "Tweet-text" in classes:
            text_el = node
        elif name_el is None and "TweetAuthor-name" in classes:
            name_el = node
        elif handle_el is None and "TweetAuthor-screenName" in classes:
            handle_el = node
        elif time_el is None and node.tag == "a" and "data-datetime" in node.attrs:
            time_el = node
    if text_el is None:
        return None
    handle = kit.text_of(handle_el).lstrip("@") if handle_el is not None else None
    date_text = kit.text_of(time_el) if time_el is not None else None
    published = kit.date(time_el.attrs["data-datetime"]) if time_el is not None else None
    return kit.make(
        el,
        "twitter",
        method,
        text=kit.text_of(text_el) or None,
        name=kit.text_of(name_el) or None if name_el is not None else None,
        handle=handle or ref.handle,
        date_text=date_text or None,
        published=published or kit.date(date_text),
        ref=ref,
        links=kit.links([text_el]),
        language=text_el.attrs.get("lang"),
        notes=() if time_el is not None else (MISSING_DATE,),
    )


def _page_text_skip(el: Element) -> bool:
    """Parts of a status page's tweet text a reader does not see: a link's hidden scheme and path, its ellipsis."""
    return "class" in el.attrs and bool(el.classes & {"invisible", "tco-ellipsis"})


def status_page_tweet(kit: Kit, el: Element, tid: str) -> Citation | None:
    """A tweet on a saved twitter.com page of 2014-2020 (a status page, a timeline, search results):
    ``div.tweet[data-tweet-id][data-screen-name][data-name][data-permalink-path]`` holding ``p.tweet-text`` and
    ``a.tweet-timestamp[title]`` > ``span._timestamp[data-time]`` (Unix seconds). A quoted tweet inside it
    (``div.QuoteTweet-innerContainer[data-item-id]``) is named in ``quoted``. ``None`` without ``p.tweet-text``."""
    text_el = stamp = when = quote = None
    stack = [el]
    while stack:
        node = stack.pop()
        if node is not el and "class" in node.attrs:
            classes = node.classes
            if "QuoteTweet-innerContainer" in classes or ("tweet" in classes and "data-tweet-id" in node.attrs):
                if quote is None and "QuoteTweet-innerContainer" in classes:
                    quote = node.attrs.get("data-item-id", "").strip()
                continue  # another tweet's markup: not this one's text or time
            if text_el is None and node.tag == "p" and "tweet-text" in classes:
                text_el = node
            elif stamp is None and node.tag == "a" and "tweet-timestamp" in classes:
                stamp = node
            elif when is None and "_timestamp" in classes and node.attrs.get("data-time", "").strip().isdigit():
                when = node
        stack.extend(reversed([c for c in node.children if isinstance(c, Element)]))
    if text_el is None:
        return None
    handle = el.attrs.get("data-screen-name", "").strip() or None
    path = el.attrs.get("data-permalink-path", "").strip()
    ref = kit.ref("https://twitter.com" + path) if path.startswith("/") else None
    if ref is None or ref.post_id != tid:
        ref = kit.ref(f"https://twitter.com/{handle}/status/{tid}") if handle else None
    if ref is None or ref.post_id != tid:
        ref = PostRef("twitter", tid, handle, status_url(tid))
    published = None
    if when is not None:
        published = datetime.fromtimestamp(int(when.attrs["data-time"].strip()), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    date_text = (stamp.attrs.get("title") or "").strip() or None if stamp is not None else None
    notes = () if published or date_text else (MISSING_DATE,)
    return kit.make(
        el,
        "twitter",
        "element",
        text=kit.text_of(text_el, _page_text_skip) or None,
        name=el.attrs.get("data-name", "").strip() or None,
        handle=handle,
        date_text=date_text,
        published=published,
        ref=ref,
        links=kit.links([text_el]),
        language=text_el.attrs.get("lang"),
        notes=notes,
        quoted=f"twitter:{quote}" if quote and quote.isdigit() else None,
    )


def read_quote_tweet(kit: Kit, el: Element) -> Citation | None:
    """A quoted tweet on a saved twitter.com page: ``div.QuoteTweet-innerContainer[data-item-id][data-screen-name]
    [href]`` holding ``b.QuoteTweet-fullname`` and ``div.QuoteTweet-text`` (no date is shown)."""
    tid = el.attrs.get("data-item-id", "").strip()
    if not tid.isdigit():
        return None
    handle = el.attrs.get("data-screen-name", "").strip() or None
    href = el.attrs.get("href", "").strip()
    ref = kit.ref("https://twitter.com" + href) if href.startswith("/") else None
    if ref is None or ref.post_id != tid:
        ref = PostRef("twitter", tid, handle, status_url(tid))
    text_el = name_el = None
    for node in el.iter():
        if "class" not in node.attrs:
            continue
        if text_el is None and "QuoteTweet-text" in node.classes:
            text_el = node
        elif name_el is None and "QuoteTweet-fullname" in node.classes:
            name_el = node
    return kit.make(
        el,
        "twitter",
        "element",
        text=kit.text_of(text_el, _page_text_skip) or None if text_el is not None else None,
        name=kit.text_of(name_el) or None if name_el is not None else None,
        handle=handle,
        ref=ref,
        links=[] if text_el is None else kit.links([text_el]),
        language=text_el.attrs.get("lang") if text_el is not None else None,
        notes=(MISSING_DATE,) if text_el is not None else (MISSING_TEXT, MISSING_DATE),
    )


def _tweet_id(el: Element) -> str | None:
    return next((el.attrs[a].strip() for a in TWEET_ID_ATTRS if el.attrs.get(a, "").strip().isdigit()), None)


def read_id_element(kit: Kit, el: Element) -> Citation | None:
    """An element carrying a post id (``data-tweet-id``): a rendered widget (read for what it shows), an
    ``<amp-twitter>`` holding the embed code as its placeholder, or else the id alone."""
    tid = _tweet_id(el)
    assert tid is not None  # the rule's condition
    ref = kit.first_ref(el, "twitter") or PostRef("twitter", tid, None, status_url(tid))
    if ref.post_id != tid:
        ref = PostRef("twitter", tid, None, status_url(tid))
    method: Method = "iframe" if el.tag == "iframe" else "element"
    if el.tag == "div" and el.children and "tweet" in el.classes:
        page = status_page_tweet(kit, el, tid)
        if page is not None:
            return page
    rendered = _rendered_tweet(kit, el, ref, method) if el.children else None
    if rendered is not None:
        return rendered
    ph = None if el.tag == "iframe" else next((q for q in el.iter() if q.tag == "blockquote"), None)
    if ph is not None:
        c = blockquote(kit, ph, None, outer=el, method=method)
        if c.post_id == tid:
            return c
    return kit.make(el, "twitter", method, ref=ref, links=[], notes=(f"rendered Twitter/X embed: {MISSING_TEXT}",))


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """The rendered embed's iframe (``platform.twitter.com/embed/Tweet.html?id=…``)."""
    if not TWEET_HTML.search(src):
        return None
    try:
        tid = parse_qs(urlsplit(src.strip()).query).get("id", [""])[0]
    except ValueError:
        return None
    return Frame(PostRef("twitter", tid, None, status_url(tid)), "rendered embed") if tid.isdigit() else None


#: oEmbed (developer.x.com, "GET statuses/oembed"; publish.twitter.com): the embed code of the post, read by the
#: blockquote reader; ``omit_script`` leaves out the widget script, ``dnt`` asks for no tracking.
HYDRATE = Endpoint(
    "publish.twitter.com/oembed", oembed("https://publish.twitter.com/oembed", omit_script="1", dnt="true")
)

SPEC = PlatformSpec(
    name="twitter",
    display_name="Twitter",
    post_type="Tweet",
    attribution_default=True,
    hosts=HOSTS,
    host_prefixes=("nitter.",),
    embed_hosts=frozenset(["platform.twitter.com", "publish.twitter.com"]),
    parse=parse,
    id_time=id_time,
    id_before=id_before,
    url_as_named=url_as_named,
    media_links_name_post=True,
    naming=naming,
    post_type_for=post_type_for,
    shorteners=frozenset(["t.co"]),
    terminal=True,
    cues=("tweet",),
    embed_classes=EMBED_CLASSES,
    # a tweet on a saved twitter.com page (div.tweet[data-tweet-id], 2014-2020 markup) is read whole too
    container_classes=frozenset(["twitter-tweet-rendered", "tweet"]),
    rules=(
        EmbedRule.blockquote("twitter-blockquote", read_blockquote, EMBED_CLASSES),
        # a quoted tweet on a saved twitter.com page, inside the tweet quoting it
        EmbedRule(
            "twitter-quote-tweet",
            read_quote_tweet,
            frozenset(["div"]),
            frozenset(["QuoteTweet-innerContainer"]),
            nested=True,
            priority=4,
        ),
        EmbedRule(
            "twitter-id-element",
            read_id_element,
            attributes=TWEET_ID_ATTRS,
            when=lambda el: _tweet_id(el) is not None,
            nested=True,
            priority=5,
        ),
    ),
    frame=frame,
    hydrate=HYDRATE,
)
