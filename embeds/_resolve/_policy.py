"""Redirect reasoning, pure: which URLs need resolving, cache keys, and the next hop given a response.

The resolver (:mod:`._resolver`) only sends requests and applies these functions.
"""

from __future__ import annotations

import html
import ipaddress
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import regex

from .._types import ErrorKind
from ..platforms import REGISTRY

# Link shorteners and redirectors whose links are worth following (``needs_resolving``), beside the platforms' own
# (t.co, fb.me, lnkd.in: ``REGISTRY.shortener_hosts``). Where the list comes from: the hosts news publishers use
# for their own short links (nyti.ms, …) and the general-purpose shorteners listed by the ural library's
# ``ural.is_shortened_url`` (medialab/ural, ``ural/shorteners.py``), abridged to those seen in news articles.
# Anything else is a plain link (status ``direct``) and is never fetched.
SHORTENER_HOSTS = frozenset(
    """
    bit.ly bitly.com buff.ly ow.ly tinyurl.com goo.gl is.gd v.gd tiny.cc rebrand.ly dlvr.it ift.tt
    trib.al wp.me amzn.to amzn.eu nyti.ms bbc.in cnn.it reut.rs econ.st wapo.st apne.ws
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
# Answers worth another try after a pause: rate limiting and the server errors that usually pass.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# HEAD is not understood (405 Method Not Allowed, 501 Not Implemented): ask again with GET.
HEAD_REFUSED_STATUSES = frozenset((405, 501))
# Hosts whose short links answer HEAD with the same redirect as GET, so HEAD saves reading a body. Kept empty by
# default: t.co answers browsers with an HTML page whose redirect is in the body, and we have no recorded evidence
# for any other shortener here. ``ResolveOptions.head_hosts`` adds hosts; a 405/501 or an HTML answer to HEAD makes
# the resolver fall back to GET (and stop using HEAD on that host).
HEAD_SAFE_HOSTS: frozenset[str] = frozenset()

DAY = 86400.0
# How long a resolution stays in the cache, by outcome (seconds); transient failures are never cached.
TTL_OK = 30 * DAY
TTL_GONE = 1 * DAY
TTL_POLICY = 1 * DAY


def shortcut(url: str) -> str:
    """Rewrite a URL whose target is known without a request: ``pic.twitter.com/X`` is ``https://t.co/X``, and a
    listed shortener's ``http://`` link is its ``https://`` one."""
    m = MEDIA_HOSTS.match(url.strip())
    if m:
        return f"https://t.co/{m.group('slug')}"
    url = url.strip()
    if url[:7].lower() == "http://" and _is_shortener(host_of(url)):
        return "https://" + url[7:]  # every listed shortener serves https; http would cost a redirect hop
    return url


def is_terminal(url: str) -> bool:
    """Whether a chain ends at ``url`` without fetching it: post URLs of the platforms that say so (X/Twitter's are
    recognised by pattern: X blocks unknown clients, and the URL already says which post it is)."""
    return REGISTRY.is_terminal(url)


def _is_shortener(host: str) -> bool:
    return host in SHORTENER_HOSTS or host in REGISTRY.shortener_hosts


def host_of(url: str) -> str:
    """The lower-cased host name of ``url`` (no port), or ``""``."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_key(url: str) -> str:
    """What per-host limits are keyed by: ``host`` for the default ports, ``host:port`` otherwise (so servers on
    several loopback ports count as several hosts)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    return host if port in (None, 80, 443) else f"{host}:{port}"


def use_head(url: str, head_hosts: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether HEAD is known safe for ``url``'s host (by host name or ``host:port``)."""
    return host_of(url) in head_hosts or host_key(url) in head_hosts or host_of(url) in HEAD_SAFE_HOSTS


def head_needs_get(status: int, headers: Mapping[str, str]) -> bool:
    """Whether a HEAD answer is not enough: HEAD refused, or an HTML page that may hold a meta refresh."""
    if status in HEAD_REFUSED_STATUSES:
        return True
    return status == 200 and "html" in headers.get("content-type", "").lower()


def wants_body(status: int, headers: Mapping[str, str]) -> bool:
    """Whether the body may carry the next hop (a 200 HTML page, or one with no type) and is worth reading."""
    ctype = headers.get("content-type", "").lower()
    return status == 200 and ("html" in ctype or not ctype)


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date, relative to ``now``), or
    ``None`` when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # str.isdigit() also takes "²" and other digits float() refuses
        return float(value)
    try:
        from email.utils import parsedate_to_datetime  # here: email loads socket, which extraction never needs

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def backoff(attempt: int, base: float = 0.25, cap: float = 8.0) -> float:
    """Pause before retry number ``attempt`` (1, 2, …): exponential, capped."""
    return float(min(cap, base * 2.0 ** (attempt - 1)))


#: Failure kinds that the same URL would meet again tomorrow: kept briefly.
POLICY_KINDS: frozenset[ErrorKind] = frozenset(("loop", "too-many-hops", "blocked", "bad-url"))


def cache_ttl(status: int | None, kind: ErrorKind | None, *, failed: bool | None = None) -> float | None:
    """How long (seconds) to keep an outcome, decided on its typed failure ``kind`` (``None``: success): successes
    long, dead links (``http-status`` 404/410) and policy outcomes (loops, too many hops, blocked, malformed URLs)
    short, transient failures (timeouts, network errors, 429, 5xx, other 4xx, unreadable answers) never.
    ``failed=True`` with no kind (a result from an older version) is never kept."""
    if kind is None:
        return None if failed else TTL_OK
    if kind == "http-status" and status in (404, 410):
        return TTL_GONE
    if kind in POLICY_KINDS:
        return TTL_POLICY
    return None


def needs_resolving(url: str) -> bool:
    """Whether ``url`` is a short link (or a ``pic.twitter.com`` display form) worth following."""
    host = host_of(shortcut(url))
    return _is_shortener(host) and host != "youtu.be"


def cache_key(url: str) -> str:
    """The canonical form of a URL for caching: scheme and host lower-cased, default port and fragment dropped;
    ``http://t.co/X`` and ``https://t.co/X`` share a key."""
    url = shortcut(url)
    try:
        parts = urlsplit(url)
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    netloc = f"{host}:{port}" if port else host
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def hop_key(url: str) -> str:
    """The identity of one request (for the hop memo and loop detection): like :func:`cache_key` but keeping the
    scheme, since ``http://x/`` redirecting to ``https://x/`` is a hop, not a loop."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = f"{host}:{port}" if port not in (None, default) else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be requested at all (it does not parse, or has no host), or ``None``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError as exc:
        return f"malformed URL {url!r} ({exc})"
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return f"malformed URL {url!r} (no host)"
    return None


#: Host names that are this machine or its network whatever DNS says (RFC 6761, RFC 6762, common internal suffixes).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan")
#: NAT64's well-known prefix (RFC 6052): the last 32 bits are an IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_INET_PART = regex.compile(r"(?i)^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$")


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """The address a host written the way ``inet_aton`` reads it stands for (``127.1``, ``2130706433``,
    ``0x7f000001``, ``0177.0.0.1``: every C resolver connects there), or ``None`` when it is not such a form."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_PART.match(p) for p in parts):
        return None
    values: list[int] = []
    for p in parts:
        if p[:2].lower() == "0x":
            values.append(int(p[2:] or "0", 16))
        elif len(p) > 1 and p[0] == "0":
            values.append(int(p, 8))
        else:
            values.append(int(p))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(number)


def host_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a URL's host names literally (any spelling a resolver accepts: dotted, shortened, decimal,
    hex, octal, trailing dot, IPv6 with a zone), or ``None`` for a host name."""
    host = host.strip().rstrip(".").lower()
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if "%" in host:
        try:
            return ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return None
    return _inet_aton(host)


def blocked_reason(url: str, *, allow_private: bool = False) -> str | None:
    """Why the policy refuses to fetch ``url`` (scheme, local name, or an address that is not global in any
    spelling), or ``None`` if allowed. Host names are checked again where they are resolved (the transport)."""
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
    name = host.rstrip(".")
    if name in ("localhost", "localhost.localdomain", "") or name.endswith(LOCAL_SUFFIXES):
        return f"host {host} is local"
    ip = host_address(host)
    return address_blocked_reason(ip) if ip is not None else None


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo client, NAT64, IPv4-compatible), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or int(ip) >> 32 == 0:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address must not be contacted, or ``None``: anything not global (loopback, private, CGNAT
    ``100.64.0.0/10``, link-local, site-local ``fec0::/10``, documentation, benchmarking, reserved, unspecified),
    multicast, and an IPv6 address that embeds an IPv4 one (mapped, 6to4, Teredo, NAT64) that is not public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_v4(ip)
        if inner is not None and address_blocked_reason(inner):
            return f"address {ip} embeds {inner}, which is not public"
        if ip.is_site_local:
            return f"address {ip} is not public"
    if (
        not ip.is_global
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    ):
        return f"address {ip} is not public"
    return None


def redirect_target(url: str, status: int, headers: Mapping[str, str], body: str) -> str | None:
    """The next hop from a response: ``Location`` on a redirect status (relative and scheme-relative resolved), a meta
    refresh in any spelling, or a ``location.replace("…")`` script in an interstitial page (:func:`is_interstitial`:
    t.co's answer to browsers; a script in any other page is the page's own business); ``None`` when the chain ends.
    A target that cannot be joined to ``url`` (``http://[oops/``) is returned as written, for :func:`url_problem`
    to report."""
    if status in REDIRECT_STATUSES:
        location = headers.get("location")
        if location:
            return _join(url, location.strip())
        return None
    if status == 200 and body:
        m = META_REFRESH.search(body) or META_REFRESH_REVERSED.search(body)
        target = m.group("url") if m else None
        if target is None and is_interstitial(body):
            found = {j.group("url") or j.group("url2") for j in JS_REDIRECT.finditer(body)}
            if len(found) == 1:  # one place to go: a second one means the script does more than redirect
                target = found.pop()
        if target:
            target = html.unescape(target).replace("\\/", "/").strip("'\"")
            return _join(url, target)
    return None


#: An interstitial page is at most this long and shows at most this many words (t.co's is ~500 bytes, no words).
INTERSTITIAL_MAX_CHARS = 4096
INTERSTITIAL_MAX_WORDS = 30
_HIDDEN = regex.compile(r"(?is)<(script|style|title|noscript|head)\b[^>]{0,500}>.*?</\1\s*>|<[^>]{0,2000}>")


def is_interstitial(body: str) -> bool:
    """Whether a 200 page is there only to redirect (t.co-style: a few hundred bytes, a script or meta refresh, next
    to no text), so a ``location`` assignment in its script is the redirect. A landing page that assigns ``location``
    somewhere in its scripts (a logout link, a language switch) is not followed."""
    if len(body) > INTERSTITIAL_MAX_CHARS:
        return False
    text = html.unescape(_HIDDEN.sub(" ", body))
    return len(text.split()) <= INTERSTITIAL_MAX_WORDS


def _join(base: str, target: str) -> str:
    try:
        return urljoin(base, target)
    except ValueError:
        return target
