"""Permalinks: which post a URL points at, and its canonical form, for the eleven platforms.

Canonical host policy — one form per platform, whatever host or path variant the document used; the URL as written
stays in the record's ``source.raw``. Tracking parameters (``ref_src``, ``s``, ``t``, ``utm_*``, ``igsh``, …),
trailers (``/photo/1``, ``/embed``) and fragments are dropped:

========== ==========================================================================================================
twitter    ``https://twitter.com/{handle}/status/{id}`` (x.com, mobile., ``/statuses/``, ``#!/``, mirrors fxtwitter,
           vxtwitter, fixupx, fixvx, twittpr, nitter instances, xcancel); ``/i/web/status/{id}`` when no handle
bluesky    ``https://bsky.app/profile/{handle-or-did}/post/{rkey}`` (also from ``at://…/app.bsky.feed.post/…``)
mastodon   ``https://{host}/@{user}/{id}`` (also ``/@user@remote/{id}``, ``/users/{user}/statuses/{id}``, ``…/embed``)
threads    ``https://www.threads.com/@{user}/post/{code}`` (threads.net too); ``https://www.threads.com/t/{code}``
instagram  ``https://www.instagram.com/{p|reel|tv}/{code}/`` (instagr.am, a leading ``/{user}/`` dropped)
tiktok     ``https://www.tiktok.com/@{user}/video/{id}`` (``/photo/`` kept); player URLs give the id only
youtube    ``https://www.youtube.com/watch?v={id}`` (youtu.be, shorts, live, embed, nocookie, ``/v/``)
facebook   ``https://www.facebook.com/{page}/posts/{id}``, ``…/{page}/videos/{id}``, ``…/permalink.php?story_fbid=
           {id}&id={page}``, ``…/photo.php?fbid={id}``, ``…/watch/?v={id}``, ``…/reel/{id}``, ``…/questions/{id}``
reddit     ``https://www.reddit.com/r/{sub}/comments/{id}/`` (+ ``comment/{cid}/`` for a comment); redd.it
telegram   ``https://t.me/{channel}/{id}`` (telegram.me, ``/s/``); private ``https://t.me/c/{n}/{id}``
linkedin   ``https://www.linkedin.com/feed/update/urn:li:{type}:{id}/`` (``/posts/{user}_…-activity-{id}-…``)
========== ==========================================================================================================

Not posts (``None``): profile, hashtag, search and channel pages, share/intent/follow/sharer/submit endpoints, script
URLs such as ``platform.twitter.com/widgets.js``, YouTube playlists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

import regex

from .._types import Platform

TWITTER_HOSTS = frozenset(
    """twitter.com x.com mobile.twitter.com mobile.x.com m.twitter.com fxtwitter.com vxtwitter.com fixupx.com
    fixvx.com twittpr.com nitter.net nitter.poast.org nitter.privacydev.net nitter.cz xcancel.com
    d.fxtwitter.com""".split()
)
TWITTER_PATH = regex.compile(
    r"^/(?:(?P<handle>[A-Za-z0-9_]{1,20})/status(?:es)?|i/web/status|i/status)/(?P<id>\d{1,20})(?:/.*)?$"
)
RESERVED_TWITTER_PATHS = frozenset(
    ["explore", "home", "hashtag", "i", "intent", "messages", "notifications", "search", "settings", "share"]
)
BSKY_PATH = regex.compile(r"^/profile/(?P<actor>[^/]+)/post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})/?$")
AT_URI = regex.compile(r"^at://(?P<actor>[^/\s]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]{1,512})$")
MASTODON_PATH = regex.compile(
    r"^/(?:@(?P<user>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)(?:@(?P<remote>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?"
    r"|users/(?P<user2>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)/statuses)/(?P<id>\d{1,20})(?:/embed)?/?$"
)
# Hosts whose /@user/… paths are not Mastodon posts.
NOT_MASTODON = regex.compile(
    r"(?i)(?:^|\.)(?:medium\.com|youtube\.com|tiktok\.com|threads\.net|threads\.com|instagram\.com|twitter\.com"
    r"|x\.com|facebook\.com|linkedin\.com|reddit\.com|bsky\.app|substack\.com|github\.com|t\.me)$"
)
THREADS_PATH = regex.compile(r"^/(?:@(?P<user>[A-Za-z0-9._]{1,30})/post|t)/(?P<code>[A-Za-z0-9_-]{5,40})/?")
INSTAGRAM_PATH = regex.compile(r"^/(?:[A-Za-z0-9._]{1,30}/)?(?P<kind>p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]{5,40})/?")
TIKTOK_PATH = regex.compile(r"^/@(?P<user>[A-Za-z0-9._]{1,40})/(?P<kind>video|photo)/(?P<id>\d{6,20})/?")
TIKTOK_PLAYER = regex.compile(r"^/(?:embed/v2|embed|player/v1)/(?P<id>\d{6,20})/?")
YOUTUBE_ID = regex.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH = regex.compile(r"^/(?:shorts|live|embed|v|e)/(?P<id>[A-Za-z0-9_-]{11})(?:[/%?&].*)?$")
FACEBOOK_PATH = regex.compile(
    r"^/(?P<page>[A-Za-z0-9.\-]{1,80})/(?P<kind>posts|videos|photos)/(?:[^/]+/)?(?P<id>pfbid[A-Za-z0-9]{10,80}|\d{5,25})/?"
)
FACEBOOK_RESERVED = frozenset(["sharer", "sharer.php", "dialog", "plugins", "share", "groups", "events", "tr"])
REDDIT_PATH = regex.compile(
    r"^/r/(?P<sub>[A-Za-z0-9_]{2,21})/comments/(?P<id>[a-z0-9]{4,10})(?:/(?P<slug>[^/]*)(?:/(?:comment/)?(?P<cid>[a-z0-9]{4,10}))?)?/?"
)
TELEGRAM_PATH = regex.compile(r"^/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d{1,12})/?$")
TELEGRAM_PRIVATE = regex.compile(r"^/c/(?P<chat>\d{5,20})/(?P<id>\d{1,12})/?$")
TELEGRAM_RESERVED = frozenset(["joinchat", "share", "addstickers", "iv", "proxy", "socks", "setlanguage", "s", "c"])
LINKEDIN_URN = regex.compile(r"urn:li:(?P<type>share|ugcPost|activity):(?P<id>\d{10,25})")
LINKEDIN_POSTS = regex.compile(
    r"^/posts/(?P<user>[^/_]{1,100})_[^/]*?-(?P<type>activity|ugcPost|share)-(?P<id>\d{10,25})"
)

TRACKING = regex.compile(r"(?i)^(?:utm_.*|ref_src|ref_url|ref|ref_source|s|t|si|igsh|igshid|feature|fbclid|mibextid)$")


@dataclass(frozen=True, slots=True)
class PostRef:
    """What a permalink says about a post."""

    platform: Platform
    post_id: str
    handle: str | None
    url: str


def _split(url: str) -> tuple[str, str, str, str] | None:
    """``(scheme, host, path, query)`` of an absolute (or scheme-relative) URL, host lower-cased, ``None`` if not."""
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
    return parts.scheme.lower(), host, parts.path, parts.query


def _twitter(host: str, path: str, fragment_path: str | None) -> PostRef | None:
    if host not in TWITTER_HOSTS and not host.startswith("nitter."):
        return None
    if fragment_path is not None and path in ("", "/"):
        path = fragment_path  # https://twitter.com/#!/user/status/1
    m = TWITTER_PATH.match(path)
    if m is None:
        return None
    handle = m.group("handle")
    if handle and handle.lower() in RESERVED_TWITTER_PATHS:
        return None
    post_id = m.group("id").lstrip("0") or "0"
    url = f"https://twitter.com/{handle}/status/{post_id}" if handle else f"https://twitter.com/i/web/status/{post_id}"
    return PostRef("twitter", post_id, handle, url)


def bluesky_ref(actor: str, rkey: str) -> PostRef:
    """The Bluesky post ``rkey`` of ``actor`` (a handle or a DID)."""
    handle = None if actor.startswith("did:") else actor.lower()
    return PostRef("bluesky", rkey, handle, f"https://bsky.app/profile/{actor}/post/{rkey}")


def _youtube(host: str, path: str, query: str) -> PostRef | None:
    video: str | None = None
    if host == "youtu.be":
        video = path[1:12] if len(path) >= 12 else None
        if video and (not YOUTUBE_ID.match(video) or (len(path) > 12 and path[12] not in "/%?&")):
            video = None
    elif host in ("youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"):
        if path in ("/watch", "/watch/"):
            v = parse_qs(query).get("v", [""])[0]
            video = v if YOUTUBE_ID.match(v) else None
        else:
            m = YOUTUBE_PATH.match(path)
            video = m.group("id") if m else None
            if video == "videoseries":
                video = None
    if video is None:
        return None
    return PostRef("youtube", video, None, f"https://www.youtube.com/watch?v={video}")


def _facebook(host: str, path: str, query: str) -> PostRef | None:
    if host not in ("facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"):
        return None
    q = parse_qs(query)
    if path in ("/permalink.php", "/story.php"):
        story, page = q.get("story_fbid", [""])[0], q.get("id", [""])[0]
        if story and page:
            return PostRef(
                "facebook", story, None, f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}"
            )
        return None
    if path in ("/photo.php", "/photo", "/photo/"):
        fbid = q.get("fbid", [""])[0]
        return PostRef("facebook", fbid, None, f"https://www.facebook.com/photo.php?fbid={fbid}") if fbid else None
    if path in ("/watch", "/watch/"):
        v = q.get("v", [""])[0]
        return PostRef("facebook", v, None, f"https://www.facebook.com/watch/?v={v}") if v.isdigit() else None
    m = regex.match(r"^/(?P<kind>reel|questions)/(?P<id>\d{5,25})/?$", path)
    if m:  # questions: posts of Facebook Questions (2010-2012), still embedded by fb-post plugins on old pages
        return PostRef("facebook", m.group("id"), None, f"https://www.facebook.com/{m.group('kind')}/{m.group('id')}")
    m = FACEBOOK_PATH.match(path)
    if m is None or m.group("page").lower() in FACEBOOK_RESERVED:
        return None
    page, kind, post_id = m.group("page"), m.group("kind"), m.group("id")
    if kind == "photos":
        return PostRef("facebook", post_id, page, f"https://www.facebook.com/photo.php?fbid={post_id}")
    return PostRef("facebook", post_id, page, f"https://www.facebook.com/{page}/{kind}/{post_id}")


@lru_cache(maxsize=4096)  # pure; extractors ask about the same link several times (an embed's status link)
def parse_permalink(url: str) -> PostRef | None:
    """The post ``url`` points at, with its canonical URL; ``None`` when it is not a post permalink."""
    s = url.strip()
    if s.startswith("at://"):
        m = AT_URI.match(s)
        return bluesky_ref(m.group("actor"), m.group("rkey")) if m else None
    parts = _split(s)
    if parts is None:
        return None
    _, host, path, query = parts
    hash_at = s.find("#!")
    fragment_path = s[hash_at + 2 :].split("?")[0] if hash_at != -1 else None
    ref = _twitter(host, path, fragment_path)
    if ref is not None or host in TWITTER_HOSTS:
        return ref
    if host in ("bsky.app", "staging.bsky.app"):
        m = BSKY_PATH.match(path)
        return bluesky_ref(unquote(m.group("actor")), m.group("rkey")) if m else None
    if host in ("threads.net", "threads.com"):
        m = THREADS_PATH.match(path)
        if m is None:
            return None
        code, user = m.group("code"), m.group("user")
        canonical = f"https://www.threads.com/@{user}/post/{code}" if user else f"https://www.threads.com/t/{code}"
        return PostRef("threads", code, user, canonical)
    if host in ("instagram.com", "instagr.am"):
        m = INSTAGRAM_PATH.match(path)
        if m is None:
            return None
        kind = "reel" if m.group("kind") == "reels" else m.group("kind")
        code = m.group("code")
        return PostRef("instagram", code, None, f"https://www.instagram.com/{kind}/{code}/")
    if host in ("tiktok.com", "m.tiktok.com"):
        m = TIKTOK_PATH.match(path)
        if m:
            user, kind, vid = m.group("user"), m.group("kind"), m.group("id")
            return PostRef("tiktok", vid, user, f"https://www.tiktok.com/@{user}/{kind}/{vid}")
        return None
    ref = _youtube(host, path, query)
    if ref is not None:
        return ref
    ref = _facebook(host, path, query)
    if ref is not None:
        return ref
    if host in ("reddit.com", "old.reddit.com", "new.reddit.com", "np.reddit.com", "m.reddit.com", "embed.reddit.com"):
        m = REDDIT_PATH.match(path)
        if m is None:
            return None
        sub, pid, cid = m.group("sub"), m.group("id"), m.group("cid")
        if cid:
            return PostRef("reddit", cid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/comment/{cid}/")
        return PostRef("reddit", pid, None, f"https://www.reddit.com/r/{sub}/comments/{pid}/")
    if host == "redd.it":
        m = regex.match(r"^/(?P<id>[a-z0-9]{4,10})/?$", path)
        return PostRef("reddit", m.group("id"), None, f"https://redd.it/{m.group('id')}") if m else None
    if host in ("t.me", "telegram.me", "telegram.dog"):
        m = TELEGRAM_PRIVATE.match(path)
        if m:
            key = f"c/{m.group('chat')}/{m.group('id')}"
            return PostRef("telegram", key, None, f"https://t.me/{key}")
        m = TELEGRAM_PATH.match(path)
        if m is None or m.group("channel").lower() in TELEGRAM_RESERVED:
            return None
        channel = m.group("channel")
        key = f"{channel}/{m.group('id')}"
        return PostRef("telegram", key, channel, f"https://t.me/{key}")
    if host in ("linkedin.com", "m.linkedin.com") or host.endswith(".linkedin.com"):
        m = LINKEDIN_POSTS.match(path)
        if m:
            kind, pid = m.group("type"), m.group("id")
            return PostRef(
                "linkedin", pid, m.group("user"), f"https://www.linkedin.com/feed/update/urn:li:{kind}:{pid}/"
            )
        if path.startswith(("/feed/update/", "/embed/feed/update/")):
            m = LINKEDIN_URN.search(unquote(path))
            if m:
                kind, pid = m.group("type"), m.group("id")
                return PostRef("linkedin", pid, None, f"https://www.linkedin.com/feed/update/urn:li:{kind}:{pid}/")
        return None
    if not NOT_MASTODON.search(host) and "." in host:
        m = MASTODON_PATH.match(path)
        if m:
            user = m.group("user") or m.group("user2")
            remote = m.group("remote")
            acct = f"{user}@{remote}" if remote else f"{user}@{host}"
            shown = f"{user}@{remote}" if remote else user
            return PostRef("mastodon", m.group("id"), acct, f"https://{host}/@{shown}/{m.group('id')}")
    return None


def tiktok_player_id(url: str) -> str | None:
    """The video id of a TikTok player URL (``/embed/v2/{id}``, ``/player/v1/{id}``), else ``None``."""
    parts = _split(url)
    if parts is None or parts[1] not in ("tiktok.com", "m.tiktok.com"):
        return None
    m = TIKTOK_PLAYER.match(parts[2])
    return m.group("id") if m else None
