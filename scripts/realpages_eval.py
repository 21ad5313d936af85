"""Score extraction on saved real pages against hand-checked ground truth: recall, precision, per-field accuracy.

    python3 scripts/realpages_eval.py DIR [--truth DIR/truth.json] [--platform twitter] [-v]

``DIR`` holds the saved pages (kept outside the repository: third-party pages are not ours to commit);
``truth.json`` maps each file name to the posts it embeds::

    {"page.html": [{"platform": "twitter", "post_id": "20", "handle": "jack", "name": "jack",
                    "date": "2006-03-21", "text_start": "just setting up my twttr"}]}

A file listed with ``[]`` is a page that embeds nothing (share buttons, timelines): every embed found there is an
extra. Each page is read with ``embeds.extract(text, format="html")``; only records of ``kind == "embed"`` are
scored, records of ``kind == "link"`` (plain links to posts) are counted separately. ``--platform`` scores one
platform only (the truth and the findings alike).

Fields: ``handle`` (without ``@``, case-insensitive), ``name`` (spaces normalised), ``date`` (the record's
``published``, ISO date), ``text`` (the record's text starts with ``text_start``, spaces normalised). A truth value
of ``null`` means the markup does not show it: the record must leave it empty too. ``-v`` lists every miss, extra
and wrong field.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import embeds  # noqa: E402

FIELDS = ("handle", "name", "date", "text")


def _norm(s: str | None) -> str | None:
    if s is None:
        return None
    return " ".join(unicodedata.normalize("NFC", html.unescape(s)).split())


def _field_ok(field: str, want: Any, got: dict[str, Any]) -> tuple[bool, Any]:
    """Is the record's ``field`` right? Returns the verdict and the value found."""
    author = got.get("author") or {}
    if field == "handle":
        value = author.get("handle")
        if want is None or value is None:
            return want is None and value is None, value
        return value.lstrip("@").casefold() == str(want).lstrip("@").casefold(), value
    if field == "name":
        value = author.get("name")
        return _norm(value) == _norm(want), value
    if field == "date":
        value = got.get("published")
        value = str(value)[:10] if value else None
        return value == want, value
    value = got.get("text")
    if want is None or value is None:
        return want is None and value is None, value
    return (_norm(value) or "").startswith(_norm(want) or ""), value[:60]


def main() -> int:
    ap = argparse.ArgumentParser(description="recall, precision and field accuracy on saved real pages")
    ap.add_argument("directory", type=Path)
    ap.add_argument("--truth", type=Path, help="ground truth (default: DIRECTORY/truth.json)")
    ap.add_argument("--platform", help="score this platform only")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong fields")
    args = ap.parse_args()
    truth: dict[str, list[dict[str, Any]]] = json.loads((args.truth or args.directory / "truth.json").read_text())

    def wanted(platform: str) -> bool:
        return args.platform is None or platform == args.platform

    n_truth = n_found = n_hit = n_all_right = n_links = 0
    right: Counter[str] = Counter()
    lines: list[str] = []
    for name in sorted(truth):
        text = (args.directory / name).read_text(encoding="utf-8", errors="replace")
        records = [c.as_dict() for c in embeds.extract(text, format="html", source=name)]
        found = {(r["platform"], r["post_id"]): r for r in records if r["kind"] == "embed" and wanted(r["platform"])}
        links = [r for r in records if r["kind"] != "embed" and wanted(r["platform"])]
        n_links += len(links)
        expected = [t for t in truth[name] if wanted(t["platform"])]
        n_truth += len(expected)
        n_found += len(found)
        keys = {(t["platform"], str(t["post_id"])) for t in expected}
        for t in expected:
            key = (t["platform"], str(t["post_id"]))
            got = found.get(key)
            if got is None:
                lines.append(f"{name}: MISS {key[0]}:{key[1]}")
                continue
            n_hit += 1
            all_ok = True
            for field in FIELDS:
                want = t.get("text_start" if field == "text" else field)
                ok, value = _field_ok(field, want, got)
                right[field] += ok
                all_ok &= ok
                if not ok:
                    lines.append(f"{name}: WRONG {key[0]}:{key[1]} {field}: want {want!r}, got {value!r}")
            n_all_right += all_ok
        for key, r in found.items():
            if key not in keys:
                lines.append(f"{name}: EXTRA {key[0]}:{key[1]} ({r['source']['method']}) {r.get('url')}")
        for r in links:
            lines.append(f"{name}: link {r['platform']}:{r['post_id']} {r.get('url')}")

    def pct(a: int, b: int) -> str:
        return f"{a / b:6.1%}" if b else "   n/a"

    print(f"pages {len(truth)}, posts in truth {n_truth}, embeds found {n_found}, matched {n_hit}, links {n_links}")
    print(f"recall    {pct(n_hit, n_truth)}  ({n_hit}/{n_truth})")
    print(f"precision {pct(n_hit, n_found)}  ({n_hit}/{n_found})")
    print(f"id        {pct(n_hit, n_hit)}  (matching is by platform and id)")
    for field in FIELDS:
        print(f"{field:<9} {pct(right[field], n_hit)}  ({right[field]}/{n_hit})")
    print(f"all fields {pct(n_all_right, n_hit)}  ({n_all_right}/{n_hit})")
    if args.verbose:
        print("\n".join(lines))
    return 0


