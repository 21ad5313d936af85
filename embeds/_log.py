"""The package's loggers, made when first needed: ``logging`` loads only when a module that logs is loaded or
something is logged, not for a scan that has nothing to report (it is a tenth of the start of a scan of a few files).

Every logger is under ``embeds``, which gets the library's customary ``NullHandler`` when the first one is made:
nothing is printed unless the application configures logging."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def logger(name: str) -> logging.Logger:
    """The logger ``name`` (a module's ``__name__``)."""
    import logging

    package = logging.getLogger("embeds")
    if not any(isinstance(h, logging.NullHandler) for h in package.handlers):
        package.addHandler(logging.NullHandler())
    return logging.getLogger(name)
