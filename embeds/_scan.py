"""Scanning files end to end: sources → parse/extract → resolve → normalize.

* :func:`iter_extract` reads and extracts files one at a time, in a process pool when there are many (every core),
  keeping only a small window of files in flight: memory stays flat however large the corpus.
* :func:`aiter_scan` overlaps link resolution with extraction: each file's short links start resolving as soon as the
  file is extracted, and files come out in order, their links resolved (one :class:`FileResult` at a time).
* :func:`ascan` / :func:`scan` collect everything into a :class:`ScanResult`, one record per distinct post.

A file that cannot be read becomes a :class:`FileError` and the scan goes on; nothing found elsewhere is lost.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from ._exceptions import DocumentError, InputError
from ._extract import extract_document
from ._log import logger
from ._models import _SURROGATES, Citation, Document, _as_dict, _replace_surrogates
from ._normalize import NormalizeOptions, combine, finish, normalize
from ._pool import FileTimeout, InProcessLimit, WorkerPool, pool_context
from ._resolve import Resolution, ResolveOptions, needs_resolving
from ._resolve._archive import ARCHIVE_ENDPOINTS
from ._shortlinks import cite_short_links, short_link_candidates
from ._sources import DEFAULT_INCLUDE, PathsArg, as_paths, iter_paths, read_document
from ._types import Format

if TYPE_CHECKING:  # the resolver (httpx, sqlite3) and asyncio load only when a scan resolves links, multiprocessing
    # when it starts a pool
    import asyncio
    import multiprocessing.context

    import httpx

    from ._emit._json import PostFacts
    from ._resolve import Cache


#: The default time limit per file (seconds): ``ScanOptions.file_timeout``, ``--file-timeout``.
FILE_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What to scan and how. One frozen object; the CLI maps its flags onto it."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    """File name patterns picked up under directories."""
    exclude: tuple[str, ...] = ()
    """File name or relative path patterns left out under directories."""
    format: Format | None = None
    """Force one input format for every file (detected per file when ``None``)."""
    resolve: bool = True
    """Follow short links (the only network access)."""
    resolve_options: ResolveOptions = field(default_factory=ResolveOptions)
    """How links are followed."""
    jobs: int | None = None
    """Processes extracting files: ``None`` for every core, ``1`` to extract in this process."""
    lines: bool = False
    """Also write each record's JSON line (``jsonl``) where the file is normalized, in the worker when it has nothing
    to resolve (``FileResult.lines``): the output path then only writes them."""
    record: str | None = None
    """Directory to write every HTTP exchange to, as readable JSON fixtures (``--record DIR``)."""
    replay: str | None = None
    """Directory of fixtures to answer requests from, with no network (``--replay DIR``), or a WARC file
    (``.warc``, ``.warc.gz``); a link with no fixture is reported unresolved."""
    normalize_options: NormalizeOptions = field(default_factory=NormalizeOptions)
    """How records are finished for citing: platform naming policy, author overrides, access date."""
    file_timeout: float | None = FILE_TIMEOUT
    """Seconds one file may take to extract (``--file-timeout``); past it the file becomes a :class:`FileError`
    and the scan goes on. ``None`` for no limit."""
    skip: tuple[str, ...] = ()
    """Files never scanned when found under a directory (the CLI's output file), compared by real path."""
    hydrate: bool = False
    """Ask each post's platform whether it still exists and what it says (``--hydrate``; network). Off by default."""
    archive: bool = False
    """Look each post up in the web archives (``--archive``; network). Off by default."""
    archive_endpoints: tuple[str, ...] = ARCHIVE_ENDPOINTS
    """The archives asked, ``availability:URL`` or ``timemap:URL`` (the Internet Archive's availability API)."""
    record_warc: str | None = None
    """WARC file to write every HTTP exchange to (``--record-warc FILE.warc.gz``; with ``record`` too, both)."""


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be scanned (or was scanned with a warning), and why."""

    path: str
    """The file."""
    error: str
    """What went wrong, in a sentence."""
    severity: Literal["error", "warning"] = "error"
    """``error``: the file was not scanned; ``warning``: it was, but something was odd (a fallback encoding)."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file gave: its citations (links resolved once :func:`aiter_scan` yields it) and its errors."""

    path: str
    """The file."""
    citations: tuple[Citation, ...] = ()
    """The posts found in it, one record per post within the file, in document order."""
    errors: tuple[FileError, ...] = ()
    """Why it could not be scanned, or warnings about it."""
    chars: int = 0
    """Length of the decoded document (0 when it could not be read)."""
    normalized: bool = False
    """Whether ``citations`` are normalized (:func:`embeds.normalize`: merged, resolutions applied, finished), as
    :func:`aiter_scan` yields them; :func:`extract_file` gives them as extracted."""

    @property
    def is_document(self) -> bool:
        """Whether this result stands for a document looked at (read, or failed to read), not a warning about
        something else the scan used (a replay fixture file): what ``ScanResult.files`` and the summary count."""
        return bool(self.chars or self.citations or any(e.severity == "error" for e in self.errors) or not self.errors)

    short_links: tuple[Citation, ...] = ()
    """Short links outside any post, not yet followed (:func:`embeds._shortlinks.short_link_candidates`):
    :func:`aiter_scan` resolves them and adds to ``citations`` the posts they land on."""
    lines: tuple[str, ...] | None = None
    """Each of ``citations`` as its JSON Lines record, when ``ScanOptions.lines`` asked for them and the file was
    normalized in a worker (``None`` otherwise)."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found."""

    citations: tuple[Citation, ...]
    """One record per distinct post, in order of first appearance, every occurrence kept."""
    errors: tuple[FileError, ...] = ()
    """Files that could not be scanned, and warnings."""
    files: int = 0
    """Files looked at (including those in ``errors``)."""
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    """Every link resolution made, keyed by the URL as found."""

    @property
    def links_resolved(self) -> int:
        return sum(1 for c in self.citations for link in c.links if link.status == "resolved")

    @property
    def links_failed(self) -> int:
        return sum(1 for c in self.citations for link in c.links if link.status == "failed")

    def as_dict(self) -> dict[str, Any]:
        return {
            "citations": [c.as_dict() for c in self.citations],
            "errors": [e.as_dict() for e in self.errors],
            "files": self.files,
        }


class WrittenFile(NamedTuple):
    """One normalized file as ``embeds scan -f jsonl`` writes it, made where the file was extracted (a worker): its
    JSON lines, and per record the few :data:`~embeds._emit._json.PostFacts` the output needs across files
    (:meth:`JSONLinesStream.changes <embeds._emit._json.JSONLinesStream.changes>`, the summary line). The records
    themselves do not travel: a line the stream changes (the same post in an earlier file under another platform
    name, a flattened copy of a post written before) is remade from the line (:func:`~embeds._emit._json.relined`).
    Private: :func:`aiter_scan` and :func:`iter_extract` give :class:`FileResult`."""

    path: str
    """The file."""
    errors: tuple[FileError, ...]
    """As :attr:`FileResult.errors`."""
    chars: int
    """As :attr:`FileResult.chars`."""
    lines: tuple[str, ...]
    """Each record's JSON line, in document order."""
    facts: tuple[PostFacts, ...]
    """Each record's facts, in the same order."""
    clean: bool = False
    """Whether the lines were seen to hold no lone surrogate where they were made (the output need not look)."""

    @property
    def normalized(self) -> bool:
        """Always: the lines are of normalized records."""
        return True

    @property
    def is_document(self) -> bool:
        """As :attr:`FileResult.is_document`."""
        return bool(self.chars or self.lines or any(e.severity == "error" for e in self.errors) or not self.errors)


def extract_file(
    path: str, format: Format | None = None, normalize_options: NormalizeOptions | None = None
) -> FileResult:
    """Read and extract one file. Never raises: problems become :class:`FileError` entries. (Runs in workers.)

    The records are as extracted: :func:`aiter_scan` normalizes each file's once its links are resolved
    (``normalize_options`` is accepted for compatibility and no longer used here).

    Records and errors carry only text that can be written: a lone surrogate in what was extracted (a ``\\ud800``
    escape in a script), or in a file name that is not valid UTF-8, is replaced with U+FFFD, with a warning.
    ``FileResult.path`` keeps the name as found, to open the file again."""
    shown = _replace_surrogates(path)
    notes: list[FileError] = []
    if shown != path:
        notes.append(FileError(shown, "file name is not valid UTF-8: its bad bytes are shown as U+FFFD", "warning"))
    try:
        doc = read_document(path)
        # records name the file as it can be written
        doc = Document(doc.text, format or doc.format, shown, doc.encoding, doc.warnings)
        found = extract_document(doc)  # the same post twice in one file is one record already
        notes.extend(FileError(shown, w, "warning") for w in doc.warnings)
        cleaned = _replace_surrogates(found)
        if cleaned is not found:
            notes.append(FileError(shown, "lone surrogates in the extracted text replaced with U+FFFD", "warning"))
            found = cleaned
        short = _replace_surrogates(short_link_candidates(doc.text, found, shown))
        return FileResult(path, found, tuple(notes), len(doc.text), short_links=short)
    except DocumentError as exc:
        return FileResult(path, (), (*notes, FileError(shown, exc.reason)))
    except RecursionError:
        return FileResult(path, (), (*notes, FileError(shown, "nested too deeply to parse")))
    except Exception as exc:  # a bug on one file must not abort the scan: report it with the file's name
        error = FileError(shown, f"internal error while extracting: {type(exc).__name__}: {exc}")
        return FileResult(path, (), (*notes, error))


def _extract_for_scan(path: str, options: ScanOptions, written: bool = False) -> FileResult | WrittenFile:
    """:func:`extract_file`, normalized at once (in the worker, where the work is shared) when there is nothing to
    resolve first: resolution off, or no short link in the file. Otherwise :func:`aiter_scan` normalizes it when
    its links are resolved. Either way a file's records are normalized once."""
    item = extract_file(path, options.format)
    if options.resolve and links_to_resolve(item.citations + item.short_links):
        return item
    citations = normalize(item.citations, options=options.normalize_options)
    lines = None
    if options.lines and not (options.hydrate or options.archive):  # serialized here, in the worker: the parent
        # only writes them (hydration, in the parent, changes the records after)
        from ._emit._json import JSONLinesEmitter

        dump = JSONLinesEmitter().dump_one
        lines = tuple(dump(c) for c in citations)
        if written:
            from ._emit._json import post_facts

            facts = tuple(post_facts(c) for c in citations)
            clean = not any(_SURROGATES.search(line) for line in lines)
            return WrittenFile(item.path, item.errors, item.chars, lines, facts, clean)
    return dataclasses.replace(item, citations=citations, normalized=True, lines=lines)


# A scan stays in one process until its files add up to this many bytes (starting workers, each importing embeds,
# costs about as much as extracting this much text on one core), or this many files.
POOL_BYTES = 2_000_000
POOL_FILES = 512


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def _head(files: Iterator[str], enough: int) -> tuple[list[str], bool]:
    """The first files, until they are big enough for a pool (then True) or there are no more (False)."""
    head: list[str] = []
    total = 0
    for path in files:
        head.append(path)
        if path == "-":
            return head, False
        total += _size(path) if enough else 0
        if len(head) >= 2 and (total >= enough or len(head) >= POOL_FILES):
            return head, True
    return head, False


def _pool_context() -> multiprocessing.context.BaseContext:
    return pool_context()


# Files go to the workers in batches of consecutive small files, up to this many bytes (or BATCH_FILES files): one
# message each way per batch, not per file (the main process's share of a scan is mostly messages). A batch shares
# one file's time limit; past it, or when its worker dies, its files are run again one at a time, each with the
# limit, so that the file at fault is the one reported.
BATCH_BYTES = 512_000
BATCH_FILES = 32
# A batch this small (some tens of ms of work) has the next one sent to its worker with it, so that the worker does
# not wait for this process between the two; behind a bigger one, the next batch waits for a free worker.
QUICK_BYTES = 2_000_000


def _batches(paths: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """Consecutive paths grouped into batches (:data:`BATCH_BYTES`, :data:`BATCH_FILES`)."""
    batch: list[str] = []
    size = 0
    for path in paths:
        batch.append(path)
        size += _size(path)
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            yield tuple(batch)
            batch, size = [], 0
    if batch:
        yield tuple(batch)


def _quick(batch: tuple[str, ...]) -> bool:
    return sum(map(_size, batch)) < QUICK_BYTES


def _scan_batch(options: ScanOptions, written: bool, paths: tuple[str, ...]) -> list[FileResult | WrittenFile]:
    """What a worker runs for one batch of files (:func:`_scan_file` for each)."""
    return [_scan_file(options, written, path) for path in paths]


def _timed_out(path: str, timeout: float | None) -> FileResult:
    shown = _replace_surrogates(path)
    return FileResult(path, (), (FileError(shown, f"took longer than the {timeout:g} s time limit per file: stopped"),))


def _scan_file(options: ScanOptions, written: bool, path: str) -> FileResult | WrittenFile:
    """What a worker runs for one file, its options given once when the worker starts (never raises: a failure is
    the file's error); ``written``: a :class:`WrittenFile` when it can be one."""
    try:
        return _extract_for_scan(path, options, written)
    except Exception as exc:  # extract_file catches everything; normalize might not
        error = f"internal error while extracting: {type(exc).__name__}: {exc}"
        return FileResult(path, (), (FileError(_replace_surrogates(path), error),))


def _in_process(
    paths: Iterable[str], options: ScanOptions, stop: threading.Event | None, written: bool = False
) -> Iterator[FileResult | WrittenFile]:
    with InProcessLimit(options.file_timeout) as limit:
        for path in paths:
            if stop is not None and stop.is_set():
                return
            try:
                item = limit.run(lambda p=path: _scan_file(options, written, p))  # type: ignore[misc]
            except FileTimeout:
                item = _timed_out(path, options.file_timeout)
            yield item


def _iter_extract(
    paths: PathsArg, options: ScanOptions | None = None, stop: threading.Event | None = None, written: bool = False
) -> Iterator[FileResult | WrittenFile]:
    """:func:`iter_extract`; ``written``: files whose JSON lines were made come as :class:`WrittenFile`."""
    options = options or ScanOptions()
    files = iter_paths(paths, include=options.include, exclude=options.exclude, skip=options.skip)
    jobs = options.jobs or os.cpu_count() or 1
    # jobs given: a pool from two files on; not given: only when the files are big enough to pay for one
    head, big = _head(files, POOL_BYTES if options.jobs is None else 0) if jobs > 1 else ([], False)
    if not big:
        yield from _in_process(itertools.chain(head, files), options, stop, written)
        return
    # the options go to each worker once, when it starts; a job is a batch of paths
    pool = WorkerPool(functools.partial(_scan_batch, options, written), jobs, _pool_context())
    try:
        pool.start()
    except (OSError, RuntimeError, ValueError) as exc:  # processes cannot start here: extract in this one
        logger(__name__).warning("worker processes could not start (%s); extracting in this process", exc)
        pool.close()
        yield from _in_process(itertools.chain(head, files), options, stop, written)
        return
    window = jobs * 4 * BATCH_FILES  # files handed out and not yet yielded
    done: dict[int, FileResult | WrittenFile] = {}
    submitted = 0
    next_out = 0

    def numbered() -> Iterator[tuple[int, tuple[str, ...]]]:
        """``(index of its first file, batch)``."""
        nonlocal submitted
        for batch in _batches(itertools.chain(head, files)):
            first = submitted
            submitted += len(batch)
            yield first, batch

    def one_by_one(index: int, batch: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
        return [(index + k, (path,)) for k, path in enumerate(batch)] if len(batch) > 1 else []

    def failed(batch: tuple[str, ...], reason: str) -> list[FileResult]:
        return [FileResult(batch[0], (), (FileError(_replace_surrogates(batch[0]), reason),))]

    def full() -> bool:
        return submitted - next_out >= window

    try:
        for index, items in pool.map(numbered(), options.file_timeout, failed, stop, full, _quick, one_by_one):
            if index >= 0:
                for k, item in enumerate(items):
                    done[index + k] = item
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
    finally:
        pool.close()


def iter_extract(paths: PathsArg, options: ScanOptions | None = None) -> Iterator[FileResult]:
    """Extract files in order, in parallel when there are many (in batches of small files: at most a few batches per
    worker are in flight).
    ``paths`` is one path (``str`` or path-like: a file or a directory) or an iterable of them.

    Each file's records come normalized (``FileResult.normalized``) unless ``options.resolve`` is on and the file
    has short links: those are normalized once the links are resolved (``embeds.normalize(records, resolutions)``,
    which :func:`aiter_scan` does). A file that takes longer than ``options.file_timeout`` is stopped and becomes a
    :class:`FileError` (its worker is killed and replaced; in this process, the extraction is interrupted: see
    :mod:`embeds._pool`)."""
    return cast("Iterator[FileResult]", _iter_extract(paths, options))  # not written=True


def links_to_resolve(citations: Iterable[Citation]) -> list[str]:
    """The distinct short links among the citations' links, in order of appearance."""
    return list(dict.fromkeys(link.url for c in citations for link in c.links if needs_resolving(link.url)))


def _transport_for(options: ScanOptions) -> httpx.AsyncBaseTransport | None:
    """The transport record/replay asks for, or ``None`` for the resolver's own."""
    return transport_for(
        options.resolve_options, record=options.record, replay=options.replay, warc=options.record_warc
    )


def transport_for(
    resolve_options: ResolveOptions, *, record: str | None = None, replay: str | None = None, warc: str | None = None
) -> httpx.AsyncBaseTransport | None:
    """The transport for ``--replay DIR|FILE.warc.gz``, ``--record DIR`` and ``--record-warc FILE`` (the scan's and
    ``embeds resolve``'s), or ``None`` for the resolver's own."""
    from ._resolve import HostPoolTransport, RecordTransport, ReplayTransport
    from ._resolve._warc import WARCRecordTransport, WARCReplayTransport, is_warc

    if replay is not None:
        if warc is not None:
            raise InputError("--record-warc records live exchanges; it cannot be combined with --replay")
        return WARCReplayTransport(replay) if is_warc(replay) else ReplayTransport(replay)
    if record is None and warc is None:
        return None
    transport: httpx.AsyncBaseTransport = HostPoolTransport(resolve_options)
    if warc is not None:
        transport = WARCRecordTransport(warc, transport)
    if record is not None:
        transport = RecordTransport(record, transport)
    return transport


async def _extracted(paths: list[str | os.PathLike[str]], options: ScanOptions) -> AsyncIterator[FileResult]:
    """:func:`iter_extract` run in a thread, handed to the event loop one file at a time. The thread does not wait
    for the loop to take each file (at most ``room`` are waiting): it goes back to the workers at once."""
    import asyncio

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[FileResult | BaseException | None] = asyncio.Queue()
    room = threading.Semaphore(64)
    stop = threading.Event()

    def put(item: FileResult | BaseException | None) -> None:
        while not room.acquire(timeout=0.1):
            if stop.is_set():
                return
        loop.call_soon_threadsafe(queue.put_nowait, item)

    def produce() -> None:
        try:
            for item in cast("Iterator[FileResult]", _iter_extract(paths, options, stop)):  # not written=True
                if stop.is_set():
                    return
                put(item)
        except BaseException as exc:  # handed to the consumer, re-raised there
            put(exc)
        else:
            put(None)

    worker = loop.run_in_executor(None, produce)
    try:
        while (item := await queue.get()) is not None:
            room.release()
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        await worker


def offline(options: ScanOptions) -> bool:
    """Whether a scan with these options asks nothing of the network (no resolution, hydration or archive): it then
    runs without an event loop (:func:`iter_scan_offline`)."""
    return not (options.resolve or options.hydrate or options.archive)


def _normalized(item: FileResult, done: Mapping[str, Resolution], options: ScanOptions) -> FileResult:
    """A file's records normalized with the resolutions ``done`` (once: a file normalized in its worker is as it
    came)."""
    if item.normalized:
        return item
    found = item.citations + tuple(cite_short_links(item.short_links, done))
    citations = normalize(found, done, options=options.normalize_options)
    return dataclasses.replace(item, citations=citations, normalized=True)


def iter_scan_offline(paths: PathsArg, options: ScanOptions) -> Iterator[FileResult]:
    """:func:`aiter_scan` for a scan that :func:`offline` says needs no network: the same results, in order, with
    no event loop (and so no asyncio to load)."""
    if not offline(options):
        raise ValueError("iter_scan_offline: these options resolve, hydrate or archive; use aiter_scan")
    for item in cast("Iterator[FileResult]", _iter_extract(as_paths(paths), options)):  # not written=True
        yield _normalized(item, {}, options)


def iter_written(paths: PathsArg, options: ScanOptions) -> Generator[FileResult | WrittenFile, None, None]:
    """:func:`iter_scan_offline` for ``embeds scan -f jsonl`` (``options.lines`` on): each file, in order, as a
    :class:`WrittenFile` (lines made where it was extracted, the records left there), or a :class:`FileResult` when
    it could not be scanned."""
    if not offline(options):
        raise ValueError("iter_written: these options resolve, hydrate or archive; use aiter_scan")
    for item in _iter_extract(as_paths(paths), options, written=True):
        yield item if isinstance(item, WrittenFile) else _normalized(item, {}, options)


async def aiter_scan(
    paths: PathsArg,
    *,
    options: ScanOptions | None = None,
    client: httpx.AsyncClient | None = None,
    cache: Cache | None = None,
    resolutions: dict[str, Resolution] | None = None,
) -> AsyncIterator[FileResult]:
    """Yield each file's result, in order, with its links resolved; resolution overlaps extraction.

    Records are per file, normalized (:func:`embeds.normalize`, the one place a scan normalizes: once per file, when
    its links are resolved); the same post cited by two files comes once from each, with the same ``id``
    (:func:`embeds._normalize.combine` makes them one). Pass a dict as ``resolutions`` to collect every resolution
    made.
    """
    import asyncio

    options = options or ScanOptions()
    done: dict[str, Resolution] = {} if resolutions is None else resolutions

    def normalized(item: FileResult) -> FileResult:
        return _normalized(item, done, options)

    hydrating = options.hydrate or options.archive
    if offline(options):
        async for item in _extracted(as_paths(paths), options):
            yield normalized(item)
        return
    from ._resolve import AsyncResolver, ReplayTransport

    transport = _transport_for(options) if client is None else None
    if isinstance(transport, ReplayTransport):
        for where, why in transport.problems:  # a bad fixture file is a warning: the others are served
            shown = _replace_surrogates(where)
            yield FileResult(where, (), (FileError(shown, f"replay fixture {why}", "warning"),), normalized=True)
    async with AsyncResolver(client, cache=cache, options=options.resolve_options, transport=transport) as resolver:
        tasks: dict[str, asyncio.Task[Resolution]] = {}
        pending: deque[tuple[FileResult, list[str]]] = deque()
        hydrator = None
        if hydrating:
            from ._resolve import AsyncHydrator, HydrateOptions  # loaded only when asked for

            hydrator = AsyncHydrator(
                resolver,
                cache,
                HydrateOptions(options.hydrate, options.archive, options.archive_endpoints),
            )

        async def finish_file(item: FileResult, urls: list[str]) -> FileResult:
            for url in urls:
                done[url] = await tasks[url]
            item = normalized(item)
            if hydrator is None:
                return item
            hydrated = await hydrator.hydrate_all(item.citations)
            citations = tuple(finish(c, options.normalize_options) for c in hydrated)
            return dataclasses.replace(item, citations=citations, lines=None)  # the lines were of the records before

        try:
            async for item in _extracted(as_paths(paths), options):
                urls = links_to_resolve(item.citations + item.short_links) if options.resolve else []
                for url in urls:
                    if url not in tasks:
                        tasks[url] = asyncio.ensure_future(resolver.resolve(url))
                pending.append((item, urls))
                # hand out, in order, the files whose links are all resolved
                while pending and all(tasks[u].done() for u in pending[0][1]):
                    yield await finish_file(*pending.popleft())
            while pending:
                yield await finish_file(*pending.popleft())
        finally:
            for task in tasks.values():
                task.cancel()


async def ascan(
    paths: PathsArg,
    *,
    options: ScanOptions | None = None,
    client: httpx.AsyncClient | None = None,
    cache: Cache | None = None,
) -> ScanResult:
    """Scan files and directories, resolve short links, and return one normalized record per distinct post."""
    resolutions: dict[str, Resolution] = {}
    found = _Found()
    async for item in aiter_scan(paths, options=options, client=client, cache=cache, resolutions=resolutions):
        found.add(item)
    return found.result(options, resolutions)


class _Found:
    """What a scan's files gave, made one :class:`ScanResult` (one record per distinct post) at the end."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.errors: list[FileError] = []
        self.files = 0

    def add(self, item: FileResult) -> None:
        self.files += item.is_document
        self.citations.extend(item.citations)
        self.errors.extend(item.errors)

    def result(self, options: ScanOptions | None, resolutions: dict[str, Resolution]) -> ScanResult:
        citations = combine(self.citations, options=options.normalize_options if options else None)
        return ScanResult(citations, tuple(self.errors), self.files, resolutions)


def scan(
    paths: PathsArg,
    *,
    options: ScanOptions | None = None,
    cache: Cache | None = None,
) -> ScanResult:
    """Synchronous :func:`ascan`. Safe to call from inside a running event loop (it then runs in a thread), from a
    worker thread, a notebook or a script with no ``__main__`` guard. ``paths`` is one path (``str`` or path-like:
    a file or a directory) or an iterable of them: ``scan("seeds")`` scans that directory."""
    paths = as_paths(paths)
    if options is not None and offline(options):  # nothing to await: no event loop
        found = _Found()
        for item in iter_scan_offline(paths, options):
            found.add(item)
        return found.result(options, {})
    import asyncio

    def run() -> ScanResult:
        return asyncio.run(ascan(paths, options=options, cache=cache))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    box: list[ScanResult] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            box.append(run())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="embeds-scan")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return box[0]
