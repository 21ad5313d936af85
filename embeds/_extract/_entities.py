"""Entities in text: @mentions, @user/lists, #hashtags, $cashtags and URLs, with code-point spans.

The rules are Twitter's, as its twitter-text library defines them and its conformance suite (``extract.yml``
of twitter-text 1.10.0, run by ``scripts/conformance.py``) checks them, with hashtag letters as in
twitter-text 3 (any Unicode letter, mark or decimal digit). Deliberate deviations, for citing posts found in
documents:

- ``@user@host`` (Mastodon) and ``@name.host.tld`` (a Bluesky domain handle; the last label must be a known
  TLD) are one mention each, with the platform they imply; twitter-text takes ``@user`` and drops the rest
  (or, for ``@user@host``, takes nothing).
- A mention may not follow a Latin, Cyrillic or Greek letter (an e-mail address such as
  ``josé@example.com``); twitter-text only refuses ASCII letters there. It may still follow CJK or Thai text
  (``の@user``), as in Twitter.
- ``rt@user`` is a retweet marker only when ``rt`` starts a word (as in twitter-text 3; 1.10 also took
  ``start@user``).
- A ``t.co`` link keeps a query string (``https://t.co/abc?amp=1``), as in twitter-text 3.
- ``"`` and ````` ` ````` end a host name (twitter-text 1.10 lets them into one).

Every scan is linear in the length of the text: patterns are anchored by look-behinds on one character,
runs are matched possessively, and what needs backtracking in twitter-text (a domain's TLD, a path's end,
balanced parentheses) is decided by one pass in Python over the run the pattern matched.
"""

from __future__ import annotations

import gc
from functools import lru_cache

from .._models import Entity
from .._rx import lazy_re, lazy_regex
from ._tlds import COUNTRY, GENERIC

