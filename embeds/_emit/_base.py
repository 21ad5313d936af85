"""The emitter protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .._models import Citation


class Emitter(Protocol):
    """Turns citations into one output format."""

    name: str
    """The format name (``--format``)."""
    extensions: tuple[str, ...]
    """File extensions that select this format for ``-o FILE``."""
    streams: bool
    """Whether records can be written one at a time (:meth:`dump_one`) as they are found."""

    def dumps(self, citations: Sequence[Citation]) -> str:
        """The whole output for ``citations``."""
        ...

    def dump_one(self, citation: Citation) -> str:
        """One record's output (for streaming formats; others may raise ``NotImplementedError``)."""
        ...
