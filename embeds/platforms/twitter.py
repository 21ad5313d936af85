"""Twitter/X: permalinks (twitter.com, x.com and their mirrors), snowflake id times, the 2023 rename.

Canonical form ``https://twitter.com/{handle}/status/{id}`` (x.com, mobile., ``/statuses/``, ``#!/``, mirrors
fxtwitter, vxtwitter, fixupx, fixvx, twittpr, nitter instances, xcancel); ``/i/web/status/{id}`` when no handle. A
numeric first segment (``twitter.com/69297945/status/…``) is the account's user id, not a handle.
"""

from __future__ import annotations

import regex

from .._types import PlatformNaming
from ._spec import PlatformSpec, PostRef, UrlParts, iso_ms, number

HOSTS = frozenset(
    """twitter.com x.com mobile.twitter.com mobile.x.com m.twitter.com fxtwitter.com vxtwitter.com fixupx.com
    fixvx.com twittpr.com nitter.net nitter.poast.org nitter.privacydev.net nitter.cz xcancel.com
    d.fxtwitter.com""".split()
)
PATH = regex.compile(
    r"^/(?:(?P<handle>[A-Za-z0-9_]{1,20})/status(?:es)?|i/web/status|i/status)/(?P<id>\d{1,20})(?:/.*)?$"
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
    post_id = m.group("id").lstrip("0") or "0"
    return PostRef("twitter", post_id, handle, status_url(post_id, handle))


def id_time(post_id: str) -> str | None:
    """The UTC time a snowflake id encodes, or ``None`` for pre-snowflake (sequential) ids."""
    n = number(post_id)
    if n is None or n <= PRE_SNOWFLAKE_LAST or n >= 1 << 63:
        return None
    return iso_ms((n >> 22) + EPOCH_MS)


def naming(when: str | None, policy: PlatformNaming) -> str:
    """``"Twitter"`` for posts before :data:`X_RENAME_DATE`, ``"X"`` on or after it, and ``"X"`` under the
    ``"current"`` policy or when the date is unknown (the name at publication cannot then be told)."""
    if policy == "current" or not when:
        return "X"
    return "Twitter" if when[:10] < X_RENAME_DATE else "X"


def post_type_for(printed: str | None) -> str:
    """``"Tweet"`` on Twitter, ``"Post"`` on X."""
    return "Tweet" if (printed or "Twitter") == "Twitter" else "Post"


SPEC = PlatformSpec(
    name="twitter",
    display_name="Twitter",
    post_type="Tweet",
    hosts=HOSTS,
    host_prefixes=("nitter.",),
    embed_hosts=frozenset(["platform.twitter.com", "publish.twitter.com"]),
    parse=parse,
    id_time=id_time,
    naming=naming,
    post_type_for=post_type_for,
    shorteners=frozenset(["t.co"]),
    terminal=True,
    embed_classes=frozenset(["twitter-tweet", "twitter-video"]),
    container_classes=frozenset(["twitter-tweet-rendered"]),
)
