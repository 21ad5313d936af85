"""Scraped text other platforms' embeds leave behind (Twitter-style attributions are in :mod:`._attribution`).

* Instagram: ``View this post on Instagram`` then ``A post shared by Name (@handle)`` (html2text wraps both in
  ``[…](permalink)``; old embeds add `` on Date``);
* Mastodon ≥ 4.3: ``Post by @user@host`` and ``View on Mastodon``, often glued together by the extractor
  (``Post by @Gargron@mastodon.socialView on Mastodon``), possibly as ``[…](permalink)``;
* TikTok: ``@handle caption…`` then a line ``♬ sound name`` (possibly ``[♬ …](music url)``);
* and the caption rules platform modules register (:class:`embeds.platforms.CaptionRule`: Vimeo's ``Title from
  Name on Vimeo.``), run in a loop.

Only what the text shows is recorded; the notes say what it does not carry.
"""

from __future__ import annotations

from typing import Any

import regex

from .._models import Citation
from .._parse import Lines
from .._types import Platform
from ..platforms import REGISTRY, instagram, parse_permalink
from ._attribution import markdown_text
from ._build import build
from ._dates import parse_date
from ._markup import MISSING_DATE, MISSING_TEXT

QUOTE = r"(?:[ \t]*>)*[ \t]*"
#: Instagram's attribution line in every language the platform module knows (``A post shared by``, ``Ein Beitrag
#: geteilt von``, …), then the name, the handle and, in old embeds, `` on Date``.
SHARED_BY = regex.compile(
    rf"^{QUOTE}\[?(?:{'|'.join(instagram.SHARED_BY)}) (?P<name>[^\n(\[\]]{{1,100}}?)\s*"
    r"\(@(?P<handle>[A-Za-z0-9._]{1,30})\)"
    rf"(?:\s+(?:{'|'.join(instagram.ON)})\s+(?P<date>[^\n\]]{{4,60}}?))?(?:\]\((?P<url>[^)\s]+)\))?[ \t]*\r?$",
    regex.MULTILINE,
)
VIEW_ON_INSTAGRAM = regex.compile(
    rf"(?i)^{QUOTE}\[?(?:{'|'.join(map(regex.escape, instagram.VIEW_POST))})(?:\]\([^)\s]*\))?[ \t]*\r?$"
)

POST_BY = regex.compile(
    rf"^{QUOTE}\[?Post by @(?P<acct>[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*@[A-Za-z0-9-]+?(?:\.[A-Za-z0-9-]+?)+)"
    r"[ \t]*(?:\r?\n[ \t>]*)?View on Mastodon(?:\]\((?P<url>[^)\s]+)\))?[ \t]*\r?$",
    regex.MULTILINE,
)
#: A Markdown link's title after its URL (html2text writes the anchor's ``title``: ``[@h](url "@h")``).
TITLE = r'(?:[ \t]+"[^"\n]*")?'
SOUND = regex.compile(
    rf"^{QUOTE}\[?\u266c[ \t]*(?P<sound>[^\n\]]{{1,150}}?)(?:\]\([^)\s]*{TITLE}\))?[ \t]*\r?$", regex.MULTILINE
)
TIKTOK_HEAD = regex.compile(
    rf"^\[?@(?P<handle>[A-Za-z0-9._]{{2,24}})(?:\]\((?P<url>[^)\s]+){TITLE}\))?(?:[ \t]+(?P<text>.*))?$"
)
UNQUOTE = regex.compile(r"^(?:[ \t]*>)+[ \t]?")


def _line_text(lines: Lines, k: int) -> str:
    return UNQUOTE.sub("", lines.get(k), count=1).strip()


