"""The exceptions embeds raises. One tree, rooted at :class:`EmbedsError`::

    EmbedsError
    ├── InputError (also ValueError)        bad input given to the library or the CLI
    │   ├── UnsupportedFormatError          a format name embeds does not know
    │   └── DocumentError                   a file could not be read or decoded (names the file)
    └── ResolveError                        a link could not be resolved (kinds bad-url, bad-response, no-fixture,
        │                                   unexpected)
        ├── ResolveTimeout                  kind timeout
        ├── ResolveNetworkError             kind network
        ├── ResolveBlocked                  the policy refused a hop: kinds blocked, loop, too-many-hops
        └── ResolveHTTPError                the server answered with an error status: kind http-status

In batch work (``scan``, ``AsyncResolver.resolve_many``/``iter_resolve``, ``resolve``) failures never raise: they
become results carrying ``error`` and ``error_kind``. ``Resolution.raise_for_error()`` raises the exception of a
failed result's kind, for code that wants one (``ResolveError.kind`` and ``.url`` say which link and why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._types import ErrorKind


class EmbedsError(Exception):
    """Base class of every error embeds raises."""


class InputError(EmbedsError, ValueError):
    """Bad input: an argument, a format name, a document."""


class UnsupportedFormatError(InputError):
    """A format name embeds does not know."""


class DocumentError(InputError):
    """A document could not be read or decoded. ``path`` names it; ``reason`` says what went wrong."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str]]:
        return (type(self), (self.path, self.reason))


class ResolveError(EmbedsError):
    """A link could not be resolved. ``url`` is the link, ``kind`` the typed reason (``None`` when not known)."""

    def __init__(self, message: str = "", *, url: str | None = None, kind: ErrorKind | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.kind = kind

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), str(self), self.url, self.kind))


class ResolveTimeout(ResolveError):
    """The host did not answer in time."""


class ResolveNetworkError(ResolveError):
    """The host could not be reached (DNS, connection refused, TLS, reset)."""


class ResolveBlocked(ResolveError):
    """The resolver's policy refused to follow a hop."""


class ResolveHTTPError(ResolveError):
    """The server answered with an error status."""


def _rebuild(cls: type[ResolveError], message: str, url: str | None, kind: ErrorKind | None) -> ResolveError:
    return cls(message, url=url, kind=kind)