# ---- several forms and splits (scripts/realpages_fetch.py) --------------------------------------------------------


def load_truth(path: Path) -> dict[str, list[dict[str, Any]]]:
    """``{page: [posts]}``: a plain mapping, or the ``pages`` of a file that also carries notes (``_about``, …)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = data.get("pages") if isinstance(data.get("pages"), dict) else data
    return {k: v for k, v in pages.items() if not k.startswith("_")}


class Tally:
    """Counts of one (split, form): truth posts (that survived the form), found embeds, matches, right fields."""

    def __init__(self) -> None:
        self.pages = self.truth = self.lost = self.found = self.extra = self.hit = self.all_right = self.links = 0
        self.right: Counter[str] = Counter()
        self.asked: Counter[str] = Counter()
        self.lines: list[str] = []


def _score_html(t: Tally, name: str, text: str, expected: list[dict[str, Any]]) -> None:
    records = [c.as_dict() for c in embeds.extract(text, format="html", source=name)]
    found = {(r["platform"], r["post_id"]): r for r in records if r["kind"] == "embed"}
    t.links += sum(1 for r in records if r["kind"] != "embed")
    t.truth += len(expected)
    t.found += len(found)
    keys = {(e["platform"], str(e["post_id"])) for e in expected}
    for e in expected:
        key = (e["platform"], str(e["post_id"]))
        got = found.get(key)
        if got is None:
            t.lines.append(f"{name}: MISS {key[0]}:{key[1]}")
            continue
        t.hit += 1
        all_ok = True
        for field in FIELDS:
            ok, value = _field_ok(field, e.get("text_start" if field == "text" else field), got)
            t.asked[field] += 1
            t.right[field] += ok
            all_ok &= ok
            if not ok:
                want = e.get("text_start" if field == "text" else field)
                t.lines.append(f"{name}: WRONG {key[0]}:{key[1]} {field}: want {want!r}, got {value!r}")
        t.all_right += all_ok
    for key, r in found.items():
        if key not in keys:
            t.extra += 1
            t.lines.append(f"{name}: EXTRA {key[0]}:{key[1]} ({r['source']['method']}) {r.get('url')}")


def _as_post(e: dict[str, Any]) -> dict[str, Any]:
    """A truth label in the scraper matrix's shape (tests/scrapertools.py)."""
    return {
        "platform": e["platform"],
        "post_id": e.get("post_id"),
        "author": {"handle": e.get("handle")},
        "text": e.get("text_start"),
        "date_text": e.get("date_text"),
        "published": e.get("date"),
    }


