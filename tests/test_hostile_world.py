"""The hostile suite, part 2 (issue 15): servers, replay directories, caches, processes and careless use.

Every bad thing becomes a per-link or per-file error or warning, every good post in the same scan is still written,
no traceback, the exit code is the documented one, and no request reaches an address that is not global through
any public entry point unless ``allow_private`` says so. Servers are loopback servers started here (bounded,
stopped by the test); fixtures and documents are hand-built with placeholder hosts and ids.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import embeds
from embeds import AsyncResolver, RecordTransport, ReplayTransport, ResolveOptions, ScanOptions, SQLiteCache
from embeds._cli import main
from embeds._resolve._policy import blocked_reason, is_interstitial, redirect_target
from embeds._resolve._replay import fixture_name

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
JACK = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote>'
)
#: hand-built: a placeholder post with one placeholder short link
LINKED = "A placeholder post https://t.co/Example001\n— Example Person (@example) January 1, 2024\n"


# --- a loopback server that misbehaves on request ------------------------------------------------------------------


class Server:
    """HTTP/1.1 on 127.0.0.1; ``routes`` maps a path to ``(status, headers, body)``; every request is counted."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        self.routes = routes
        self.port = 0
        self.hits: list[str] = []

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
                self.hits.append(path)
                status, headers, body = self.routes.get(path, (404, {}, b""))
                lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
                lines += [f"{k}: {v}" for k, v in headers.items()]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def _serve(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> AsyncIterator[Server]:
    srv = Server(routes)
    handle = await asyncio.start_server(srv.handle, "127.0.0.1", 0)
    srv.port = handle.sockets[0].getsockname()[1]
    async with handle:
        yield srv
        handle.close()


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    routes = {
        "/final": (200, {"Content-Type": "text/plain"}, b"done"),
        "/to-final": (301, {"Location": "/final"}, b""),
    }
    async for srv in _serve(routes):
        yield srv


# --- 1. the address guard ------------------------------------------------------------------------------------------

NOT_GLOBAL = [
    "127.0.0.1",
    "127.1",  # inet_aton forms every C resolver accepts
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "0x7f.1",
    "localhost",
    "localhost.",
    "LOCALHOST",
    "printer.local",
    "metadata.google.internal",
    "10.0.0.1",
    "100.64.0.1",  # CGNAT
    "100.100.100.200",  # a cloud metadata service
    "169.254.169.254",
    "192.0.2.1",  # documentation
    "198.18.0.1",  # benchmarking
    "224.0.0.1",
    "239.255.255.250",
    "0.0.0.0",
    "0",
    "255.255.255.255",
    "[::1]",
    "[::]",
    "[fe80::1]",
    "[fe80::1%25eth0]",
    "[fec0::1]",  # site-local
    "[fc00::1]",
    "[ff02::1]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::ffff:10.0.0.1]",
    "[::127.0.0.1]",  # IPv4-compatible
    "[2002:7f00:1::1]",  # 6to4 of 127.0.0.1
    "[2002:a00:1::1]",  # 6to4 of 10.0.0.1
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
    "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
    "[2001:db8::1]",
]


@pytest.mark.parametrize("host", NOT_GLOBAL)
def test_the_policy_refuses_every_address_that_is_not_global(host: str) -> None:
    assert blocked_reason(f"http://{host}/x") is not None
    assert blocked_reason(f"https://{host}:8443/x") is not None
    assert blocked_reason(f"http://{host}/x", allow_private=True) is None


@pytest.mark.parametrize("host", ["93.184.216.34", "example.org", "[2606:4700::1111]", "[2002:5db8:d822::1]", "1.1"])
def test_the_policy_lets_global_addresses_through(host: str) -> None:
    assert blocked_reason(f"http://{host}/x") is None


LOOPBACK_FORMS = ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "localhost.", "[::ffff:127.0.0.1]"]


