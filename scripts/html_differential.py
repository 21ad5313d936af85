"""Differential check for HTML extraction: this tree's ``embeds`` against a git revision's, on the same documents.

    PYTHONPATH=. python3 scripts/html_differential.py [--rev REV] [--fuzz N]

The old package is taken from ``git archive REV embeds`` into a temporary directory and imported as ``embeds_old``
(its imports are relative), so both run in one process. Compared, as ``Citation.as_dict()`` lists:

* the benchmark pages of ``bench/pages.py`` (several seeds, 0/1/3/10/20 embeds, two sizes), as HTML;
* ``seeds/*`` and ``tests/cases/*`` documents in every format (HTML regions are also parsed inside Markdown);
* ``--fuzz N`` mutants of embed markup (cut, spliced, case-changed, odd characters and constructs inserted), each
  also compared as element trees of :func:`embeds._parse.parse_html` (tags, attributes, spans, text).

Exits 1 on the first difference, printing the document.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import embeds  # noqa: E402
from embeds._parse import parse_html  # noqa: E402


def _old(rev: str, into: Path) -> ModuleType:
    data = subprocess.run(["git", "archive", rev, "embeds"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    (into / "embeds").rename(into / "embeds_old")
    sys.path.insert(0, str(into))
    return importlib.import_module("embeds_old")


def _pages() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(node: Any) -> Any:
    """An element tree as nested tuples (works for both packages' classes)."""
    if type(node).__name__ == "Text":
        return ("#text", node.text, node.start, node.end)
    return (node.tag, sorted(node.attrs.items()), node.start, node.end, [_tree(c) for c in node.children])


PIECES = [
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#",
    "&#39",
    "&#x27;",
    "&#xZZ;",
    "&mdash",
    "&nosuch;",
    "&a",
    '"',
    "'",
    "=",
    "==",
    "<!--",
    "-->",
    "--!>",
    "<!doctype html>",
    "<![CDATA[x]]>",
    "<?php x ?>",
    "<!x>",
    "</>",
    "</ p>",
    "</p foo>",
    "<br/>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "</SCRIPT >",
    "<style>",
    "</style>",
    "<a href=x/>",
    "<a href=https://x.com/a/status/1>",
    "<a/b>",
    "<a x='1'y=\"2\">",
    "<img src=x alt='a > b'>",
    "\n",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x00",
    "\xa0",
    "\u2028",
    "\u0301",
    "\u212a",
    "\u017f",
    "`",
    " ",
    "<blockquote class=twitter-tweet>",
    "</blockquote>",
    "<iframe src=https://www.youtube.com/embed/abcdefghijk>",
    "https://twitter.com/a/status/123",
    "https://bsky.app/profile/a.b/post/3kabc",
    "@handle",
    "#tag",
    ".com",
    "tweet",
    "/@",
]


def _mutate(rng: random.Random, base: str) -> str:
    s = base
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randint(0, len(s))
        if op < 0.35:
            s = s[:i] + rng.choice(PIECES) + s[i:]
        elif op < 0.5:
            j = min(len(s), i + rng.randint(1, 40))
            s = s[:i] + s[j:]
        elif op < 0.6:
            s = s[:i]
        elif op < 0.7:
            j = min(len(s), i + rng.randint(1, 60))
            s = s[:i] + s[i:j].upper() + s[j:]
        elif op < 0.8:
            k = rng.randint(0, len(s))
            s = s[:i] + s[k : k + rng.randint(1, 80)] + s[i:]
        else:
            s = s[:i] + chr(rng.choice([rng.randint(1, 127), rng.randint(128, 0x3000)])) + s[i:]
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="the revision to compare against (default HEAD)")
    ap.add_argument("--fuzz", type=int, default=3000, help="number of mutated documents (default 3000)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = _old(args.rev, Path(tmp))
        old_parse = importlib.import_module("embeds_old._parse").parse_html
        assert embeds.__file__ is not None and Path(embeds.__file__).resolve().is_relative_to(ROOT)

        old_raised = 0

        def same(doc: str, fmt: str, what: str) -> bool:
            nonlocal old_raised
            new_out = [c.as_dict() for c in embeds.extract(doc, format=fmt)]
            try:
                old_out = [c.as_dict() for c in old.extract(doc, format=fmt)]
            except AssertionError:  # the old tree builder raised on some markup (`<![` + not a name): new must not
                old_raised += 1
                return True
            if new_out != old_out:
                print(f"DIFFERENT ({fmt}): {what}\n{doc[:3000]!r}")
                return False
            return True

        def same_tree(doc: str, what: str) -> bool:
            new_tree = _tree(parse_html(doc, 7))
            try:
                old_tree = _tree(old_parse(doc, 7))
            except AssertionError:
                return True
            if new_tree != old_tree:
                print(f"DIFFERENT TREE: {what}\n{doc[:3000]!r}")
                return False
            return True

        n = 0
        pages = _pages()
        for size in (60_000, 300_000):
            for count in (0, 1, 3, 10, 20):
                for seed in range(4):
                    if not same(pages.page(seed, size=size, embeds=count), "html", f"page {seed} {size} {count}"):
                        return 1
                    n += 1
        files = [p for d in ("seeds", "tests/cases") for p in sorted((ROOT / d).iterdir())]
        files = [p for p in files if not p.name.endswith(".json") and p.suffix in (".html", ".md", ".txt")]
        bases: list[str] = [*pages.EMBEDS]
        for p in files:
            text = p.read_text(encoding="utf-8")
            for fmt in ("html", "markdown", "text"):
                if not same(text, fmt, str(p)):
                    return 1
                n += 1
            if not same_tree(text, str(p)):
                return 1
            if p.suffix == ".html":
                bases.append(text)
        rng = random.Random(args.seed)
        for k in range(args.fuzz):
            base = rng.choice(bases)
            if len(base) > 4000:
                i = rng.randrange(len(base))
                base = base[i : i + rng.randint(200, 4000)]
            doc = _mutate(rng, base)
            if not same_tree(doc, f"fuzz {k}") or not same(doc, "html", f"fuzz {k}"):
                return 1
            if k % 10 == 0 and not same(doc, "markdown", f"fuzz {k}"):
                return 1
            n += 1
        print(f"identical: {n} documents (and {args.fuzz} fuzzed trees) against {args.rev}", end="")
        print(f"; {old_raised} raised in {args.rev} only" if old_raised else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
