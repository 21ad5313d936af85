"""What a platform module declares: :class:`PlatformSpec`, and the small values its rules trade in.

A platform module holds everything embeds knows of one platform (hosts, permalink shapes, the time its ids encode,
its name and post type in citations, the wording its embeds leave in scraped text, its short-link hosts, its embed
markup) and exports one ``SPEC``. The registry (:mod:`embeds.platforms`) loops over the specs; the stages ask the
registry and hold no platform names. Platform modules import only this module and the parse stage's tree types
(:class:`embeds._parse.Element`, which their embed readers read): never the stages that ask them.

The spec and its values are named tuples: immutable, built by keyword or position, changed with ``._replace()``.
(A dataclass costs about a millisecond to create, a tenth of that is a named tuple's, and every run of the command
line creates these nine classes.)
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from urllib.parse import quote, urlsplit

import regex

from .._rx import lazy_regex
from .._types import Method, PlatformNaming, PostStatus

if TYPE_CHECKING:
    from .._models import Citation, Link
    from .._parse import Element, Text


class PostRef(NamedTuple):
    """What a permalink says about a post."""

    platform: str
    post_id: str
    handle: str | None
    url: str


class UrlParts(NamedTuple):
    """An absolute URL taken apart for the permalink rules: ``host`` lower-cased without ``www.``;
    ``fragment_path`` is what follows ``#!`` (old Twitter URLs), or ``None``."""

    url: str
    host: str
    path: str
    query: str
    fragment_path: str | None


def split_url(url: str) -> UrlParts | None:
    """``url`` (absolute or scheme-relative, http or https) taken apart, or ``None``."""
    u = url.strip()
    if u.startswith("//"):
        u = "https:" + u
    if not u[:8].lower().startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(u)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host.startswith("www."):
        host = host[4:]
    hash_at = u.find("#!")
    fragment_path = u[hash_at + 2 :].split("?")[0] if hash_at != -1 else None
    return UrlParts(u, host, parts.path, parts.query, fragment_path)


# --- times that ids encode -------------------------------------------------------------------------------------

#: Decoded times outside these bounds mean the id was not of the kind assumed.
EARLIEST_MS = 1_104_537_600_000  # 2005-01-01
LATEST_MS = 4_102_444_800_000  # 2100-01-01
DIGITS = lazy_regex(r"^[0-9]{1,20}$")