@pytest.mark.anyio
async def test_no_entry_point_reaches_loopback_without_allow_private(server: Server, tmp_path: Path) -> None:
    urls = [server.url("/to-final", host) for host in LOOPBACK_FORMS]

    async def resolve_all(resolver: AsyncResolver) -> dict[str, embeds.Resolution]:
        async with resolver:
            return await resolver.resolve_many(urls)

    async with httpx.AsyncClient() as plain:  # an injected client with no guard of its own
        entry_points: dict[str, AsyncResolver] = {
            "default": AsyncResolver(),
            "client": AsyncResolver(plain),
            "transport": AsyncResolver(transport=httpx.AsyncHTTPTransport()),
            "record": AsyncResolver(transport=RecordTransport(tmp_path / "rec")),
            "record-warc": AsyncResolver(transport=embeds.WARCRecordTransport(tmp_path / "rec.warc.gz")),
        }
        for name, resolver in entry_points.items():
            results = await resolve_all(resolver)
            assert all(r.error_kind == "blocked" for r in results.values()), (name, results)
    assert not server.hits
    assert not (tmp_path / "rec").exists() or not list((tmp_path / "rec").rglob("*.json"))
    # a redirect from a (replayed) public answer to loopback is refused too, and replay never connects
    replay = tmp_path / "replay"
    replay.mkdir()
    for i, host in enumerate(LOOPBACK_FORMS):
        _fixture(replay, f"f{i}", f"https://t.co/Loop{i}", 301, {"Location": server.url("/final", host)})
    async with AsyncResolver(transport=ReplayTransport(replay)) as resolver:
        replayed = await resolver.resolve_many([f"https://t.co/Loop{i}" for i in range(len(LOOPBACK_FORMS))])
    assert all(r.error_kind == "blocked" for r in replayed.values()), replayed
    assert not server.hits
    # allow_private is the one way to relax it, for every entry point
    relaxed = ResolveOptions(allow_private=True, read_timeout=2, connect_timeout=2)
    async with httpx.AsyncClient() as plain, AsyncResolver(plain, options=relaxed) as resolver:
        r = await resolver.resolve(server.url("/to-final", "127.1"))
    assert r.ok and r.final_url.endswith("/final"), r


@pytest.mark.anyio
async def test_an_injected_client_cannot_reach_a_name_that_resolves_to_a_private_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def fake_getaddrinfo(host: str, port: Any, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("100.100.100.200", 80))]  # placeholder name

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake_getaddrinfo)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200)

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client,
        AsyncResolver(client) as resolver,
    ):
        r = await resolver.resolve("https://metadata.example/latest")
    assert r.error_kind == "blocked" and "100.100.100.200" in (r.error or "")
    assert not sent


def test_javascript_location_is_followed_only_in_an_interstitial() -> None:
    tco = (  # t.co's answer to a browser, shape as documented (placeholder target)
        '<head><meta name="referrer" content="always"><noscript><META http-equiv="refresh" '
        'content="0;URL=https://example.com/a"></noscript><title>https://example.com/a</title></head>'
        '<script>window.opener = null; location.replace("https:\\/\\/example.com\\/a")</script>'
    )
    assert is_interstitial(tco)
    assert redirect_target("https://t.co/x", 200, {}, tco) == "https://example.com/a"
    bare = '<script>location.href = "https://example.com/b";</script>'
    assert redirect_target("https://t.co/x", 200, {}, bare) == "https://example.com/b"
    landing = (
        "<html><body><h1>Welcome to the placeholder shop</h1>"
        + "<p>Our products are the best in the world, read all about them here.</p>" * 20
        + '<script>function out() { window.location = "https://example.com/logout"; }</script></body></html>'
    )
    assert not is_interstitial(landing)
    assert redirect_target("https://t.co/x", 200, {}, landing) is None
    two = (
        '<script>if (a) location.href = "https://example.com/1"; else location.href = "https://example.com/2"</script>'
    )
    assert redirect_target("https://t.co/x", 200, {}, two) is None


# --- response bodies bounded after decompression --------------------------------------------------------------------

