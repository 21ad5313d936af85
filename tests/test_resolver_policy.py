"""The resolver's request policy against mocked HTTP (pytest-httpx, strict: every mocked response is used and no
request goes unmatched)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from pytest_httpx import HTTPXMock

from embeds import AsyncResolver, ResolveOptions
from embeds._resolve._policy import backoff, cache_ttl, hop_key, host_key, retry_after

TEXT = {"content-type": "text/plain"}


@pytest.mark.anyio
async def test_head_where_configured_falls_back_to_get_and_is_given_up(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="HEAD", url="https://bit.ly/a", status_code=405)
    httpx_mock.add_response(method="GET", url="https://bit.ly/a", status_code=301, headers={"Location": "/a2"})
    httpx_mock.add_response(method="GET", url="https://bit.ly/a2", status_code=200, headers=TEXT)
    httpx_mock.add_response(method="GET", url="https://bit.ly/b", status_code=404)
    options = ResolveOptions(head_hosts=("bit.ly",), concurrency=1)
    async with AsyncResolver(options=options) as resolver:
        first = await resolver.resolve("https://bit.ly/a")
        second = await resolver.resolve("https://bit.ly/b")
    assert first.ok and first.final_url == "https://bit.ly/a2"
    assert [h.status for h in first.chain] == [301, 200]
    assert second.error == "HTTP 404"
    # HEAD once; after the 405 the host is asked with GET only
    assert [r.method for r in httpx_mock.get_requests()] == ["HEAD", "GET", "GET", "GET"]


@pytest.mark.anyio
async def test_head_answer_is_kept_when_it_redirects(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="HEAD", url="https://bit.ly/h", status_code=301, headers={"Location": "/x"})
    httpx_mock.add_response(method="HEAD", url="https://bit.ly/x", status_code=200, headers=TEXT)
    async with AsyncResolver(options=ResolveOptions(head_hosts=("bit.ly",))) as resolver:
        r = await resolver.resolve("https://bit.ly/h")
    assert r.ok and r.final_url == "https://bit.ly/x"


@pytest.mark.anyio
async def test_429_retry_after_pauses_then_succeeds(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/rl", status_code=429, headers={"Retry-After": "0"})
    httpx_mock.add_response(url="https://t.co/rl", status_code=301, headers={"Location": "https://example.org/"})
    httpx_mock.add_response(url="https://example.org/", status_code=200, headers=TEXT)
    async with AsyncResolver() as resolver:
        r = await resolver.resolve("https://t.co/rl")
        assert resolver.requests == 3
    assert r.ok and r.final_url == "https://example.org/"
    assert [h.status for h in r.chain] == [301, 200]


@pytest.mark.anyio
async def test_5xx_is_retried_then_reported_and_a_long_retry_after_gives_up(httpx_mock: HTTPXMock) -> None:
    for _ in range(2):
        httpx_mock.add_response(url="https://t.co/err", status_code=503)
    httpx_mock.add_response(url="https://t.co/long", status_code=429, headers={"Retry-After": "3600"})
    options = ResolveOptions(retries=1, max_retry_after=5)
    async with AsyncResolver(options=options) as resolver:
        results = await resolver.resolve_many(["https://t.co/err", "https://t.co/long"])
    assert results["https://t.co/err"].error == "HTTP 503"
    assert results["https://t.co/long"].error == "HTTP 429 (Retry-After 3600 s is too long)"
    assert {r.error_kind for r in results.values()} == {"http-status"}
    assert cache_ttl(503, "http-status") is None  # transient: never cached


@pytest.mark.anyio
async def test_shared_hops_and_duplicate_links_are_fetched_once(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/one", status_code=301, headers={"Location": "https://bit.ly/shared"})
    httpx_mock.add_response(url="https://t.co/two", status_code=301, headers={"Location": "https://bit.ly/shared"})
    httpx_mock.add_response(url="https://bit.ly/shared", status_code=301, headers={"Location": "https://e.org/p"})
    httpx_mock.add_response(url="https://e.org/p", status_code=200, headers=TEXT)
    urls = ["https://t.co/one", "http://t.co/one", "https://t.co/two", "https://t.co/one#frag"]  # one link thrice
    async with AsyncResolver() as resolver:
        results = await resolver.resolve_many(urls)
        assert resolver.requests == 4
    assert set(results) == set(urls)
    assert {r.final_url for r in results.values()} == {"https://e.org/p"}
    assert [h.url for h in results["https://t.co/two"].chain] == [
        "https://t.co/two",
        "https://bit.ly/shared",
        "https://e.org/p",
    ]


@pytest.mark.anyio
async def test_status_urls_are_never_fetched(httpx_mock: HTTPXMock) -> None:
    target = "https://x.com/example/status/1234567890123456789/photo/1"  # placeholder id
    httpx_mock.add_response(url="https://t.co/Pic", status_code=301, headers={"Location": target})
    async with AsyncResolver() as resolver:
        r = await resolver.resolve("pic.twitter.com/Pic")
        direct = await resolver.resolve("https://twitter.com/jack/status/20")
    assert r.ok and r.final_url == target and r.status == 301
    assert direct.ok and direct.chain == () and direct.final_url == "https://twitter.com/jack/status/20"


@pytest.mark.anyio
async def test_non_http_and_private_redirects_are_blocked(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/js", status_code=302, headers={"Location": "javascript:alert(1)"})
    httpx_mock.add_response(url="https://t.co/meta", status_code=301, headers={"Location": "http://169.254.169.254/"})
    httpx_mock.add_response(url="https://t.co/v6", status_code=301, headers={"Location": "http://[::1]:8080/"})
    async with AsyncResolver() as resolver:
        results = await resolver.resolve_many(["https://t.co/js", "https://t.co/meta", "https://t.co/v6"])
    assert all((r.error or "").startswith("blocked:") for r in results.values()), results
    assert results["https://t.co/meta"].final_url == "http://169.254.169.254/"


@pytest.mark.anyio
async def test_user_agent_and_no_cookies_between_hosts(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://t.co/c", status_code=301, headers={"Location": "https://e.org/", "Set-Cookie": "sid=1; Path=/"}
    )
    httpx_mock.add_response(url="https://e.org/", status_code=200, headers=TEXT)
    async with httpx.AsyncClient() as client, AsyncResolver(client) as resolver:
        await resolver.resolve("https://t.co/c")
    for request in httpx_mock.get_requests():
        assert "cookie" not in request.headers
        assert request.headers["user-agent"].startswith("embeds")
        assert "Mozilla" not in request.headers["user-agent"]


@pytest.mark.anyio
async def test_body_read_is_bounded(httpx_mock: HTTPXMock) -> None:
    late = "x" * 5000 + '<meta http-equiv="refresh" content="0;url=https://e.org/late">'
    httpx_mock.add_response(url="https://t.co/big", status_code=200, text=late, headers={"content-type": "text/html"})
    async with AsyncResolver(options=ResolveOptions(max_body=1024)) as resolver:
        r = await resolver.resolve("https://t.co/big")
    assert r.ok and r.final_url == "https://t.co/big"  # the refresh lies past the bytes read


@pytest.mark.anyio
async def test_hop_limit(httpx_mock: HTTPXMock) -> None:
    for i in range(3):
        httpx_mock.add_response(url=f"https://t.co/h{i}", status_code=301, headers={"Location": f"/h{i + 1}"})
    async with AsyncResolver(options=ResolveOptions(max_hops=2)) as resolver:
        r = await resolver.resolve("https://t.co/h0")
    assert r.error == "too many redirects" and r.final_url == "https://t.co/h3"
    assert r.error_kind == "too-many-hops"
    assert cache_ttl(r.status, r.error_kind) is not None  # a policy outcome: cached, briefly


@pytest.mark.anyio
async def test_timeouts_mark_a_host_stalled_and_its_queue_fails_fast(httpx_mock: HTTPXMock) -> None:
    for i in range(2):
        httpx_mock.add_exception(httpx.ReadTimeout("stalled"), url=f"https://bit.ly/s{i}")
    options = ResolveOptions(per_host=2, stall_after=2)
    async with AsyncResolver(options=options) as resolver:
        results = await resolver.resolve_many([f"https://bit.ly/s{i}" for i in range(6)])
        assert resolver.requests == 2  # the four queued behind the two that timed out were never sent
    assert all((r.error or "").startswith("timeout") for r in results.values())
    assert {r.error_kind for r in results.values()} == {"timeout"}
    assert sum("stalled" in (r.error or "") for r in results.values()) == 4


@pytest.mark.anyio
async def test_iter_resolve_reads_lazily_and_yields_every_link(httpx_mock: HTTPXMock) -> None:
    for i in range(5):
        httpx_mock.add_response(url=f"https://t.co/g{i}", status_code=404)

    def links() -> Iterator[str]:
        for i in range(5):
            yield f"https://t.co/g{i}"
            yield f"https://t.co/g{i}"

    async with AsyncResolver(options=ResolveOptions(window=2)) as resolver:
        got = [r.url async for r in resolver.iter_resolve(links())]
    assert sorted(got) == [f"https://t.co/g{i}" for i in range(5)]


@pytest.mark.anyio
async def test_iter_resolve_passes_on_a_failing_input() -> None:
    def broken() -> Iterator[str]:
        yield "https://twitter.com/jack/status/20"
        raise RuntimeError("input broke")

    async with AsyncResolver() as resolver:
        with pytest.raises(RuntimeError, match="input broke"):
            await resolver.resolve_many(broken())


def test_pure_helpers() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert retry_after("7", now) == 7.0
    assert retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now) == 30.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None
    assert [backoff(n) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]
    assert host_key("http://127.0.0.1:8081/x") == "127.0.0.1:8081" and host_key("https://T.co:443/x") == "t.co"
    assert hop_key("HTTP://T.CO:80/a#f") == "http://t.co/a" != hop_key("https://t.co/a")
    assert cache_ttl(200, None) == 30 * 86400
    assert cache_ttl(404, "http-status") == 86400 and cache_ttl(410, "http-status") == 86400
    for status, transient in [
        (None, "timeout"),
        (429, "http-status"),
        (500, "http-status"),
        (403, "http-status"),
        (None, "network"),
        (None, "bad-response"),
        (None, "no-fixture"),
        (None, "unexpected"),
    ]:
        assert cache_ttl(status, transient) is None, transient  # type: ignore[arg-type]
    for policy in ("loop", "too-many-hops", "blocked", "bad-url"):
        assert cache_ttl(301, policy) == 86400, policy  # type: ignore[arg-type]
    assert cache_ttl(None, None, failed=True) is None  # a failure with no kind (an older record): never kept
