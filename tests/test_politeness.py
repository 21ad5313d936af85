"""The per-host politeness policy (embeds/_resolve/_politeness.py): pure, driven with made-up times."""

from __future__ import annotations

import itertools
import random

import pytest

from embeds._resolve._politeness import PERSIST, HostPolicy, Ticket


def fill(p: HostPolicy, now: float) -> list[Ticket]:
    out = []
    while p.admit(now) == 0.0:
        out.append(p.sent(now))
    return out


def round_ok(p: HostPolicy, now: float, latency: float = 0.05) -> float:
    for t in fill(p, now):
        p.answered(t, now + latency, 200, None)
    return now + latency


def test_starts_polite_and_grows_additively_to_the_ceiling() -> None:
    p = HostPolicy(start=4, ceiling=16)
    assert len(fill(p, 0.0)) == 4
    p = HostPolicy(start=4, ceiling=16)
    now, windows = 0.0, []
    for _ in range(80):
        now = round_ok(p, now)
        windows.append(p.window)
    assert windows[0] == 4 or windows[0] == 5
    assert all(b - a <= 1 for a, b in itertools.pairwise(windows))  # additive
    assert max(windows) == 16  # never past the ceiling
    assert p.cuts == 0


def test_a_raise_that_causes_a_429_halves_and_is_never_repeated() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = 0.0
    while p.window < 6:
        now = round_ok(p, now)
    cap = p.window - 1  # the host takes 5: the raise to 6 answers 429
    for _ in range(30):
        tickets = fill(p, now)
        assert max(t.level for t in tickets) <= p.known_limit or p.cuts == 0
        for t in tickets:
            verdict, _ = p.answered(t, now + 0.05, 429 if t.level > cap else 200, None)
            if t.level > cap:
                assert verdict == "concurrency"
        now += 0.05
    assert p.cuts == 1 and p.known_limit == cap and p.window <= cap


def test_a_429_on_one_link_makes_only_that_link_wait() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = round_ok(p, 0.0)
    tickets = fill(p, now)
    verdict, wait = p.answered(tickets[0], now + 0.05, 429, 1.0)
    assert (verdict, wait) == ("link", 1.0)
    assert p.admit(now + 0.05) == 0.0  # the host goes on
    for t in tickets[1:]:
        assert p.answered(t, now + 0.05, 200, None)[0] == "ok"


def test_429s_that_persist_pause_the_whole_host_and_halve_it() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = 0.0
    for _ in range(80):
        now = round_ok(p, now)
    window = p.window
    assert window == p.proven == 16
    tickets = fill(p, now)
    verdicts = [p.answered(t, now + 0.05, 429, 1.0)[0] for t in tickets[:PERSIST]]
    assert verdicts[-1] == "host" and verdicts[:-1] == ["link"] * (PERSIST - 1)
    # halved; the host was seen to serve 16 of ours at once, so this is a limit on the client, not on concurrency
    assert p.known_limit == 16 and p.window == window // 2
    assert 0.9 < p.admit(now + 0.05) <= 1.0  # paused for the Retry-After
    assert p.admit(now + 1.1) == 0.0 or p.in_flight >= p.window


def test_a_first_answer_that_is_a_429_pauses_the_host() -> None:
    p = HostPolicy(start=4, ceiling=16)
    t = p.sent(0.0)
    assert p.answered(t, 0.05, 429, None) == ("host", 0.0)
    assert p.admit(0.1) > 0


def test_timeouts_hold_the_queue_then_mark_the_host_stalled() -> None:
    p = HostPolicy(start=4, ceiling=16)
    tickets = fill(p, 0.0)
    assert not p.timed_out(tickets[0], 8.0, stall_after=2, stall_for=30, reason="timeout")
    assert p.admit(8.0) is None  # the freed slot is not taken while the others may time out too (the race)
    assert p.timed_out(tickets[1], 8.0, stall_after=2, stall_for=30, reason="timeout")
    assert p.admit(8.0) == "timeout"
    assert p.admit(40.0) is None  # after the stall: suspect, two still out
    for t in tickets[2:]:
        p.answered(t, 40.0, 200, None)
    assert p.admit(40.0) == 0.0


def test_a_suspect_host_with_nothing_out_sends_one_probe() -> None:
    p = HostPolicy(start=4, ceiling=16)
    t = p.sent(0.0)
    p.timed_out(t, 8.0, stall_after=2, stall_for=30, reason="timeout")
    assert p.admit(8.0) == 0.0
    probe = p.sent(8.0)
    assert p.admit(8.0) is None
    p.answered(probe, 8.05, 200, None)
    assert p.admit(8.05) == 0.0 and not p.suspect


def test_fixed_mode_keeps_the_ceiling_and_pauses_the_host() -> None:
    p = HostPolicy(start=4, ceiling=8, adaptive=False)
    assert len(fill(p, 0.0)) == 8
    p = HostPolicy(start=4, ceiling=8, adaptive=False)
    t = p.sent(0.0)
    assert p.answered(t, 0.1, 429, 2.0) == ("host", 0.0)
    assert p.admit(0.1) > 1.5