BOMB_SCRIPT = textwrap.dedent(
    """
    import asyncio, gzip, json, resource, sys, time, zlib
    from embeds import AsyncResolver, ResolveOptions

    def bomb(size):
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = bytes(1 << 20)
        parts = [z.compress(block) for _ in range(size >> 20)]
        return b"".join(parts) + z.flush()

    BODY = bomb(1 << 30)  # 1 GiB of zeros, about 1 MB compressed

    def peak_mb():
        # this process's own peak: Linux's ru_maxrss also counts the parent's size when it was started (the test
        # runner's, hundreds of MB late in a full run); VmHWM is the peak of this program's memory alone
        try:
            with open("/proc/self/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    async def handle(reader, writer):
        try:
            while True:
                await reader.readuntil(b"\\r\\n\\r\\n")
                head = ("HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Encoding: gzip\\r\\n"
                        f"Content-Length: {len(BODY)}\\r\\n\\r\\n")
                writer.write(head.encode() + BODY)
                await writer.drain()
        except Exception:
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        lag = 0.0
        stop = False

        async def ticker():
            nonlocal lag
            while not stop:
                t = time.monotonic()
                await asyncio.sleep(0.01)
                lag = max(lag, time.monotonic() - t - 0.01)

        options = ResolveOptions(allow_private=True, per_host=64, read_timeout=20, connect_timeout=5)
        async with AsyncResolver(options=options) as resolver:
            await resolver.resolve(f"http://127.0.0.1:{port}/warm-up")  # one-time costs (TLS context) first
            tick = asyncio.create_task(ticker())
            results = await resolver.resolve_many([f"http://127.0.0.1:{port}/bomb{i}" for i in range(64)])
        stop = True
        await tick
        server.close()
        peak = peak_mb()
        print(json.dumps({"peak_mb": peak, "lag": lag, "ok": sum(r.ok for r in results.values()),
                          "kinds": sorted({str(r.error_kind) for r in results.values()})}))

    asyncio.run(main())
    """
)


