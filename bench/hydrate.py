"""Benchmark: hydrating 1,000 posts across 10 platforms from replay, against resolving 1,000 short links from replay.

    python3 bench/hydrate.py [--links 1000] [--repeat 5]

Builds, in a temporary directory, replay fixtures for ``--links`` permalinks spread evenly over the ten platforms
with a key-less endpoint (Twitter/X, YouTube, TikTok, Vimeo, Reddit and Tumblr oEmbed; Bluesky getPosts; Mastodon
and Truth Social statuses; Telegram's widget page) in the shapes of the hand-built fixtures in ``fixtures/replay``
(``scripts/hydrate_fixtures.py``), and fixtures for as many ``t.co`` short links (a 301 to a status URL, as t.co
answers). Then, best of ``--repeat`` runs, each from a fresh resolver:

Replay does no I/O: the core runs are CPU-bound, and are timed in CPU time (``time.process_time``), which load from
other processes on the machine disturbs far less than wall time; the end-to-end scans (an extraction thread, a
process start-up of their own) in wall time. Runs of the two sides are interleaved.

* **resolve**: ``AsyncResolver.resolve_many`` over the short links;
* **hydrate**: ``AsyncHydrator.hydrate_all`` over the permalinks' records (answers read, oEmbed ``html`` run through
  the extractors, fields filled, notes made);
* both end to end: ``embeds.ascan`` of a document of the short links (resolve) and of the permalinks (``hydrate=True``,
  ``resolve=False``);

and prints the ratios (the bar: hydrate ≤ 2× resolve). Finally the hydration again with a warm SQLite cache and a
transport that refuses every request: the requests it made (the bar: none).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import embeds  # noqa: E402
from embeds import AsyncResolver, Citation, ReplayTransport, ScanOptions, SQLiteCache  # noqa: E402
from embeds._resolve._hydrate import AsyncHydrator, HydrateOptions  # noqa: E402
from embeds._resolve._replay import fixture_name  # noqa: E402
from embeds.platforms import REGISTRY, parse_permalink  # noqa: E402

B32 = "234567abcdefghijklmnopqrstuvwxyz"
PLATFORMS = (
    "twitter",
    "youtube",
    "tiktok",
    "vimeo",
    "reddit",
    "tumblr",
    "bluesky",
    "mastodon",
    "truthsocial",
    "telegram",
)


def tid(n: int) -> str:
    value = (1733415935748000 + n * 1000) << 10  # µs since the epoch, shifted, as Bluesky TIDs are
    out = ""
    for _ in range(13):
        out = B32[value & 31] + out
        value >>= 5
    return out


def post(platform: str, i: int) -> tuple[str, Any]:
    """A permalink and the endpoint's answer body for it."""
    if platform == "twitter":
        sid = 1_500_000_000_000_000_000 + i
        url = f"https://twitter.com/benchuser/status/{sid}"
        html = (
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Bench post number {i} #bench</p>&mdash; '
            f'Bench User (@benchuser) <a href="{url}?ref_src=twsrc%5Etfw">March 1, 2022</a></blockquote>\n'
        )
        return url, {
            "url": url,
            "author_name": "Bench User",
            "author_url": "https://twitter.com/benchuser",
            "html": html,
            "type": "rich",
            "version": "1.0",
            "provider_name": "Twitter",
        }
    if platform == "youtube":
        vid = f"Bench{i:06d}"
        return f"https://www.youtube.com/watch?v={vid}", {
            "title": f"Bench video {i}",
            "author_name": "Bench Channel",
            "author_url": "https://www.youtube.com/@bench",
            "type": "video",
            "version": "1.0",
            "provider_name": "YouTube",
            "html": f'<iframe width="200" height="150" src="https://www.youtube.com/embed/{vid}?feature=oembed"></iframe>',
        }
    if platform == "tiktok":
        vid = 6_718_335_390_845_095_173 + i
        url = f"https://www.tiktok.com/@benchuser/video/{vid}"
        return url, {
            "version": "1.0",
            "type": "video",
            "title": f"Bench clip {i} #bench",
            "author_name": "Bench User",
            "author_url": "https://www.tiktok.com/@benchuser",
            "author_unique_id": "benchuser",
            "html": f'<blockquote class="tiktok-embed" cite="{url}" data-video-id="{vid}"> <section> <a '
            f'title="@benchuser" href="https://www.tiktok.com/@benchuser">@benchuser</a> <p>Bench clip {i} #bench</p>'
            " </section> </blockquote>",
        }
    if platform == "vimeo":
        vid = 100_000_000 + i
        return f"https://vimeo.com/{vid}", {
            "type": "video",
            "version": "1.0",
            "title": f"Bench film {i}",
            "author_name": "Bench Films",
            "upload_date": "2022-03-01 10:00:00",
            "video_id": vid,
            "html": f'<iframe src="https://player.vimeo.com/video/{vid}" title="Bench film {i}"></iframe>',
        }
    if platform == "reddit":
        url = f"https://www.reddit.com/r/bench/comments/b{i:05d}/bench_post/"
        return url, {
            "version": "1.0",
            "type": "rich",
            "title": f"Bench thread {i}",
            "author_name": "bench_user",
            "html": f'<blockquote class="reddit-embed-bq"><a href="{url}">Bench thread {i}</a><br> by <a '
            'href="https://www.reddit.com/user/bench_user/">u/bench_user</a></blockquote>',
        }
    if platform == "tumblr":
        pid = 700_000_000_000 + i
        url = f"https://www.tumblr.com/bench-blog/{pid}"
        return url, {
            "type": "rich",
            "version": "1.0",
            "author_name": "bench-blog",
            "html": f'<div class="tumblr-post" data-href="https://embed.tumblr.com/embed/post/t:K/{pid}"><a '
            f'href="{url}">{url}</a></div>',
        }
    if platform == "bluesky":
        rkey = tid(i)
        return f"https://bsky.app/profile/bench.bsky.social/post/{rkey}", {
            "posts": [
                {
                    "uri": f"at://did:plc:bench/app.bsky.feed.post/{rkey}",
                    "cid": "bafybench",
                    "author": {"did": "did:plc:bench", "handle": "bench.bsky.social", "displayName": "Bench Person"},
                    "record": {
                        "$type": "app.bsky.feed.post",
                        "text": f"Bench skeet {i}",
                        "createdAt": "2024-12-05T16:25:35Z",
                    },
                }
            ]
        }
    if platform in ("mastodon", "truthsocial"):
        sid = (1_682_942_400_000 << 16) + i
        host = "mastodon.social" if platform == "mastodon" else "truthsocial.com"
        url = f"https://{host}/@bench/{sid}" if platform == "mastodon" else f"https://{host}/@bench/posts/{sid}"
        return url, {
            "id": str(sid),
            "created_at": "2023-05-01T12:00:00.000Z",
            "content": f"<p>Bench status {i}</p>",
            "account": {"username": "bench", "acct": "bench", "display_name": "Bench Account"},
        }
    url = f"https://t.me/bench_channel/{i + 1}"
    return url, (
        f'<div class="tgme_widget_message" data-post="bench_channel/{i + 1}"><a class="tgme_widget_message_owner_name"'
        ' href="https://t.me/bench_channel"><span dir="auto">Bench Channel</span></a><div class="tgme_widget_message_'
        f'text js-message_text" dir="auto">Bench message {i}</div><time datetime="2024-03-04T05:06:07+00:00">'
        "05:06</time></div>"
    )


