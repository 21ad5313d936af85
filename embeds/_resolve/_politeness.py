"""Per-host politeness: how many requests a host gets at once, and who waits after a 429. Pure: no I/O, no clock
(times are passed in, in seconds of any monotonic clock); :mod:`._resolver` asks, and does what it is told.

The policy (AIMD, as TCP's congestion window):

* **Start polite.** A host starts with ``start`` requests in flight at most (``ResolveOptions.per_host_start``, 4).
* **Count what the host saw.** A request's *seen* level estimates how many of ours the host held when it arrived:
  itself and those in flight sent less than ``HORIZON`` (0.8) times the fastest answer time before it. A request
  sent earlier was likely answered by the host already, even when the client has not read the answer yet (a busy
  event loop reads answers late, and meanwhile counts slots as busy that the host has freed): the seen level is at
  most the client's in-flight count, and close to the host's own count when the client lags. Only *clean* answers
  (answer time at most ``CLEAN`` (1.1) times the fastest: not delayed in the client) prove a seen level.
* **Raise additively, on proof.** Each time two full windows' worth of answers came back without a 429 or a slowdown
  while the window was in use, **and** a clean one of them was sent with the whole window seen by the host (the host
  has *seen it full*), the window grows by one, up to ``ceiling`` (``ResolveOptions.per_host``, 16), never beyond.
  A *slowdown* is a smoothed answer time above twice the fastest seen (plus 50 ms): the window then stays.
* **Tell who is limited.** A 429 (or a 503 with ``Retry-After``) on a request sent at concurrency ``level``:

  - **caused by concurrency** when it was sent at a window raised past ``start`` and at a seen level the host has
    never answered (``ok_level``), without ``Retry-After`` (or with one, at a level that had such a 429 before), or
    a bare 429 at a raised window (a seen level is an estimate): the host's **known limit** becomes ``ok_level``,
    the most it was seen to serve at once, and the window drops to it (not halved: the host serves that many).
    Raises need proof at the seen level, so the window is raised one past ``ok_level`` at most: the 429 shows the
    host's cap is ``ok_level``, and the window never goes past it again, so concurrency causes no second 429 there
    (when the estimate holds: a client whose every answer is late proves less, and grows slower);
  - **a limit on that link** when the host has answered that many of ours at once: only that link waits (its
    ``Retry-After``, else a backoff), the host goes on. A 429 *with* ``Retry-After`` at a level never answered is
    taken as the link's too (hosts that limit single links say how long), but the window steps back to what was
    proven and the level stays in doubt: a second such 429 there is taken as concurrency, unless the host has
    limited links at levels it serves (then every such 429 is the link's, and only the raise is undone);
  - **a limit on you** when 429s keep coming: 3 answers in a row (2 more right after a host-wide pause), or a first
    answer that is a 429 (nothing is known yet: be polite).
    The whole host pauses (``Retry-After``, else a backoff that doubles while 429s persist) and its window halves;
    its known limit drops below that window only when it was sent at a level the host was never seen to serve.
* **Stalls.** After a timeout the host is *suspect*: queued links do not take the slot it freed while other requests
  to the host are still out (they are likely to time out too; before, a queued link took the freed slot before the
  second timeout marked the host stalled, doubling the wait); with none out, one request probes. ``stall_after``
  timeouts in a row mark the host stalled: its queued links fail at once. Any answer clears both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ROUNDS = 2
"""Rounds of answers (one per slot) without a 429 or a slowdown after which the window grows by one: two, because a
client that reads its answers late (a busy event loop) counts slots as busy that the host has already freed."""
HORIZON = 0.8
"""A request in flight counts as held by the host when it was sent less than this share of the fastest answer time
before: the fastest answer time is itself late by the client's own delays (at least one loop turn), and a level
counted short only delays a raise, while one counted long could prove a window the host never saw."""
CLEAN = 1.1
"""An answer whose time is at most this many times the fastest is *clean*: the request went out and its answer was
read without delay, so its seen level is what the host held. Only clean answers prove a level (``ok_level``, and the
full window a raise needs): a request that waited in the client after it was let through reached the host later
than its send time says, when requests counted as in flight with it may have been answered already."""
SLOW_FACTOR = 2.0
"""A smoothed answer time above this many times the fastest (plus ``SLOW_MARGIN``) is a slowdown: no increase."""
SLOW_MARGIN = 0.05
PERSIST = 3
"""429s in a row from which the host is taken as limiting you, not a few links (two more after a host pause)."""
HOST_BACKOFF = 0.5
"""Host-wide pause after a 429 without ``Retry-After`` (doubled while 429s persist, up to ``HOST_BACKOFF_CAP``)."""
HOST_BACKOFF_CAP = 30.0

Verdict = Literal["ok", "link", "host", "concurrency"]
"""What an answer meant: ``ok`` (not a 429), ``link`` (only this link waits), ``host`` (the whole host pauses),
``concurrency`` (we sent too many at once: the window was cut)."""


@dataclass(slots=True, frozen=True)
class Ticket:
    """One request let through: the concurrency it was sent at, when, and in which epoch (cuts so far)."""

    level: int
    """Requests of ours in flight on the host when it was sent, itself included."""
    seen: int
    """Of those, the ones the host still held (see the module docstring): itself and those sent less than the
    fastest answer time before it."""
    sent_at: float
    epoch: int
    window: int
    probe: bool


@dataclass(slots=True)
class HostPolicy:
    """One host's window and what has been learnt about it."""

    start: int = 4
    ceiling: int = 16
    adaptive: bool = True
    window: int = 0
    in_flight: int = 0
    known_limit: int = 0
    """Highest concurrency not known to cause 429s (``ceiling`` until a 429 is caused by concurrency)."""
    ok_level: int = 0
    """Most requests of ours the host was seen to hold at once (a ticket's ``seen``) and answer without a 429."""
    proven: int = 0
    """Largest window a full round of answers (one per slot) came back from without a 429."""
    epoch: int = 0
    grown: int = 0
    full: bool = False
    """Whether an answer came back, under this window, from a request sent with the whole window seen by the host."""
    doubt: int = 0
    """A window at which a 429 with ``Retry-After`` came from a level never answered: taken as the link's, once."""
    limits_links: bool = False
    """Whether the host answered 429 at a level it was seen to serve: it limits single links, and a 429 with
    ``Retry-After`` at a level never served is taken as the link's every time (the raise undone), not once."""
    sends: list[float] = field(default_factory=list)
    """When the requests in flight were sent."""
    paused_until: float = 0.0
    host_backoff: float = HOST_BACKOFF
    timeouts: int = 0
    suspect: bool = False
    stalled_until: float = 0.0
    stalled: str = ""
    fastest: float = 0.0
    smoothed: float = 0.0
    in_a_row: int = 0
    """429s in a row (answers in the order they came back)."""
    probing: bool = False
    cuts: int = 0
    """429s taken as caused by concurrency (for reports and tests)."""
    link_waits: int = 0
    """429s taken as a limit on one link."""
    host_pauses: int = 0
    """429s taken as a limit on the client: the whole host paused."""

    def __post_init__(self) -> None:
        self.ceiling = max(1, self.ceiling)
        self.known_limit = self.ceiling
        self.window = self.ceiling if not self.adaptive else max(1, min(self.start, self.ceiling))

    # -- admission ---------------------------------------------------------------------------------------------

    def admit(self, now: float) -> float | str | None:
        """May a request go now? ``0.0``: yes (then call :meth:`sent`); a positive number: the host is paused for
        that many seconds; ``None``: no slot, wait for an answer; a string: the host is stalled (the reason)."""
        if self.stalled_until > now:
            return self.stalled
        if self.paused_until > now:
            return self.paused_until - now
        if self.suspect:
            return 0.0 if self.in_flight == 0 else None
        if self.in_flight + 1 >= self.window > max(self.proven, self.start) and self.probing:
            return None  # the top slot of a raised window: one request at a time until one is answered
        return 0.0 if self.in_flight < self.window else None

    def sent(self, now: float) -> Ticket:
        self.in_flight += 1
        horizon = now - HORIZON * self.fastest
        seen = 1
        for when in self.sends:
            if when > horizon:
                seen += 1
        self.sends.append(now)
        probe = self.in_flight >= self.window > max(self.proven, self.start)
        if probe:
            self.probing = True
        return Ticket(self.in_flight, seen, now, self.epoch, self.window, probe)

    def abandon(self, ticket: Ticket) -> None:
        """The request was not answered (cancelled, or failed other than by a timeout)."""
        self._back(ticket)

    def _back(self, ticket: Ticket) -> None:
        self.in_flight -= 1
        self.sends.remove(ticket.sent_at)
        if ticket.probe:
            self.probing = False

    # -- outcomes ----------------------------------------------------------------------------------------------

    def timed_out(self, ticket: Ticket, now: float, *, stall_after: int, stall_for: float, reason: str) -> bool:
        """A timeout; True when the host is now taken as stalled."""
        self._back(ticket)
        self.timeouts += 1
        self.suspect = True
        if self.timeouts >= stall_after:
            self.stalled = reason
            self.stalled_until = now + stall_for
            return True
        return False

    def answered(self, ticket: Ticket, now: float, status: int, retry_after: float | None) -> tuple[Verdict, float]:
        """An HTTP answer. Returns what it meant and how long the link should wait before it is tried again (0 when
        it need not, or when the host-wide pause, already set here, covers it)."""
        self._back(ticket)
        self.timeouts = 0
        self.suspect = False
        limited = status == 429 or (status == 503 and retry_after is not None)
        self.in_a_row = self.in_a_row + 1 if limited else 0
        if not limited:
            if status < 500:
                self._good(ticket, now)
            return "ok", 0.0
        if not self.adaptive:
            self._pause(now, retry_after)
            self.host_pauses += 1
            return "host", 0.0
        if self.start < ticket.window <= self.known_limit and (ticket.seen > self.ok_level or retry_after is None):
            # more of ours at once than the host was ever seen to serve, or a bare 429 at a raised window (a seen
            # level is an estimate): ours, unless it says how long to wait at a level never served
            if retry_after is not None and (ticket.window > self.doubt or self.limits_links):
                self.doubt = ticket.window  # the link's, once; the raise is undone and must be proven again
                self.window = max(self.start, min(self.proven, ticket.window - 1))
                self.grown = 0
                self.full = False
                self.link_waits += 1
                return "link", retry_after
            if retry_after is None or self.in_a_row == 1:  # (a run of 429s that say how long: the host's, below)
                self.cuts += 1
                self.known_limit = max(1, min(self.known_limit, self.ok_level, ticket.window - 1))
                if ticket.epoch == self.epoch:  # one cut per flight: the others were sent before it
                    self._cut(halve=False)  # back to what the host was seen to serve, which is now all it gets
                if retry_after is not None:
                    self._pause(now, retry_after)
                return "concurrency", 0.0
        if ticket.epoch < self.epoch and ticket.window > self.known_limit:
            return "concurrency", 0.0  # sent before the cut that already answered for it
        persisting = self.ok_level == 0 or self.in_a_row >= PERSIST
        if persisting:
            if self.start < ticket.window and ticket.seen > self.ok_level:  # more than the host was seen to
                self.known_limit = min(self.known_limit, ticket.window - 1)  # serve: ours, maybe; no higher again
            if ticket.epoch == self.epoch:
                self._cut()
            self._pause(now, retry_after)
            self.host_pauses += 1
            return "host", 0.0
        self.link_waits += 1
        self.limits_links = True  # a 429 at a level the host serves: it limits links
        return "link", retry_after if retry_after is not None else HOST_BACKOFF

    # -- helpers -----------------------------------------------------------------------------------------------

    def _good(self, ticket: Ticket, now: float) -> None:
        self.host_backoff = HOST_BACKOFF
        latency = now - ticket.sent_at
        if self.fastest == 0.0 or latency < self.fastest:
            self.fastest = latency
        clean = latency <= CLEAN * self.fastest  # sent and read without delay: its seen level is the host's
        if clean:
            self.ok_level = max(self.ok_level, ticket.seen)
            if ticket.level >= self.doubt:  # served, and read at once, with that many of ours out: the 429 at
                self.doubt = 0  # that level was the link's (a seen level that high is rare in the top slot)
        self.smoothed = latency if self.smoothed == 0.0 else 0.8 * self.smoothed + 0.2 * latency
        if not self.adaptive or ticket.window != self.window:
            return  # sent under another window: nothing learnt about this one
        if 2 * ticket.seen < self.window:
            return  # the host hardly saw the window in use: nothing learnt about it
        if self.smoothed > SLOW_FACTOR * self.fastest + SLOW_MARGIN:
            return  # the host slows down: hold
        self.grown += 1
        self.full = self.full or (clean and ticket.seen >= self.window)
        if self.grown >= ROUNDS * self.window and self.full:  # full rounds, the host saw it full: one more slot
            self.grown = 0
            self.full = False
            self.proven = max(self.proven, self.window)
            if self.window < self.known_limit:
                self.window += 1

    def _cut(self, *, halve: bool = True) -> None:
        self.epoch += 1
        self.grown = 0
        self.full = False
        self.window = max(1, min(self.window, self.known_limit) // (2 if halve else 1))

    def _pause(self, now: float, retry_after: float | None) -> None:
        wait = retry_after
        if wait is None:
            wait = self.host_backoff
            self.host_backoff = min(HOST_BACKOFF_CAP, 2 * self.host_backoff)
        self.paused_until = max(self.paused_until, now + wait)
        self.in_a_row = PERSIST - 2  # two more 429s in a row after the pause: it persists, pause again