def test_sixty_four_gzip_bombs_stay_under_200_mb_and_never_stall_the_loop(tmp_path: Path) -> None:
    script = tmp_path / "bomb.py"
    script.write_text(BOMB_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ok"] == 64, report  # a 200 page with nothing to follow: the chain ends there
    assert report["peak_mb"] < 200, report
    assert report["lag"] < 0.5, report


# --- 2. cache and replay robustness ---------------------------------------------------------------------------------


def _fixture(directory: Path, name: str, url: str, status: int, headers: dict[str, str], body: str = "") -> None:
    record = {
        "provenance": {"origin": "hand-built", "note": "hostile answer for a test; placeholder link"},
        "request": {"method": "GET", "url": url, "headers": {}},
        "response": {"status": status, "headers": headers, "body": body},
    }
    (directory / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):
        data[offset : offset + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["garbage", "pages", "rows"])
def test_a_damaged_cache_never_breaks_a_run(damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cache.sqlite3"
    with SQLiteCache(db) as cache:
        for i in range(2000):
            cache.put(
                f"https://t.co/k{i}", embeds.Resolution(f"https://t.co/k{i}", "https://example.com/" + "a" * 80, 200)
            )
        cache.put("https://t.co/Example001", embeds.Resolution("https://t.co/Example001", "https://example.com/x", 200))
    if damage == "garbage":
        db.write_bytes(b"not a database at all\n" * 500)
    elif damage == "pages":
        _damage(db)
    else:
        con = sqlite3.connect(db)
        con.execute("UPDATE resolutions SET record = '{\"final_url\": 3' WHERE key = 'https://t.co/Example001'")
        con.commit()
        con.close()
    doc = tmp_path / "doc.txt"
    doc.write_text(LINKED, encoding="utf-8")
    replay = tmp_path / "replay"
    replay.mkdir()
    _fixture(replay, "a", "https://t.co/Example001", 301, {"Location": "https://x.com/example/status/1001"})
    for _ in range(2):  # the run that finds the damage repairs it; the next one is clean
        code = main(["scan", str(doc), "--cache", str(db), "--replay", str(replay), "-f", "json"])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert "Traceback" not in captured.err
        records = json.loads(captured.out)
        assert records[0]["links"][0]["resolved_url"] == "https://x.com/example/status/1001"
        if _ == 0:
            assert "embeds: warning: cache" in captured.err, captured.err
        else:
            assert "warning" not in captured.err, captured.err
    if damage != "rows":
        assert list(tmp_path.glob("cache.sqlite3.corrupt-*")), "the damaged file is kept aside"


def test_a_hostile_replay_directory_gives_warnings_never_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replay = tmp_path / "replay"
    (replay / "t.co").mkdir(parents=True)
    _fixture(
        replay / "t.co", "a-good", "https://t.co/Example001", 301, {"Location": "https://x.com/example/status/1002"}
    )
    _fixture(
        replay / "t.co", "b-override", "https://t.co/Example001", 301, {"Location": "https://x.com/example/status/1003"}
    )
    (replay / "t.co" / "junk.json").write_text("{not json", encoding="utf-8")
    (replay / "t.co" / "latin.json").write_bytes(b'{"request": "\xe9"}')
    (replay / "t.co" / "status.json").write_text(
        json.dumps({"request": {"url": "https://t.co/X"}, "response": {"status": "301"}}), encoding="utf-8"
    )
    os.mkfifo(replay / "t.co" / "x.json")  # opening it to read would block forever
    (replay / "index.json").write_text('{"fixtures": 3}', encoding="utf-8")  # not a fixture: ignored quietly
    doc = tmp_path / "docs" / "doc.txt"
    doc.parent.mkdir()
    doc.write_text(LINKED + "\n" + SEED, encoding="utf-8")
    started = time.monotonic()
    code = main(["scan", str(doc.parent), "--replay", str(replay), "-f", "json"])
    captured = capsys.readouterr()
    assert time.monotonic() - started < 60
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    err = captured.err
    assert "x.json: replay fixture not a regular file" in err
    assert "junk.json: replay fixture not valid JSON" in err
    assert "latin.json: replay fixture not UTF-8" in err
    assert "status.json: replay fixture response.status '301' is not an HTTP status" in err
    assert "b-override.json: replay fixture overrides" in err and "a-good.json" in err
    assert "index.json" not in err
    assert "embeds: 1 file, 3 posts" in err and "5 warnings" in err  # fixture files are no documents
    records = json.loads(captured.out)
    assert [r["author"]["handle"] for r in records] == ["example", "jensstoltenberg", "StateDept"]
    assert records[0]["links"][0]["resolved_url"] == "https://x.com/example/status/1003"  # the later one, reported
    assert ReplayTransport(replay).problems  # the library sees the same list


@pytest.mark.anyio
async def test_a_replayed_answer_is_never_cached_as_live(tmp_path: Path) -> None:
    replay = tmp_path / "replay"
    replay.mkdir()
    _fixture(replay, "a", "https://t.co/Example001", 301, {"Location": "https://x.com/example/status/1001"})
    with SQLiteCache(tmp_path / "c.sqlite3") as cache:
        async with AsyncResolver(cache=cache, transport=ReplayTransport(replay)) as resolver:
            r = await resolver.resolve("https://t.co/Example001")
        assert r.ok and len(cache) == 0
        result = await embeds.ascan(
            [_write(tmp_path / "d.txt", LINKED)], options=ScanOptions(replay=str(replay)), cache=cache
        )
        assert result.citations[0].links[0].resolved_url == "https://x.com/example/status/1001"
        assert len(cache) == 0


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("host", ["..", ".", "...", "a..b", "%2e%2e", "..%2f..%2fetc"])
def test_a_fixture_name_stays_in_its_directory(host: str) -> None:
    name = fixture_name("GET", f"http://{host}/x/../../y")
    first, rest = name.split("/", 1)
    assert first not in ("", ".", "..") and not first.startswith(".") and "/" not in rest and ".." not in name


@pytest.mark.anyio
async def test_record_never_writes_outside_its_directory(tmp_path: Path) -> None:
    def live(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "https://example.com/"})

    inside = tmp_path / "rec"
    record = RecordTransport(inside, httpx.MockTransport(live), command="test")
    async with httpx.AsyncClient(transport=record) as client:
        for host in ("..", ".", "%2e%2e"):
            await client.get(f"http://{host}/x")
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(inside in p.parents for p in written), written
    (inside / "evil").symlink_to(tmp_path, target_is_directory=True)  # a host directory pointing out
    assert not RecordTransport(inside)._write("evil/get-x.json", {}) and not (tmp_path / "get-x.json").exists()


# --- 3. processes ---------------------------------------------------------------------------------------------------


def _descendants(root: int) -> set[int]:
    table: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in table.items() if ppid in frontier} - found
        found |= frontier
    return found