def host_with_cap(cap: int, lag: float, seed: int, links: int = 1200) -> tuple[HostPolicy, int]:
    """Drive a policy against a simulated host that answers 429 at once when ``cap`` requests are already in its
    hands (else after 50 ms), read by a client that is late by up to ``lag`` (a busy event loop reads some answers
    late, and meanwhile counts as busy slots the host has freed). Returns the policy and the host's cap 429s."""
    rnd = random.Random(seed)
    p = HostPolicy(start=4, ceiling=16)
    now, sent, cap_429s = 0.0, 0, 0
    held: list[float] = []  # when the host answers the requests it holds
    unread: list[tuple[float, Ticket, int]] = []  # (read at, ticket, status)
    while sent < links or unread:
        for item in sorted((u for u in unread if u[0] <= now), key=lambda u: u[0]):
            unread.remove(item)
            p.answered(item[1], now, item[2], None)
        held = [done for done in held if done > now]
        while sent < links and p.admit(now) == 0.0:
            ticket, sent = p.sent(now), sent + 1
            if len(held) >= cap:
                cap_429s += 1
                unread.append((now + rnd.uniform(0, lag), ticket, 429))
            else:
                held.append(now + 0.05)
                late = rnd.uniform(0, lag) if rnd.random() < 0.7 else 0.0
                unread.append((now + 0.05 + late, ticket, 200))
        now = round(now + 0.005, 3)
    return p, cap_429s


@pytest.mark.parametrize("lag", [0.0, 0.01, 0.03, 0.06])
@pytest.mark.parametrize("cap", [4, 6, 8])
def test_a_lagging_client_causes_one_concurrency_429_per_host_at_most(cap: int, lag: float) -> None:
    for seed in range(3):
        p, cap_429s = host_with_cap(cap, lag, seed)
        assert cap_429s <= 1, (seed, p)  # the raise past the cap, once; the window never goes past it again
        assert p.window <= cap and (p.known_limit <= cap or cap_429s == 0)  # (too late to find the cap: none)
        assert p.window >= cap - 1 or lag > 0.03  # and it does not settle far below it


def test_after_a_concurrency_429_the_window_is_what_the_host_was_seen_to_serve() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = 0.0
    while p.window < 7:
        now = round_ok(p, now)
    served = p.ok_level
    probe = fill(p, now)[-1]
    assert probe.seen > served
    assert p.answered(probe, now + 0.001, 429, None)[0] == "concurrency"
    assert p.known_limit == served == p.window  # not halved: the host was seen to serve that many at once


def test_a_429_with_retry_after_at_a_level_never_served_is_the_links_once() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = 0.0
    while p.window < 6:
        now = round_ok(p, now)
    window, served = p.window, p.ok_level
    *others, probe = fill(p, now)
    assert p.answered(probe, now + 0.05, 429, 1.0) == ("link", 1.0)  # a host that limits single links says so
    assert p.known_limit == 16 and p.window == window - 1  # the raise is undone, not the host throttled
    for t in others:
        p.answered(t, now + 0.05, 200, None)
    now += 0.05
    while p.doubt:
        now = round_ok(p, now)
    assert p.ok_level >= window and p.cuts == 0  # the host served that many at once since: the doubt is cleared
    p = HostPolicy(start=4, ceiling=16)
    now = 0.0
    while p.window < 6:
        now = round_ok(p, now)
    for _ in range(2):
        tickets = fill(p, now)
        for t in tickets[:-1]:
            p.answered(t, now + 0.05, 200, None)
        verdict, _ = p.answered(tickets[-1], now + 0.05, 429, 1.0)
        now += 0.05
        while p.window < 6 and p.cuts == 0:
            now = round_ok(p, now)
    assert verdict == "concurrency" and p.cuts == 1 and p.known_limit == served  # twice at that level: ours


def test_a_host_that_limits_links_is_never_throttled_for_it() -> None:
    p = HostPolicy(start=4, ceiling=16)
    now = round_ok(p, round_ok(p, 0.0))
    *others, limited = fill(p, now)
    for t in others:
        p.answered(t, now + 0.05, 200, None)
    assert p.answered(limited, now + 0.05, 429, 1.0) == ("link", 1.0)  # at a level it serves: it limits links
    assert p.limits_links
    now += 0.05
    for _ in range(3):  # its limited links land on the probe of a raised window, again and again
        while p.window <= p.proven or p.window <= p.start:
            now = round_ok(p, now)
        window = p.window
        *others, probe = fill(p, now)
        assert p.answered(probe, now + 0.05, 429, 1.0) == ("link", 1.0)
        assert p.window == window - 1  # the raise is undone, to be proven again
        for t in others:
            p.answered(t, now + 0.05, 200, None)
        now += 0.05
    assert p.cuts == 0 and p.known_limit == 16
