"""Progress of long work (ingest, reindex, verify, stats) on stderr, so it is never silent.

On a terminal: a tqdm bar. Anywhere else (a log file, a pipe, a CI job): a plain line every
few seconds, which a log keeps readable where a bar's carriage returns would fill it.
"""
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")
PLAIN_EVERY_S = 10.0  # seconds between plain lines: shows a long run is alive without flooding its log
PLAIN_EVERY_ENV = "NIANBAO_PROGRESS_S"  # overrides PLAIN_EVERY_S (0: a line for every item)


def plain_interval() -> float:
    raw = os.environ.get(PLAIN_EVERY_ENV)
    try:
        return PLAIN_EVERY_S if raw is None else float(raw)
    except ValueError:
        raise ValueError(f"${PLAIN_EVERY_ENV} is {raw!r}, not a number of seconds") from None


class Progress:
    """Counts done items of a known total; `say` prints a message without breaking the bar."""

    def __init__(self, total: int, what: str, unit: str = "reports", stream: TextIO | None = None) -> None:
        self.total, self.what, self.unit, self.done = total, what, unit, 0
        self.stream = stream or sys.stderr
        self.bar = (tqdm(total=total, desc=f"nianbao: {what}", unit=f" {unit}", file=self.stream, leave=False)
                    if self.stream.isatty() else None)
        self.every = plain_interval()
        self.start = self.last = time.monotonic()

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
            print(f"nianbao: {self.what}: {self.done:,}/{self.total:,} {self.unit}{share}, {now - self.start:.0f} s",
                  file=self.stream, flush=True)

    def detail(self, text: str) -> None:
        """How far the item in hand got (an OCR'd scan's pages): beside the bar, or a plain line
        as often as `step` prints one."""
        if self.bar is not None:
            self.bar.set_postfix_str(text)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(f"nianbao: {self.what}: {text}, {now - self.start:.0f} s", file=self.stream, flush=True)

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def tracked(items: Iterable[T], total: int, what: str, unit: str = "reports",
            stream: TextIO | None = None) -> Iterator[T]:
    """Yield `items`, counting each once the caller is done with it."""
    with Progress(total, what, unit, stream) as progress:
        for item in items:
            yield item
            progress.step()
