"""Creation times that post ids encode (ISO 8601 UTC with milliseconds and ``Z``).

- Twitter/X snowflake: ``ms = (id >> 22) + 1288834974657``, for ids above 29700859247 (older ones were
  sequential).
- Mastodon: ``ms = id >> 16``, for ids of at least 2**32 (older instances numbered posts 1, 2, 3, ...).
- Bluesky TID record key: 13 characters of base32-sortable (``234567a-z``); ``value >> 10`` is microseconds.
- TikTok: ``seconds = id >> 32``. LinkedIn activity/share/ugcPost: ``ms = id >> 22``.

Other platforms' ids encode no time. The spec calls a TID's time untrusted (clients assign it): it is a hint.
"""

from __future__ import annotations

from datetime import UTC, datetime

import regex

TWITTER_EPOCH_MS = 1288834974657
# Ids up to this one were assigned sequentially before snowflakes (twitwi's PRE_SNOWFLAKE_LAST_TWEET_ID).
TWITTER_PRE_SNOWFLAKE_LAST = 29700859247
# Mastodon ids below 2**32 are sequential (instances from before 2.0): ms = id >> 16 would put them in 1970.
MASTODON_MIN_SNOWFLAKE = 1 << 32
# Decoded times outside these bounds mean the id was not of the kind assumed.
EARLIEST_MS = 1_104_537_600_000  # 2005-01-01
LATEST_MS = 4_102_444_800_000  # 2100-01-01
TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
BASE32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"
DIGITS = regex.compile(r"^[0-9]{1,20}$")


def _iso_ms(ms: int) -> str | None:
    if not EARLIEST_MS <= ms < LATEST_MS:
        return None
    dt = datetime.fromtimestamp(ms // 1000, tz=UTC)  # a year of four digits, whole seconds: isoformat is strftime's
    return dt.replace(tzinfo=None).isoformat() + f".{ms % 1000:03d}Z"


def _number(post_id: str) -> int | None:
    return int(post_id) if DIGITS.match(post_id) else None


def twitter_time(post_id: str) -> str | None:
    """The UTC time a Twitter/X snowflake id encodes, or ``None`` for pre-snowflake (sequential) ids."""
    n = _number(post_id)
    if n is None or n <= TWITTER_PRE_SNOWFLAKE_LAST or n >= 1 << 63:
        return None
    return _iso_ms((n >> 22) + TWITTER_EPOCH_MS)


def mastodon_time(post_id: str) -> str | None:
    """The UTC time a Mastodon status id encodes, or ``None`` for a small (sequential) id."""
    n = _number(post_id)
    if n is None or n < MASTODON_MIN_SNOWFLAKE or n >= 1 << 63:
        return None
    return _iso_ms(n >> 16)


def tid_time(rkey: str) -> str | None:
    """The UTC time a Bluesky TID record key encodes (µs truncated to ms), or ``None`` if it is not a TID."""
    if not TID.match(rkey):
        return None
    value = 0
    for c in rkey:
        value = value * 32 + BASE32_SORTABLE.index(c)
    return _iso_ms((value >> 10) // 1000)


def tiktok_time(post_id: str) -> str | None:
    """The UTC time a TikTok video id encodes (whole seconds)."""
    n = _number(post_id)
    if n is None or n >= 1 << 64:
        return None
    return _iso_ms((n >> 32) * 1000)


def linkedin_time(post_id: str) -> str | None:
    """The UTC time a LinkedIn activity, share or ugcPost id encodes."""
    n = _number(post_id)
    if n is None or n >= 1 << 64:
        return None
    return _iso_ms(n >> 22)


def id_time(platform: str, post_id: str | None) -> str | None:
    """The creation time ``post_id`` encodes on ``platform``, or ``None`` when it encodes none."""
    if not post_id:
        return None
    if platform == "twitter":
        return twitter_time(post_id)
    if platform == "mastodon":
        return mastodon_time(post_id)
    if platform == "bluesky":
        return tid_time(post_id)
    if platform == "tiktok":
        return tiktok_time(post_id)
    if platform == "linkedin":
        return linkedin_time(post_id)
    return None
