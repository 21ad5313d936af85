"""Line bookkeeping: offsets of line starts, and offset → line number."""

from __future__ import annotations

from bisect import bisect_right


class Lines:
    """The lines of a text with their offsets. ``starts[i]`` is the offset of line ``i + 1``."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        return bisect_right(self.starts, offset)

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
