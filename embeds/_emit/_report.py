"""The HTML report (``-f html``, ``-o report.html``): one self-contained page to look at what a scan found. Pure.

The posts are cards (author, handle, date, text, platform, links short → final, where in which file, notes), with
filters by platform, file and status; the files that failed and the links that could not be resolved are listed with
their reasons; the summary heads the page.

The page makes no request of its own: the style and the script are inline, and a Content-Security-Policy allows
only those two (by their sha256), no image, font, frame or connection. Every value from a record or an error is
HTML-escaped (``& < > " '``; control characters shown escaped), only http(s) URLs are linked, and the filters read
their values from ``data-`` attributes with ``textContent``/``dataset`` only, never as markup: a post's text is
hostile input and stays text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Any, Protocol

from .._models import Citation, Link
from ._common import clean, safe_url


class _Problem(Protocol):
    path: str
    error: str
    severity: str


def _h(text: object) -> str:
    """Escaped for HTML text and attribute values, on one line with control characters shown escaped."""
    s = clean(str(text))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;").replace("'", "&#39;")


def _h_block(text: str) -> str:
    """Post text: line breaks kept (as ``<br>``), each line escaped like :func:`_h`."""
    return "<br>".join(_h(line) for line in text.splitlines() if line.strip()) or _h(text)


def _a(url: str | None, label: str | None = None) -> str:
    safe = safe_url(url)
    shown = _h(label if label is not None else (url or ""))
    if not safe:
        return f"<span class=url>{shown}</span>"
    return f'<a href="{_h(safe)}" rel="noopener noreferrer nofollow">{shown}</a>'


def status_of(c: Citation) -> str:
    """A card's status for the filter: ``failed`` (a link could not be resolved), ``pending`` (links not resolved:
    offline), ``resolved`` (every short link followed), ``no-links`` (nothing to resolve)."""
    states = {link.status for link in c.links}
    if "failed" in states:
        return "failed"
    if "pending" in states:
        return "pending"
    if "resolved" in states:
        return "resolved"
    return "no-links"


_STATUS_LABELS = {
    "failed": "a link failed",
    "pending": "links not resolved",
    "resolved": "links resolved",
    "no-links": "no short links",
}


def _paths(c: Citation) -> list[str]:
    places = c.occurrences or ((c.source,) if c.source is not None else ())
    return list(dict.fromkeys(s.path or "<text>" for s in places))


def _link_row(link: Link) -> str:
    short = _a(link.url, link.display or link.url)
    if link.status == "resolved":
        return f'<li class="link resolved">{short} → {_a(link.resolved_url)}</li>'
    if link.status == "failed":
        why = _h(link.error or "unknown reason")
        kind = f" <span class=kind>{_h(link.error_kind)}</span>" if link.error_kind else ""
        return f'<li class="link failed">{short} → <span class=why>{why}</span>{kind}</li>'
    if link.status == "pending":
        return f'<li class="link pending">{short} <span class=why>(not resolved)</span></li>'
    return f'<li class="link direct">{short}</li>'


#: Places a card lists before folding the others under "N more places".
PLACES_SHOWN = 3


def _card(c: Citation) -> str:
    status = status_of(c)
    who = _h(c.author.name) if c.author.name else ""
    handle = f"<span class=handle>@{_h(c.author.handle)}</span>" if c.author.handle else ""
    date = _h(c.published or c.date_text or "date unknown")
    paths = _paths(c)
    head = (
        f'<header><span class="platform">{_h(c.platform_name or c.platform)}</span> '
        f"<span class=author>{who or 'unknown author'}</span> {handle} "
        f'<time>{date}</time> <span class="status s-{status}">{_STATUS_LABELS[status]}</span></header>'
    )
    body = [head]
    body.append(
        f"<p class=permalink>{_a(c.url) if c.url else '<span class=none>permalink unknown</span>'}"
        f" <span class=id>{_h(c.id)}</span></p>"
    )
    if c.text:
        body.append(f"<blockquote>{_h_block(c.text)}</blockquote>")
    if c.links:
        body.append("<ul class=links>" + "".join(_link_row(link) for link in c.links) + "</ul>")
    places = c.occurrences or ((c.source,) if c.source is not None else ())
    if places:
        items = [
            f"<li><span class=file>{_h(s.path or '<text>')}</span>:{s.line} <span class=method>{_h(s.method)}</span>"
            f" <span class=offsets>[{s.start}, {s.end})</span></li>"
            for s in places
        ]
        shown, more = items[:PLACES_SHOWN], items[PLACES_SHOWN:]
        rest = f"<details><summary>{len(more)} more places</summary><ul>{''.join(more)}</ul></details>" if more else ""
        body.append(f"<ul class=places>{''.join(shown)}</ul>{rest}")
    if c.hydration is not None:
        h = c.hydration
        said = f"{_h(h.status)}" + (f" ({_h(h.error)})" if h.error else "")
        when = f" <span class=when>{_h(h.checked_at)}</span>" if h.checked_at else ""
        body.append(f"<p class=hydration>platform says: <b>{said}</b>{when}</p>")
    if c.archived is not None:
        body.append(f"<p class=archived>archived: {_a(c.archived.url)} <time>{_h(c.archived.timestamp)}</time></p>")
    if c.notes:
        body.append("<ul class=notes>" + "".join(f"<li>{_h(n)}</li>" for n in c.notes) + "</ul>")
    files = _h(json.dumps(paths, ensure_ascii=False))
    return (
        f'<article class=card data-platform="{_h(c.platform)}" data-status="{status}" data-files="{files}">'
        + "".join(body)
        + "</article>\n"
    )


def _options(values: Sequence[str], every: str, labels: dict[str, str] | None = None) -> str:
    opts = [f'<option value="">{every}</option>']
    opts += [f'<option value="{_h(v)}">{_h((labels or {}).get(v, v))}</option>' for v in values]
    return "".join(opts)


_STYLE = """
:root{color-scheme:light;--b:#d0d7de;--m:#57606a}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
main{max-width:960px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:24px 0 8px}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px;padding:0;list-style:none}
.summary li{background:#fff;border:1px solid var(--b);border-radius:6px;padding:4px 10px}
.summary b{font-size:17px}
form{display:flex;flex-wrap:wrap;gap:12px;align-items:center;background:#fff;border:1px solid var(--b);
border-radius:6px;padding:8px 12px;position:sticky;top:0}
select{font:inherit;max-width:280px}
.card{background:#fff;border:1px solid var(--b);border-radius:8px;padding:10px 14px;margin:10px 0}
.card[hidden]{display:none}
.card header{display:flex;flex-wrap:wrap;gap:6px;align-items:baseline}
.platform{font-weight:600;background:#ddf4ff;border-radius:4px;padding:0 6px}
.author{font-weight:600}.handle,time,.id,.method,.offsets,.kind{color:var(--m)}
.id,.offsets{font-size:12px}
.status{margin-left:auto;font-size:12px;border-radius:10px;padding:1px 8px;border:1px solid var(--b)}
.s-failed{background:#ffebe9;border-color:#ff8182}.s-resolved{background:#dafbe1}.s-pending{background:#fff8c5}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid var(--b);white-space:normal;overflow-wrap:anywhere}
ul{margin:4px 0;padding-left:20px}.links,.places,.notes{font-size:13px}
.failed .why{color:#cf222e}.pending .why{color:var(--m)}.notes li{color:#9a6700}
a,.url,.file{overflow-wrap:anywhere}.none{color:var(--m)}
details{font-size:13px;margin-left:20px}summary{cursor:pointer;color:var(--m)}
.problems li{margin:2px 0}.problems .error{color:#cf222e}.problems .warning{color:#9a6700}
#shown{color:var(--m)}
"""

_SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var shown = document.getElementById("shown");
  function apply() {
    var platform = form.elements.platform.value;
    var file = form.elements.file.value;
    var status = form.elements.status.value;
    var n = 0;
    cards.forEach(function (card) {
      var files = JSON.parse(card.dataset.files || "[]");
      var ok = (!platform || card.dataset.platform === platform) &&
               (!file || files.indexOf(file) >= 0) &&
               (!status || card.dataset.status === status);
      card.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + " of " + cards.length + " posts shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
"""


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


#: The page's Content-Security-Policy: its own inline style and script only (by hash), nothing fetched.
CSP = (
    f"default-src 'none'; style-src {_csp_hash(_STYLE)}; script-src {_csp_hash(_SCRIPT)}; "
    "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


def _summary_items(
    citations: Sequence[Citation], problems: Sequence[_Problem], files: int | None
) -> list[tuple[int, str]]:
    resolved = {link.url for c in citations for link in c.links if link.status == "resolved"}
    failed = {link.url for c in citations for link in c.links if link.status == "failed"}
    counted = files if files is not None else len({p for c in citations for p in _paths(c)})
    return [
        (counted, "files"),
        (len(citations), "posts"),
        (len(resolved), "links resolved"),
        (len(failed), "links unresolved"),
        (sum(1 for p in problems if p.severity == "error"), "errors"),
        (sum(1 for p in problems if p.severity != "error"), "warnings"),
    ]


def report(
    citations: Sequence[Citation],
    *,
    problems: Sequence[Any] = (),
    files: int | None = None,
    title: str = "embeds report",
) -> str:
    """The report page for ``citations`` (one record per post, as ``--format json`` gives them), the files that
    failed or warned (``problems``: :class:`embeds.FileError`), and the number of files scanned."""
    platforms = sorted({c.platform for c in citations})
    paths = sorted({p for c in citations for p in _paths(c)})
    statuses = [s for s in _STATUS_LABELS if any(status_of(c) == s for c in citations)]
    summary = "".join(f"<li><b>{n}</b> {label}</li>" for n, label in _summary_items(citations, problems, files))
    failed_links: dict[str, Link] = {}
    for c in citations:
        for link in c.links:
            if link.status == "failed":
                failed_links.setdefault(link.url, link)
    out = [
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n",
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name=viewport content="width=device-width, initial-scale=1">\n',
        '<meta name=referrer content="no-referrer">\n',
        f"<title>{_h(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n",
        f"<h1>{_h(title)}</h1>\n<ul class=summary id=summary>{summary}</ul>\n",
        "<form id=filters><label>Platform <select name=platform id=f-platform>"
        + _options(platforms, "all platforms")
        + "</select></label> <label>File <select name=file id=f-file>"
        + _options(paths, "all files")
        + "</select></label> <label>Status <select name=status id=f-status>"
        + _options(statuses, "any status", _STATUS_LABELS)
        + "</select></label> <span id=shown></span></form>\n",
        "<h2>Posts</h2>\n<section id=posts>\n",
        *(_card(c) for c in citations),
        "</section>\n",
    ]
    if problems or failed_links:
        out.append("<h2>Failures</h2>\n<section id=failures>\n")
        if problems:
            items = "".join(
                f'<li class="{"error" if p.severity == "error" else "warning"}"><span class=file>{_h(p.path)}</span>: '
                f"{'' if p.severity == 'error' else 'warning: '}{_h(p.error)}</li>"
                for p in problems
            )
            out.append(f"<h3>Files</h3>\n<ul class=problems id=file-problems>{items}</ul>\n")
        if failed_links:
            items = "".join(
                f"<li class=error>{_a(link.url)}: {_h(link.error or 'unknown reason')}"
                + (f" <span class=kind>{_h(link.error_kind)}</span>" if link.error_kind else "")
                + "</li>"
                for link in failed_links.values()
            )
            out.append(f"<h3>Links not resolved</h3>\n<ul class=problems id=link-problems>{items}</ul>\n")
        out.append("</section>\n")
    out.append(f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(out)


class HTMLReportEmitter:
    """``-f html``: :func:`report` (the CLI adds the files that failed and the file count)."""

    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm")
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        return report(citations)

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("the report is one page; write it whole")
