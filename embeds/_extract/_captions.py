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
from .._rx import lazy_regex, read_folded
from .._types import Platform
from ..platforms import REGISTRY, instagram, parse_permalink
from ._attribution import markdown_text
from ._build import build
from ._dates import parse_date
from ._markup import MISSING_DATE, MISSING_TEXT

QUOTE = r"(?:[ \t]*>)*[ \t]*"
#: The attribution read from its paragraph joined into one line (links as their text, escapes resolved): the name,
#: the handle and, in old embeds, `` on Date`` (a time and zone after it: ``am Mär 12, 2018 um 12:30 PDT``), in any
#: case: matched in :func:`~embeds._rx.fold`'s copy (read with :func:`~embeds._rx.read_folded`; the handle's
#: ``[a-z0-9._\u0131]`` there is what ``(?i)[A-Za-z0-9._]`` takes on ``regex``).
SHARED_BY = lazy_regex(
    rf"^\[?(?:{'|'.join(instagram.SHARED_BY).lower()})\s+(?P<name>[^(\[\]]{{1,100}}?)\s*"
    r"\(@(?P<handle>[a-z0-9._\u0131]{1,30})\)"
    rf"(?:\s+(?:{'|'.join(instagram.ON)})(?:\s+(?P<date>[^\]]{{4,60}}?))?)?\]?\s*$",  # (the date may be lost)
)
VIEW_POSTS = frozenset(v.lower() for v in instagram.VIEW_POST)
#: A Markdown link (its text may hold one level of brackets: html2text's ``[[Werbung]\n](url)``), with a title, and
#: pandoc's attributes after it (``{target="_blank"}``).
MD_LINK = lazy_regex(r'!?\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^)\s]*)(?:\s+"[^"]*")?\)(?:\{[^{}\n]*\})?')
MD_ESCAPE = lazy_regex(r"\\([!-/:-@\[-`{-~])")
#: How many lines a paragraph of the attribution or the caption is read over, and how many blank lines (html2text
#: leaves runs of quoted blank lines where the embed had empty ``<div>``s) are skipped between them.
PARAGRAPH_LINES = 8
BLANK_LINES = 30

#: A Markdown link's title after its URL (html2text writes the anchor's ``title``: ``[@h](url "@h")``).
TITLE = r'(?:[ \t]+"[^"\n]*")?'
SOUND = lazy_regex(
    rf"^{QUOTE}\[?\u266c[ \t]*(?P<sound>[^\n\]]{{1,150}}?)(?:\]\([^)\s]*{TITLE}\))?[ \t]*\r?$", regex.MULTILINE
)
TIKTOK_HEAD = lazy_regex(
    rf"^\[?@(?P<handle>[A-Za-z0-9._]{{2,24}})(?:\]\((?P<url>[^)\s]+){TITLE}\))?(?:[ \t]+(?P<text>.*))?$"
)
UNQUOTE = lazy_regex(r"^(?:[ \t]*>)+[ \t]?")


#: A line of pandoc's Markdown that holds no text: a fenced div's marker (``::: {…}``) or a raw HTML tag alone.
NO_TEXT_LINE = lazy_regex(r"^(?::::.*|</?[A-Za-z][^<>]*>)$")


def _no_text(t: str) -> bool:
    return not t or NO_TEXT_LINE.match(t) is not None


def _paragraph(lines: Lines, k: int, step: int, limit: int) -> list[int]:
    """The lines of the paragraph from line ``k`` on, going by ``step`` (1 down, -1 up), at most ``limit`` (a line
    without text, :func:`_no_text`, ends it)."""
    out: list[int] = []
    while 0 <= k < len(lines) and len(out) < limit and not _no_text(_line_text(lines, k)):
        out.append(k)
        k += step
    return out


def _skip_blank(lines: Lines, k: int, quoted: bool) -> int | None:
    """The first line upwards from ``k`` that is not blank (within :data:`BLANK_LINES`), or ``None`` (also when it
    leaves the quote the attribution is in)."""
    for _ in range(BLANK_LINES):
        if k < 0:
            return None
        raw = lines.get(k)
        if quoted and not raw.lstrip().startswith(">"):
            return None
        if not _no_text(_line_text(lines, k)):
            return k
        k -= 1
    return None