# -- character classes (twitter-text's names) --
SPACES = r"\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
INVALID = r"\ufffe\ufeff\uffff"
DIRECTIONAL = r"\u202a-\u202e\u061c\u200e-\u200f\u2066-\u2069"
LATIN_ACCENTS = (
    r"\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272"
    r"\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
CYRILLIC = r"\u0400-\u04ff"
# ASCII punctuation but the three that may sit inside a host name (- _ .); also " and ` (see above).
HOST_STOP = r"""!'#%&()*+,/:;<=>?@\[\\\]^{|}~$"`"""
AT_SIGNS = "@\uff20"
HASH_SIGNS = "#\uff03"
# twitter-text 3's hashtagSpecialChars: all but 〃 (which counts as a letter) are no tag on their own
HASHTAG_NOT_ALPHA = r"_\u200c-\u200d\ua67e\u05be\u05f3-\u05f4\uff5e\u301c\u309b-\u309c\u30a0\u30fb\u0f0b-\u0f0c\xb7"
HASHTAG_SPECIAL = HASHTAG_NOT_ALPHA + r"\u3003"
HASHTAG_CHAR = rf"\p{{L}}\p{{M}}\p{{Nd}}{HASHTAG_SPECIAL}"
# Two sets in fewer items (a range, ``\s``) for the patterns compiled on ``regex``, whose parser spends its time per
# item and node: the scan below is compiled by every run that reads text. ``tests/test_rx_cues.py`` checks each
# against the set it stands for on every code point. (``re``'s ``\s`` takes more, and HOST_STOP is read as characters
# too: the patterns on ``re`` keep the spellings above.)
_R_SPACES = r"\s\u180e"  # SPACES: White_Space, and U+180E (twitter-text keeps it; Unicode 6.3 dropped it)
_R_HOST_STOP = r"!-,/:-@\[-^`{-~"  # HOST_STOP

# -- URLs --
#: A URL with a scheme in a whole document (for permalinks); :func:`_trim_url` trims trailing punctuation.
URL = lazy_regex(r"""(?i)\bhttps?://[^\s<>"'\u3000\uff09\uff08]+""")

# URLs are found from their dots (every host has one): from a dot, the host run around it is read backwards
# and forwards, and the scheme before it, if any, decides which rules apply.
# The patterns read once per URL use the standard library's ``re`` where it will do (no Unicode properties,
# no reverse matching): for these short matches it costs a quarter of ``regex``, whose per-match overhead is
# larger. Since Python 3.11 ``re`` has possessive quantifiers and atomic groups; a repeated group is written
# ``(?>(?:...)*)`` rather than ``(?:...)*+`` (the same thing), as ``re`` before 3.11.5 could match the latter
# wrongly (CPython gh-106052, gh-100061). Possessive single characters (``[...]++``) were not affected.
_HOST_CHAR = rf"[^{HOST_STOP}{SPACES}{INVALID}{DIRECTIONAL}]"
_R_HOST_CHAR = rf"[^{_R_HOST_STOP}{_R_SPACES}{INVALID}{DIRECTIONAL}]"  # (on regex)
_BARE_CHAR = rf"[\-A-Za-z0-9{LATIN_ACCENTS}]"
HOST_DOT = rf"\.(?={_R_HOST_CHAR})"  # a dot that can separate two labels
HOST_BACK = lazy_regex(rf"(?r){_R_HOST_CHAR}*+")
HOST_RUN = lazy_re(rf"{_HOST_CHAR}++")
BARE_BACK = lazy_regex(rf"(?r){_BARE_CHAR}*+")
BARE_RUN = lazy_re(rf"(?>{_BARE_CHAR}++(?:\.{_BARE_CHAR}++)+)")
#: what may not come right before a URL (with a scheme: before the scheme)
URL_NOT_AFTER = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@\uff20$#\uff03\ufffe\ufeff\uffff"
)
#: and what may not come before a URL without a scheme, besides those
BARE_NOT_AFTER = frozenset("-_./")
#: characters that end a host name (all but a few ranges of _HOST_CHAR's complement, spelled out)
NOT_HOST = frozenset(
    HOST_STOP.replace("\\\\", "\\")
    + "\t\n\x0b\x0c\r \x85\xa0\u1680\u180e\u2028\u2029\u202f\u205f\u3000\ufffe\ufeff\uffff\u061c\u200e\u200f"
    + "".join(map(chr, (*range(0x2000, 0x200B), *range(0x202A, 0x202F), *range(0x2066, 0x206A))))
)
PATH_CHARS = rf"a-zA-Z{CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{LATIN_ACCENTS}"
PATH_END_CHARS = rf"+\-a-zA-Z{CYRILLIC}0-9=_#/{LATIN_ACCENTS}"
PATH_END = lazy_regex(rf"[{PATH_END_CHARS}]")
#: what may follow a domain: a port, a path (trimmed by :func:`_path_length`), a query (trimmed to its last
#: query-ending character)
TAIL = lazy_regex(rf"(?::[0-9]++)?(?P<path>/[{PATH_CHARS}()]*+)?(?P<query>\?[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*+)?")
LAST_PATH_END = lazy_regex(rf"(?r)[{PATH_END_CHARS}]")
LAST_QUERY_END = lazy_regex(r"(?r)[a-zA-Z0-9\-_&=#/]")
# The same in one match for all but odd parentheses: the path's run of PATH_CHARS is read as
# (PATH_MID* (PATH_END | balanced parentheses)+)*, and so ends on its last ending character, the query likewise;
# what the path's run has past that is in ``rest``, and when that ends in a parenthesis (unbalanced, empty, or
# nested deeper than twitter-text allows), _tail_general decides.
PATH_MID_CHARS = r"!*';:,.$%\[\]\u2013~@|&"  # PATH_CHARS but PATH_END_CHARS
QUERY_END_CHARS = r"a-zA-Z0-9\-_&=#/"
QUERY_MID_CHARS = r"!?*'@();:+$%\[\].,~|"  # TAIL's query characters but QUERY_END_CHARS
_PC = f"[{PATH_CHARS}]"
_BALANCED = rf"\((?:{_PC}++|{_PC}*+\({_PC}++\){_PC}*+)\)"  # (a) or (a(b)c), as twitter-text
_PATH_ENDING = rf"(?>(?:[{PATH_END_CHARS}]++|{_BALANCED})+)"
FAST_TAIL = lazy_re(
    rf"(?::[0-9]++)?"
    rf"(?:/(?>(?:[{PATH_MID_CHARS}]*+{_PATH_ENDING})*)(?P<rest>[{PATH_MID_CHARS}]*+[()]?))?"
    rf"(?:\?(?>(?:[{QUERY_MID_CHARS}]*+[{QUERY_END_CHARS}]++)+))?"
)
TCO = lazy_regex(r"(?i)https?://t\.co/(?P<slug>[a-z0-9]++)(?:\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/])?")
TCO_MAX_SLUG = 40
ASCII_ALNUM = lazy_regex(r"[A-Za-z0-9]*+")
PUNYCODE = lazy_regex(r"(?i)xn--[\-0-9a-z]++")
TLDS = GENERIC | COUNTRY
#: Longest non-ASCII TLD, in code points: the prefixes of a label worth looking up.
_MAX_IDN_TLD = max(len(t) for t in TLDS if not t.isascii())
_ALNUM_AT = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@")

