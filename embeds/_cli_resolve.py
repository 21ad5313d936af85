"""``embeds resolve``: follow the URLs given on standard input, in a file, or in a CSV column, and write each one's
redirect chain and final URL (jsonl or CSV). The same resolver as ``embeds scan``: cache, per-host politeness,
``Retry-After``, the address guard, ``--record``/``--record-warc``/``--replay``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from ._emit._csv import neutralize
from ._exceptions import InputError
from ._resolve import Resolution, ResolveOptions
from ._scan import transport_for
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:  # the resolver (httpx) loads when links are resolved, not to build the parser
    from ._resolve import SQLiteCache

#: The CSV columns of ``embeds resolve -f csv``, in order.
RESOLVE_COLUMNS = ("url", "final_url", "status", "ok", "hops", "chain", "error_kind", "error", "from_cache")

EXAMPLES = """\
examples:
  embeds resolve urls.txt                       one URL a line; writes jsonl: url, final_url, chain, error
  printf 'https://t.co/4dQcLYEsK6\\n' | embeds resolve
  embeds resolve links.csv --column url -o resolved.csv
  embeds resolve urls.txt --replay fixtures/replay     from recorded exchanges only (a directory or a .warc.gz)
  embeds resolve urls.txt --record-warc run.warc.gz    resolve live, keeping every exchange as WARC
"""


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register the ``resolve`` subcommand (``common`` holds the resolver options shared with ``scan``)."""
    p = sub.add_parser(
        "resolve",
        parents=[common],
        help="follow URLs (stdin, a file, a CSV column) and write each chain and final URL",
        description="Follow URLs and write each one's redirect chain and final URL.\n\n" + EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "input",
        nargs="?",
        default="-",
        metavar="FILE",
        help="one URL a line (blank lines and lines starting with # skipped), or a CSV/TSV file with --column; "
        "- or nothing reads standard input",
    )
    p.add_argument(
        "--column",
        metavar="NAME",
        help="read the URLs from this column of a CSV file (TSV for .tsv; a .csv/.tsv file's default: url)",
    )
    p.add_argument(
        "-f",
        "--format",
        type=str.lower,
        choices=("jsonl", "csv", "tsv"),
        help="jsonl (default), csv or tsv (default: from the -o file's extension)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument(
        "--fail-on",
        choices=("none", "links"),
        default="none",
        help="exit 1 when a URL could not be resolved (links), or never (none; the default)",
    )


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        url = line.strip()
        if url and not url.startswith("#"):
            yield url


def _column(stream: TextIO, column: str, delimiter: str) -> Iterator[str]:
    reader = csv.DictReader(stream, delimiter=delimiter)
    if reader.fieldnames is None or column not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or ()) or "no header"
        raise InputError(f"no column {column!r} in the input (columns: {found})")
    for row in reader:
        url = (row.get(column) or "").strip()
        if url:
            yield url


def read_urls(text: str, *, column: str | None = None, delimiter: str = ",") -> list[str]:
    """The URLs of an input: one a line, or the non-empty cells of ``column`` (a leading ``'`` that a spreadsheet
    export put before a formula character is dropped). Duplicates are kept (one output row per input row)."""
    stream = io.StringIO(text)
    urls = list(_column(stream, column, delimiter) if column else _lines(stream))
    return [u[1:] if u.startswith("'") and u[1:2] in ("=", "+", "-", "@") else u for u in urls]


def resolution_record(r: Resolution) -> dict[str, Any]:
    """The jsonl record of one resolution."""
    return {"schema_version": SCHEMA_VERSION, "kind": "resolution", **r.as_dict()}


def _csv_row(r: Resolution) -> dict[str, str]:
    row = {
        "url": r.url,
        "final_url": r.final_url,
        "status": "" if r.status is None else str(r.status),
        "ok": "true" if r.ok else "false",
        "hops": str(len(r.chain)),
        "chain": "|".join(h.url.replace("\\", "\\\\").replace("|", "\\|") for h in r.chain),
        "error_kind": r.error_kind or "",
        "error": r.error or "",
        "from_cache": "true" if r.from_cache else "false",
    }
    return {k: neutralize(v) for k, v in row.items()}


def _write(results: list[Resolution], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for r in results:
            out.write(json.dumps(resolution_record(r), ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, RESOLVE_COLUMNS, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n")
    writer.writeheader()
    for r in results:
        writer.writerow(_csv_row(r))


async def _resolve_all(
    urls: list[str], options: ResolveOptions, cache: SQLiteCache | None, args: Any
) -> list[Resolution]:
    transport = transport_for(options, record=args.record, replay=args.replay, warc=args.record_warc)
    from ._resolve import AsyncResolver

    async with AsyncResolver(cache=cache, options=options, transport=transport) as resolver:
        done = await resolver.resolve_many(urls)
    return [done[u] for u in urls]


def run(args: argparse.Namespace, options: ResolveOptions, cache: SQLiteCache | None) -> int:
    """Run ``embeds resolve``; returns the exit code (1 when a URL could not be resolved and ``--fail-on`` says so)."""
    if args.input == "-":
        text = sys.stdin.read()
    else:
        with open(args.input, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    name = args.input.lower()
    delimiter = "\t" if name.endswith((".tsv", ".tab")) else ","
    column = args.column or ("url" if name.endswith((".csv", ".tsv", ".tab")) else None)
    urls = read_urls(text, column=column, delimiter=delimiter)
    out_name = (args.output or "").lower()
    fmt = args.format or ("csv" if out_name.endswith(".csv") else "tsv" if out_name.endswith(".tsv") else "jsonl")
    import asyncio

    results = asyncio.run(_resolve_all(urls, options, cache, args))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            _write(results, fmt, out)
    else:
        _write(results, fmt, sys.stdout)
        sys.stdout.flush()
    failed = {r.url for r in results if not r.ok}
    if not args.quiet:
        distinct = len(set(urls))
        print(
            f"embeds: {len(urls)} URLs ({distinct} distinct), "
            f"{distinct - len(failed)} resolved, {len(failed)} unresolved",
            file=sys.stderr,
        )
    return 1 if failed and args.fail_on == "links" else 0
