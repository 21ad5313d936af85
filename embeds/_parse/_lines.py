"""Line bookkeeping: offsets of line starts, and offset → line number."""

from __future__ import annotations

from bisect import bisect_right


class Lines:
    """The lines of a text with their offsets. ``starts[i]`` is the offset of line ``i + 1``.

    The table of line starts is built on first use: an HTML scan that only asks for the line of a few findings counts
    line breaks up to each of them instead (pages are large, findings few)."""

    __slots__ = ("_at", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._at = (0, 1)  # (offset, line) of the last line_of answer, to count on from there

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        return self._starts

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        if self._starts is not None:
            return bisect_right(self._starts, offset)
        at, line = self._at
        if offset >= at:
            line += self.text.count("\n", at, offset)
        else:
            line = self.text.count("\n", 0, offset) + 1
        self._at = (offset, line)
        return line

    def span(self, index: int) -> tuple[int, int]:
        """Offsets of line ``index`` (0-based), without its line break."""
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def get(self, index: int) -> str:
        start, end = self.span(index)
        return self.text[start:end]
