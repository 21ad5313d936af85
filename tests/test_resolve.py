"""The resolver against mocked HTTP (pytest-httpx: every mocked response must be used, no real request is made)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pytest_httpx import HTTPXMock

import embeds
from embeds import AsyncResolver, ResolveOptions, ScanOptions
from embeds._resolve._policy import blocked_reason, cache_key, needs_resolving, redirect_target, shortcut

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt"


@pytest.mark.anyio
async def test_follows_a_301_chain(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/abc", status_code=301, headers={"Location": "https://bit.ly/x"})
    httpx_mock.add_response(url="https://bit.ly/x", status_code=302, headers={"Location": "/final"})
    httpx_mock.add_response(
        url="https://bit.ly/final", status_code=200, text="ok", headers={"content-type": "text/plain"}
    )
    async with AsyncResolver() as resolver:
        results = await resolver.resolve_many(["https://t.co/abc"])
    r = results["https://t.co/abc"]
    assert r.ok and r.status == 200
    assert r.final_url == "https://bit.ly/final"
    assert [h.status for h in r.chain] == [301, 302, 200]
    assert r.resolved_at is not None and not r.from_cache


@pytest.mark.anyio
async def test_meta_refresh_and_injected_client(httpx_mock: HTTPXMock) -> None:
    page = '<html><head><meta http-equiv="refresh" content="0;URL=https://example.org/story"></head></html>'
    httpx_mock.add_response(url="https://t.co/m", status_code=200, text=page, headers={"content-type": "text/html"})
    httpx_mock.add_response(url="https://example.org/story", status_code=200, text="<p>story</p>")
    async with httpx.AsyncClient() as client:
        async with AsyncResolver(client) as resolver:
            r = await resolver.resolve("https://t.co/m")
        assert not client.is_closed  # the resolver closes only what it created
    assert r.final_url == "https://example.org/story"


@pytest.mark.anyio
async def test_failures_are_results_not_exceptions(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("Name or service not known"), url="https://t.co/down")
    httpx_mock.add_response(url="https://t.co/gone", status_code=404)
    async with AsyncResolver() as resolver:
        results = await resolver.resolve_many(["https://t.co/down", "https://t.co/gone", "https://t.co/down"])
    assert len(results) == 2
    assert results["https://t.co/down"].error is not None
    assert "network unreachable" in (results["https://t.co/down"].error or "")
    assert results["https://t.co/gone"].error == "HTTP 404"


@pytest.mark.anyio
async def test_private_targets_are_blocked(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/evil", status_code=301, headers={"Location": "http://127.0.0.1:8080/"})
    async with AsyncResolver() as resolver:
        r = await resolver.resolve("https://t.co/evil")
    assert r.error is not None and r.error.startswith("blocked:")
    assert r.final_url == "http://127.0.0.1:8080/"


@pytest.mark.anyio
async def test_redirect_loop_is_detected(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url="https://t.co/a", status_code=301, headers={"Location": "https://t.co/b"})
    httpx_mock.add_response(url="https://t.co/b", status_code=301, headers={"Location": "https://t.co/a"})
    async with AsyncResolver(options=ResolveOptions(max_hops=5)) as resolver:
        r = await resolver.resolve("https://t.co/a")
    assert r.error == "redirect loop"


@pytest.mark.anyio
async def test_scan_offline_keeps_every_post(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("offline"), url="https://t.co/4dQcLYEsK6")
    httpx_mock.add_exception(httpx.ConnectError("offline"), url="https://t.co/4pRMRLw1Ql")
    result = await embeds.ascan([SEED])
    assert len(result.citations) == 2
    links = [link for c in result.citations for link in c.links]
    assert [link.status for link in links] == ["failed", "failed"]
    assert all(link.error for link in links)
    assert result.links_failed == 2


@pytest.mark.anyio
async def test_scan_learns_the_status_id_from_a_media_link(httpx_mock: HTTPXMock) -> None:
    # Hand-built exchange modelling documented t.co behaviour (a 301 to the post's photo URL); the id is a
    # placeholder of the right shape, not a real post id, and is asserted only as passed through.
    placeholder = "1234567890123456789"
    httpx_mock.add_exception(httpx.ConnectError("offline"), url="https://t.co/4dQcLYEsK6")
    httpx_mock.add_response(
        url="https://t.co/4pRMRLw1Ql",
        status_code=301,
        headers={"Location": f"https://twitter.com/StateDept/status/{placeholder}/photo/1"},
    )
    result = await embeds.ascan([SEED])
    state = result.citations[1]
    assert state.post_id == placeholder
    assert state.url == f"https://twitter.com/StateDept/status/{placeholder}"
    assert state.id == f"twitter:{placeholder}"
    assert state.links[0].status == "resolved"


def test_sync_scan_without_resolving() -> None:
    result = embeds.scan([SEED], options=ScanOptions(resolve=False))
    assert [link.status for c in result.citations for link in c.links] == ["pending", "pending"]


def test_policy() -> None:
    assert shortcut("pic.twitter.com/4pRMRLw1Ql") == "https://t.co/4pRMRLw1Ql"
    assert needs_resolving("https://t.co/x") and needs_resolving("pic.x.com/abc")
    assert not needs_resolving("https://www.nato.int/")
    assert cache_key("HTTP://T.CO/Ab#frag") == "https://t.co/Ab"
    assert blocked_reason("ftp://x.org/") is not None
    assert blocked_reason("http://10.0.0.1/") is not None
    assert blocked_reason("http://10.0.0.1/", allow_private=True) is None
    assert blocked_reason("https://example.org/") is None
    assert redirect_target("https://a.b/c", 301, {"location": "//d.e/f"}, "") == "https://d.e/f"
    for body in (
        "<meta http-equiv=refresh content='0; url=https://x.org/1'>",
        '<meta content="0;URL=&quot;https://x.org/1&quot;" http-equiv="refresh">',
        '<script>location.replace("https:\\/\\/x.org\\/1")</script>',
    ):
        assert redirect_target("https://t.co/a", 200, {}, body) == "https://x.org/1", body
    assert redirect_target("https://t.co/a", 200, {}, "<p>no redirect</p>") is None