# -- mentions, lists, replies --
# Each pattern starts with its sigil, then looks behind it: the scan's first step is a one-character test.
MENTION = (  # (A-Z and a-z are Latin; "rt" in any case)
    rf"[{AT_SIGNS}](?<=(?:^|[^0-9_!#-&*@\uff20\p{{Latin}}\p{{Cyrillic}}\p{{Greek}}\p{{M}}]"
    rf"|(?:^|[^A-Za-z0-9_+~.\-])[rR][tT]:?)[{AT_SIGNS}])"
    r"(?P<name>[A-Za-z0-9_]{1,20})(?P<list>/[A-Za-z][A-Za-z0-9_\-]{0,24})?"
)
MASTODON = lazy_regex(
    r"(?P<user>(?>[A-Za-z0-9_]++(?:[.\-]++[A-Za-z0-9_]++)*+))@(?P<host>(?>[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++))"
)
DOMAIN_HANDLE = lazy_regex(r"(?>[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++)")
REPLY = lazy_regex(rf"[{SPACES}]*+[{AT_SIGNS}](?P<name>[A-Za-z0-9_]{{1,20}})")
HOST_LABEL = lazy_regex(r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?")
CAMEL_TLD = lazy_regex(r"(?P<tld>[a-z]++)[A-Z]")
MASTODON_USER_MAX = 30
_END_MENTION_CHARS = frozenset(
    AT_SIGNS
    + "".join(chr(c) for c in range(0xC0, 0x250) if c not in (0xD7, 0xF7))
    + "\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb"
    + "".join(chr(c) for c in (*range(0x300, 0x370), *range(0x1E00, 0x1F00)))
)  # twitter-text's endMentionMatch, less "://": the at signs and latinAccentChars
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
#: what, right after a mention, needs a closer look (a handle running on, an e-mail address, "://"); "" is not
_MENTION_FOLLOW = frozenset("@.-:") | _NAME_CHARS | _END_MENTION_CHARS

# -- hashtags, cashtags --
# The tag needs a letter (or a mark, or 〃 as in twitter-text): digits and joiners alone are no tag.
HASHTAG = (
    rf"[{HASH_SIGNS}](?<=^[{HASH_SIGNS}]|[\ufe0e\ufe0f][{HASH_SIGNS}]|[^{HASHTAG_CHAR}&][{HASH_SIGNS}])"
    rf"(?![\ufe0f\u20e3])(?=[\p{{Nd}}{HASHTAG_NOT_ALPHA}]*+[\p{{L}}\p{{M}}\u3003])"
    rf"(?P<hashtag>[{HASHTAG_CHAR}]++)"
    rf"(?![{HASH_SIGNS}]|://)"
)
CASHTAG = (
    rf"\$(?<=(?:^|[{_R_SPACES}])\$)(?P<cashtag>[A-Za-z]{{1,6}}(?:[._][A-Za-z]{{1,2}})?)"
    r"(?=$|\s|[!#-/:-@\[-_{-~])"  # (ASCII punctuation but " and `)
)
#: One pass finds every sigil and every dot that may be in a host name; each is then read by its own rules.
SCAN = lazy_regex(f"{MENTION}|{HASHTAG}|{CASHTAG}|{HOST_DOT}")
SIGILS_AND_DOT = frozenset("@\uff20#\uff03$.")

_TRAILING = ".,;:!?'\"\u201d\u2019)]}>\u2026"


def _trim_url(url: str) -> str:
    """``url`` (matched by :data:`URL` in running text) without trailing punctuation; a closing parenthesis
    that balances an opening one stays."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _tld_length(label: str) -> int:
    """Length of the TLD ``label`` starts with (followed by nothing or by a character that is not ASCII
    alphanumeric), or 0. Mirrors twitter-text's ``(?:gTLD|ccTLD|punycode)(?=[^0-9a-zA-Z@]|$)``."""
    m = PUNYCODE.match(label)
    if m:
        return m.end()
    head = ASCII_ALNUM.match(label).end()  # type: ignore[union-attr]  # matches the empty string at least
    if head and label[:head].lower() in TLDS:
        return head
    if head < len(label) and not label.isascii():  # an internationalized TLD (みんな, vermögensberater)
        for n in range(min(len(label), _MAX_IDN_TLD), 0, -1):
            if (n == len(label) or label[n] not in _ALNUM_AT) and label[:n].lower() in TLDS:
                return n
    return 0


def _host_label_ok(label: str, underscore: bool) -> bool:
    """A label before the TLD: no leading or trailing ``-``/``_``; ``_`` only in subdomains."""
    if not label or label[0] in "-_" or label[-1] in "-_":
        return False
    return underscore or "_" not in label


@lru_cache(maxsize=4096)
def _domain_length(host: str, after_host: str) -> int:
    """Length of the domain at the start of ``host`` (a run of labels and dots, followed in the text by
    ``after_host``), or 0 when there is none.

    twitter-text's ``validSubdomain* validDomainName TLD`` is greedy: the domain has as many labels as it can.
    """
    labels = host.split(".")
    # the labels a domain can span: each valid as a subdomain and followed by a dot
    k = 0
    while k < len(labels) - 1 and _host_label_ok(labels[k], underscore=True):
        k += 1
    offsets = [0]
    for label in labels:
        offsets.append(offsets[-1] + len(label) + 1)
    for j in range(k, 0, -1):  # labels[j] holds the TLD, labels[j - 1] is the domain name
        if not _host_label_ok(labels[j - 1], underscore=False):
            continue
        n = _tld_length(labels[j])
        if not n:
            continue
        after = host[offsets[j] + n : offsets[j] + n + 1] or after_host
        if after and after in _ALNUM_AT:
            continue
        return offsets[j] + n
    return 0


def _path_length(path: str) -> int:
    """Length of the valid part of ``path`` (``/`` and what may follow): it ends in a path-ending character
    or in balanced parentheses (two levels deep at most, never empty), as in twitter-text."""
    if "(" not in path and ")" not in path:
        m = LAST_PATH_END.search(path, 1)
        return m.end() if m else 1
    best = 1
    depth = 0
    filled = [False, False, False]  # whether the group open at each depth has content yet
    nested = False  # whether the outer group already holds a nested one
    for i in range(1, len(path)):
        c = path[i]
        if c == "(":
            if depth == 2 or (depth == 1 and nested):
                break
            depth += 1
            filled[depth] = False
            if depth == 2:
                nested = True
        elif c == ")":
            if depth == 0 or not filled[depth]:
                break
            depth -= 1
            if depth == 0:
                best = i + 1
                nested = False
            else:
                filled[depth] = True
        elif depth:
            filled[depth] = True
        elif PATH_END.match(c):
            best = i + 1
    return best


def _tail(text: str, pos: int) -> int:
    """The end of a URL whose domain ends at ``pos``: port, path and query added."""
    m = FAST_TAIL.match(text, pos)
    rest, rest_end = m.span("rest")  # type: ignore[union-attr]  # FAST_TAIL matches the empty string at least
    if rest == rest_end:  # the path (if any) ends on an ending character, what follows is the query (if any)
        return m.end()  # type: ignore[union-attr]
    if text[rest_end - 1] not in "()":
        return rest  # the path was cut short: what follows it is not the URL's
    return _tail_general(text, pos)


def _tail_general(text: str, pos: int) -> int:
    """:func:`_tail` for any path, parentheses included."""
    m = TAIL.match(text, pos)
    if m is None or m.end() == pos:
        return pos
    path = m.group("path")
    if path is None:
        end = m.start("query") if m.group("query") is not None else m.end()
    else:
        end = m.start("path") + _path_length(path)
        if end < m.end("path"):
            return end  # the path was cut short: what follows it is not the URL's
    query = m.group("query")
    if query is not None:
        last = LAST_QUERY_END.search(query, 1)
        if last:
            end += last.end()
    return end


def _is_short_cctld(domain: str) -> bool:
    """``foo.jp``: two labels, a country-code TLD but ``co`` and ``tv``. Bare, it is not taken as a URL."""
    labels = domain.split(".")
    return len(labels) == 2 and labels[1].lower() in COUNTRY and labels[1].lower() not in ("co", "tv")


def _scheme_before(text: str, host: int, floor: int) -> int:
    """Where ``http://`` or ``https://`` starts if it ends at ``host`` (not before ``floor``), else -1."""
    if host - 7 < floor or not text.startswith("://", host - 3):
        return -1
    if host - 8 >= floor and text[host - 8 : host - 3].lower() == "https":
        return host - 8
    return host - 7 if text[host - 7 : host - 3].lower() == "http" else -1


def _url_at(text: str, dot: int, floor: int) -> tuple[int, int, int]:
    """The URL around the dot at ``dot``, as ``(start, end, resume)``: ``start == end`` when there is none;
    scanning resumes at ``resume``. Nothing before ``floor`` is looked at."""
    bare_start = BARE_BACK.match(text, floor, dot).start()  # type: ignore[union-attr]  # matches ""
    host = bare_start
    if host > floor and text[host - 1] not in NOT_HOST:  # the host has more than bare ASCII labels
        host = HOST_BACK.match(text, floor, dot).start()  # type: ignore[union-attr]  # matches ""
    start = _scheme_before(text, host, floor)
    if start >= 0:
        run_end = HOST_RUN.match(text, dot + 1).end()  # type: ignore[union-attr]  # HOST_DOT looked ahead
        if start > 0 and text[start - 1] in URL_NOT_AFTER:
            return start, start, run_end
        n = _domain_length(text[host:run_end], text[run_end : run_end + 1]) if host < dot else 0
        if not n:
            return start, start, run_end
        if n == 4 and text[host : host + 4].lower() == "t.co":
            # a t.co link is its slug (and query): matched first, since the general tail would read on to the end
            # of a path that holds more links ("https://t.co/" * n: quadratic), only for the slug to be kept
            tco = TCO.match(text, start)
            if tco and len(tco.group("slug")) <= TCO_MAX_SLUG:
                return start, tco.end(), tco.end()
            end = _tail(text, host + n)
            if tco and tco.end() <= end:
                return start, start, end
            return start, end, end
        end = _tail(text, host + n)
        return start, end, end
    start = bare_start
    m = BARE_RUN.match(text, start) if start < dot else None
    if m is None:
        return dot, dot, dot + 1
    if start > 0 and (text[start - 1] in URL_NOT_AFTER or text[start - 1] in BARE_NOT_AFTER):
        return start, start, m.end()
    bare = m.group()
    n = _domain_length(bare, text[m.end() : m.end() + 1])
    if not n:
        return start, start, m.end()
    end = _tail(text, start + n)
    if end == start + n and _is_short_cctld(bare[:n]):
        return start, start, end
    return start, end, end


def _tld_ok(label: str) -> str | None:
    """The TLD a handle's last label gives (``social`` for ``socialView``, glued to a word), or ``None``."""
    if label.lower() in TLDS and label.islower():
        return label
    m = CAMEL_TLD.match(label)
    if m and m.group("tld") in TLDS:
        return m.group("tld")
    return None


def _host_handle(host: str) -> str | None:
    """``host`` (labels and dots), or its part up to a TLD glued to the next word, if it is a host name."""
    labels = host.split(".")
    if any(not HOST_LABEL.fullmatch(label) for label in labels[:-1]):
        return None
    tld = _tld_ok(labels[-1])
    if tld is None or not tld[0].isalpha():
        return None
    return host[: len(host) - len(labels[-1]) + len(tld)]


def _ends_mention(text: str, end: int) -> bool:
    """Whether a mention may end at ``end``: not before ``@``, an accented Latin letter or ``://``."""
    after = text[end : end + 1]
    return not (after in _END_MENTION_CHARS or (after == ":" and text.startswith("://", end)))


def _handle(text: str, at: int) -> Entity | None:
    """The Mastodon or Bluesky handle whose sigil is at ``at``, if there is one."""
    body = at + 1
    m = MASTODON.match(text, body)
    if m and len(m.group("user")) <= MASTODON_USER_MAX:
        host = _host_handle(m.group("host"))
        end = m.start("host") + len(host) if host else 0
        if host and _ends_mention(text, end):
            return Entity("mention", text[body:end], at, end, "mastodon")
    m = DOMAIN_HANDLE.match(text, body)
    if m:
        handle = _host_handle(m.group())
        end = body + len(handle) if handle else 0
        if handle and _ends_mention(text, end):
            return Entity("mention", handle, at, end, "bluesky")
    return None


def reply_to(text: str) -> str | None:
    """The screen name a reply starts with (``@jack`` at the start, after white space only), or ``None``."""
    m = REPLY.match(text)
    if m is None or not _ends_mention(text, m.end()):
        return None
    return m.group("name")


def entities(text: str) -> tuple[Entity, ...]:
    """Every mention, list, hashtag, cashtag and URL in ``text``, in order of position.

    Values carry no sigil (``"jack"``, ``"NATO"``, ``"TWTR"``); a list is ``"user/list"``; a URL as written.
    Mastodon handles (``@user@host``) and Bluesky domain handles (``@name.bsky.social``) are kept whole and
    carry the platform they imply. Entities never overlap: what lies inside one (a ``#fragment`` in a URL) is
    not another, as in twitter-text's ``extractEntitiesWithIndices``.
    """
    paused = gc.isenabled()  # many small records and no cycles: a collector walking them again and again made a
    if paused:  # megabyte of links 2.4 times slower, and superlinear (2.4 per doubling)
        gc.disable()
    try:
        return _entities(text)
    finally:
        if paused:
            gc.enable()


def _entities(text: str) -> tuple[Entity, ...]:
    if SIGILS_AND_DOT.isdisjoint(text):
        return ()
    found: list[Entity] = []
    append = found.append
    floor = 0  # nothing before this offset can start an entity: it belongs to one found (or refused)
    # Each match is the entity itself, sigil included, but for a dot (read by _url_at) and a mention that runs
    # on into something else; so the values are slices of the text rather than groups of the match.
    for m in SCAN.finditer(text):
        start, end = m.span()
        if start < floor:
            continue
        sigil = text[start]
        if sigil == ".":
            start, end, floor = _url_at(text, start, floor)
            if start < end:
                append(Entity("url", text[start:end], start, end))
        elif sigil == "#" or sigil == "\uff03":
            append(Entity("hashtag", text[start + 1 : end], start, end))
            floor = end
        elif sigil == "$":
            append(Entity("cashtag", text[start + 1 : end], start, end))
            floor = end
        else:  # a mention, a list or a handle
            after = text[end : end + 1]
            if after in _MENTION_FOLLOW:  # rare: most mentions end before a space or punctuation
                if after in "@.-" or (end - start == 21 and after in _NAME_CHARS):
                    entity = _handle(text, start)
                    if entity is not None:
                        append(entity)
                        floor = entity.end
                        continue
                if after in _END_MENTION_CHARS or (after == ":" and text.startswith("://", end)):
                    continue
            value = text[start + 1 : end]  # name, or name/list
            append(Entity("list" if "/" in value else "mention", value, start, end))
            floor = end
    return tuple(found)
