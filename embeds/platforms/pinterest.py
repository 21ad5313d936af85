"""Pinterest: ``https://www.pinterest.com/pin/{id}/``, on pinterest.com, its country hosts and their subdomains.

Permalinks (yt-dlp ``yt_dlp/extractor/pinterest.py``: ``PinterestBaseIE._VALID_URL_BASE`` lists the hosts,
``pinterest.(com|fr|de|ch|jp|cl|ca|it|co.uk|nz|ru|com.au|at|pt|co.kr|es|com.mx|dk|ph|th|com.uy|co|nl|info|kr|ie|vn|
com.vn|ec|mx|in|pe|co.at|hu|co.in|co.nz|id|com.ec|com.py|tw|be|uk|com.bo|com.pe)`` with any subdomain; ``PinterestIE``:
``/pin/{id}`` and ``/pin/{slug}--{id}``, tests ``www.pinterest.com/pin/664281013778109217/``,
``co.pinterest.com/pin/824721750502199491/``, ``pinterest.com/pin/dive-into-serenity-…--2885187256207927``;
iamcal/oembed ``providers/pinterest.yml``: scheme ``https://www.pinterest.com/*``, example pin 99360735500167749).
Boards (``/{user}/{board}/``) and profiles are not pins. Pin ids encode no time (yt-dlp's test pins: ids and dates do
not rise together).

``pin.it`` is Pinterest's short-link host (``https://pin.it/{code}`` links stand for pins, boards and profiles in public
pages and repositories): resolved like any shortener, never read as a pin offline.

Embed code (the Pinterest widget, as public repositories write it; the builder is at developers.pinterest.com): ``<a
data-pin-do="embedPin" [data-pin-width="medium"] href="https://www.pinterest.com/pin/{id}/"></a>`` with ``<script async
defer src="//assets.pinterest.com/js/pinit.js"></script>``, which the script replaces by the Pin; and the iframe form
``https://assets.pinterest.com/ext/embed.html?id={id}``. ``embedBoard`` and ``embedUser`` widgets name no pin. The
anchor is empty until the script runs, so the markup shows no text, author or date, and scraped pages keep no
attribution: there is none to read in text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from .._rx import lazy_regex
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Frame, Kit, PlatformSpec, PostRef, UrlParts, split_url

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

#: Country hosts with a one-label top-level domain (listed as hosts: the HTML prefilter looks for them).
COUNTRIES = "com fr de ch jp cl ca it nz ru at pt es dk ph th co nl info kr ie vn ec mx in pe hu id tw be uk".split()
#: Country hosts under a two-label suffix (``pinterest.co.uk``): claimed with their subdomains. The prefilter finds
#: them by ``pinterest.co`` and ``pinterest.com``, which they start with.
REGIONAL = "co.uk com.au co.kr com.mx com.uy com.vn co.at co.in co.nz com.ec com.py com.bo com.pe".split()
HOSTS = frozenset(f"pinterest.{tld}" for tld in COUNTRIES)
PIN_PATH = lazy_regex(r"^/pin/(?:[\w-]+--)?(?P<id>[0-9]{1,20})(?:/.*)?$")
ID = lazy_regex(r"^[0-9]{1,20}$")


def pin_url(pin: str) -> str:
    return f"https://www.pinterest.com/pin/{pin}/"


def parse(u: UrlParts) -> PostRef | None:
    m = PIN_PATH.match(u.path)
    return PostRef("pinterest", m.group("id"), None, pin_url(m.group("id"))) if m else None


# --- embed markup ----------------------------------------------------------------------------------------------

NOTES = (f"Pinterest widget: {MISSING_TEXT}", MISSING_DATE)


def read_widget(kit: Kit, el: Element) -> Citation | None:
    """``<a data-pin-do="embedPin" href=PIN>``: the pin, nothing it shows."""
    post = kit.ref(el.attrs.get("href", ""))
    if post is None or post.platform != "pinterest":
        return None
    return kit.make(el, "pinterest", "element", ref=post, links=[], notes=NOTES)


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """The widget's iframe, ``assets.pinterest.com/ext/embed.html?id={id}``."""
    u = split_url(src)
    if u is None or u.host != "assets.pinterest.com" or u.path != "/ext/embed.html":
        return None
    pin = parse_qs(u.query).get("id", [""])[0]
    return Frame(PostRef("pinterest", pin, None, pin_url(pin)), "embed iframe") if ID.match(pin) else None


SPEC = PlatformSpec(
    name="pinterest",
    display_name="Pinterest",
    # Pinterest's own word for a post; APA leaves the bracketed description to the writer ("[Photo]", "[Video]", …)
    post_type="Pin",
    hosts=HOSTS,
    host_suffixes=tuple(f".pinterest.{s}" for s in ("com", *REGIONAL)),
    embed_hosts=frozenset(["assets.pinterest.com"]),
    parse=parse,
    shorteners=frozenset(["pin.it"]),
    rules=(
        EmbedRule(
            "pinterest-widget",
            read_widget,
            frozenset(["a"]),
            attributes=("href",),
            when=lambda el: el.attrs.get("data-pin-do", "").strip().lower() == "embedpin",
        ),
    ),
    frame=frame,
)
