"""DataFrame flavours in and out: any narwhals-supported frame in, the caller's flavour back.

Everything inside the cohort engine is polars. `to_polars` turns the caller's frame
(polars eager or lazy, pandas, pyarrow, DuckDB, or anything else narwhals reads) into a polars
``DataFrame`` and returns a function that turns a polars result back into the caller's flavour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import narwhals.stable.v2 as nw
import polars as pl

from lupus_nephritis.errors import InputError

Back = Callable[[pl.DataFrame], Any]


def _identity(frame: pl.DataFrame) -> Any:
    return frame


def _lazy(frame: pl.DataFrame) -> Any:
    return frame.lazy()


def to_polars(frame: object, *, what: str) -> tuple[pl.DataFrame, Back]:
    """``frame`` as a polars DataFrame, and the function that converts results back.

    Args:
        frame: A polars ``DataFrame`` or ``LazyFrame``, a pandas ``DataFrame``, a pyarrow
            ``Table``, a DuckDB relation, or any frame narwhals supports.
        what: Name of the argument, for error messages.

    Raises:
        InputError: ``frame`` is not a DataFrame narwhals can read.
    """
    if isinstance(frame, pl.DataFrame):
        return frame, _identity
    if isinstance(frame, pl.LazyFrame):
        return frame.collect(), _lazy
    try:
        native: Any = nw.from_native(cast(Any, frame))
    except TypeError:
        raise InputError(
            f"{what}: expected a DataFrame (polars, pandas, pyarrow, DuckDB ...), got "
            f"{type(frame).__name__}"
        ) from None
    if isinstance(native, nw.LazyFrame):
        collected = native.collect(backend="polars").to_native()
        return collected, _back_for_lazy(frame)
    eager: Any = native
    table = eager.to_polars()
    namespace = nw.get_native_namespace(eager)
    return table, _back_for_eager(namespace)


def _back_for_eager(namespace: Any) -> Back:
    def back(frame: pl.DataFrame) -> Any:
        return nw.from_arrow(frame.to_arrow(), backend=namespace).to_native()

    return back


def _back_for_lazy(original: object) -> Back:
    module = type(original).__module__.split(".", 1)[0]

    def back(frame: pl.DataFrame) -> Any:
        if module == "duckdb":
            import duckdb

            table = frame.to_arrow()
            return duckdb.from_arrow(table)
        return frame  # other lazy engines: polars (documented)

    return back


def optional_polars(frame: object | None, *, what: str) -> pl.DataFrame | None:
    """`to_polars` for an optional side table (None stays None)."""
    if frame is None:
        return None
    return to_polars(frame, what=what)[0]


__all__ = ["Back", "optional_polars", "to_polars"]