def iso_ms(ms: int) -> str | None:
    """Milliseconds since the epoch as ISO 8601 UTC with milliseconds and ``Z``; ``None`` outside 2005–2100."""
    if not EARLIEST_MS <= ms < LATEST_MS:
        return None
    dt = datetime.fromtimestamp(ms // 1000, tz=UTC)  # a year of four digits, whole seconds: isoformat is strftime's
    return dt.replace(tzinfo=None).isoformat() + f".{ms % 1000:03d}Z"


def number(post_id: str) -> int | None:
    """A decimal id as an int, or ``None`` when it is not one."""
    return int(post_id) if DIGITS.match(post_id) else None


# --- embed readers ---------------------------------------------------------------------------------------------

#: Notes a record carries when its embed markup does not show the text or the date (nothing is guessed).
MISSING_TEXT = "the embed carries no post text"
MISSING_DATE = "the embed carries no date"
#: A paragraph that starts with a dash: an embed's attribution line, not the post's text.
DASH_LINE = lazy_regex(r"^\s*(?:\u2014|\u2013|--|-)\s*\S")


class Kit(Protocol):
    """What an embed reader is handed by the extract stage: the helpers that read a region's element tree and build
    records. Readers are rules with one signature, ``reader(kit, element) -> Citation | None`` (markdown-it-py's
    rules take their ``state`` the same way); the extract stage walks the tree and calls the first rule that
    matches each element."""

    def make(self, el: Element, platform: str, method: Method, **fields: Any) -> Citation:
        """A record of kind ``embed`` spanning ``el`` (``fields`` are :func:`embeds._extract._build.build`'s)."""
        ...

    def text_of(self, node: Element | Text, skip: Callable[[Element], bool] | None = None) -> str:
        """The text a reader sees of ``node`` (``<br>`` a line break, emoji images their ``alt``, scripts left out);
        elements for which ``skip`` is true are left out too."""
        ...

    def clean(self, s: str) -> str:
        """``s`` with HTML white space collapsed."""
        ...

    def links(self, nodes: list[Element]) -> list[Link]:
        """The links in ``nodes`` (hashtag, mention and cashtag links left out: they are entities)."""
        ...

    def date(self, date_text: str | None) -> str | None:
        """A date as shown (any language embeds write, a weekday allowed), as ISO 8601, or ``None``."""
        ...

    def ref(self, url: str) -> PostRef | None:
        """The post ``url`` names, on any registered platform (the registry's ``parse_permalink``)."""
        ...

    def first_ref(self, el: Element, platform: str, attrs: tuple[str, ...] = ("href",)) -> PostRef | None:
        """The first permalink of ``platform`` in ``el`` (its own attributes first), nested embeds left out."""
        ...

    def attribution(self, parts: list[Element | Text]) -> regex.Match[str] | None:
        """``— Name (@handle) rest`` read from the text of ``parts`` (groups ``name``, ``handle``, ``rest``)."""
        ...

    def trailing_attribution(self, text: str) -> tuple[regex.Match[str], str] | None:
        """The attribution ending a paragraph of embed code (``text — Name (@h) Date``: a CMS wrapped it all in one
        ``<p>``) and the text before it, when the paragraph holds both."""
        ...

    def unglue(self, name: str) -> tuple[str, str] | None:
        """``(text, name)`` when what reads as the author's name is a post's text glued to it by a dash (embed code
        whose post has no ``<p>``: ``text&#x2014; Name (@h)``), else ``None``."""
        ...

    def take(self, el: Element) -> None:
        """Mark ``el`` as read although it gave no record (links inside it are then not cited on their own)."""
        ...


#: An embed reader: the record for the post the element stands for, or ``None`` when it names none after all.
Reader = Callable[[Kit, "Element"], "Citation | None"]


class EmbedRule(NamedTuple):
    """Which elements a reader takes: one of ``tags`` (any tag when empty), one of ``classes`` when given, one of
    ``attributes`` set when given, and ``when`` true when given. The first rule that matches an element reads it;
    rules run by ``priority`` (embed blockquotes first), then in registry order."""

    name: str
    reader: Reader
    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    attributes: tuple[str, ...] = ()
    when: Callable[[Element], bool] | None = None
    #: Whether the rule reads elements inside an embed already read (a quoted post's blockquote inside another).
    nested: bool = False
    priority: int = 10

    @classmethod
    def blockquote(cls, name: str, reader: Reader, classes: frozenset[str]) -> EmbedRule:
        """The rule of a platform's embed blockquote (``<blockquote class=…>``, read first, quoted ones too)."""
        return cls(name, reader, frozenset(["blockquote"]), classes, nested=True, priority=0)

    def matches(self, el: Element) -> bool:
        if self.tags and el.tag not in self.tags:
            return False
        if self.classes and not ("class" in el.attrs and self.classes & el.classes):
            return False
        if self.attributes and not any(el.attrs.get(a) for a in self.attributes):
            return False
        return self.when is None or self.when(el)


class Frame(NamedTuple):
    """What an iframe shows: the post, what kind of frame it is (``"player iframe"``, ``"rendered embed"``, …) and
    notes on what its ``src`` and attributes say."""

    ref: PostRef
    what: str
    notes: tuple[str, ...] = ()
    #: The video's title, from the iframe's ``title`` (a player's), or ``None``.
    title: str | None = None


#: The note a player iframe's ``title`` is also kept as (records written before ``Citation.title`` carry only it).
VIDEO_TITLE_NOTE = "video title: "


def player_frame(kit: Kit, post: PostRef, attrs: Mapping[str, str]) -> Frame:
    """A video player's iframe showing ``post``: its ``title`` attribute (the video's title, as YouTube's, Vimeo's
    and Twitch's embed code write it) is the record's title, and kept as a note."""
    title = kit.clean(attrs["title"]) if attrs.get("title") else None
    notes = (f"{VIDEO_TITLE_NOTE}{title}",) if title is not None else ()
    return Frame(post, "player iframe", notes, title or None)


def plugin_urls(el: Element) -> list[str]:
    """The URLs a Flash-era plugin element plays (the ``<embed>``/``<object>`` code pages kept from before iframes):
    ``<embed src>``, ``<object data>`` and the ``value`` of an object's ``<param name="movie">`` (or ``"src"``)."""
    urls: list[str] = []
    if el.tag == "embed" and el.attrs.get("src"):
        urls.append(el.attrs["src"])
    elif el.tag == "object":
        if el.attrs.get("data"):
            urls.append(el.attrs["data"])
        for p in el.iter():
            if p.tag == "param" and p.attrs.get("name", "").lower() in ("movie", "src") and p.attrs.get("value"):
                urls.append(p.attrs["value"])
    return urls


# --- scraped text ----------------------------------------------------------------------------------------------


class Caption(NamedTuple):
    """What the scraped text of an embed says (a :class:`CaptionRule`'s answer); ``None`` where it says nothing."""

    text: str | None = None
    name: str | None = None
    handle: str | None = None
    #: A permalink the text carries (html2text's ``[…](url)``): the post's id when it is the same platform's.
    url: str | None = None
    date_text: str | None = None
    notes: tuple[str, ...] = ()


class CaptionRule(NamedTuple):
    """Text a platform's embed code leaves in a page after scraping (plain text or Markdown), such as Vimeo's
    ``Title from Name on Vimeo.``: ``pattern`` (multi-line) is run over documents holding ``marker``, and ``read``
    turns each match (and whether the document is Markdown) into a :class:`Caption`, or ``None``. The record spans
    the match."""

    name: str
    marker: str
    pattern: regex.Pattern[str]
    read: Callable[[regex.Match[str], bool], Caption | None]


# --- hydration: the public endpoint that describes a post --------------------------------------------------------


class Answer(NamedTuple):
    """What a platform's endpoint said of a post, as its reader understood it (pure). ``html`` is embed code the
    hydrate stage reads with the extractors (an oEmbed ``html`` is the embed code); the other fields are taken as
    given. A field the answer does not carry is ``None``: nothing is guessed."""

    status: PostStatus = "available"
    author_name: str | None = None
    handle: str | None = None
    published: str | None = None
    text: str | None = None
    title: str | None = None
    html: str | None = None
    error: str | None = None


class MalformedAnswer(ValueError):
    """An endpoint's answer is not in the shape its documentation gives (the post's status is then unknown)."""


def read_oembed(body: str) -> Answer:
    """An oEmbed 1.0 JSON answer (oembed.com §2.3.4: ``author_name``, ``author_url``, ``title``, ``html``; Vimeo adds
    ``upload_date``, TikTok ``author_unique_id``): the fields as given, the handle from ``author_unique_id`` or an
    ``author_url`` ending ``/@handle``."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise MalformedAnswer(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("html", ""), str):
        raise MalformedAnswer("not an oEmbed object")

    def text(key: str) -> str | None:
        value = data.get(key)
        return value.strip() or None if isinstance(value, str) else None

    handle = text("author_unique_id")
    author_url = text("author_url")
    if handle is None and author_url:
        last = author_url.rstrip("/").rsplit("/", 1)[-1]
        handle = last[1:] if last.startswith("@") and len(last) > 1 else None
    published = text("upload_date")
    if published:
        published = published.replace(" ", "T", 1)
    if not (text("html") or text("title") or text("author_name")):
        raise MalformedAnswer("an oEmbed object with no html, title or author")
    return Answer(
        author_name=text("author_name"), handle=handle, title=text("title"), html=text("html"), published=published
    )


def oembed(base: str, **params: str) -> Callable[[PostRef], str]:
    """The request URL of an oEmbed endpoint ``base`` for a post (its canonical URL as ``url``)."""
    extra = "".join(f"&{k}={quote(v, safe='')}" for k, v in params.items())
    return lambda ref: f"{base}?url={quote(ref.url, safe='')}{extra}"


_BREAK = lazy_regex(r"(?i)<br\s*/?>")
_PARAGRAPH = lazy_regex(r"(?i)</p>\s*<p[^>]*>")
_TAG = lazy_regex(r"<[^>]*>")


def html_text(fragment: str) -> str:
    """The text of a small HTML fragment an API returns (a Mastodon status's ``content``, a widget's message):
    ``<br>`` a line break, paragraphs a blank line, tags dropped, entities decoded."""
    s = _PARAGRAPH.sub("\n\n", _BREAK.sub("\n", fragment))
    return html.unescape(_TAG.sub("", s)).strip()


def read_json(body: str) -> dict[str, Any]:
    """A JSON object answer, or :class:`MalformedAnswer`."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise MalformedAnswer(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise MalformedAnswer("not a JSON object")
    return data


def string(data: Any, *path: str) -> str | None:
    """The non-empty string at ``path`` in nested objects, else ``None`` (an answer missing a field invents none)."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data.strip() or None if isinstance(data, str) else None


class Endpoint(NamedTuple):
    """The public endpoint a platform documents for reading one post (``PlatformSpec.hydrate``)."""

    #: Its name in records (``"publish.twitter.com/oembed"``).
    name: str
    #: The request URL for a post, or ``None`` when the post cannot be asked for (its id alone does not say).
    url: Callable[[PostRef], str | None]
    #: Reads a 200 answer's body (raises :class:`MalformedAnswer` or ``ValueError`` on a body it cannot read).
    read: Callable[[str], Answer] = read_oembed
    #: The status a ``410 Gone`` means on this endpoint (Mastodon's API: the account is suspended).
    gone: PostStatus = "deleted or private"
    #: The environment variable holding the token the endpoint needs (sent as ``Authorization: Bearer``), or
    #: ``None`` for a key-less endpoint.
    token_env: str | None = None


# --- the spec --------------------------------------------------------------------------------------------------


class PlatformSpec(NamedTuple):
    """Everything embeds knows of one platform. Only ``name``, ``display_name`` and ``post_type`` are required."""

    #: The identifier records carry (``"twitter"``, ``"bluesky"``, …).
    name: str
    #: The name citations print (``"Bluesky"``).
    display_name: str
    #: The word styles put in brackets after the title and CSL puts in ``genre`` (``"Post"``, ``"Video"``).
    post_type: str
    #: Hosts whose URLs are this platform's (lower case, without ``www.``); a URL on one of them that is not a post
    #: permalink is no post of any platform.
    hosts: frozenset[str] = frozenset()
    #: Host prefixes and domains that are this platform's too (``nitter.``; ``.linkedin.com``: the domain and every
    #: host under it).
    host_prefixes: tuple[str, ...] = ()
    host_suffixes: tuple[str, ...] = ()
    #: Hosts that do not serve posts but mark an embed in a page (widget scripts, embed frames): the HTML prefilter
    #: looks for them too.
    embed_hosts: frozenset[str] = frozenset()
    #: The permalink rule for a URL on one of ``hosts``: the post, or ``None``.
    parse: Callable[[UrlParts], PostRef | None] | None = None
    #: Permalinks on any host not claimed by another platform (Mastodon instances): tried last.
    any_host: bool = False
    #: Hosts with post-like paths that are not this ``any_host`` platform's (``medium.com/@user/123``).
    not_hosts: frozenset[str] = frozenset()
    #: URI schemes other than http(s) naming posts (``at``), with their rule.
    schemes: Mapping[str, Callable[[str], PostRef | None]] = MappingProxyType({})
    #: The creation time (ISO 8601 UTC) a post id encodes, or ``None``.
    id_time: Callable[[str], str | None] | None = None
    #: The platform's name for a post published ``when`` under a naming policy (platforms that were renamed).
    naming: Callable[[str | None, PlatformNaming], str] | None = None
    #: The post-type word when the platform is printed as ``name`` (for platforms whose word changed with the name).
    post_type_for: Callable[[str | None], str] | None = None
    #: The platform's own short-link hosts, resolved like any listed shortener.
    shorteners: frozenset[str] = frozenset()
    #: Strings that mark embed code in a page besides the hosts (``tweet`` of ``twitter-tweet`` and
    #: ``data-tweet-id``, Mastodon's ``/@`` path): the HTML prefilter looks for them too (lower case, two or more
    #: characters).
    cues: tuple[str, ...] = ()
    #: Whether a handle that a flattened attribution line gives with no permalink (``— Name (@handle) date``) is
    #: this platform's, by its shape (Mastodon: ``user@server``; Bluesky: a domain). Shapes must not overlap.
    attribution_handle: Callable[[str], bool] | None = None
    #: Whether such a handle that no platform's shape claims is this platform's (Twitter: the line is what its
    #: embed code leaves).
    attribution_default: bool = False
    #: For an id that encodes no time (``id_time`` gives ``None``), a date its post is known to be before, or
    #: ``None`` (Twitter's sequential ids: before snowflakes began, so the post was on "Twitter").
    id_before: Callable[[str], str | None] | None = None
    #: The canonical URL as printed under the platform's printed name (a Twitter post cited as an X post: its
    #: ``x.com`` form), or ``None`` to print it as it is.
    url_as_named: Callable[[str, str], str] | None = None
    #: Whether a media link of this platform (``pic.twitter.com``) that resolves to a post's own permalink names its
    #: post (``…/status/ID/photo/1``): a post cited without its URL learns its id from it.
    media_links_name_post: bool = False
    #: Whether a URL of this platform ends a redirect chain without fetching it (the URL says which post it is and
    #: the platform answers unknown clients badly).
    terminal: bool = False
    #: Classes of the elements holding its embed code (the HTML scanner reads such an element whole).
    embed_classes: frozenset[str] = frozenset()
    #: Classes of other elements (``div``) around or instead of the embed code, which the scanner reads whole too.
    container_classes: frozenset[str] = frozenset()
    #: The embed readers (see :class:`EmbedRule` for the order they are tried in).
    rules: tuple[EmbedRule, ...] = ()
    #: What an iframe of this platform shows, from its ``src`` and attributes, or ``None`` (tried before the plain
    #: permalink reading of the ``src``).
    frame: Callable[[Kit, str, Mapping[str, str]], Frame | None] | None = None
    #: Whether its iframes are video players (the note says "player iframe", else "embed iframe").
    player: bool = False
    #: What its embeds leave in scraped text (read by the extract stage in plain text and Markdown).
    captions: tuple[CaptionRule, ...] = ()
    #: The public endpoint that describes one of its posts (``--hydrate``), or ``None`` when it has none.
    hydrate: Endpoint | None = None

    def owns(self, host: str) -> bool:
        """Whether ``host`` (lower case, without ``www.``) is one of this platform's."""
        return (
            host in self.hosts
            or (bool(self.host_prefixes) and host.startswith(self.host_prefixes))
            or (bool(self.host_suffixes) and ("." + host).endswith(self.host_suffixes))
        )

    def name_for(self, when: str | None, policy: PlatformNaming = "at-publication") -> str:
        """The name to print for a post published ``when``."""
        return self.naming(when, policy) if self.naming else self.display_name

    def type_for(self, printed_name: str | None = None) -> str:
        """The post-type word when the platform is printed as ``printed_name``."""
        return self.post_type_for(printed_name) if self.post_type_for else self.post_type