def _joined(lines: Lines, ks: list[int], markdown: bool) -> tuple[str, list[str]]:
    """The text of lines ``ks`` joined into one (links as their text; with ``markdown``, escapes resolved) and the
    links' URLs."""
    text = " ".join(_line_text(lines, k) for k in ks)
    urls: list[str] = []

    def keep(m: regex.Match[str]) -> str:
        urls.append(m.group("url"))
        return m.group("text")

    if "](" in text:  # (Markdown read as plain text too: its links are still links)
        text = MD_LINK.sub(keep, text)
    if markdown and "\\" in text:
        text = MD_ESCAPE.sub(r"\1", text)
    return " ".join(text.split()), urls


def _instagram(doc: str, lines: Lines, path: str | None, markdown: bool) -> list[Citation]:
    """Instagram posts flattened into ``doc``: the attribution (``A post shared by Name (@handle) on Date``, in any
    language the platform module knows), read over its paragraph as html2text and pandoc wrap it (the name a link to
    the profile, the whole line a link to the post); above it, within the same quote, the caption (a paragraph linking
    to the post, in Markdown) and ``View this post on Instagram``."""
    found: list[Citation] = []
    done = -1
    for cue in instagram.shared_by_cues(doc):  # (its words possibly wrapped onto the next line)
        k = lines.line_of(cue) - 1
        if k <= done:
            continue
        line_start = lines.span(k)[0]
        if doc[line_start:cue].strip(" \t>[") != "":
            continue  # the words inside a sentence, not the attribution line
        quoted = lines.get(k).lstrip().startswith(">")
        # the attribution's paragraph: in Markdown (wrapped) all of it; in plain text the fewest lines that read as
        # an attribution (a plain-text line is a paragraph; pandoc's wrapped lines are joined)
        para = _paragraph(lines, k, 1, PARAGRAPH_LINES if markdown else 3)
        m = None
        for n in [len(para)] if markdown else range(1, len(para) + 1):
            text, urls = _joined(lines, para[:n], markdown)
            m = read_folded(SHARED_BY, text)
            if m is not None:
                para = para[:n]
                break
        if m is None:
            continue
        done = para[-1]
        start = lines.span(k)[0]
        caption: str | None = None
        j = _skip_blank(lines, k - 1, quoted)
        for _ in range(3):  # the caption, an empty link to the post (its picture), "View this post on Instagram"
            if j is None:
                break
            above = list(reversed(_paragraph(lines, j, -1, PARAGRAPH_LINES)))
            if not above:
                break
            said, above_urls = _joined(lines, above, markdown)
            if said.lower() in VIEW_POSTS:
                start, urls = lines.span(above[0])[0], urls + above_urls
                break
            refs = {r.post_id for u in above_urls if (r := parse_permalink(u)) and r.platform == "instagram"}
            # a caption is read only where the embed's structure shows it: in the same quote, or a paragraph that
            # is a link to the post (html2text writes the caption so)
            if not markdown or not (quoted or refs) or (said and caption is not None):
                break
            if said:
                caption = said
            start, urls = lines.span(above[0])[0], urls + above_urls
            j = _skip_blank(lines, above[0] - 1, quoted)
        start += len(doc[start : lines.span(k)[1]]) - len(doc[start : lines.span(k)[1]].lstrip(" \t"))
        last = lines.span(para[-1])
        ref = next((r for u in urls if (r := parse_permalink(u)) is not None and r.platform == "instagram"), None)
        date_text = m["date"]
        notes = () if caption else (MISSING_TEXT,)
        found.append(
            build(
                platform="instagram",
                kind="embed",
                method="caption",
                doc=doc,
                lines=lines,
                path=path,
                start=start,
                end=last[1],
                ref=ref,
                text=caption,
                name=(m["name"] or "").strip(" []") or None,
                handle=m["handle"],
                date_text=date_text,
                published=parse_date(date_text) if date_text else None,
                links=[],
                notes=notes if date_text else (*notes, MISSING_DATE),
            )
        )
    return found


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
    """Instagram and TikTok posts, and those of the platforms' caption rules (Mastodon's, Vimeo's), flattened into
    ``doc`` (with ``markdown``, caption text is read as Markdown: links as their text)."""
    found: list[Citation] = []
    if any(cue in doc for cue in instagram.SHARED_BY_CUES):
        found.extend(_instagram(doc, lines, path, markdown))
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
