"""Scale-out recipe: embeds on a Dask cluster (``dask.bag``), writing JSON Lines.

Workers map extraction over a bag of file paths; each partition resolves its distinct short links once, against a
cache every worker shares (an SQLite file on a shared disk, or ``None`` for no cache); normalization and emitting map
again. The output is the same as ``embeds scan PATHS --format jsonl``: one record per post per file, then error
records, in file order.

    from dask.distributed import Client, LocalCluster
    from dask_pipeline import scan_to_jsonl

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        scan_to_jsonl(["corpus/"], "posts.jsonl", cache_path="links.sqlite")

Requires ``pip install "dask[distributed]"`` (not a dependency of embeds).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Sequence
from typing import Any

import dask.bag as db

import embeds


async def _resolve(urls: Sequence[str], cache_path: str | None, options: embeds.ScanOptions) -> dict[str, Any]:
    """Resolve a partition's distinct links once, against the SQLite cache every worker shares."""
    cache = embeds.SQLiteCache(cache_path) if cache_path is not None else None
    transport = embeds.ReplayTransport(options.replay) if options.replay is not None else None
    try:
        async with embeds.AsyncResolver(cache=cache, options=options.resolve_options, transport=transport) as resolver:
            return await resolver.resolve_many(urls)
    finally:
        if cache is not None:
            cache.close()


def process_partition(
    paths: Iterable[str], cache_path: str | None, options: embeds.ScanOptions
) -> list[tuple[tuple[embeds.Citation, ...], tuple[embeds.FileError, ...]]]:
    """Extract a partition's files, resolve their distinct short links once, normalize: each file's records and
    errors (records pickle; the driver writes them)."""
    results = [embeds.extract_file(p, options.format, options.normalize_options) for p in paths]
    resolutions: dict[str, Any] = {}
    if options.resolve:
        urls = embeds.links_to_resolve(c for r in results for c in r.citations)
        if urls:
            resolutions = asyncio.run(_resolve(urls, cache_path, options))
    return [(embeds.normalize(r.citations, resolutions, options=options.normalize_options), r.errors) for r in results]


def scan_to_jsonl(
    paths: Iterable[str | os.PathLike[str]],
    output: str,
    *,
    cache_path: str | None = None,
    partition_size: int = 64,
    options: embeds.ScanOptions | None = None,
) -> int:
    """Scan paths on the current Dask scheduler; write JSON Lines to ``output``; return the number of lines.

    ``options`` are those of :func:`embeds.scan` (``resolve=False`` to extract only, ``replay=DIR`` to resolve from
    recorded fixtures); ``cache_path`` is an SQLite file every worker can open (``None``: no cache)."""
    scan_options = options or embeds.ScanOptions()
    files = list(embeds.iter_paths(paths, include=scan_options.include, exclude=scan_options.exclude))
    if not files:
        open(output, "w", encoding="utf-8").close()
        return 0
    bag = db.from_sequence(files, partition_size=partition_size)
    files_done = bag.map_partitions(process_partition, cache_path, scan_options)
    stream = embeds.JSONLinesStream()  # in file order, as embeds scan writes: one id per post across files
    written = 0
    with open(output, "w", encoding="utf-8") as fh:
        for citations, errors in files_done.compute():
            text = stream.dumps(citations, errors)
            fh.write(text)
            written += text.count("\n")
    return written