def _caption(
    platform: Platform,
    doc: str,
    lines: Lines,
    path: str | None,
    start: int,
    last: regex.Match[str],
    url: str | None,
    **fields: Any,
) -> Citation:
    """A post flattened into a caption, from ``start`` to the end of its ``last`` line's match (line break left out);
    a permalink in the caption (html2text's ``[…](url)``) gives the id when it is the same platform's."""
    ref = parse_permalink(url) if url else None
    return build(
        platform=platform,
        kind="embed",
        method="caption",
        doc=doc,
        lines=lines,
        path=path,
        start=start,
        end=last.end() - (1 if last.group().endswith("\r") else 0),
        ref=ref if ref is not None and ref.platform == platform else None,
        **fields,
    )


def extract_captions(doc: str, lines: Lines, path: str | None, *, markdown: bool = False) -> list[Citation]:
    """Instagram, Mastodon and TikTok posts, and those of the platforms' caption rules, flattened into ``doc`` (with
    ``markdown``, caption text is read as Markdown: links as their text)."""
    found: list[Citation] = []
    if any(cue in doc for cue in instagram.SHARED_BY_CUES):
        for m in SHARED_BY.finditer(doc):
            start = m.start()
            k = lines.line_of(start) - 1
            j = k - 1
            while j >= 0 and not lines.get(j).strip():
                j -= 1
            if j >= 0 and VIEW_ON_INSTAGRAM.match(lines.get(j)):
                start = lines.span(j)[0]
            date_text = m.group("date")
            found.append(
                _caption(
                    "instagram",
                    doc,
                    lines,
                    path,
                    start,
                    m,
                    m.group("url"),
                    name=m.group("name").strip(),
                    handle=m.group("handle"),
                    date_text=date_text,
                    published=parse_date(date_text) if date_text else None,
                    links=[],
                    notes=(MISSING_TEXT,) if date_text else (MISSING_TEXT, MISSING_DATE),
                )
            )
    if "View on Mastodon" in doc:
        for m in POST_BY.finditer(doc):
            found.append(
                _caption(
                    "mastodon",
                    doc,
                    lines,
                    path,
                    m.start(),
                    m,
                    m.group("url"),
                    handle=m.group("acct"),
                    links=[],
                    notes=(MISSING_TEXT, MISSING_DATE),
                )
            )
    if "\u266c" in doc:
        for m in SOUND.finditer(doc):
            k = lines.line_of(m.start()) - 1
            body: list[int] = []
            j = k - 1
            head = None
            while j >= 0 and k - j <= 6:
                t = _line_text(lines, j)
                if not t:
                    # a blank line ends the caption; a blank quoted line (html2text between paragraphs) does not
                    if body and not lines.get(j).lstrip().startswith(">"):
                        break
                    j -= 1
                    continue
                body.insert(0, j)
                head = TIKTOK_HEAD.match(t)
                if head:
                    break
                j -= 1
            if head is None:
                continue
            texts = [t for t in [head.group("text") or "", *(_line_text(lines, b) for b in body[1:])] if t]
            text = markdown_text(texts)[0] if markdown else "\n".join(texts) or None
            found.append(
                _caption(
                    "tiktok",
                    doc,
                    lines,
                    path,
                    lines.span(body[0])[0] + (len(lines.get(body[0])) - len(lines.get(body[0]).lstrip())),
                    m,
                    head.group("url"),  # the permalink is on the caption's first line, not the sound's
                    text=text,
                    handle=head.group("handle"),
                    notes=(MISSING_DATE, f"sound: {m.group('sound').strip()}"),
                )
            )
    for spec in REGISTRY:
        for rule in spec.captions:
            if rule.marker not in doc:
                continue
            for m in rule.pattern.finditer(doc):
                cap = rule.read(m, markdown)
                if cap is None:
                    continue
                found.append(
                    _caption(
                        spec.name,
                        doc,
                        lines,
                        path,
                        m.start(),
                        m,
                        cap.url,
                        text=cap.text,
                        name=cap.name,
                        handle=cap.handle,
                        date_text=cap.date_text,
                        published=parse_date(cap.date_text) if cap.date_text else None,
                        links=[],
                        notes=cap.notes,
                    )
                )
    return found
