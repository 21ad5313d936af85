"""Differential check of :func:`embeds.entities`: this tree's against the one at a git revision.

Both run on the same texts: the bench's generated tweets (``bench/entities.py``), the seeds (``seeds/*``, whole
and line by line), twitter-text's conformance texts (when cached, see ``scripts/conformance.py``), the
pathological inputs of ``bench/pathological.py`` (short) and random strings over an alphabet of URL, sigil and
script fragments. Any difference in kinds, values, offsets or platforms is printed.

    python3 scripts/entities_diff.py [--rev main] [--fuzz 200000]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import embeds
from embeds._extract._entities import entities

ROOT = Path(__file__).resolve().parent.parent
#: fragments the random strings are made of: what the URL, mention and tag rules look at
FRAGMENTS = (
    *"aZ09_-.,/:;?!()[]{}'\"`~@#$%&=+*|<> \n\t\u00a0\u3000é日ñЖ\u200d\u0300\ufe0f\uff20\uff03",
    "http://", "https://", "HTTPS://", "t.co/", "www.", ".com", ".co", ".jp", ".tv", ".org", ".みんな", "xn--p1ai",
    ".social", "@a@b.c", "rt", "RT:", "bsky", "example", "wiki", "(film)", "((a))", "?q=1", "#x", ":80",
    "@jack", "#tag", "$AAPL", "$BRK.A", "a" * 21, "foo_bar", ".html", "socialView",
)  # fmt: skip


def _old(rev: str) -> Callable[[str], object]:
    """``entities`` as of ``rev``, loaded as a module of this package (its relative imports resolve here)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:embeds/_extract/_entities.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "_entities_old.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("embeds._extract._entities_old", path)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.entities  # type: ignore[no-any-return]


def _texts(fuzz: int) -> Iterator[str]:
    sys.path.append(str(ROOT / "bench"))  # appended: bench modules never shadow the standard library
    from entities import corpus  # type: ignore[import-not-found]
    from pathological import CASES  # type: ignore[import-not-found]

    for seed in (2026, 1, 2):
        yield from corpus(20_000, seed)
    for path in sorted((ROOT / "seeds").iterdir()):
        if not path.name.endswith(".json"):
            text = path.read_text(encoding="utf-8")
            yield text
            yield from text.splitlines()
    cache = Path.home() / ".cache" / "embeds" / "npm"
    for yml in sorted(cache.glob("twitter-text-*/**/*.yml")):
        import yaml

        def walk(node: object) -> Iterator[str]:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "text" and isinstance(value, str):
                        yield value
                    else:
                        yield from walk(value)
            elif isinstance(node, list):
                for value in node:
                    yield from walk(value)

        yield from walk(yaml.safe_load(yml.read_text(encoding="utf-8")))
    for make in CASES.values():
        yield make(300) + " a.com"
    rng = random.Random(7)
    for _ in range(fuzz):
        yield "".join(rng.choices(FRAGMENTS, k=rng.randint(1, 40)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="git revision to compare against (default: main)")
    parser.add_argument("--fuzz", type=int, default=200_000, help="number of random strings (default: 200000)")
    args = parser.parse_args(argv)
    old = _old(args.rev)
    print(f"new: {embeds.__file__}; old: embeds/_extract/_entities.py at {args.rev}")
    count = differences = 0
    for text in _texts(args.fuzz):
        count += 1
        want, got = old(text), entities(text)
        if want != got:
            differences += 1
            if differences <= 20:
                print(f"text: {text!r}\n  old: {want}\n  new: {got}")
    print(f"{count} texts, {differences} difference(s)")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