def _running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie has exited: its parent (gone) can no longer reap it, init does
            alive.add(pid)
    return alive


#: a big, ordinary page (every HTML seed, repeated): about a second to extract per megabyte
PAGE = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.html")))


def _big(megabytes: float) -> str:
    return PAGE * max(1, int(megabytes * 1e6 / len(PAGE)))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize(
    ("how", "name"),
    [
        (signal.SIGTERM, "refs.txt"),
        (signal.SIGINT, "refs.txt"),
        (signal.SIGKILL, "refs.txt"),
        # jsonl without resolution: the workers' lines are taken in the main thread, with no event loop
        (signal.SIGTERM, "refs.jsonl"),
        (signal.SIGINT, "refs.jsonl"),
    ],
)
def test_stopping_a_scan_leaves_no_process_behind(how: signal.Signals, name: str, tmp_path: Path) -> None:
    """SIGTERM and Ctrl-C stop the workers; after SIGKILL they notice their parent is gone and exit."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(16):
        (docs / f"f{i:02}.html").write_text(_big(2) + JACK, encoding="utf-8")
    out = tmp_path / name
    out.write_text("the old output\n", encoding="utf-8")
    argv = [sys.executable, "-m", "embeds", "scan", str(docs), "--no-resolve", "-j", "4", "-o", str(out)]
    # its own process group, signalled as a terminal does: Ctrl-C reaches every process of the group
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        kids: set[int] = set()
        while time.monotonic() < deadline and len(kids) < 5:  # forkserver (and tracker) and four workers
            time.sleep(0.1)
            kids = _descendants(proc.pid)
        assert len(kids) >= 5, kids
        time.sleep(0.5)
        kids = _descendants(proc.pid)
        if how == signal.SIGINT:
            os.killpg(proc.pid, how)
        else:
            proc.send_signal(how)
        err = proc.communicate(timeout=60)[1]
        code = proc.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    expected = {signal.SIGTERM: 143, signal.SIGINT: 130, signal.SIGKILL: -signal.SIGKILL}
    assert code == expected[how], err
    assert "Traceback" not in err, err
    deadline = time.monotonic() + 20
    while _running(kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(kids)
    assert out.read_text(encoding="utf-8") == "the old output\n"  # -o left as it was
    if how != signal.SIGKILL:  # (a killed process cannot remove its hidden temporary file)
        assert not list(tmp_path.glob(f".{name}.*"))  # and no temporary file


def test_a_worker_server_started_early_and_not_used_ends_with_the_scan(tmp_path: Path) -> None:
    # --jobs 2 starts the forkserver before the command line is imported; one file needs no pool. The server holds
    # the scan's standard output (inherited): run() returns only once every holder has closed it, that is exited
    doc = _write(tmp_path / "doc.txt", SEED)
    argv = [sys.executable, "-m", "embeds", "scan", str(doc), "--no-resolve", "-f", "jsonl", "-j", "2"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout and "Traceback" not in done.stderr


def test_a_deeply_nested_authors_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _write(tmp_path / "doc.txt", SEED)
    deep = tmp_path / "authors.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_toml = tmp_path / "authors.toml"
    deep_toml.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for path in (deep, deep_toml):
        assert main(["scan", str(doc), "--no-resolve", "--authors", str(path)]) == 2
        err = capsys.readouterr().err
        assert "nested too deeply" in err and "Traceback" not in err


# --- 4. quadratic inputs, now linear (the numbers to 1 MB: ``python3 bench/pathological.py --issue15``) ------------

QUADRATIC_BEFORE: dict[str, Callable[[int], tuple[Callable[[str], object], str]]] = {
    "quote marks": lambda n: (
        embeds.extract,
        "> " * (n // 2) + "just setting up my twttr\n— jack (@jack) March 21, 2006\n",
    ),
    "t.co run": lambda n: (embeds.entities, "https://t.co/" * (n // 13)),
    "mastodon a.": lambda n: (embeds.extract, "https://m.social/@" + "a." * (n // 2)),
    "blockquotes": lambda n: (
        lambda t: embeds.extract(t, format="html"),
        '<blockquote class="twitter-tweet">' * (n // 34),
    ),
}


def _cpu_best_of(run: Callable[[str], object], text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        run(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("case", list(QUADRATIC_BEFORE))
def test_issue_15_inputs_scale_linearly(case: str) -> None:
    """4x the input takes about 4x the CPU time (16x when they were quadratic); the bound leaves room for noise."""
    run, small_text = QUADRATIC_BEFORE[case](16_000)
    _, large_text = QUADRATIC_BEFORE[case](64_000)
    run(small_text)  # warm-up
    small, large = _cpu_best_of(run, small_text), _cpu_best_of(run, large_text)
    assert large < 9 * max(small, 2e-3), (small, large)


# --- 4. the per-file time limit -------------------------------------------------------------------------------------


def test_a_file_over_the_time_limit_is_stopped_in_a_worker(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(9):
        _write(docs / f"good{i}.html", f"<p>{i}</p>" + JACK)
    _write(docs / "slow.html", _big(8))
    started = time.monotonic()
    result = embeds.scan(docs, options=ScanOptions(resolve=False, jobs=2, file_timeout=2.0))
    assert time.monotonic() - started < 30
    errors = {Path(e.path).name: e.error for e in result.errors}
    assert "time limit" in errors.pop("slow.html") and not errors
    assert len(result.citations) == 1 and len(result.citations[0].occurrences) == 9


def test_a_batch_over_the_time_limit_runs_its_files_again_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import embeds._scan as scan_module

    monkeypatch.setattr(scan_module, "BATCH_BYTES", 100_000_000)  # the slow file in a batch with the others
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(9):
        _write(docs / f"good{i}.html", f"<p>{i}</p>" + JACK)
    _write(docs / "slow.html", _big(8))
    result = embeds.scan(docs, options=ScanOptions(resolve=False, jobs=2, file_timeout=2.0))
    errors = {Path(e.path).name: e.error for e in result.errors}
    assert "time limit" in errors.pop("slow.html") and not errors  # the file at fault, alone
    assert len(result.citations) == 1 and len(result.citations[0].occurrences) == 9


def test_a_file_over_the_time_limit_is_interrupted_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import embeds._scan as scan_module

    real = scan_module.extract_document

    def slow(doc: embeds.Document) -> tuple[embeds.Citation, ...]:
        if "slow" in (doc.path or ""):
            while True:  # pure Python, as a pathological loop in the extraction would be
                time.sleep(0.001)
        return real(doc)

    monkeypatch.setattr(scan_module, "extract_document", slow)
    _write(tmp_path / "good.html", JACK)
    _write(tmp_path / "slow.html", JACK)
    started = time.monotonic()
    result = embeds.scan(tmp_path, options=ScanOptions(resolve=False, jobs=1, file_timeout=0.3))
    assert time.monotonic() - started < 10
    assert [Path(e.path).name for e in result.errors] == ["slow.html"]
    assert "time limit" in result.errors[0].error
    assert len(result.citations) == 1


def test_a_scan_under_a_tracer_finishes(tmp_path: Path) -> None:
    """pdb, coverage and profilers trace the scanning thread (``sys.settrace``): the per-file time limit must not
    leave it spinning (it did: clearing an asynchronous exception that was never set, on CPython 3.11)."""
    _write(tmp_path / "a.html", JACK)
    _write(tmp_path / "b.txt", SEED)
    script = textwrap.dedent(
        f"""
        import sys
        import embeds
        sys.settrace(lambda *args: None)
        result = embeds.scan({str(tmp_path)!r}, options=embeds.ScanOptions(resolve=False, jobs=1))
        print(len(result.citations))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3"]


