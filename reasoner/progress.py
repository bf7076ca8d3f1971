"""A progress display for long work: a rich spinner with a count on stderr, only on a terminal."""

from __future__ import annotations

import sys
from types import TracebackType


class Progress:
    """Counts steps; on an interactive terminal shows a live line with the current item."""

    def __init__(self, label: str, *, total: int | None = None) -> None:
        self.label = label
        self.total = total
        self.count = 0
        self._live = None
        self._task = None

    def __enter__(self) -> "Progress":
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn
            from rich.progress import Progress as RichProgress

            self._live = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                      MofNCompleteColumn(), transient=True)
            self._live.__enter__()
            self._task = self._live.add_task(self.label, total=self.total)
        return self

    def step(self, item: str = "") -> None:
        self.count += 1
        if self._live is not None:
            self._live.update(self._task, advance=1, description=f"{self.label} {item}")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._live is not None:
            self._live.__exit__(exc_type, exc, tb)