def fixture(directory: Path, url: str, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    record = {
        "provenance": {"origin": "hand-built", "note": "bench/hydrate.py: generated placeholder, not a real post"},
        "request": {"method": "GET", "url": url},
        "response": {
            "status": status,
            "headers": headers or {},
            "body": body if isinstance(body, str) else json.dumps(body),
        },
    }
    path = directory / fixture_name("GET", url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record), encoding="utf-8")


def build(directory: Path, n: int) -> tuple[list[str], list[str]]:
    permalinks: list[str] = []
    for i in range(n):
        platform = PLATFORMS[i % len(PLATFORMS)]
        url, body = post(platform, i // len(PLATFORMS))
        ref = parse_permalink(url)
        assert ref is not None and ref.platform == platform, url
        endpoint = REGISTRY.get(platform).hydrate  # type: ignore[union-attr]
        assert endpoint is not None
        fixture(directory, endpoint.url(ref), 200, body)  # type: ignore[arg-type]
        permalinks.append(url)
    shorts: list[str] = []
    for i in range(n):
        short = f"https://t.co/Bench{i:05d}"
        fixture(
            directory,
            short,
            301,
            "",
            {"Location": f"https://twitter.com/benchuser/status/{1_500_000_000_000_000_000 + i}"},
        )
        shorts.append(short)
    return permalinks, shorts


async def resolve_once(directory: Path, shorts: list[str]) -> float:
    async with AsyncResolver(transport=ReplayTransport(directory)) as resolver:
        t = time.process_time()
        results = await resolver.resolve_many(shorts)
        elapsed = time.process_time() - t
    assert all(r.ok for r in results.values()), [r.error for r in results.values() if not r.ok][:3]
    return elapsed


async def hydrate_once(
    directory: Path, records: list[Citation], cache: Any = None, transport: httpx.AsyncBaseTransport | None = None
) -> tuple[float, tuple[Citation, ...], int]:
    async with AsyncResolver(transport=transport or ReplayTransport(directory)) as resolver:
        hydrator = AsyncHydrator(resolver, cache, HydrateOptions())
        t = time.process_time()
        out = await hydrator.hydrate_all(records)
        elapsed = time.process_time() - t
        return elapsed, out, resolver.requests


class Refuse(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"request with a warm cache: {request.url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "replay"
        permalinks, shorts = build(directory, args.links)
        records = list(embeds.normalize(embeds.extract("\n".join(permalinks), format="text")))
        assert len(records) == args.links, len(records)
        # interleaved, so a burst of load on the machine hits both sides alike; best of each
        resolves, runs = [], []
        for _ in range(args.repeat):
            resolves.append(asyncio.run(resolve_once(directory, shorts)))
            runs.append(asyncio.run(hydrate_once(directory, records)))
        resolve = min(resolves)
        hydrate = min(r[0] for r in runs)
        out = runs[0][1]
        available = sum(1 for c in out if c.hydration is not None and c.hydration.status == "available")
        filled = sum(1 for c in out if c.author.name and (c.text or c.platform == "tumblr"))
        print(f"{args.links} links, {len(PLATFORMS)} platforms, best of {args.repeat}")
        print(f"  resolve {args.links} short links (replay):   {resolve * 1000:8.1f} ms CPU")
        print(
            f"  hydrate {args.links} permalinks (replay):    {hydrate * 1000:8.1f} ms CPU   "
            f"({available} available, {filled} with author and text)"
        )
        print(f"  ratio hydrate / resolve:              {hydrate / resolve:8.2f}×  (bar: ≤ 2×)")

        # the short links inside tweet embeds (a scan resolves the links of the posts it finds)
        doc_short = Path(tmp) / "short.html"
        doc_short.write_text(
            "".join(
                f'<blockquote class="twitter-tweet"><p>Bench post {i} <a href="{s}">{s}</a></p>&mdash; Bench User '
                f'(@benchuser) <a href="https://twitter.com/benchuser/status/{1_400_000_000_000_000_000 + i}">'
                "March 1, 2022</a></blockquote>\n"
                for i, s in enumerate(shorts)
            ),
            encoding="utf-8",
        )
        doc_perma = Path(tmp) / "perma.txt"
        doc_perma.write_text("\n".join(permalinks) + "\n", encoding="utf-8")

        def scan_time(path: Path, options: ScanOptions) -> float:
            t = time.perf_counter()
            embeds.scan([path], options=options)
            return time.perf_counter() - t

        resolve_options = ScanOptions(jobs=1, replay=str(directory))
        hydrate_options = ScanOptions(jobs=1, replay=str(directory), resolve=False, hydrate=True)
        scans = [
            (scan_time(doc_short, resolve_options), scan_time(doc_perma, hydrate_options)) for _ in range(args.repeat)
        ]
        scan_resolve = min(s[0] for s in scans)
        scan_hydrate = min(s[1] for s in scans)
        resolved = embeds.scan([doc_short], options=ScanOptions(jobs=1, replay=str(directory))).links_resolved
        assert resolved == args.links, resolved
        print(f"  embeds.scan, short links resolved:    {scan_resolve * 1000:8.1f} ms wall")
        print(f"  embeds.scan, permalinks hydrated:     {scan_hydrate * 1000:8.1f} ms wall")
        print(f"  ratio:                                {scan_hydrate / scan_resolve:8.2f}×  (bar: ≤ 2×)")

        with SQLiteCache(Path(tmp) / "cache.sqlite3") as cache:
            _, cold, cold_requests = asyncio.run(hydrate_once(directory, records, cache))
            warm, again, warm_requests = asyncio.run(hydrate_once(directory, records, cache, Refuse()))
        same = sum(1 for a, b in zip(cold, again, strict=True) if a == b)
        print(
            f"  cold cache: {cold_requests} requests; warm cache: {warm_requests} requests, {warm * 1000:.1f} ms, "
            f"{same}/{len(out)} records as before"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
