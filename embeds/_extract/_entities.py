"""Entities in text: @mentions, @user/lists, #hashtags, $cashtags and URLs, with code-point spans.

All patterns use the ``regex`` module and are written to run in time linear in the input.
"""

from __future__ import annotations

import regex

from .._models import Entity

# A URL with a scheme, up to white space or a character that cannot be in one; trailing punctuation is trimmed.
URL = regex.compile(r"""(?i)\bhttps?://[^\s<>"'\u3000\uff09\uff08]+""")
# Short display forms that carry no scheme: pic.twitter.com/X, pic.x.com/X, t.co/X.
BARE_SHORT = regex.compile(r"(?i)(?<![\w./@#])(?:pic\.(?:twitter|x)\.com|t\.co)/[A-Za-z0-9]+")
MENTION = regex.compile(
    r"(?<![\p{L}\p{N}_!#$%&*@\uff20])[@\uff20]"
    r"(?P<name>[A-Za-z0-9_]{1,20})"
    r"(?:/(?P<list>[A-Za-z][A-Za-z0-9_-]{0,24}))?"
    r"(?:@(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))?"
    r"(?P<domain>(?:\.[A-Za-z0-9-]+)*\.[A-Za-z][A-Za-z0-9-]*)?"
    r"(?![\p{L}\p{N}_@\uff20]|://)"
)
HASHTAG = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_&/])[#\uff03](?![\ufe0f\u20e3])"
    r"(?P<tag>[\p{L}\p{M}\p{N}_\u200c]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_\u200c]*)"
)
CASHTAG = regex.compile(r"(?<![\p{L}\p{N}_$])\$(?P<tag>[A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\p{L}\p{N}_])")
_TRAILING = ".,;:!?'\"”’)]}>…"


def _trim_url(url: str) -> str:
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def entities(text: str) -> tuple[Entity, ...]:
    """Every mention, list, hashtag, cashtag and URL in ``text``, in order of position.

    Values carry no sigil (``"jack"``, ``"NATO"``, ``"TWTR"``); a list is ``"user/list"``; a URL is as written.
    Mastodon handles (``@user@host``) and Bluesky domain handles (``@name.bsky.social``) are kept whole and carry the
    platform they imply.
    """
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for pattern in (URL, BARE_SHORT):
        for m in pattern.finditer(text):
            url = _trim_url(m.group())
            if not url or any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.start() + len(url)))
            found.append(Entity("url", url, m.start(), m.start() + len(url)))

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for m in MENTION.finditer(text):
        if not free(m.start(), m.end()):
            continue
        name = m.group("name")
        if m.group("host"):
            found.append(Entity("mention", f"{name}@{m.group('host')}", m.start(), m.end(), "mastodon"))
        elif m.group("domain"):
            found.append(Entity("mention", name + m.group("domain"), m.start(), m.end(), "bluesky"))
        elif m.group("list"):
            found.append(Entity("list", f"{name}/{m.group('list')}", m.start(), m.end(), "twitter"))
        else:
            found.append(Entity("mention", name, m.start(), m.end()))
    for kind, pattern in (("hashtag", HASHTAG), ("cashtag", CASHTAG)):
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                found.append(Entity(kind, m.group("tag"), m.start(), m.end()))  # type: ignore[arg-type]
    found.sort(key=lambda e: e.start)
    return tuple(found)
