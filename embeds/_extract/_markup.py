"""Embed markup → citations, per platform, on an offset-keeping element tree (a region of an HTML document).

Each platform's published embed code (and its rendered, AMP and legacy forms) is read for what it shows: the post's
text, the author's name and handle, the date as written, the permalink. Where a platform's fallback markup carries no
text or date (Mastodon ≥ 4.3, Threads, rendered iframes), the record says so in ``notes`` and leaves the field
``None``: nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import regex

from .._models import Citation, Link
from .._parse import Element, Lines, Text
from .._types import Method, Platform
from ._build import build, link_for, permalink
from ._dates import parse_date
from ._permalinks import AT_URI, PostRef, bluesky_ref, parse_permalink, tiktok_player_id

RAW_TEXT = frozenset(("script", "style", "template", "svg"))
SPACE = regex.compile(r"\s+")
DASH_LINE = regex.compile(r"^\s*(?:\u2014|\u2013|--|-)\s*\S")
ATTRIBUTION = regex.compile(
    r"^\s*(?:\u2014|\u2013|--|-)?\s*(?P<name>.*?)\s*\(\s*[@\uff20](?P<handle>[A-Za-z0-9_.\-]{1,253})\s*\)\s*(?P<rest>.*?)\s*$",
    regex.DOTALL,
)
#: Instagram's attribution line, in the languages of the embed code's page (``data-lang``-less snippets are written in
#: the language of whoever copied them: "Ein Beitrag geteilt von", "Une publication partagée par", … on real pages).
SHARED_BY = regex.compile(
    r"(?i)(?:A (?:post|photo|video) shared by|Ein Beitrag geteilt von|Une publication partag[ée]e par"
    r"|Una publicaci[óo]n compartida (?:de|por)|Uma publica[çc][ãa]o compartilhada por|Um post compartilhado por"
    r"|Un post condiviso da|Sebuah kiriman dibagikan oleh)"
    r"\s+(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9._]{1,30})\)(?:\s+(?:on|am|le|el|em|il|pada)\s+(?P<date>.+?))?\s*$"
)
POST_BY = regex.compile(
    r"Post by\s+@(?P<acct>[A-Za-z0-9_.\-]+?(?:@[A-Za-z0-9.\-]+?)?)(?=\s*View on Mastodon|\s|$)", regex.IGNORECASE
)
WEEKDAY = regex.compile(r"(?i)^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+")
BLOCK = frozenset("div p li ul ol section article header footer figure figcaption h1 h2 h3 h4 h5 h6 tr table".split())
TWEET_HTML = regex.compile(r"(?i)platform\.(?:twitter|x)\.com/embed/(?:Tweet\.html|index\.html)")
BSKY_EMBED = regex.compile(
    r"(?i)embed\.bsky\.app/embed/(?P<actor>[^/?#]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)"
)
MISSING_TEXT = "the embed carries no post text"
MISSING_DATE = "the embed carries no date"


#: The characters ``str.split()`` splits on and SPACE (``regex``'s ``\\s``, Unicode's White_Space) does not: without
#: them, ``" ".join(part.split())`` is ``" ".join(SPACE.split(part)).strip()`` (tests/test_html_tree.py checks the
#: two agree on every other code point).
NOT_SPACE_SEPARATORS = re.compile("[\x1c-\x1f]")


def _clean(s: str) -> str:
    """Collapse HTML white space (NBSP included); ``\\x00`` marks a ``<br>`` and becomes a line break."""
    if NOT_SPACE_SEPARATORS.search(s) is None:  # the usual case, without the regex engine
        if "\x00" not in s:
            return " ".join(s.split())
        return "\n".join(" ".join(part.split()) for part in s.split("\x00")).strip()
    return "\n".join(" ".join(SPACE.split(part)).strip() for part in s.split("\x00")).strip()


def text_of(node: Element | Text, skip: Callable[[Element], bool] | None = None) -> str:
    """The text a reader sees: ``<br>`` as a line break, emoji images as their ``alt``, scripts left out."""
    if isinstance(node, Text):
        return _clean(node.text)
    parts: list[str] = []
    stack: list[Element | Text | str] = [node]  # a str is a space to put after a block
    while stack:
        n = stack.pop()
        if isinstance(n, Text):
            parts.append(n.text)
        elif isinstance(n, str):
            parts.append(n)
        elif n.tag == "br":
            parts.append("\x00")
        elif n.tag == "img":
            parts.append(n.attrs.get("alt", ""))
        elif n.tag in RAW_TEXT or (skip is not None and n is not node and skip(n)):
            continue
        elif n.tag in BLOCK and n is not node:
            stack.append(" ")
            stack.extend(reversed(n.children))
            parts.append(" ")
        else:
            stack.extend(reversed(n.children))
    return _clean("".join(parts))


def _elements(el: Element) -> Iterator[Element]:
    for c in el.children:
        if isinstance(c, Element):
            yield c


def _links(nodes: list[Element]) -> list[Link]:
    links: list[Link] = []
    for p in nodes:
        for a in p.iter():
            if a.tag != "a":
                continue
            href = a.attrs.get("href", "").strip()
            shown = text_of(a)
            if not href or shown.startswith(("#", "@", "$", "\uff03", "\uff20")) or href.startswith(("#", "mailto:")):
                continue  # hashtag, mention and cashtag links are entities, not links
            links.append(link_for(href, shown or None))
    return links


class Ctx:
    """What the extractors need to build records: the document, its lines, its path."""

    __slots__ = ("doc", "lines", "path")

    def __init__(self, doc: str, lines: Lines, path: str | None) -> None:
        self.doc = doc
        self.lines = lines
        self.path = path

    def make(self, el: Element, platform: Platform, method: Method, **kw: object) -> Citation:
        return build(
            platform=platform,
            kind="embed",
            method=method,
            doc=self.doc,
            lines=self.lines,
            path=self.path,
            start=el.start,
            end=el.end,
            **kw,  # type: ignore[arg-type]
        )


def _is_tweet_bq(el: Element) -> bool:
    return el.tag == "blockquote" and bool(el.classes & {"twitter-tweet", "twitter-video"})


def _first_ref(el: Element, platform: Platform, attrs: tuple[str, ...] = ("href",)) -> PostRef | None:
    """The first permalink of ``platform`` in ``el`` (its own attributes first), nested embeds left out."""
    for node in el.iter():
        if node is not el and node.tag == "blockquote" and node.classes & EMBED_CLASSES:
            continue
        for name in attrs:
            ref = parse_permalink(node.attrs.get(name, ""))
            if ref is not None and ref.platform == platform:
                return ref
    return None


def _attribution(parts: list[Element | Text]) -> tuple[str, regex.Match[str] | None]:
    text = " ".join(text_of(p) for p in parts)
    text = " ".join(text.split())
    return text, ATTRIBUTION.match(text)


def _date(date_text: str | None) -> str | None:
    if not date_text:
        return None
    return parse_date(date_text) or parse_date(WEEKDAY.sub("", date_text))


def twitter_blockquote(
    ctx: Ctx, bq: Element, quoted: str | None, *, outer: Element | None = None, method: Method = "blockquote"
) -> Citation:
    """``blockquote.twitter-tweet``: body paragraphs, then ``— Name (@handle) <a href=status>Date</a>``.

    ``outer``: the element the record stands for when ``bq`` is the placeholder inside it (``<amp-twitter>``)."""
    kids = [c for c in bq.children if not (isinstance(c, Element) and _is_tweet_bq(c))]
    paragraphs = [(c, text_of(c)) for c in kids if isinstance(c, Element) and c.tag == "p"]
    body_texts = [(p, t) for p, t in paragraphs if not DASH_LINE.match(t)]
    body = [p for p, _ in body_texts]
    text = "\n".join(t for _, t in body_texts if t) or None
    rest = [c for c in kids if not (isinstance(c, Element) and c in body)]
    status: Element | None = None
    for child in rest:
        if isinstance(child, Element):
            for a in child.iter():
                if a.tag == "a" and parse_permalink(a.attrs.get("href", "")):
                    status = a
    _, m = _attribution(rest)
    if m is None and body_texts and (inside := attribution_in_paragraph(body_texts[-1][1])) is not None:
        # the attribution inside the last paragraph (wpautop wrapped it all: "<p>text — Name (@h) <a>Date</a></p>")
        m, before = inside
        body_texts[-1] = (body_texts[-1][0], before)
        text = "\n".join(t for _, t in body_texts if t) or None
        for a in body_texts[-1][0].iter():
            if a.tag == "a" and parse_permalink(a.attrs.get("href", "")):
                status = a
    ref = parse_permalink(status.attrs.get("href", "")) if status is not None else _first_ref(bq, "twitter")
    if ref is not None and ref.platform != "twitter":
        ref = None
    date_text = text_of(status) if status is not None else (m.group("rest") if m else "")
    name = m.group("name") if m else None
    links: list[Link] | None = _links(body)
    if links and status is not None and any(status in p.iter() for p in body):  # (the status link, moved in the body)
        href = status.attrs.get("href", "").strip()
        links = [link for link in links if link.url != href]
    if text is None and name and (glued := unglue(name)) is not None:
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
    return ctx.make(
        outer or bq,
        "twitter",
        method,
        text=text,
        name=name,
        handle=handle or (ref.handle if ref else None),
        date_text=date_text or None,
        published=_date(date_text),
        ref=ref,
        links=links,
        notes=tuple(notes),
        language=language,
        quoted=quoted,
    )


GLUED_DASH = regex.compile(r"\s*(?:\u2014|\u2013|--)\s*")
#: An attribution at the end of a paragraph: ``text — Name (@handle) Date``.
ATTRIBUTION_IN_PARAGRAPH = regex.compile(
    r"(?:\u2014|\u2013|--)\s*(?P<name>[^\u2014\u2013\n]{0,100}?)\s*\(\s*[@\uff20](?P<handle>[A-Za-z0-9_.\-]{1,253})\s*\)"
    r"\s*(?P<rest>[^()\n]{0,80}?)\s*$"
)


def attribution_in_paragraph(text: str) -> tuple[regex.Match[str], str] | None:
    """The attribution ending a paragraph of embed code and the text before it, when the paragraph holds both."""
    m = ATTRIBUTION_IN_PARAGRAPH.search(text)
    if m is None or not text[: m.start()].strip():
        return None
    return m, text[: m.start()].rstrip()


def unglue(name: str) -> tuple[str, str] | None:
    """``(text, name)`` when what reads as the author's name is a post's text glued to it by a dash (embed code
    with no ``<p>``: ``text&#x2014; Name (@h)``), else ``None``."""
    dashes = list(GLUED_DASH.finditer(name))
    last = dashes[-1] if dashes else None
    if last is None or last.start() == 0 or not name[last.end() :].strip():
        return None
    return name[: last.start()].strip(), name[last.end() :].strip()


def bluesky_blockquote(ctx: Ctx, bq: Element) -> Citation:
    uri = bq.attrs.get("data-bluesky-uri", "")
    m_uri = AT_URI.match(uri.strip())
    ref = bluesky_ref(m_uri.group("actor"), m_uri.group("rkey")) if m_uri else _first_ref(bq, "bluesky")
    paragraphs = [(c, text_of(c)) for c in _elements(bq) if c.tag == "p"]
    body_texts = [(p, t) for p, t in paragraphs if not DASH_LINE.match(t)]
    body = [p for p, _ in body_texts]
    notes: list[str] = []

    def placeholder(e: Element) -> bool:
        return e.tag == "a" and text_of(e).lower() == "[image or embed]"

    if any(placeholder(a) for p in body for a in p.iter()):
        notes.append("the post has an image or embed the markup does not show")
        texts = [text_of(p, placeholder) for p in body]
    else:  # no placeholder to skip: the texts are those already read
        texts = [t for _, t in body_texts]
    text = "\n".join(t for t in texts if t) or None
    rest = [c for c in bq.children if not (isinstance(c, Element) and c in body)]
    _, m = _attribution(rest)
    date_el = None
    for c in rest:
        if isinstance(c, Element) and c.tag == "a" and parse_permalink(c.attrs.get("href", "")):
            date_el = c
    date_text = text_of(date_el) if date_el is not None else (m.group("rest") if m else "")
    if text is None:
        notes.append(MISSING_TEXT)
    handle = m.group("handle").lower() if m else None
    return ctx.make(
        bq,
        "bluesky",
        "blockquote",
        text=text,
        name=m.group("name") if m else None,
        handle=handle or (ref.handle if ref else None),
        date_text=date_text or None,
        published=_date(date_text),
        ref=ref,
        links=_links(body),
        notes=tuple(notes),
        language=next((p.attrs["lang"] for p in body if p.attrs.get("lang")), None),
        cid=bq.attrs.get("data-bluesky-cid") or None,
    )


def mastodon_embed(ctx: Ctx, el: Element) -> Citation:
    url = el.attrs.get("data-embed-url") or el.attrs.get("src") or ""
    ref = parse_permalink(url)
    if ref is None or ref.platform != "mastodon":
        ref = _first_ref(el, "mastodon")
    shown = text_of(el)
    m = POST_BY.search(shown)
    handle = m.group("acct") if m else (ref.handle if ref else None)
    if handle and "@" not in handle and ref and ref.handle and "@" in ref.handle:
        handle = ref.handle
    paragraphs = [p for p in el.iter() if p.tag == "p"]
    text = "\n".join(t for t in (text_of(p) for p in paragraphs) if t) or None
    notes = [] if text else [MISSING_TEXT]
    notes.append(MISSING_DATE)
    return ctx.make(
        el,
        "mastodon",
        "blockquote" if el.tag == "blockquote" else "iframe",
        text=text,
        handle=handle,
        ref=ref,
        links=[] if text is None else _links(paragraphs),
        notes=tuple(notes),
    )


def threads_blockquote(ctx: Ctx, bq: Element) -> Citation:
    ref = parse_permalink(bq.attrs.get("data-text-post-permalink", "")) or _first_ref(bq, "threads")
    return ctx.make(
        bq,
        "threads",
        "blockquote",
        ref=ref,
        links=[],
        notes=(MISSING_TEXT, "the Threads embed markup carries no author name", MISSING_DATE),
    )


def instagram_blockquote(ctx: Ctx, bq: Element) -> Citation:
    ref = parse_permalink(bq.attrs.get("data-instgrm-permalink", "")) or _first_ref(bq, "instagram")
    name = handle = date_text = published = None
    caption: list[str] = []
    for p in bq.iter():
        if p.tag != "p":
            continue
        t = text_of(p)
        m = SHARED_BY.search(t)
        if m:
            name, handle = m.group("name") or None, m.group("handle")
            time = next((e for e in p.iter() if e.tag == "time"), None)
            if time is not None:
                date_text = text_of(time) or None
                published = time.attrs.get("datetime") or _date(date_text)
            elif m.group("date"):
                date_text = m.group("date")
                published = _date(date_text)
        elif t and t.lower() != "view this post on instagram":
            caption.append(t)
    text = "\n".join(caption) or None
    notes = [] if text else [MISSING_TEXT]
    if date_text is None:
        notes.append(MISSING_DATE)
    return ctx.make(
        bq,
        "instagram",
        "blockquote",
        text=text,
        name=name,
        handle=handle,
        date_text=date_text,
        published=published,
        ref=ref,
        notes=tuple(notes),
    )


def _tiktok_frame(el: Element) -> bool:
    """The author (``@user``) and sound (``♬ …``) links around a TikTok caption: not part of it."""
    return el.tag == "a" and (el.attrs.get("title", "").startswith("@") or text_of(el).startswith("\u266c"))


def tiktok_blockquote(ctx: Ctx, bq: Element) -> Citation | None:
    """A video embed; ``None`` for a creator (profile) or curated embed, which names no single video."""
    ref = parse_permalink(bq.attrs.get("cite", "")) or _first_ref(bq, "tiktok")
    vid = bq.attrs.get("data-video-id", "").strip()
    if ref is None and vid.isdigit():
        ref = PostRef("tiktok", vid, None, "")
    if ref is None:
        return None
    handle = None
    for a in bq.iter():
        title = a.attrs.get("title", "")
        if a.tag == "a" and title.startswith("@"):
            handle = title[1:]
            break
    paragraphs = [p for p in bq.iter() if p.tag == "p"]
    text = "\n".join(t for t in (text_of(p) for p in paragraphs) if t) or None
    if text is None:
        # older oEmbed html: the caption sits in the <section> itself, between the author and the sound links
        section = next((e for e in bq.iter() if e.tag == "section"), None)
        if section is not None:
            text = text_of(section, _tiktok_frame) or None
            paragraphs = [section]
    notes = [MISSING_DATE]
    music = next((text_of(a) for a in bq.iter() if a.tag == "a" and text_of(a).startswith("\u266c")), None)
    if music:
        notes.append(f"sound: {music.lstrip(chr(0x266C)).strip()}")
    if text is None:
        notes.insert(0, MISSING_TEXT)
    return ctx.make(
        bq,
        "tiktok",
        "blockquote",
        text=text,
        handle=handle or ref.handle,
        ref=ref,
        links=[lk for lk in _links(paragraphs) if not (lk.display or "").startswith("\u266c")],
        notes=tuple(notes),
    )


def reddit_blockquote(ctx: Ctx, bq: Element, method: Method = "blockquote") -> Citation:
    """``blockquote.reddit-embed-bq``, ``blockquote.reddit-card`` or the older comment embed ``div.reddit-embed``.

    ``data-embed-created``/``data-card-created`` record when the embed code was made (pages show posts years old
    under a creation time of the day the author embedded them), so they are not the post's date. A comment embed
    (``Comment … from discussion``) names the comment and its thread but shows no comment text."""
    anchors = [a for a in bq.iter() if a.tag == "a"]
    ref = next((r for a in anchors if (r := parse_permalink(a.attrs.get("href", ""))) and r.platform == "reddit"), None)
    comment = ref is not None and "/comment/" in ref.url
    title = None if comment else next((text_of(a) for a in anchors if parse_permalink(a.attrs.get("href", ""))), None)
    handle = None
    for a in anchors:
        t = text_of(a)
        if "/user/" in a.attrs.get("href", "") or t.startswith("u/"):
            handle = t[2:] if t.startswith("u/") else t
            break
    if title:
        notes = ["the text is the post's title as the embed shows it"]
    elif comment:
        notes = [f"a comment embed: {MISSING_TEXT}"]
    else:
        notes = [MISSING_TEXT]
    notes.append(MISSING_DATE)
    created = (bq.attrs.get("data-embed-created") or "").strip()
    if not created and bq.attrs.get("data-card-created", "").strip().isdigit():
        stamp = int(bq.attrs["data-card-created"].strip())
        created = datetime.fromtimestamp(stamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if created:
        notes.append(f"the embed code was made {created}: not the post's date")
    return ctx.make(
        bq,
        "reddit",
        method,
        text=title or None,
        handle=handle,
        ref=ref,
        links=[],
        notes=tuple(notes),
    )


FB_POST_BY = regex.compile(r"^Post by \S.*$")
FB_PAGE = regex.compile(r"^/(?P<page>[A-Za-z0-9.\-]{5,80})/?$")
FB_ON = regex.compile(r"^on\b\s*(?P<date>.*)$")


def _facebook_page(url: str) -> str | None:
    """The page name of a Facebook page or profile URL (``https://www.facebook.com/NAME``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    m = FB_PAGE.match(parts.path)
    return m.group("page") if host == "facebook.com" and m and not m.group("page").endswith(".php") else None


def _posted_by(nodes: list[Element | Text]) -> tuple[str | None, Element | None, str | None]:
    """The SDK fallback's byline, ``Posted by <a href=PAGE>Name</a> on <a>Date</a>`` (the date also plain text;
    a video's title link may come first): the name, its link and the date as written."""
    name = date_text = None
    author: Element | None = None
    state = "start"  # start -> by (seen "Posted by") -> author (name read) -> on (seen "on")
    for n in nodes:
        t = text_of(n)
        if state == "start":
            if isinstance(n, Text) and "Posted by" in t:
                state = "by"
        elif state == "by":
            if isinstance(n, Element) and n.tag == "a":
                name, author, state = t or None, n, "author"
        elif state == "author":
            if isinstance(n, Text) and (m := FB_ON.match(t)):
                date_text = m.group("date") or None
                state = "on"
                if date_text:
                    break
        elif isinstance(n, Element) and n.tag == "a":
            date_text = t or None
            break
    return name, author, date_text


def facebook_embed(ctx: Ctx, el: Element, ref: PostRef | None, method: Method) -> Citation:
    """``div.fb-post``/``div.fb-video`` (with the SDK's fallback blockquote when present) or a plugin iframe."""
    fallback = next((b for b in el.iter() if b.tag == "blockquote"), None)
    text = name = date_text = None
    handle = ref.handle if ref else None
    links: list[Link] = []
    if fallback is None:
        # the SDK's older fallback: <div class="fb-xfbml-parse-ignore"><a href=POST>Post</a> by <a href=PAGE>Name</a>.
        old = next((d for d in el.iter() if d is not el and "fb-xfbml-parse-ignore" in d.classes), None)
        anchors = [a for a in old.iter() if a.tag == "a"] if old is not None else []
        if old is not None and len(anchors) == 2 and FB_POST_BY.match(text_of(old)):
            name = text_of(anchors[1]) or None
            handle = handle or _facebook_page(anchors[1].attrs.get("href", ""))
    if fallback is not None:
        if ref is None:
            ref = parse_permalink(fallback.attrs.get("cite", ""))
        paragraphs = [p for p in _elements(fallback) if p.tag == "p"]
        text = "\n".join(t for t in (text_of(p) for p in paragraphs) if t) or None
        links = _links(paragraphs)
        rest = [c for c in fallback.children if not (isinstance(c, Element) and c in paragraphs)]
        name, author, date_text = _posted_by(rest)
        if author is not None:
            handle = handle or _facebook_page(author.attrs.get("href", ""))
    notes = []
    if text is None:
        notes.append(MISSING_TEXT)
    if date_text is None:
        notes.append(MISSING_DATE)
    return ctx.make(
        el,
        "facebook",
        method,
        text=text,
        name=name,
        handle=handle,
        date_text=date_text,
        published=_date(date_text),
        ref=ref,
        links=links,
        notes=tuple(notes),
    )


def _rendered_tweet(ctx: Ctx, el: Element, ref: PostRef, method: Method) -> Citation | None:
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
    handle = text_of(handle_el).lstrip("@") if handle_el is not None else None
    date_text = text_of(time_el) if time_el is not None else None
    published = parse_date(time_el.attrs["data-datetime"]) if time_el is not None else None
    return ctx.make(
        el,
        "twitter",
        method,
        text=text_of(text_el) or None,
        name=text_of(name_el) or None if name_el is not None else None,
        handle=handle or ref.handle,
        date_text=date_text or None,
        published=published or _date(date_text),
        ref=ref,
        links=_links([text_el]),
        language=text_el.attrs.get("lang"),
        notes=() if time_el is not None else (MISSING_DATE,),
    )


def _page_text_skip(el: Element) -> bool:
    """Parts of a status page's tweet text a reader does not see: a link's hidden scheme and path, its ellipsis."""
    return "class" in el.attrs and bool(el.classes & {"invisible", "tco-ellipsis"})


def status_page_tweet(ctx: Ctx, el: Element, tid: str) -> Citation | None:
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
    ref = parse_permalink("https://twitter.com" + path) if path.startswith("/") else None
    if ref is None or ref.post_id != tid:
        ref = parse_permalink(f"https://twitter.com/{handle}/status/{tid}") if handle else None
    if ref is None or ref.post_id != tid:
        ref = PostRef("twitter", tid, handle, f"https://twitter.com/i/web/status/{tid}")
    published = None
    if when is not None:
        published = datetime.fromtimestamp(int(when.attrs["data-time"].strip()), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    date_text = (stamp.attrs.get("title") or "").strip() or None if stamp is not None else None
    notes = () if published or date_text else (MISSING_DATE,)
    return ctx.make(
        el,
        "twitter",
        "element",
        text=text_of(text_el, _page_text_skip) or None,
        name=el.attrs.get("data-name", "").strip() or None,
        handle=handle,
        date_text=date_text,
        published=published,
        ref=ref,
        links=_links([text_el]),
        language=text_el.attrs.get("lang"),
        notes=notes,
        quoted=f"twitter:{quote}" if quote and quote.isdigit() else None,
    )


def quote_tweet(ctx: Ctx, el: Element) -> Citation | None:
    """A quoted tweet on a saved twitter.com page: ``div.QuoteTweet-innerContainer[data-item-id][data-screen-name]
    [href]`` holding ``b.QuoteTweet-fullname`` and ``div.QuoteTweet-text`` (no date is shown)."""
    tid = el.attrs.get("data-item-id", "").strip()
    if not tid.isdigit():
        return None
    handle = el.attrs.get("data-screen-name", "").strip() or None
    href = el.attrs.get("href", "").strip()
    ref = parse_permalink("https://twitter.com" + href) if href.startswith("/") else None
    if ref is None or ref.post_id != tid:
        ref = PostRef("twitter", tid, handle, f"https://twitter.com/i/web/status/{tid}")
    text_el = name_el = None
    for node in el.iter():
        if "class" not in node.attrs:
            continue
        if text_el is None and "QuoteTweet-text" in node.classes:
            text_el = node
        elif name_el is None and "QuoteTweet-fullname" in node.classes:
            name_el = node
    return ctx.make(
        el,
        "twitter",
        "element",
        text=text_of(text_el, _page_text_skip) or None if text_el is not None else None,
        name=text_of(name_el) or None if name_el is not None else None,
        handle=handle,
        ref=ref,
        links=[] if text_el is None else _links([text_el]),
        language=text_el.attrs.get("lang") if text_el is not None else None,
        notes=(MISSING_DATE,) if text_el is not None else (MISSING_TEXT, MISSING_DATE),
    )


def _rendered(ctx: Ctx, el: Element, ref: PostRef, method: Method, what: str) -> Citation:
    return ctx.make(el, ref.platform, method, ref=ref, links=[], notes=(f"{what}: {MISSING_TEXT}",))


def _query(url: str, name: str) -> str:
    try:
        return parse_qs(urlsplit(url.strip()).query).get(name, [""])[0]
    except ValueError:
        return ""


def iframe_ref(src: str) -> tuple[PostRef, str] | None:
    """The post a player or rendered-embed iframe shows, with a word on what kind of iframe it is."""
    if TWEET_HTML.search(src):
        tid = _query(src, "id")
        if tid.isdigit():
            return PostRef("twitter", tid, None, f"https://twitter.com/i/web/status/{tid}"), "rendered embed"
        return None
    m = BSKY_EMBED.search(src)
    if m:
        return bluesky_ref(m.group("actor"), m.group("rkey")), "rendered embed"
    low = src.lower()
    if "facebook.com/plugins/" in low:
        ref = parse_permalink(_query(src, "href"))
        return (ref, "embed iframe") if ref is not None and ref.platform == "facebook" else None
    vid = tiktok_player_id(src)
    if vid:
        return PostRef("tiktok", vid, None, ""), "player iframe"
    ref = parse_permalink(src)
    if ref is None:
        return None
    return ref, "player iframe" if ref.platform in ("youtube", "tiktok") else "embed iframe"


EMBED_CLASSES = frozenset(
    """twitter-tweet twitter-video bluesky-embed mastodon-embed text-post-media text-post-embed instagram-media
    tiktok-embed reddit-embed-bq reddit-card fb-xfbml-parse-ignore""".split()
)
TWEET_ID_ATTRS = ("data-tweet-id", "data-tweetid")
_TWEET_ID_ATTRS = frozenset(TWEET_ID_ATTRS)


def extract_tree(ctx: Ctx, root: Element) -> list[Citation]:
    """Every embed and post link in the tree ``root`` (a region of ``ctx.doc``)."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []  # spans of embeds found: links inside them are theirs

    def inside(el: Element) -> bool:
        return any(s <= el.start and el.end <= e and (s, e) != (el.start, el.end) for s, e in taken)

    def add(c: Citation, el: Element) -> None:
        found.append(c)
        taken.append((el.start, el.end))

    for el in root.iter():
        tag, attrs = el.tag, el.attrs
        # the class list matters to blockquotes, divs and iframes only (a set built per element adds up)
        classes = el.classes if "class" in attrs and tag in ("blockquote", "div", "iframe") else frozenset()
        if tag == "blockquote" and classes & EMBED_CLASSES:
            if _is_tweet_bq(el):
                inner = next((q for q in el.iter() if q is not el and _is_tweet_bq(q)), None)
                quoted = None
                if inner is not None:
                    iref = _first_ref(inner, "twitter")
                    quoted = f"twitter:{iref.post_id}" if iref else None
                c = twitter_blockquote(ctx, el, quoted)
                # an empty template (<a href="${url}">, nothing else) names no post; one with text or an author does
                if c.post_id is not None or c.text is not None or c.author.handle is not None:
                    found.append(c)
                taken.append((el.start, el.end))
            elif "bluesky-embed" in classes:
                add(bluesky_blockquote(ctx, el), el)
            elif "mastodon-embed" in classes:
                add(mastodon_embed(ctx, el), el)
            elif classes & {"text-post-media", "text-post-embed"}:
                add(threads_blockquote(ctx, el), el)
            elif "instagram-media" in classes:
                add(instagram_blockquote(ctx, el), el)
            elif "tiktok-embed" in classes:
                if (video := tiktok_blockquote(ctx, el)) is not None:
                    add(video, el)
            elif classes & {"reddit-embed-bq", "reddit-card"}:
                add(reddit_blockquote(ctx, el), el)
            elif "fb-xfbml-parse-ignore" in classes and not inside(el):
                # the SDK fallback of a post (a page, like or comments plugin cites no post: not a post)
                ref = parse_permalink(attrs.get("cite", ""))
                if ref is not None and ref.platform == "facebook":
                    add(facebook_embed(ctx, el, ref, "blockquote"), el)
            continue
        if tag == "div" and "QuoteTweet-innerContainer" in classes:
            if (quote := quote_tweet(ctx, el)) is not None:
                add(quote, el)
            continue
        has_tid = not _TWEET_ID_ATTRS.isdisjoint(attrs)
        if tag != "blockquote" and (tag == "a" or not has_tid) and taken and inside(el):
            continue
        tid = None
        if has_tid:
            tid = next((attrs[a].strip() for a in TWEET_ID_ATTRS if attrs.get(a, "").strip().isdigit()), None)
        if tid is not None:
            ref = _first_ref(el, "twitter") or PostRef("twitter", tid, None, f"https://twitter.com/i/web/status/{tid}")
            if ref.post_id != tid:
                ref = PostRef("twitter", tid, None, f"https://twitter.com/i/web/status/{tid}")
            method: Method = "iframe" if tag == "iframe" else "element"
            if tag == "div" and "tweet" in classes and el.children:
                page = status_page_tweet(ctx, el, tid)
                if page is not None:
                    add(page, el)
                    continue
            rendered = _rendered_tweet(ctx, el, ref, method) if el.children else None
            if rendered is not None:
                add(rendered, el)
                continue
            # <amp-twitter> holds the embed code as its placeholder: the post's text, author and date
            ph = None if tag == "iframe" else next((q for q in el.iter() if q.tag == "blockquote"), None)
            if ph is not None:
                c = twitter_blockquote(ctx, ph, None, outer=el, method=method)
                if c.post_id == tid:
                    add(c, el)
                    continue
            add(_rendered(ctx, el, ref, method, "rendered Twitter/X embed"), el)
            continue
        if tag == "div" and "reddit-embed" in classes:
            add(reddit_blockquote(ctx, el, "element"), el)
            continue
        if tag == "div" and classes & {"fb-post", "fb-video"}:
            ref = parse_permalink(attrs.get("data-href", ""))
            if ref is None:  # the fallback's cite, else no post to name (a template's "{your-post-url}")
                cite = next((b.attrs.get("cite", "") for b in el.iter() if b.tag == "blockquote"), "")
                ref = parse_permalink(cite)
            if ref is not None and ref.platform == "facebook":
                add(facebook_embed(ctx, el, ref, "element"), el)
            continue
        if tag == "script" and attrs.get("data-telegram-post"):
            ref = parse_permalink("https://t.me/" + attrs["data-telegram-post"].strip().strip("/"))
            if ref is not None:
                add(ctx.make(el, "telegram", "script", ref=ref, links=[], notes=(MISSING_TEXT, MISSING_DATE)), el)
            continue
        if tag in ("amp-youtube", "lite-youtube"):
            vid = attrs.get("data-videoid") or attrs.get("videoid") or ""
            ref = parse_permalink(f"https://www.youtube.com/watch?v={vid.strip()}")
            if ref is not None:
                add(_rendered(ctx, el, ref, "element", "video player"), el)
            continue
        if tag == "amp-instagram" and attrs.get("data-shortcode"):
            ref = parse_permalink(f"https://www.instagram.com/p/{attrs['data-shortcode'].strip()}/")
            if ref is not None:
                add(_rendered(ctx, el, ref, "element", "AMP Instagram embed"), el)
            continue
        if tag == "amp-facebook" and attrs.get("data-href"):
            ref = parse_permalink(attrs["data-href"])
            if ref is not None:
                add(_rendered(ctx, el, ref, "element", "AMP Facebook embed"), el)
            continue
        if tag == "iframe":
            src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-lazy-src") or ""
            if "mastodon-embed" in classes:
                add(mastodon_embed(ctx, el), el)
                continue
            hit = iframe_ref(src)
            if hit is not None:
                ref, what = hit
                notes = [f"{what}: {MISSING_TEXT}"]
                if ref.platform == "youtube" and attrs.get("title"):
                    notes.append(f"video title: {_clean(attrs['title'])}")
                if ref.platform == "tiktok" and not ref.url:
                    notes.append("the player URL does not name the author")
                add(ctx.make(el, ref.platform, "iframe", ref=ref, links=[], notes=tuple(notes)), el)
            continue
        if tag == "a":
            ref = parse_permalink(attrs.get("href", ""))
            if ref is not None:
                found.append(permalink(ref, ctx.doc, ctx.lines, ctx.path, el.start, el.end))
    return found
