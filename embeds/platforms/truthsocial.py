"""Truth Social: ``https://truthsocial.com/@{user}/posts/{id}``. It runs Mastodon software on its own host, so its posts
are its own platform's, never a Mastodon instance's (the host is claimed here, and the registry keeps claimed hosts from
the any-host Mastodon rule).

Permalinks (yt-dlp ``yt_dlp/extractor/truth.py``, ``TruthIE._VALID_URL``
``truthsocial\\.com/@[^/?#]+(?:/posts)?/(\\d+)`` and ``_TESTS``:
``truthsocial.com/@realDonaldTrump/posts/108779000807761862``, the share URL
``truthsocial.com/@realDonaldTrump/108779000807761862``): ``/@{user}/posts/{id}``, ``/@{user}/{id}``, the embed URL
``/@{user}/{id}/embed`` and Mastodon's ActivityPub form ``/users/{user}/statuses/{id}``. The page address
``/@{user}/posts/{id}`` is the canonical form.

Ids are Mastodon snowflakes (``ms = id >> 16``, :func:`embeds.platforms.mastodon.id_time`): yt-dlp's two test posts
decode to 2022-08-07T01:30:27.755Z and 2022-07-09T16:03:57.694Z, the ``timestamp`` values its tests record (1659835827
and 1657382637).

Embed code: Mastodon's legacy iframe with Truth Social's class, ``<iframe
src="https://truthsocial.com/@{user}/{id}/embed" class="truthsocial-embed" style="max-width: 100%; border: 0"
width="600" allowfullscreen="allowfullscreen"></iframe> <script src="https://truthsocial.com/embed.js"
async="async"></script>`` (as public repositories build it from a post URL, e.g. WordPress oEmbed handlers). The iframe
carries no text, author name or date, and so leaves nothing in scraped text: there is no text attribution to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._rx import lazy_regex
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Kit, PlatformSpec, PostRef, UrlParts, split_url
from .mastodon import id_time, read_status

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

HOSTS = frozenset(["truthsocial.com"])
USER = r"[A-Za-z0-9_]{1,30}"
PATH = lazy_regex(
    rf"^/(?:@(?P<user>{USER})(?:/posts)?|users/(?P<user2>{USER})/statuses)/(?P<id>[0-9]{{1,20}})(?:/embed)?/?$"
)


def post_url(user: str, post_id: str) -> str:
    return f"https://truthsocial.com/@{user}/posts/{post_id}"


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    user = m.group("user") or m.group("user2")
    return PostRef("truthsocial", m.group("id"), user, post_url(user, m.group("id")))


# --- embed markup ----------------------------------------------------------------------------------------------

EMBED_CLASSES = frozenset(["truthsocial-embed", "mastodon-embed"])


def _is_truth_frame(el: Element) -> bool:
    u = split_url(el.attrs.get("src") or el.attrs.get("data-src") or "")
    return u is not None and u.host in HOSTS


def read_iframe(kit: Kit, el: Element) -> Citation | None:
    """``iframe.truthsocial-embed`` (or Mastodon's ``mastodon-embed`` class on a Truth Social ``src``): the post and
    its author's user name, nothing it shows."""
    post = kit.ref(el.attrs.get("src") or el.attrs.get("data-src") or "")
    if post is None or post.platform != "truthsocial":
        return None
    notes = (f"embed iframe: {MISSING_TEXT}", MISSING_DATE)
    return kit.make(el, "truthsocial", "iframe", ref=post, links=[], notes=notes)


def status_url(post: PostRef) -> str | None:
    """``GET /api/v1/statuses/:id`` on truthsocial.com (Truth Social runs Mastodon's API)."""
    return f"https://truthsocial.com/api/v1/statuses/{post.post_id}" if post.post_id.isdigit() else None


#: Truth Social serves Mastodon's status API: the same entity, read the same way.
HYDRATE = Endpoint("truthsocial.com/api/v1/statuses", status_url, read_status, gone="account suspended")


SPEC = PlatformSpec(
    name="truthsocial",
    display_name="Truth Social",
    post_type="Post",
    hosts=HOSTS,
    parse=parse,
    id_time=id_time,
    rules=(
        # before Mastodon's iframe rule (priority 10), which would read a Truth Social src as no Mastodon post
        EmbedRule(
            "truthsocial-iframe", read_iframe, frozenset(["iframe"]), EMBED_CLASSES, when=_is_truth_frame, priority=5
        ),
    ),
    hydrate=HYDRATE,
)
