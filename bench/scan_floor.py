"""Text scanning against a floor: embeds' per-file work vs a bare ``regex.finditer`` pass over the same files.

    python bench/scan_floor.py [--mb 20] [--ext txt html md]

On a corpus from ``bench/corpus.py`` (generated once under ``bench/.corpus-<mb>``), per file extension, in one
process (no start-up, no pool), best of 3, both in the same run:

* floor: read the file, one ``regex.finditer`` pass over it for URLs, mentions and hashtags (what any scanner must
  at least do), matches counted;
* embeds: read it (``embeds.read_document``), ``extract_document``, the short-link candidates, ``normalize`` and one
  JSON line per record (what ``embeds scan --no-resolve -f jsonl`` does per file).

Prints MB/s of each and the ratio. The two-core speed-up of the whole command is ``bench/scan.py --jobs 1 2``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import regex
from corpus import generate

from embeds import normalize, read_document
from embeds._extract import extract_document
from embeds._shortlinks import short_link_candidates

ROOT = Path(__file__).resolve().parent.parent
FLOOR = regex.compile(r"https?://[^\s<>\"']+|[@#][\w]+")


def floor(files: list[Path]) -> int:
    n = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        for _ in FLOOR.finditer(text):
            n += 1
    return n


def embeds_pass(files: list[Path]) -> int:
    n = 0
    for f in files:
        doc = read_document(str(f))
        found = extract_document(doc)
        short_link_candidates(doc.text, found, doc.path)
        for c in normalize(found):
            n += len(json.dumps(c.as_dict(), ensure_ascii=False))
    return n


def best(fn, files: list[Path]) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn(files)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=20.0)
    p.add_argument("--ext", nargs="+", default=["txt", "md", "html"])
    args = p.parse_args()
    corpus = ROOT / "bench" / f".corpus-{int(args.mb)}"
    if not corpus.exists():
        generate(corpus, args.mb)
    for ext in args.ext:
        files = sorted(corpus.rglob(f"*.{ext}"))
        mb = sum(f.stat().st_size for f in files) / 1e6
        t_floor, t_embeds = best(floor, files), best(embeds_pass, files)
        print(
            f"{ext:5} {len(files):4} files {mb:6.1f} MB: floor {mb / t_floor:7.1f} MB/s,"
            f" embeds {mb / t_embeds:6.1f} MB/s = {t_embeds / t_floor:5.1f}x the floor"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
