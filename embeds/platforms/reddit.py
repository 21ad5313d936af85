"""Reddit: ``https://www.reddit.com/r/{sub}/comments/{id}/`` (+ ``comment/{cid}/`` for a comment); redd.it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .._rx import lazy_regex
from .._types import Method
from ._spec import MISSING_DATE, MISSING_TEXT, EmbedRule, Endpoint, Kit, PlatformSpec, PostRef, UrlParts, oembed

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

PATH = lazy_regex(
    r"^/r/(?P<sub>[A-Za-z0-9_]{2,21})/comments/(?P<id>[a-z0-9]{4,10})(?:/(?P<slug>[^/]*)(?:/(?:comment/)?(?P<cid>[a-z0-9]{4,10}))?)?/?"
)
SHORT_PATH = lazy_regex(r"^/(?P<id>[a-z0-9]{4,10})/?$")


def parse(u: UrlParts) -> PostRef | None:
    if u.host == "redd.it":
        m = SHORT_PATH.match(u.path)
        return PostRef("reddit", m.group("id"), None, f"https://redd.it/{m.group('id')}") if m else None
    m = PATH.match(u.path)
    if m is None:
        return None
    sub, pid, cid = m.group("sub"), m.group("id"), m.group("cid")
    if cid:
        return PostRef("reddit", cid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/comment/{cid}/")
    return PostRef("reddit", pid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/")


# --- embed markup ----------------------------------------------------------------------------------------------

EMBED_CLASSES = frozenset(["reddit-embed-bq", "reddit-card"])


def read_embed(kit: Kit, bq: Element) -> Citation:
    """``blockquote.reddit-embed-bq``, ``blockquote.reddit-card`` or the older comment embed ``div.reddit-embed``.

    ``data-embed-created``/``data-card-created`` record when the embed code was made (pages show posts years old
    under a creation time of the day the author embedded them), so they are not the post's date. A comment embed
    (``Comment … from discussion``) names the comment and its thread but shows no comment text."""
    method: Method = "blockquote" if bq.tag == "blockquote" else "element"
    anchors = [a for a in bq.iter() if a.tag == "a"]
    post = next((r for a in anchors if (r := kit.ref(a.attrs.get("href", ""))) and r.platform == "reddit"), None)
    comment = post is not None and "/comment/" in post.url
    title = None if comment else next((kit.text_of(a) for a in anchors if kit.ref(a.attrs.get("href", ""))), None)
    handle = None
    for a in anchors:
        t = kit.text_of(a)
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
    return kit.make(bq, "reddit", method, text=title or None, handle=handle, ref=post, links=[], notes=tuple(notes))


#: The public oEmbed endpoint (oembed.com providers list): title, author and the embed code.
HYDRATE = Endpoint("reddit.com/oembed", oembed("https://www.reddit.com/oembed"))

SPEC = PlatformSpec(
    name="reddit",
    display_name="Reddit",
    post_type="Online forum post",
    hosts=frozenset(
        [
            "reddit.com",
            "old.reddit.com",
            "new.reddit.com",
            "np.reddit.com",
            "m.reddit.com",
            "embed.reddit.com",
            "redd.it",
        ]
    ),
    embed_hosts=frozenset(["embed.redditmedia.com"]),
    parse=parse,
    embed_classes=EMBED_CLASSES,
    container_classes=frozenset(["reddit-embed"]),
    rules=(
        EmbedRule.blockquote("reddit-blockquote", read_embed, EMBED_CLASSES),
        EmbedRule("reddit-comment-div", read_embed, frozenset(["div"]), frozenset(["reddit-embed"])),
    ),
    hydrate=HYDRATE,
)
