"""Benchmark: embeds.AsyncResolver against a naive ``asyncio.gather`` over httpx, on simulated shorteners.

    python3 bench/resolve.py [--links 2000] [--latency 0.05] [--cap 8] [--seed 1] [--profile FILE]

A loopback server (``bench/shortener_server.py``, its own process) plays nine hosts, one port each: four
shorteners, one whose HEAD answers 405, one that rate-limits now and then (its 1st and 150th
requests are answered 429 with ``Retry-After: 1``) and answers some links 503 first, two
"news" sites with the final pages, and one that stalls. Every answer takes ``--latency``; a host answers 429 when more
than ``--cap`` requests are in flight on it. The start links (with duplicates) end in one of these outcome classes:
chains of 1–3 redirects, meta-refresh interstitials, 429-then-success, 5xx-then-success, HEAD→405, dead links (404),
loops and stalls. Some chains share an intermediate hop, many share their final page.

Printed, for both contenders in the same run: wall time (and when the last non-stalled link was done) against the
ideal lower bound, correctness per outcome class, requests made against the ideal count, 429s provoked by exceeding
a host's cap, and client CPU per request. Then the resolver again with the warm SQLite cache.

The ideal lower bound is max(longest chain × latency (+1 s Retry-After where scripted), per host: its necessary
requests × latency / cap (+1 s on the rate-limited host)); the ideal request count is one request per distinct URL
reached (two for scripted 429/503 ones), with no HEAD.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
# --tree DIR: import embeds from another checkout (a baseline measured in the same session)
TREE = sys.argv[sys.argv.index("--tree") + 1] if "--tree" in sys.argv else str(ROOT)
sys.path.insert(0, TREE)

from embeds import AsyncResolver, ResolveOptions, SQLiteCache  # noqa: E402

SHORT = [0, 1, 2, 3]
HEAD_HOST, RATE_HOST, NEWS, STALL_HOST, LINK_HOST = 4, 5, [6, 7], 8, 9
HOST_NAMES = ["short-a", "short-b", "short-c", "short-d", "head", "rate", "news-1", "news-2", "stall", "per-link"]
CAPS = [4, 8, 16, 8, 8, 8, 16, 8, 8, 16]
"""Hidden concurrency caps (the server answers 429 above them); ``--cap N`` gives every host N instead."""
CLASSES = [
    "chain-1",
    "chain-2",
    "chain-3",
    "meta",
    "429-host",
    "link-ok",
    "429-link",
    "5xx-then-ok",
    "head-405",
    "dead",
    "loop",
    "stall",
]
WEIGHTS = [20, 18, 12, 8, 10, 10, 2, 4, 6, 8, 5, 5]
THROTTLE_AT = [1, 150]
READ_TIMEOUT = 1.5


@dataclass
class Link:
    start: str  # "{hN}/path"
    kind: str
    expect_final: str
    hops: list[str]  # every URL fetched along the chain, in order (ideal: each fetched once)


def build(n_links: int, seed: int) -> tuple[list[dict[str, Any]], list[Link], list[str]]:
    rnd = random.Random(seed)
    routes: list[dict[str, dict[str, Any]]] = [{} for _ in HOST_NAMES]
    counter = iter(range(10**9))

    def new(host: int, spec: dict[str, Any]) -> str:
        path = f"/{HOST_NAMES[host]}-{next(counter)}"
        routes[host][path] = spec
        return f"{{h{host}}}{path}"

    pages = [new(rnd.choice(NEWS), {"kind": "final"}) for _ in range(400)]
    hubs = [new(3, {"kind": "redirect", "status": 301, "to": f"http://{rnd.choice(pages)}"}) for _ in range(30)]
    hub_target = {h: routes[3][h.split("}", 1)[1]]["to"][7:] for h in hubs}
    unique = int(n_links * 0.75)
    links: list[Link] = []
    for _ in range(unique):
        kind = rnd.choices(CLASSES, WEIGHTS)[0]
        page = rnd.choice(pages)
        if kind.startswith("chain-"):
            n = int(kind[-1])
            if n > 1 and rnd.random() < 0.3:  # through a shared hub
                hub = rnd.choice(hubs)
                page, nxt, hops = hub_target[hub], hub, [hub_target[hub], hub]
                n -= 1
            else:
                nxt, hops = page, [page]
            for _ in range(n):
                nxt = new(
                    rnd.choice(SHORT), {"kind": "redirect", "status": rnd.choice([301, 302]), "to": f"http://{nxt}"}
                )
                hops.append(nxt)
            links.append(Link(nxt, kind, page, hops[::-1]))
        elif kind == "meta":
            start = new(rnd.choice(SHORT), {"kind": "meta", "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, page]))
        elif kind == "429-host":  # on the host that limits the client now and then (all its links answer 429)
            start = new(RATE_HOST, {"kind": "redirect", "status": 301, "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, page]))
        elif kind == "link-ok":  # on the host that limits some links, one that it serves
            start = new(LINK_HOST, {"kind": "redirect", "status": 301, "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, page]))
        elif kind == "429-link":  # … and one it limits: 429 + Retry-After: 1 first, then served
            start = new(LINK_HOST, {"kind": "link429", "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, start, page]))
        elif kind == "5xx-then-ok":
            start = new(RATE_HOST, {"kind": "r5xx", "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, start, page]))
        elif kind == "head-405":
            start = new(HEAD_HOST, {"kind": "head405", "to": f"http://{page}"})
            links.append(Link(start, kind, page, [start, page]))
        elif kind == "dead":
            dead = new(rnd.choice(NEWS), {"kind": "dead"})
            start = new(rnd.choice(SHORT), {"kind": "redirect", "status": 301, "to": f"http://{dead}"})
            links.append(Link(start, kind, dead, [start, dead]))
        elif kind == "loop":
            host = rnd.choice(SHORT)
            a, b = f"/{HOST_NAMES[host]}-{next(counter)}", f"/{HOST_NAMES[host]}-{next(counter)}"
            routes[host][a] = {"kind": "redirect", "status": 301, "to": f"http://{{h{host}}}{b}"}
            routes[host][b] = {"kind": "redirect", "status": 301, "to": f"http://{{h{host}}}{a}"}
            links.append(Link(f"{{h{host}}}{a}", kind, f"{{h{host}}}{a}", [f"{{h{host}}}{a}", f"{{h{host}}}{b}"]))
        else:  # stall
            stalled = new(STALL_HOST, {"kind": "stall"})
            start = new(rnd.choice(SHORT), {"kind": "redirect", "status": 301, "to": f"http://{stalled}"})
            links.append(Link(start, kind, stalled, [start, stalled]))
    starts = [link.start for link in links]
    starts += [rnd.choice(starts) for _ in range(n_links - unique)]
    rnd.shuffle(starts)
    hosts = [{"name": name, "cap": CAPS[i], "routes": routes[i]} for i, name in enumerate(HOST_NAMES)]
    hosts[RATE_HOST]["throttle_at"] = THROTTLE_AT
    return hosts, links, starts


HOST_BOUNDS: dict[str, float] = {}


def ideal(links: list[Link], latency: float, caps: list[int], throttle_for: float) -> tuple[float, int, int]:
    """(lower bound in seconds for the non-stalled links, ideal request count, of which to the stalled host).

    Per host: its necessary requests × latency / its cap, plus ``throttle_for`` per scripted throttle on the host
    that limits the client (it serves nothing meanwhile). Per chain: its hops × latency, plus the 1 s a link's own
    Retry-After costs (or the first throttle, which every run meets: the host's first request)."""
    per_host: Counter[str] = Counter()
    seen_hops: set[str] = set()
    chain_bound = 0.0
    for link in links:
        for i, hop in enumerate(link.hops):
            if hop in seen_hops and hop not in link.hops[:i]:
                continue  # fetched once, for whichever chain reaches it first
            seen_hops.add(hop)
            per_host[hop.split("}", 1)[0] + "}"] += 1
        if link.kind != "stall":
            extra = 1.0 if link.kind == "429-link" else 0.0
            chain_bound = max(chain_bound, len(link.hops) * latency + extra)
    rate = f"{{h{RATE_HOST}}}"
    per_host[rate] += len(THROTTLE_AT)  # each throttle costs at least one request more …
    host_bound = 0.0
    for host, n in per_host.items():
        i = int(host[2:-1])
        if i != STALL_HOST:  # … and a pause of the whole host:
            bound = n * latency / caps[i] + (len(THROTTLE_AT) * throttle_for if host == rate else 0)
            HOST_BOUNDS[HOST_NAMES[i]] = bound
            host_bound = max(host_bound, bound)
    if THROTTLE_AT:
        chain_bound = max(chain_bound, throttle_for + 2 * latency)  # a link caught by the first throttle
    return max(chain_bound, host_bound), sum(per_host.values()), per_host[f"{{h{STALL_HOST}}}"]


def url(ports: list[int], templ: str) -> str:
    for i, port in enumerate(ports):
        templ = templ.replace(f"{{h{i}}}", f"127.0.0.1:{port}")
    return "http://" + templ


def judge(kind: str, expect: str, final: str | None, error: str | None) -> bool:
    if kind == "dead":
        return final == expect and error == "HTTP 404"
    if kind == "loop":
        return (error is not None and "loop" in error.lower()) or error == "TooManyRedirects"
    if kind == "stall":
        return error is not None and "timeout" in error.lower()
    return error is None and final == expect


async def stats(control: int) -> dict[str, dict[str, int]]:
    async with httpx.AsyncClient() as c:
        return dict((await c.get(f"http://127.0.0.1:{control}/stats")).json())


LEARNT: dict[str, Any] = {}
VERBOSE = False


async def run_resolver(
    starts: list[str], per_host: int | None, head_host: str, cache: SQLiteCache | None, adaptive: bool = True
) -> tuple[dict[str, tuple[str | None, str | None, float]], float, float, int]:
    """The resolver with its defaults, but for loopback, timeouts, the HEAD host (and ``--per-host`` if given)."""
    extra: dict[str, Any] = {} if per_host is None else {"per_host": per_host}
    if not adaptive or "adaptive" in ResolveOptions.__dataclass_fields__:
        extra["adaptive"] = adaptive
    options = ResolveOptions(
        allow_private=True,
        read_timeout=READ_TIMEOUT,
        connect_timeout=READ_TIMEOUT,
        head_hosts=(head_host,),
        **extra,
    )
    out: dict[str, tuple[str | None, str | None, float]] = {}
    cpu0, t0 = time.process_time(), time.perf_counter()
    async with AsyncResolver(cache=cache, options=options) as resolver:
        async for r in resolver.iter_resolve(starts):
            out[r.url] = (r.final_url, r.error, time.perf_counter() - t0)
        requests = resolver.requests
        LEARNT.clear()
        if hasattr(resolver, "host_policies"):
            LEARNT.update(
                {
                    host: (p.window, p.known_limit, p.cuts, p.link_waits, p.host_pauses)
                    for host, p in resolver.host_policies().items()
                }
            )
    return out, time.perf_counter() - t0, time.process_time() - cpu0, requests


async def run_naive(starts: list[str]) -> tuple[dict[str, tuple[str | None, str | None, float]], float, float]:
    out: dict[str, tuple[str | None, str | None, float]] = {}
    cpu0, t0 = time.process_time(), time.perf_counter()
    async with httpx.AsyncClient(
        follow_redirects=True, timeout=httpx.Timeout(READ_TIMEOUT, pool=None), trust_env=False
    ) as client:

        async def one(u: str) -> None:
            try:
                r = await client.get(u)
                out[u] = (
                    str(r.url),
                    None if r.status_code < 400 else f"HTTP {r.status_code}",
                    time.perf_counter() - t0,
                )
            except httpx.TooManyRedirects:
                out[u] = (None, "TooManyRedirects", time.perf_counter() - t0)
            except httpx.HTTPError as exc:
                out[u] = (
                    None,
                    f"timeout {type(exc).__name__}" if isinstance(exc, httpx.TimeoutException) else str(exc),
                    time.perf_counter() - t0,
                )

        await asyncio.gather(*(one(u) for u in starts))
    return out, time.perf_counter() - t0, time.process_time() - cpu0


def report(
    name: str,
    links: list[Link],
    ports: list[int],
    results: dict[str, tuple[str | None, str | None, float]],
    wall: float,
    cpu: float,
    server: dict[str, dict[str, int]],
    bound: float,
    ideal_requests: int,
) -> None:
    by_class: dict[str, list[bool]] = defaultdict(list)
    last_ok = 0.0
    for link in links:
        final, error, done = results[url(ports, link.start)]
        by_class[link.kind].append(judge(link.kind, url(ports, link.expect_final), final, error))
        if link.kind != "stall":
            last_ok = max(last_ok, done)
    requests = sum(h["requests"] for h in server.values())
    cap_429 = sum(h["cap_429"] for h in server.values())
    after_first = sum(max(0, h["cap_429"] - 1) for h in server.values())
    scripted = sum(h["scripted_429"] for h in server.values())
    correct = sum(sum(v) for v in by_class.values())
    print(f"\n== {name}")
    print(f"  wall {wall:6.2f} s   last non-stalled link done at {last_ok:6.2f} s = {last_ok / bound:4.2f}x the ideal")
    print(
        f"  correct {correct}/{len(links)} ({100 * correct / len(links):.1f} %): "
        + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_class.items(), key=lambda kv: CLASSES.index(kv[0])))
    )
    print(
        f"  requests {requests} = {requests / ideal_requests:4.2f}x the ideal {ideal_requests};"
        f" 429 from exceeding a host's cap: {cap_429}, after the first per host: {after_first}"
        f" (scripted 429s: {scripted})"
    )
    if VERBOSE:
        slow = sorted(
            (results[url(ports, link.start)][2], link.kind, [h.split("}")[0][2:] for h in link.hops]) for link in links
        )
        print("  slowest links (done at, class, hosts of the hops):", *slow[-12:], sep="\n    ")
    print("  per host: requests, 429s caused by concurrency, max in flight / hidden cap, done at (s) / its bound:")
    done_at: dict[str, float] = defaultdict(float)
    for link in links:
        if link.kind != "stall":
            for hop in link.hops:
                name = HOST_NAMES[int(hop.split("}", 1)[0][2:])]
                done_at[name] = max(done_at[name], results[url(ports, link.start)][2])
    for i, name in enumerate(HOST_NAMES):
        h = server[name]
        bound = HOST_BOUNDS.get(name)
        print(
            f"    {name:8} {h['requests']:5} {h['cap_429']:3} {h['max_in_flight']:3}/{CAPS[i]:<3}"
            + (f" {done_at[name]:6.2f} / {bound:5.2f}" if bound else "")
        )
    print(
        f"  client CPU {cpu:5.2f} s = {1000 * cpu / max(requests, 1):.2f} ms per request"
        f"; max in flight per host: {max(h['max_in_flight'] for h in server.values())}"
    )


