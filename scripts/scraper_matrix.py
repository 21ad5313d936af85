"""The scraper matrix: what each HTML-to-text tool keeps of each platform's embeds, and what embeds recovers from it.

    python3 scripts/scraper_matrix.py            # run the tools now, print the tool × platform table (Markdown)
    python3 scripts/scraper_matrix.py --table    # print it from tests/scrapers/expected.tsv, running nothing
    python3 scripts/scraper_matrix.py -v         # also list every surviving post embeds does not recover
    python3 scripts/scraper_matrix.py --write    # rewrite tests/scrapers/expected.tsv (after checking the diff)
    python3 scripts/scraper_matrix.py --show html2text 001_first_tweet.html   # one tool's output for one document

The tools, the documents (HTML seeds and cases holding a post) and the rules for "survives" and "recovered" are in
``tests/scrapertools.py``; ``tests/test_scrapers.py`` fails when the table and the tools disagree.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import scrapertools as st  # noqa: E402


def markdown(rows: list[st.Row]) -> str:
    posts = [r for r in rows if r.post != "extra"]
    platforms = sorted({st.platform_of(r) for r in posts}, key=lambda p: (p != "twitter", p))
    tools = list(dict.fromkeys(r.tool for r in rows))
    fmt = {t.name: t.format for t in st.TOOLS}
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    extras: dict[str, int] = defaultdict(int)
    for r in rows:
        if r.post == "extra":
            extras[r.tool] += int(r.recovered)
            continue
        for key in ((r.tool, st.platform_of(r)), (r.tool, "all")):
            cell = cells[key]
            cell[0] += r.recovered == "yes"
            cell[1] += r.survives != "-" and r.recovered != "-"
            cell[2] += 1
    head = ["tool", "reads as", *platforms, "all", "extra"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for tool in tools:
        row = [tool, fmt.get(tool, "?")]
        for p in [*platforms, "all"]:
            rec, surv, total = cells[(tool, p)]
            row.append(f"{rec}/{surv}/{total}" if total else "")
        row.append(str(extras[tool]))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append(
        "Cells: recovered / survived / posts. *Survived*: the post's permalink, or its `@handle` and, near it, the "
        "first five words of its text, are in the tool's output; *recovered*: `embeds.extract` on that output "
        "gives the post with every surviving field (id, handle, date, text start) right; *extra*: records that are "
        "of no post of the document."
    )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description="the scraper matrix: tool × platform, survived / recovered")
    ap.add_argument("--table", action="store_true", help="read tests/scrapers/expected.tsv instead of running tools")
    ap.add_argument("--write", action="store_true", help="rewrite tests/scrapers/expected.tsv")
    ap.add_argument("-v", "--verbose", action="store_true", help="list surviving posts not recovered")
    ap.add_argument("--show", nargs=2, metavar=("TOOL", "DOCUMENT"), help="print one tool's output for a document")
    args = ap.parse_args()
    if args.show:
        tool, name = args.show
        path = next(p for p in st.documents() if p.name == name)
        print(st.output(tool, path))
        return 0
    rows = st.read_table() if args.table else st.compute()
    if args.write:
        st.write_table(rows)
        print(f"wrote {st.TABLE.relative_to(ROOT)} ({len(rows)} rows)", file=sys.stderr)
    print(markdown(rows))
    if args.verbose:
        print()
        for r in rows:
            if r.recovered not in ("yes", "-", "0"):
                print(r.tsv())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