def test_a_time_limit_set_just_as_the_file_finished_is_taken_not_raised_later() -> None:
    """The watchdog can set FileTimeout just after the extraction returned: the run still returns its result, and
    the exception is not raised in whatever the thread does next."""
    import threading

    from embeds._pool import FileTimeout, InProcessLimit, _async_raise

    with InProcessLimit(60.0) as limit:

        def finishes_as_the_watchdog_fires() -> str:
            _async_raise(threading.get_ident(), FileTimeout)  # set, as the watchdog would, not yet raised
            with limit._lock:
                limit._fired = True
            return "done"

        try:
            result = limit.run(finishes_as_the_watchdog_fires)
        except FileTimeout:
            result = "raised in run"  # raised before fn returned: also a clean outcome
        total = sum(range(1000))  # a loop after: nothing pending is raised here
    assert result in ("done", "raised in run")
    assert total == 499500
    assert limit.run(lambda: "next") == "next"


# --- 5. careless use ------------------------------------------------------------------------------------------------


def test_scan_takes_one_path_as_a_string(tmp_path: Path) -> None:
    _write(tmp_path / "a.html", JACK)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "b.txt", SEED)
    whole = embeds.scan(str(tmp_path), options=ScanOptions(resolve=False))
    assert whole.files == 2 and len(whole.citations) == 3
    one = embeds.scan(str(tmp_path / "a.html"), options=ScanOptions(resolve=False))
    assert one.files == 1 and [c.author.handle for c in one.citations] == ["jack"]
    assert embeds.scan(tmp_path / "a.html", options=ScanOptions(resolve=False)).files == 1
    assert list(embeds.iter_paths(str(tmp_path))) == [str(tmp_path / "a.html"), str(tmp_path / "sub" / "b.txt")]


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## As a library", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert 'embeds.scan(["seeds/"])' in block
    # the one change: no network in tests (resolution off); everything else runs as a user would save it
    return block.replace(
        'embeds.scan(["seeds/"])', 'embeds.scan(["seeds/"], options=embeds.ScanOptions(resolve=False))'
    )


