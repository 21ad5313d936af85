"""YouTube: ``https://www.youtube.com/watch?v={id}`` (youtu.be, shorts, live, embed, nocookie, ``/v/``); playlists are
not posts.

Embeds: the player iframe (``/embed/{id}``, its ``title`` kept as a note), ``<amp-youtube>``/``<lite-youtube>``, and the
Flash embed code still on pages from before 2012, which played ``https://www.youtube.com/v/{id}&hl=en&fs=1``: ``<object
width="425" height="344"><param name="movie" value="…/v/{id}…"></param>…<embed src="…/v/{id}…"
type="application/x-shockwave-flash" …></embed></object>``, or with the URL in ``<object data=…>`` (yt-dlp
``yt_dlp/extractor/youtube/_video.py``, ``_EMBED_REGEX``: ``<embed[^>]+?src=`` and ``<object[^>]+data=`` before
``youtube.com/(?:embed|v|p)/{id}``). The object's ``<param name="movie">`` is read too: the HTML scanner reads a Flash
``<object>`` whole, so an object holding only that is found, and one holding both is one embed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from .._rx import lazy_regex
from ._spec import (
    MISSING_TEXT,
    EmbedRule,
    Endpoint,
    Frame,
    Kit,
    PlatformSpec,
    PostRef,
    UrlParts,
    oembed,
    player_frame,
    plugin_urls,
    split_url,
)

if TYPE_CHECKING:
    from .._models import Citation
    from .._parse import Element

ID = lazy_regex(r"^[A-Za-z0-9_-]{11}$")
PATH = lazy_regex(r"^/(?:shorts|live|embed|v|e)/(?P<id>[A-Za-z0-9_-]{11})(?:[/%?&].*)?$")
SITE_HOSTS = frozenset(["youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"])


def watch_url(video: str) -> str:
    return f"https://www.youtube.com/watch?v={video}"


def parse(u: UrlParts) -> PostRef | None:
    host, path = u.host, u.path
    video: str | None = None
    if host == "youtu.be":
        video = path[1:12] if len(path) >= 12 else None
        if video and (not ID.match(video) or (len(path) > 12 and path[12] not in "/%?&")):
            video = None
    elif path in ("/watch", "/watch/"):
        v = parse_qs(u.query).get("v", [""])[0]
        video = v if ID.match(v) else None
    else:
        m = PATH.match(path)
        video = m.group("id") if m else None
        if video == "videoseries":
            video = None
    if video is None:
        return None
    return PostRef("youtube", video, None, watch_url(video))


# --- embed markup ----------------------------------------------------------------------------------------------

HOSTS = SITE_HOSTS | {"youtu.be"}


def frame(kit: Kit, src: str, attrs: Mapping[str, str]) -> Frame | None:
    """A player iframe; its ``title`` (the video's title, as YouTube's embed code writes it) kept as a note."""
    u = split_url(src)
    if u is None or u.host not in HOSTS or (post := parse(u)) is None:
        return None
    return player_frame(kit, post, attrs)


def read_player(kit: Kit, el: Element) -> Citation | None:
    """``<amp-youtube data-videoid=…>`` and ``<lite-youtube videoid=…>``: the video, nothing it shows."""
    vid = el.attrs.get("data-videoid") or el.attrs.get("videoid") or ""
    post = kit.ref(watch_url(vid.strip()))
    if post is None:
        return None
    return kit.make(el, post.platform, "element", ref=post, links=[], notes=(f"video player: {MISSING_TEXT}",))


def _flash_ref(kit: Kit, el: Element) -> PostRef | None:
    return next((r for url in plugin_urls(el) if (r := kit.ref(url)) is not None and r.platform == "youtube"), None)


def _is_flash(el: Element) -> bool:
    return any(split_url(url) is not None and "youtube" in url.lower() for url in plugin_urls(el))


def read_flash(kit: Kit, el: Element) -> Citation | None:
    """The Flash embed code of old pages: ``<embed src=…/v/{id}>``, ``<object data=…>`` or an object's
    ``<param name="movie" value=…>``. The video, nothing it shows."""
    post = _flash_ref(kit, el)
    if post is None:
        return None
    return kit.make(el, "youtube", "element", ref=post, links=[], notes=(f"legacy Flash player: {MISSING_TEXT}",))


#: The public oEmbed endpoint (oembed.com providers list): title, author and the embed code.
HYDRATE = Endpoint("youtube.com/oembed", oembed("https://www.youtube.com/oembed", format="json"))

SPEC = PlatformSpec(
    name="youtube",
    display_name="YouTube",
    post_type="Video",
    hosts=HOSTS,
    parse=parse,
    rules=(
        EmbedRule("youtube-player", read_player, frozenset(["amp-youtube", "lite-youtube"])),
        EmbedRule("youtube-flash", read_flash, frozenset(["embed", "object"]), when=_is_flash),
    ),
    frame=frame,
    player=True,
    hydrate=HYDRATE,
)
