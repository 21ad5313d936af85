"""Print the seeds gate's precision and recall per platform and per format (and what did not match).

    python3 scripts/seed_report.py [--cases] [-v]

``--cases`` scores the extraction case files under tests/cases instead of seeds/; ``-v`` lists the misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from seedgate import SEEDS, match_document, render_table, score_table, seed_documents  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description="precision and recall of extraction on labelled documents")
    ap.add_argument("--cases", action="store_true", help="score tests/cases instead of seeds/")
    ap.add_argument("-v", "--verbose", action="store_true", help="list expected records missed and extra findings")
    args = ap.parse_args()
    directory = ROOT / "tests" / "cases" if args.cases else SEEDS
    paths = list(seed_documents(directory))
    table = score_table(paths)
    print(render_table(table))
    if args.verbose:
        for path in paths:
            _, missed, extra = match_document(path)
            for label, records in (("missed", missed), ("extra", extra)):
                for r in records:
                    print(f"{path.name}: {label}: {json.dumps(r, ensure_ascii=False)[:300]}")
    total = table.get(("all", "all"))
    return 0 if total is None or (total.precision == 1.0 and total.recall == 1.0) else 1


if __name__ == "__main__":
    raise SystemExit(main())
