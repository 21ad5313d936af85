"""TikTok: ``https://www.tiktok.com/@{user}/video/{id}`` (``/photo/`` kept); player URLs (``/embed/v2/{id}``,
``/player/v1/{id}``) give the id only. Video ids encode their creation time: ``seconds = id >> 32``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._rx import lazy_regex
from ._spec import (
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
    split_url,
)

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

HOSTS = frozenset(["tiktok.com", "m.tiktok.com"])
PATH = lazy_regex(r"^/@(?P<user>[A-Za-z0-9._]{1,40})/(?P<kind>video|photo)/(?P<id>[0-9]{6,20})/?")
PLAYER = lazy_regex(r"^/(?:embed/v2|embed|player/v1)/(?P<id>[0-9]{6,20})/?")


def parse(u: UrlParts) -> PostRef | None:
    m = PATH.match(u.path)
    if m is None:
        return None
    user, kind, vid = m.group("user"), m.group("kind"), m.group("id")
    return PostRef("tiktok", vid, user, f"https://www.tiktok.com/@{user}/{kind}/{vid}")


def player_id(url: str) -> str | None:
    """The video id of a TikTok player URL (``/embed/v2/{id}``, ``/player/v1/{id}``), else ``None``."""
    u = split_url(url)
    if u is None or u.host not in HOSTS:
        return None
    m = PLAYER.match(u.path)
    return m.group("id") if m else None


def id_time(post_id: str) -> str | None:
    """The UTC time a video id encodes (whole seconds)."""
    n = number(post_id)
    if n is None or n >= 1 << 64:
        return None
    return iso_ms((n >> 32) * 1000)


# --- embed markup ----------------------------------------------------------------------------------------------

EMBED_CLASS = frozenset(["tiktok-embed"])
SOUND = "\u266c"  # ♬, before the sound's name


def read_blockquote(kit: Kit, bq: Element) -> Citation | None:
    """``blockquote.tiktok-embed``: a video embed; ``None`` for a creator (profile) or curated embed, which names no
    single video."""
    post = kit.ref(bq.attrs.get("cite", "")) or kit.first_ref(bq, "tiktok")
    vid = bq.attrs.get("data-video-id", "").strip()
    if post is None and vid.isdigit():
        post = PostRef("tiktok", vid, None, "")
    if post is None:
        return None
    handle = None
    for a in bq.iter():
        title = a.attrs.get("title", "")
        if a.tag == "a" and title.startswith("@"):
            handle = title[1:]
            break

    def frame_link(el: Element) -> bool:
        """The author (``@user``) and sound (``♬ …``) links around a caption: not part of it."""
        return el.tag == "a" and (el.attrs.get("title", "").startswith("@") or kit.text_of(el).startswith(SOUND))

    paragraphs = [p for p in bq.iter() if p.tag == "p"]
    text = "\n".join(t for t in (kit.text_of(p) for p in paragraphs) if t) or None
    if text is None:
        # older oEmbed html: the caption sits in the <section> itself, between the author and the sound links
        section = next((e for e in bq.iter() if e.tag == "section"), None)
        if section is not None:
            text = kit.text_of(section, frame_link) or None
            paragraphs = [section]
    notes = [MISSING_DATE]
    music = next((kit.text_of(a) for a in bq.iter() if a.tag == "a" and kit.text_of(a).startswith(SOUND)), None)
    if music:
        notes.append(f"sound: {music.lstrip(SOUND).strip()}")
    if text is None:
        notes.insert(0, MISSING_TEXT)
    return kit.make(
        bq,
        "tiktok",
        "blockquote",
        text=text,
        handle=handle or post.handle,
        ref=post,
        links=[lk for lk in kit.links(paragraphs) if not (lk.display or "").startswith(SOUND)],
        notes=tuple(notes),
    )


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """A player iframe (``/embed/v2/{id}``, ``/player/v1/{id}``): the id, not the author."""
    vid = player_id(src)
    if vid is None:
        return None
    return Frame(PostRef("tiktok", vid, None, ""), "player iframe", ("the player URL does not name the author",))


#: The public oEmbed endpoint (oembed.com providers list): title, author and the embed code.
HYDRATE = Endpoint("tiktok.com/oembed", oembed("https://www.tiktok.com/oembed"))

SPEC = PlatformSpec(
    name="tiktok",
    display_name="TikTok",
    post_type="Video",
    hosts=HOSTS,
    parse=parse,
    id_time=id_time,
    embed_classes=EMBED_CLASS,
    rules=(EmbedRule.blockquote("tiktok-blockquote", read_blockquote, EMBED_CLASS),),
    frame=frame,
    player=True,
    hydrate=HYDRATE,
)
