"""Creation times that post ids encode."""

from __future__ import annotations

from datetime import UTC, datetime

TWITTER_EPOCH_MS = 1288834974657
# Ids up to this one were assigned sequentially before snowflakes (twitwi's PRE_SNOWFLAKE_LAST_TWEET_ID).
TWITTER_PRE_SNOWFLAKE_LAST = 29700859247


def _iso_ms(ms: int) -> str:
    dt = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def twitter_time(post_id: str) -> str | None:
    """The UTC time a Twitter/X snowflake id encodes, or ``None`` for pre-snowflake (sequential) ids."""
    if not post_id.isdigit():
        return None
    n = int(post_id)
    if n <= TWITTER_PRE_SNOWFLAKE_LAST or n >= 1 << 63:
        return None
    return _iso_ms((n >> 22) + TWITTER_EPOCH_MS)


def id_time(platform: str, post_id: str | None) -> str | None:
    """The creation time ``post_id`` encodes on ``platform``, or ``None`` when it encodes none."""
    if post_id is None:
        return None
    if platform == "twitter":
        return twitter_time(post_id)
    return None
