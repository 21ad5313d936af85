"""Redirect reasoning, pure: which URLs need resolving, cache keys, and the next hop given a response.

The resolver (:mod:`._resolver`) only sends requests and applies these functions.
"""

from __future__ import annotations

import html
import ipaddress
from urllib.parse import urljoin, urlsplit, urlunsplit

import regex

from .._extract._permalinks import parse_permalink

# Link shorteners and redirectors whose links are worth following. Sources: the hosts Twitter/X, Meta, LinkedIn and
# news publishers use for their own short links (t.co, fb.me, lnkd.in, nyti.ms, …) and the general-purpose
# shorteners listed by the ural library's `ural.is_shortened_url` (medialab/ural, `ural/shorteners.py`), abridged to
# those seen in news articles.
SHORTENER_HOSTS = frozenset(
    """
    t.co bit.ly bitly.com buff.ly ow.ly tinyurl.com goo.gl is.gd v.gd tiny.cc rebrand.ly dlvr.it ift.tt
    fb.me lnkd.in trib.al wp.me amzn.to amzn.eu nyti.ms bbc.in cnn.it reut.rs econ.st wapo.st apne.ws
    n.pr politi.co gu.com hill.cm abcn.ws cbsn.ws nbcnews.to on.wsj.com on.ft.com bloom.bg lat.ms
    youtu.be spoti.fi shorturl.at cutt.ly t.ly s.id soo.gd bl.ink short.io qr.ae
    """.split()
)
MEDIA_HOSTS = regex.compile(r"(?i)^(?:https?://)?pic\.(?:twitter|x)\.com/(?P<slug>[A-Za-z0-9]+)/?$")

META_REFRESH = regex.compile(
    r"""(?is)<meta[^>]{0,300}?http-equiv\s*=\s*["']?refresh["']?[^>]{0,300}?content\s*=\s*(?P<q>["'])?"""
    r"""\s*\d*\s*;?\s*(?:url\s*=\s*)?(?:&quot;|&\#39;|['"])?(?P<url>[^"'>\s]+?)(?:&quot;|&\#39;|['"])?\s*(?P=q)?\s*/?>"""
)
META_REFRESH_REVERSED = regex.compile(
    r"""(?is)<meta[^>]{0,300}?content\s*=\s*["']\s*\d*\s*;?\s*url\s*=\s*(?:&quot;|&\#39;|')?(?P<url>[^"'>\s]+?)"""
    r"""(?:&quot;|&\#39;|')?\s*["'][^>]{0,300}?http-equiv\s*=\s*["']?refresh"""
)
JS_REDIRECT = regex.compile(
    r"""(?:location\.replace|location\.assign)\(\s*["'](?P<url>[^"']{1,2000})["']\s*\)"""
    r"""|(?:window\.|document\.)?location(?:\.href)?\s*=\s*["'](?P<url2>[^"']{1,2000})["']"""
)
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))


def shortcut(url: str) -> str:
    """Rewrite a URL whose target is known without a request: ``pic.twitter.com/X`` is ``https://t.co/X``."""
    m = MEDIA_HOSTS.match(url.strip())
    if m:
        return f"https://t.co/{m.group('slug')}"
    return url.strip()


def is_terminal(url: str) -> bool:
    """Whether a chain ends at ``url`` without fetching it: X/Twitter post URLs are recognised by pattern (X blocks
    unknown clients, and the URL already says which post it is)."""
    ref = parse_permalink(url)
    return ref is not None and ref.platform == "twitter"


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def needs_resolving(url: str) -> bool:
    """Whether ``url`` is a short link (or a ``pic.twitter.com`` display form) worth following."""
    host = host_of(shortcut(url))
    return host in SHORTENER_HOSTS and host != "youtu.be"


def cache_key(url: str) -> str:
    """The canonical form of a URL for caching: scheme and host lower-cased, default port and fragment dropped;
    ``http://t.co/X`` and ``https://t.co/X`` share a key."""
    url = shortcut(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def blocked_reason(url: str, *, allow_private: bool = False) -> str | None:
    """Why the policy refuses to fetch ``url`` (scheme, private or special address), or ``None`` if allowed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "malformed URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} is not http(s)"
    host = (parts.hostname or "").lower()
    if not host:
        return "no host"
    if allow_private:
        return None
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return f"host {host} is local"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    return address_blocked_reason(ip)


def address_blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be contacted, or ``None``."""
    if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return f"address {ip} is not public"
    return None


def redirect_target(url: str, status: int, headers: dict[str, str], body: str) -> str | None:
    """The next hop from a response: ``Location`` on a redirect status (relative and scheme-relative resolved), a meta
    refresh in any spelling, or a ``location.replace("…")`` script in an HTML body; ``None`` when the chain ends."""
    if status in REDIRECT_STATUSES:
        location = headers.get("location")
        if location:
            return urljoin(url, location.strip())
        return None
    if status == 200 and body:
        m = META_REFRESH.search(body) or META_REFRESH_REVERSED.search(body)
        target = m.group("url") if m else None
        if target is None:
            j = JS_REDIRECT.search(body)
            if j:
                target = j.group("url") or j.group("url2")
        if target:
            target = html.unescape(target).replace("\\/", "/").strip("'\"")
            return urljoin(url, target)
    return None
