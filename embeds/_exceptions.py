"""The exceptions embeds raises. One tree, rooted at :class:`EmbedsError`::

    EmbedsError
    ├── InputError (also ValueError)        bad input given to the library or the CLI
    │   ├── UnsupportedFormatError          a format name embeds does not know
    │   └── DocumentError                   a file could not be read or decoded (names the file)
    └── ResolveError                        a link could not be resolved (httpx errors are translated here)
        ├── ResolveTimeout
        ├── ResolveNetworkError
        ├── ResolveBlocked                  the policy refused a hop (private address, scheme, hop limit, loop)
        └── ResolveHTTPError                the server answered with an error status

In batch work (``scan``, ``AsyncResolver.resolve_many``) failures become results carrying an error; these exceptions
are raised only by single-item calls.
"""

from __future__ import annotations


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
    """A link could not be resolved."""


class ResolveTimeout(ResolveError):
    """The host did not answer in time."""


class ResolveNetworkError(ResolveError):
    """The host could not be reached (DNS, connection refused, TLS, reset)."""


class ResolveBlocked(ResolveError):
    """The resolver's policy refused to follow a hop."""


class ResolveHTTPError(ResolveError):
    """The server answered with an error status."""