@pytest.mark.parametrize("where", ["script", "thread", "stdin"])
def test_the_readme_example_runs_as_a_plain_script(where: str, tmp_path: Path) -> None:
    code = _readme_example()
    if where == "thread":  # the same code from a worker thread, still no __main__ guard
        code = (
            "import threading\ndef run():\n"
            + textwrap.indent(code, "    ")
            + ("\nt = threading.Thread(target=run)\nt.start()\nt.join()\n")
        )
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    argv = [sys.executable, str(script)] if where != "stdin" else [sys.executable, "-"]
    done = subprocess.run(
        argv,
        cwd=ROOT,
        input=code if where == "stdin" else None,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenProcessPool" not in done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(records) > 20  # every seed's posts


def test_output_is_atomic_and_never_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(3):
        _write(tmp_path / f"d{i}.txt", SEED if i else LINKED)
    out = tmp_path / "refs.txt"
    outputs = []
    for _ in range(2):
        assert main(["scan", str(tmp_path), "--no-resolve", "-q", "-o", str(out)]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and outputs[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d0.txt", "d1.txt", "d2.txt", "refs.txt"]
    capsys.readouterr()


def test_output_to_a_device_or_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` once renamed a regular file over the device (as root, /dev/null became a file): only
    regular files are replaced. Checked on a FIFO (the same kind of path as a device: not a regular file) and a
    symbolic link (its target is replaced, the link stays)."""
    import stat
    import threading

    _write(tmp_path / "d.txt", SEED)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["scan", str(tmp_path / "d.txt"), "--no-resolve", "-q", "-f", "jsonl", "-o", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(got) == 1 and got[0].count(b"\n") == 2 and b'"jensstoltenberg"' in got[0]
    target = tmp_path / "out" / "posts.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "posts.jsonl"
    link.symlink_to(target)
    assert main(["scan", str(tmp_path / "d.txt"), "--no-resolve", "-q", "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").count("\n") == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["posts.jsonl"]


def test_an_interrupted_run_leaves_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import embeds._cli as cli

    _write(tmp_path / "d.txt", SEED)
    out = tmp_path / "refs.bib"
    out.write_text("% the old bibliography\n", encoding="utf-8")
    real = cli.aiter_scan
    real_offline = cli.iter_scan_offline

    async def interrupted(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async for item in real(*args, **kwargs):
            yield item
            raise KeyboardInterrupt

    def interrupted_offline(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in real_offline(*args, **kwargs):
            yield item
            raise KeyboardInterrupt

    monkeypatch.setattr(cli, "aiter_scan", interrupted)
    monkeypatch.setattr(cli, "iter_scan_offline", interrupted_offline)
    empty = tmp_path / "replay"
    empty.mkdir()
    # without the network (a plain loop) and resolving (an event loop: from an empty replay directory)
    for how in (["--no-resolve"], ["--replay", str(empty)]):
        assert main(["scan", str(tmp_path / "d.txt"), *how, "-o", str(out)]) == 130
        assert out.read_text(encoding="utf-8") == "% the old bibliography\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["d.txt", "refs.bib", "replay"]
        assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_text_output_survives_a_standard_output_that_is_not_utf8(encoding: str, tmp_path: Path) -> None:
    doc = _write(tmp_path / "d.html", JACK.replace("just setting up", "日本語 🎉 — just setting up"))
    done = subprocess.run(
        [sys.executable, "-m", "embeds", "scan", str(doc), "--no-resolve"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)
    assert "\\u65e5\\u672c\\u8a9e" in out and "just setting up" in out
    assert b"Traceback" not in done.stderr


# --- 6. the whole hostile world in one scan -------------------------------------------------------------------------


class _ToLoopback(httpx.AsyncBaseTransport):
    """A user's own transport that sends every placeholder short link to the loopback server (as a test double
    for the internet): not the resolver's, so the resolver vets names itself."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "t.co":
            request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:  # its pool keeps connections alive between requests: close them with the client
        await self.inner.aclose()


@pytest.mark.anyio
async def test_one_scan_through_a_hostile_world_keeps_every_good_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def public(host: str, port: Any, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]  # placeholder public answer

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", public)
    landing = (
        "<html><body>"
        + "<p>A long landing page with many words in it.</p>" * 100
        + '<script>location.href = "/logout"</script></body></html>'
    )
    routes = {
        "/Bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(bytes(50 << 20))),
        "/Landing": (200, {"Content-Type": "text/html"}, landing.encode()),
        "/logout": (200, {}, b"logged out"),
        "/Private": (301, {"Location": "http://100.100.100.200/latest/meta-data/"}, b""),
        "/Decimal": (301, {"Location": "http://2130706433/"}, b""),
        "/Good": (301, {"Location": "https://x.com/example/status/1001"}, b""),
    }
    async for srv in _serve(routes):
        docs = tmp_path / "docs"
        docs.mkdir()
        names = ["Bomb", "Landing", "Private", "Decimal", "Good"]
        hostile = " ".join(f"https://t.co/{n}" for n in names)
        _write(docs / "good.txt", SEED)
        _write(docs / "hostile.txt", f"A placeholder post {hostile}\n— Example Person (@example) January 1, 2024\n")
        _write(docs / "deep.html", "<div>" * 30000 + JACK)
        (docs / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
        async with httpx.AsyncClient(transport=_ToLoopback(srv.port)) as client:
            result = await embeds.ascan(docs, client=client, options=ScanOptions(jobs=1))
        assert {c.author.handle for c in result.citations} == {"example", "jack", "jensstoltenberg", "StateDept"}
        assert [(Path(e.path).name, e.severity) for e in result.errors] == [("bin.txt", "error")]
        links = {link.url.rsplit("/", 1)[1]: link for c in result.citations for link in c.links}
        assert links["Bomb"].status == "resolved" and links["Bomb"].resolved_url == "https://t.co/Bomb"
        assert links["Landing"].resolved_url == "https://t.co/Landing"  # the page's script is not its redirect
        assert links["Private"].error_kind == "blocked" and links["Decimal"].error_kind == "blocked"
        assert links["Good"].resolved_url == "https://x.com/example/status/1001"
        assert "/logout" not in srv.hits and {"/Bomb", "/Decimal", "/Good", "/Landing", "/Private"} <= set(srv.hits)
        assert len(set(srv.hits)) == 7  # and the seed's two placeholder media links (404 here)
