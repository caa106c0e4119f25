"""Progress bars for long eager runs (tqdm), off unless asked for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_bar(items: Iterable[T], *, total: int | None, enabled: bool, desc: str) -> Iterator[T]:
    """``items``, wrapped in a tqdm bar when ``enabled`` (tqdm is imported only then)."""
    if not enabled:
        yield from items
        return
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    yield from tqdm(items, total=total, desc=desc, leave=False)


__all__ = ["progress_bar"]
