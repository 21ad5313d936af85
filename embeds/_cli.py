"""The ``embeds`` command: a thin layer over the library. ``main(argv) -> exit code``."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import sys
from collections.abc import Sequence

from ._emit import EMITTERS, emitter_for, format_for_path
from ._exceptions import InputError
from ._normalize import NormalizeOptions
from ._resolve import ResolveOptions
from ._scan import ScanOptions, ScanResult, ascan
from ._sources import DEFAULT_INCLUDE, read_authors
from ._version import __version__

_DEFAULTS = ResolveOptions()

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2

EXAMPLES = """\
examples:
  embeds scan seeds/                        readable list of the posts found under seeds/
  embeds scan article.html --format json    normalized citation records as JSON
  embeds scan corpus/ --format jsonl -o posts.jsonl
  embeds scan seeds/ --format apa           APA 7 reference list (also mla, chicago, chicago-17,
                                            chicago-author-date; add -md or -html for Markdown or HTML)
  embeds scan seeds/ -o refs.bib            BibLaTeX (.bib), CSL-JSON (.csl.json), RIS (.ris)
  embeds scan notes.md --no-resolve         extract only, no network
  cat page.html | embeds scan - --input-format html

exit codes:
  0  everything scanned (links that could not be resolved are reported, not failures, unless --fail-on says so)
  1  some files (or, with --fail-on links|any, links) failed
  2  usage error
"""


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _positive_float(value: str) -> float:
    x = float(value)
    if x <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {x}")
    return x


def _access_date(value: str) -> str:
    if value == "today":
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or 'today', not {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="embeds",
        description="Find the social-media posts documents embed or cite, and turn them into citations.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"embeds {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    scan = sub.add_parser(
        "scan",
        help="scan files and directories for embedded and cited posts",
        description="Scan files and directories (recursively) for embedded and cited posts.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to scan; - reads standard input")
    scan.add_argument(
        "-f",
        "--format",
        choices=sorted(EMITTERS),
        metavar="FORMAT",
        help="output format: text, json, jsonl, csl-json, biblatex, bibtex, ris, or a bibliography: apa, mla, "
        "chicago (18th ed.), chicago-17, chicago-author-date, each also as -md (Markdown) and -html "
        "(default: from the -o file's extension, else text)",
    )
    scan.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of standard output")
    scan.add_argument(
        "--input-format",
        choices=("text", "markdown", "html"),
        help="treat every input as this format (default: detect per file)",
    )
    scan.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"file name pattern to scan under directories (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )
    scan.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="file or path pattern to skip (repeatable)"
    )
    scan.add_argument("--no-resolve", action="store_true", help="do not follow short links (no network access)")
    scan.add_argument("--offline", action="store_true", help="same as --no-resolve")
    scan.add_argument(
        "--concurrency", type=_positive_int, default=_DEFAULTS.concurrency, help="link requests in flight at once"
    )
    scan.add_argument(
        "--per-host", type=_positive_int, default=_DEFAULTS.per_host, help="link requests in flight per host"
    )
    scan.add_argument(
        "--timeout",
        type=_positive_float,
        default=_DEFAULTS.read_timeout,
        metavar="SECONDS",
        help="read timeout per request",
    )
    scan.add_argument(
        "--fail-on",
        choices=("none", "files", "links", "any"),
        default="files",
        help="what makes the exit code 1: files that failed (default), links that failed, either, or nothing",
    )
    scan.add_argument(
        "--platform-name",
        choices=("at-publication", "current"),
        default="at-publication",
        help="cite Twitter/X by its name when the post was published (Twitter before July 2023; default) "
        "or by its current name (X)",
    )
    scan.add_argument(
        "--authors",
        metavar="FILE",
        help="author overrides (JSON or TOML): handle → {kind: person|organization, name, given, family}",
    )
    scan.add_argument(
        "--accessed",
        metavar="DATE",
        type=_access_date,
        help="access date to record (YYYY-MM-DD, or 'today'): CSL accessed, BibLaTeX urldate, RIS Y2",
    )
    scan.add_argument("-q", "--quiet", action="store_true", help="no summary line on standard error")
    return parser


def _summary(result: ScanResult) -> str:
    posts = len(result.citations)
    parts = [
        f"{result.files} file{'s' if result.files != 1 else ''}",
        f"{posts} post{'s' if posts != 1 else ''}",
        f"links {result.links_resolved} resolved, {result.links_failed} unresolved",
        f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}",
    ]
    return "embeds: " + ", ".join(parts)


def _run_scan(args: argparse.Namespace) -> int:
    fmt = args.format or (format_for_path(args.output) if args.output else None) or "text"
    emitter = emitter_for(fmt)
    options = ScanOptions(
        include=tuple(args.include) if args.include else DEFAULT_INCLUDE,
        exclude=tuple(args.exclude),
        format=args.input_format,
        resolve=not (args.no_resolve or args.offline),
        resolve_options=ResolveOptions(concurrency=args.concurrency, per_host=args.per_host, read_timeout=args.timeout),
        normalize_options=NormalizeOptions(
            platform_name=args.platform_name,
            authors=read_authors(args.authors) if args.authors else {},
            accessed=args.accessed,
        ),
    )
    result = asyncio.run(ascan(args.paths, options=options))
    output = emitter.dumps(result.citations)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(output)
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    for error in result.errors:
        print(f"embeds: {error.path}: {error.error}", file=sys.stderr)
    if not args.quiet:
        print(_summary(result), file=sys.stderr)
    failed_files = bool(result.errors)
    failed_links = result.links_failed > 0
    if (args.fail_on in ("files", "any") and failed_files) or (args.fail_on in ("links", "any") and failed_links):
        return EXIT_FAILURES
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _run_scan(args)
    except InputError as exc:
        print(f"embeds: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"embeds: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print("embeds: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover - exercised through python -m embeds
    sys.exit(main())