async def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--links", type=int, default=2000)
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--cap", type=int, help="give every host this hidden cap (default: 4, 8 or 16 per host)")
    p.add_argument("--per-host", type=int, help="ResolveOptions.per_host (default: the resolver's default)")
    p.add_argument("--fixed", action="store_true", help="the resolver without adaptation (adaptive=False)")
    p.add_argument("--throttle-for", type=float, default=1.0, help="seconds each throttle of the 'rate' host lasts")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--profile", metavar="FILE", help="write a cProfile of the resolver run to FILE")
    p.add_argument("--skip-naive", action="store_true", help="leave out the (slow) naive baseline")
    p.add_argument(
        "--throttle-at",
        default="1,150",
        help="requests of the rate-limited host answered 429 + Retry-After: 1 (comma-separated; '' for none)",
    )
    p.add_argument("--tree", help="import embeds from this checkout instead (a baseline in the same session)")
    p.add_argument("-v", "--verbose", action="store_true", help="list the slowest links")
    args = p.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    THROTTLE_AT[:] = [int(n) for n in args.throttle_at.split(",") if n.strip()]
    hosts, links, starts = build(args.links, args.seed)
    if args.cap:
        CAPS[:] = [args.cap] * len(CAPS)
    for h, cap in zip(hosts, CAPS, strict=True):
        h["cap"] = cap
    hosts[RATE_HOST]["throttle_for"] = args.throttle_for

    bound, ideal_requests, stalled_requests = ideal(links, args.latency, CAPS, args.throttle_for)
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "scenario.json"
        scenario.write_text(json.dumps({"latency": args.latency, "hosts": hosts}), encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "shortener_server.py"), str(scenario)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            info = json.loads(server.stdout.readline())
            ports, control = info["hosts"], info["control"]
            urls = [url(ports, s) for s in starts]
            print(
                f"{len(urls)} start links ({len(set(urls))} distinct), {len(HOST_NAMES)} hosts, caps {CAPS}, "
                f"latency {1000 * args.latency:.0f} ms; ideal lower bound {bound:.2f} s (stalled links excluded), "
                f"ideal requests {ideal_requests} ({stalled_requests} to the stalled host)"
            )
            print(f"  outcome classes: {dict(Counter(link.kind for link in links))}")
            print("  per-host bounds (s): " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(HOST_BOUNDS.items())))
            profiler = cProfile.Profile() if args.profile else None
            cache = SQLiteCache(Path(tmp) / "cache.sqlite3")
            if profiler:
                profiler.enable()
            head = f"127.0.0.1:{ports[HEAD_HOST]}"
            res, wall, cpu, _ = await run_resolver(urls, args.per_host, head, cache, not args.fixed)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            name = "embeds.AsyncResolver" + (" (adaptive=False)" if args.fixed else "")
            name += f" from {TREE}" if args.tree else ""
            report(name, links, ports, res, wall, cpu, await stats(control), bound, ideal_requests)
            print(
                "  learnt (window, known limit, 429s taken as: concurrency, one link's limit, the host's): "
                + ", ".join(
                    f"{HOST_NAMES[ports.index(int(h.rsplit(':', 1)[1]))]} {v}"
                    for h, v in LEARNT.items()
                    if int(h.rsplit(":", 1)[1]) in ports
                )
            )
            res, wall, _cpu, _ = await run_resolver(urls, args.per_host, head, cache, not args.fixed)
            s = await stats(control)
            print(
                f"\n== embeds.AsyncResolver, warm cache (a second instance on the same SQLite file)\n"
                f"  wall {wall:6.2f} s; requests {sum(h['requests'] for h in s.values())} (only the stalled links,"
                f" whose timeouts are never cached: {sum(1 for link in links if link.kind == 'stall')} links)"
            )
            cache.close()
            if not args.skip_naive:
                res, wall, cpu = await run_naive(urls)
                report(
                    "naive asyncio.gather over httpx (follow_redirects=True)",
                    links,
                    ports,
                    res,
                    wall,
                    cpu,
                    await stats(control),
                    bound,
                    ideal_requests,
                )
        finally:
            server.kill()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