def _score_scraped(t: Tally, name: str, out: str, fmt: str, expected: list[dict[str, Any]]) -> None:
    import scrapertools as st

    records = [c.as_dict() for c in embeds.extract(out, format=fmt, source=name)] if out.strip() else []
    # a post is recovered by any record (a permalink left as a link counts); precision is over embed records, as in
    # HTML: a plain link to a post in the article is a right finding of kind "link", counted apart
    embeds_found = [r for r in records if r["kind"] == "embed"]
    t.links += len(records) - len(embeds_found)
    t.found += len(embeds_found)
    posts = [_as_post(e) for e in expected]
    for post in posts:
        fields = st.surviving_fields(post, out, fmt)
        if not st.survives(fields):
            t.lost += 1
            continue
        t.truth += 1
        verdict = st.recovered(post, records, fields)
        key = st.post_key(post)
        if verdict == "no":
            t.lines.append(f"{name}: MISS {key} (survives: {','.join(fields)})")
            continue
        t.hit += 1
        t.all_right += verdict == "yes"
        wrong = verdict.removeprefix("wrong:").split(",") if verdict != "yes" else []
        for field in fields:
            t.asked[field] += 1
            t.right[field] += field not in wrong
        if wrong:
            t.lines.append(f"{name}: WRONG {key} {','.join(wrong)} (survives: {','.join(fields)})")
    for r in embeds_found:
        if not any(st._is_of(r, p) for p in posts):
            t.extra += 1
            t.lines.append(
                f"{name}: EXTRA {r['platform']}:{r['post_id']} @{(r.get('author') or {}).get('handle')} "
                f"{(r.get('text') or '')[:50]!r}"
            )


def scraped(directory: Path, names: list[str], form: str) -> dict[str, str]:
    """The tool's output for each page: kept on disk beside the pages (``../outputs/FORM/``, dropped when a tool's
    version changes), computed in a process per core when missing."""
    import hashlib
    import os
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    sys.path.insert(0, str(ROOT / "tests"))
    import scrapertools as st

    cache = directory.parent / "outputs" / form
    stamp = cache / "versions.txt"
    versions = st.versions()
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != versions:
        if cache.exists():
            for old in cache.iterdir():
                old.unlink()
        cache.mkdir(parents=True, exist_ok=True)
        stamp.write_text(versions, encoding="utf-8")
    files = {n: cache / (hashlib.sha256((directory / n).read_bytes()).hexdigest() + ".txt") for n in names}
    todo = [n for n in names if not files[n].exists()]
    if todo:
        jobs = min(len(todo), os.cpu_count() or 1)
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            outs = pool.map(st.run_file, [form] * len(todo), [str(directory / n) for n in todo], chunksize=8)
            for name, out in zip(todo, outs, strict=True):
                files[name].write_text(out, encoding="utf-8")
    return {n: files[n].read_text(encoding="utf-8") for n in names}


def evaluate(directory: Path, truth: dict[str, list[dict[str, Any]]], form: str, names: list[str]) -> Tally:
    """Score one form (``html`` or a tool of tests/scrapertools.py) on the pages ``names``."""
    sys.path.insert(0, str(ROOT / "tests"))
    import scrapertools as st

    tool = next((x for x in st.TOOLS if x.name == form), None)
    outputs = scraped(directory, names, form) if tool is not None else {}
    t = Tally()
    for name in names:
        t.pages += 1
        if tool is None:
            _score_html(t, name, (directory / name).read_text(encoding="utf-8", errors="replace"), truth[name])
        else:
            _score_scraped(t, name, outputs[name], tool.format, truth[name])
    return t


def report(
    directory: Path,
    truth_path: Path,
    *,
    forms: tuple[str, ...],
    splits: tuple[str, ...],
    split_of: Any,
    verbose: bool = False,
) -> int:
    """Print one table row per (split, form): recall, precision, field accuracy; ``verbose`` lists the misses."""
    truth = load_truth(truth_path)

    def pct(a: int, b: int) -> str:
        return f"{a / b:.1%}" if b else "n/a"

    # precision: embed records that are of a labelled post (its id, or its handle or text start in scraped forms)
    head = "| split | form | pages | posts | lost by the form | recall | precision | all fields | fields |"
    print(head)
    print("|---|---|---|---|---|---|---|---|---|")
    listings = []
    for split in splits:
        names = sorted(n for n in truth if split_of(n) == split)
        for form in forms:
            t = evaluate(directory, truth, form, names)
            fields = ", ".join(f"{f} {pct(t.right[f], t.asked[f])}" for f in sorted(t.asked))
            print(
                f"| {split} | {form} | {t.pages} | {t.truth} | {t.lost} | {pct(t.hit, t.truth)} ({t.hit}/{t.truth}) "
                f"| {pct(t.found - t.extra, t.found)} ({t.found - t.extra}/{t.found}) | {pct(t.all_right, t.hit)} "
                f"| {fields} |"
            )
            listings += [f"[{split} {form}] {line}" for line in t.lines]
    if verbose:
        print("\n".join(listings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
