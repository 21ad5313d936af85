"""Posts in HTML: embed markup and links to permalinks."""

from __future__ import annotations

import regex

from .._models import Citation, Link
from .._parse import Element, Lines, Text, parse_html
from ._build import build, link_for
from ._dates import parse_date
from ._permalinks import parse_permalink

DASH_LINE = regex.compile(r"^\s*(?:\u2014|\u2013|--|-)\s*")
TWITTER_ATTRIBUTION = regex.compile(
    r"^\s*(?:\u2014|\u2013|--|-)?\s*(?P<name>.*?)\s*\([@\uff20](?P<handle>[A-Za-z0-9_]{1,20})\)\s*(?P<rest>.*?)\s*$",
    regex.DOTALL,
)


def _inside(el: Element, tag: str, cls: str) -> bool:
    p = el.parent
    while p is not None:
        if p.tag == tag and cls in p.classes:
            return True
        p = p.parent
    return False


def _body_links(paragraphs: list[Element]) -> list[Link]:
    links: list[Link] = []
    for p in paragraphs:
        for a in p.iter():
            if a.tag != "a":
                continue
            href = a.attrs.get("href", "").strip()
            shown = a.text_content().strip()
            if not href or shown.startswith(("#", "@", "$", "\uff03", "\uff20")):
                continue  # hashtag, mention and cashtag links are entities, not links
            links.append(link_for(href, shown or None))
    return links


def _twitter_blockquote(bq: Element, doc: str, lines: Lines, path: str | None) -> Citation:
    paragraphs = [c for c in bq.children if isinstance(c, Element) and c.tag == "p"]
    body = [p for p in paragraphs if not DASH_LINE.match(p.text_content())]
    text = "\n".join(p.text_content().strip() for p in body).strip() or None
    # The attribution: everything in the blockquote outside the body paragraphs.
    parts: list[str] = []
    status: Element | None = None
    for child in bq.children:
        if isinstance(child, Text):
            parts.append(child.text)
        elif child not in body:
            parts.append(child.text_content())
            for a in child.iter():
                if a.tag == "a" and parse_permalink(a.attrs.get("href", "")):
                    status = a
    attribution = " ".join("".join(parts).split())
    m = TWITTER_ATTRIBUTION.match(attribution)
    ref = parse_permalink(status.attrs.get("href", "")) if status is not None else None
    date_text = status.text_content().strip() if status is not None else (m.group("rest") if m else "")
    notes: list[str] = []
    if text is None:
        notes.append("the embed carries no post text")
    return build(
        platform="twitter",
        kind="embed",
        method="blockquote",
        doc=doc,
        lines=lines,
        path=path,
        start=bq.start,
        end=bq.end,
        text=text,
        name=m.group("name") if m else None,
        handle=(m.group("handle") if m else None) or (ref.handle if ref else None),
        date_text=date_text or None,
        published=parse_date(date_text) if date_text else None,
        ref=ref,
        links=_body_links(body),
        notes=tuple(notes),
    )


def extract_html(doc: str, lines: Lines, path: str | None, *, root: Element | None = None) -> list[Citation]:
    """Embeds and permalinks in an HTML document (or an HTML fragment inside Markdown: pass the whole document as
    ``doc`` and the fragment's tree as ``root``; element offsets are into ``doc``)."""
    if root is None:
        root = parse_html(doc)
    found: list[Citation] = []
    embeds: list[tuple[int, int]] = []
    for el in root.iter():
        if el.tag == "blockquote" and "twitter-tweet" in el.classes and not _inside(el, "blockquote", "twitter-tweet"):
            found.append(_twitter_blockquote(el, doc, lines, path))
            embeds.append((el.start, el.end))
    for el in root.iter():
        if el.tag != "a" or any(s <= el.start < e for s, e in embeds):
            continue
        ref = parse_permalink(el.attrs.get("href", ""))
        if ref is None:
            continue
        found.append(
            build(
                platform=ref.platform,
                kind="link",
                method="permalink",
                doc=doc,
                lines=lines,
                path=path,
                start=el.start,
                end=el.end,
                ref=ref,
                links=[],
            )
        )
    return found
