"""Scanning files end to end: sources → parse/extract → resolve → normalize. ``scan`` and ``ascan``.

The result keeps every citation found; a file that cannot be read becomes a :class:`FileError` and the scan goes on.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._exceptions import DocumentError
from ._extract import extract_document
from ._models import Citation, _as_dict
from ._normalize import NormalizeOptions, normalize
from ._resolve import AsyncResolver, Cache, Resolution, ResolveOptions, needs_resolving
from ._sources import DEFAULT_INCLUDE, iter_paths, read_document
from ._types import Format


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
    normalize_options: NormalizeOptions = field(default_factory=NormalizeOptions)
    """How records are finished for citing: platform naming policy, author overrides, access date."""


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be scanned, and why."""

    path: str
    """The file."""
    error: str
    """What went wrong, in a sentence."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found."""

    citations: tuple[Citation, ...]
    """One record per distinct post, in order of first appearance."""
    errors: tuple[FileError, ...] = ()
    """Files that could not be scanned."""
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


def extract_paths(
    paths: Iterable[str | os.PathLike[str]], options: ScanOptions
) -> tuple[list[Citation], list[FileError], int]:
    """Read and extract every file; errors are collected, never raised."""
    found: list[Citation] = []
    errors: list[FileError] = []
    files = 0
    for path in iter_paths(paths, include=options.include, exclude=options.exclude):
        files += 1
        try:
            doc = read_document(path)
            if options.format is not None:
                doc = type(doc)(doc.text, options.format, doc.path)
            found.extend(extract_document(doc))
        except DocumentError as exc:
            errors.append(FileError(path, exc.reason))
        except Exception as exc:  # a bug on one file must not abort the scan; report it with the file's name
            errors.append(FileError(os.fspath(path), f"internal error while extracting: {type(exc).__name__}: {exc}"))
    return found, errors, files


def links_to_resolve(citations: Iterable[Citation]) -> list[str]:
    """The distinct short links among the citations' links, in order of appearance."""
    return list(dict.fromkeys(link.url for c in citations for link in c.links if needs_resolving(link.url)))


async def ascan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    options: ScanOptions | None = None,
    client: httpx.AsyncClient | None = None,
    cache: Cache | None = None,
) -> ScanResult:
    """Scan files and directories, resolve short links, and return normalized citations."""
    options = options or ScanOptions()
    found, errors, files = await asyncio.to_thread(extract_paths, list(paths), options)
    resolutions: dict[str, Resolution] = {}
    urls = links_to_resolve(found)
    if options.resolve and urls:
        async with AsyncResolver(client, cache=cache, options=options.resolve_options) as resolver:
            resolutions = await resolver.resolve_many(urls)
    citations = normalize(found, resolutions, options=options.normalize_options)
    return ScanResult(citations, tuple(errors), files, resolutions)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    options: ScanOptions | None = None,
    cache: Cache | None = None,
) -> ScanResult:
    """Synchronous :func:`ascan`. Safe to call from inside a running event loop (it then runs in a thread)."""
    paths = list(paths)

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
