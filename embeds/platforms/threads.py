"""Threads: ``https://www.threads.com/@{user}/post/{code}`` (threads.net too); ``https://www.threads.com/t/{code}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._rx import lazy_regex
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Kit, PlatformSpec, PostRef, UrlParts, oembed

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

PATH = lazy_regex(r"^/(?:@(?P<user>[A-Za-z0-9._]{1,30})/post|t)/(?P<code>[A-Za-z0-9_-]{5,40})/?")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    code, user = m.group("code"), m.group("user")
    canonical = f"https://www.threads.com/@{user}/post/{code}" if user else f"https://www.threads.com/t/{code}"
    return PostRef("threads", code, user, canonical)


EMBED_CLASSES = frozenset(["text-post-media", "text-post-embed"])


def read_blockquote(kit: Kit, bq: Element) -> Citation:
    """``blockquote.text-post-media``: the permalink only (the fallback markup shows no text, author or date)."""
    post = kit.ref(bq.attrs.get("data-text-post-permalink", "")) or kit.first_ref(bq, "threads")
    return kit.make(
        bq,
        "threads",
        "blockquote",
        ref=post,
        links=[],
        notes=(MISSING_TEXT, "the Threads embed markup carries no author name", MISSING_DATE),
    )


#: Meta's oEmbed read needs an app token (developers.facebook.com, "oEmbed Read"): taken from the environment,
#: sent as ``Authorization: Bearer``; without one the post is "not hydrated: needs a token".
HYDRATE = Endpoint(
    "graph.threads.net/v1.0/oembed",
    oembed("https://graph.threads.net/v1.0/oembed"),
    token_env="EMBEDS_THREADS_TOKEN",
)

SPEC = PlatformSpec(
    name="threads",
    display_name="Threads",
    post_type="Post",
    hosts=frozenset(["threads.net", "threads.com"]),
    parse=parse,
    embed_classes=EMBED_CLASSES,
    rules=(EmbedRule.blockquote("threads-blockquote", read_blockquote, EMBED_CLASSES),),
    hydrate=HYDRATE,
)
