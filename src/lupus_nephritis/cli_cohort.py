"""``lupus-nephritis evaluate`` on a cohort file (CSV or Parquet): the cohort engine from a shell.

The cohort file holds the measurements in long or wide layout (the layouts, column names and
parameter codes of `lupus_nephritis.cohort`); the side tables are more files (``--courses``,
``--patients``, ``--events``, ``--assessments``, ``--doses``). Without ``--courses`` the start
dates are read from the cohort file's start-date column (``TRTSDT``) when it has one.

CSV files are read with every column as text: values are then decided exactly as written,
dates are ISO dates, empty cells are absent data. An assessments ``AT`` column whose values
are all whole numbers is read as study weeks. Parquet files keep their column types.

Every failure raises a library error naming the option or field and the value (the CLI prints
it after ``error:`` and exits with status 2). Rejected input rows are not a failure: they are
summarised on standard error and, with ``--rejected FILE``, written out in full.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from lupus_nephritis.errors import InputError

if TYPE_CHECKING:
    import polars as pl

    from lupus_nephritis.cohort import CohortResult

#: Output formats of a cohort evaluation (``parquet`` needs ``--output FILE``).
COHORT_OUTPUT_FORMATS: tuple[str, ...] = ("json", "table", "csv", "parquet")

#: File suffix -> table format of the side-table, ``--output`` and ``--rejected`` files.
TABLE_SUFFIXES: Mapping[str, str] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}

#: Columns of the ``table`` output (the other formats have every column).
TABLE_COLUMNS: tuple[str, ...] = ("RULESET", "ADT", "AVALC", "MISSING", "FLAGS")


@attrs.frozen
class CohortOptions:
    """How to read a cohort file and evaluate it (the cohort options of ``evaluate``).

    Attributes:
        layout: ``auto``, ``long`` or ``wide`` (``--layout``).
        columns: `Columns` field -> column name (``--column``).
        parameters: Parameter code or wide column -> visit field (``--parameter``).
        units: Wide column -> fixed UCUM unit (``--unit``).
        courses: The courses file (``--courses``; default: the cohort file's start dates).
        patients: The patients file (``--patients``).
        events: The intercurrent-events file (``--events``).
        assessments: The assessment points file (``--assessments``).
        doses: The glucocorticoid dose records file (``--doses``).
        options: ``name`` or ``rule-set:name`` -> option value as text (``--option``).
        engine: ``auto``, ``vectorised`` or ``scalar`` (``--engine``).
        progress: Show progress bars on standard error (on in the CLI; ``--no-progress``).
    """

    layout: str = "auto"
    columns: Mapping[str, str] = attrs.field(factory=dict)
    parameters: Mapping[str, str] | None = None
    units: Mapping[str, str] | None = None
    courses: Path | None = None
    patients: Path | None = None
    events: Path | None = None
    assessments: Path | None = None
    doses: Path | None = None
    options: Mapping[str, str] = attrs.field(factory=dict)
    engine: str = "auto"
    progress: bool = False


def parse_pairs(values: Sequence[str] | None, flag: str) -> dict[str, str]:
    """``["A=B", ...]`` (a repeatable ``--flag A=B`` option) as a mapping.

    Raises:
        InputError: an item has no ``=`` or an empty side, or a key is repeated.
    """
    pairs: dict[str, str] = {}
    for item in values or ():
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise InputError(f"{flag} {item!r}: expected NAME=VALUE")
        if key in pairs:
            raise InputError(f"{flag} {item!r}: {key!r} is given twice")
        pairs[key] = value
    return pairs


def columns_from(mapping: Mapping[str, str]) -> Any:
    """`Columns` from ``--column ROLE=NAME`` pairs.

    Raises:
        InputError: a role is not a field of ``Columns``.
    """
    from lupus_nephritis.cohort import Columns

    roles = [f.name for f in attrs.fields(Columns)]
    for role, name in mapping.items():
        if role not in roles:
            raise InputError(
                f"--column {role}={name}: {role!r} is not a column role; roles: {', '.join(roles)}"
            )
    return Columns(**mapping)


def table_format(path: Path, flag: str) -> str:
    """``csv`` or ``parquet`` from a file's suffix.

    Raises:
        InputError: the suffix is neither.
    """
    fmt = TABLE_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{flag} {str(path)!r}: the file must end with {', '.join(TABLE_SUFFIXES)}"
        )
    return fmt


def read_table(path: Path, flag: str, fmt: str | None = None) -> pl.DataFrame:
    """A CSV (every column as text) or Parquet file as a polars DataFrame.

    Raises:
        InputError: no such file, or it cannot be read as that format.
    """
    import polars as pl

    fmt = fmt or table_format(path, flag)
    if not path.is_file():
        raise InputError(f"{flag} {str(path)!r}: no such file")
    try:
        if fmt == "csv":
            return pl.read_csv(path, infer_schema=False)
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{flag} {str(path)!r}: not a readable {fmt} file ({first})") from None


def _weeks(table: pl.DataFrame, column: str) -> pl.DataFrame:
    """A text ``AT`` column of whole numbers as integer study weeks (dates stay text)."""
    import polars as pl

    if column not in table.columns or table.schema[column] != pl.String:
        return table
    values = table.get_column(column).drop_nulls().str.strip_chars()
    if values.len() and values.str.contains(r"^\d+$").all():
        return table.with_columns(pl.col(column).str.strip_chars().cast(pl.Int64))
    return table


def _check_subject(table: pl.DataFrame, subject: str, flag: str, path: Path) -> None:
    if subject not in table.columns:
        shown = ", ".join(table.columns[:12]) + (" ..." if len(table.columns) > 12 else "")
        raise InputError(
            f"{flag} {str(path)!r}: no subject column {subject!r} (columns: {shown}); "
            "pass --column subject=NAME"
        )


def coerce_options(
    rule_sets: Sequence[str], given: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """``(shared, per rule set)`` option values from their text, typed as each rule set declares.

    A value is matched to the option's declared choices by its text (``10`` -> ``10``); an
    option without choices takes the type of its default (integer, number, yes/no) or stays
    text. A name no chosen rule set declares is passed on unchanged, for the engine to refuse.

    Raises:
        InputError: a ``rule-set:name`` names a rule set that is not evaluated.
    """
    from lupus_nephritis.registry import get_rule_set

    chosen = {key: get_rule_set(key) for key in rule_sets}
    by_id = {r.id: key for key, r in chosen.items()}
    shared: dict[str, Any] = {}
    per: dict[str, dict[str, Any]] = {}
    for name, text in given.items():
        target, sep, option = name.rpartition(":")
        if sep:
            key = by_id.get(target, target if target in chosen else None)
            if key is None:
                raise InputError(
                    f"--option {name}={text}: rule set {target!r} is not evaluated "
                    f"(evaluated: {', '.join(chosen)})"
                )
            declared = [o for o in chosen[key].options if o.name == option]
            per.setdefault(chosen[key].id, {})[option] = _typed(text, declared)
        else:
            declared = [o for r in chosen.values() for o in r.options if o.name == name]
            shared[name] = _typed(text, declared)
    return shared, per


def _typed(text: str, declared: Sequence[Any]) -> Any:
    for option in declared:
        if option.choices is not None:
            for choice in option.choices:
                if str(getattr(choice, "value", choice)) == text:
                    return choice
    for option in declared:
        default = option.default
        if isinstance(default, bool):
            lowered = text.lower()
            if lowered in ("true", "yes", "1"):
                return True
            if lowered in ("false", "no", "0"):
                return False
        elif isinstance(default, int) and text.lstrip("-").isdigit():
            return int(text)
        elif isinstance(default, float):
            try:
                return float(text)
            except ValueError:
                pass
    return text


def evaluate_cohort_file(
    path: Path,
    fmt: str,
    rule_sets: Sequence[str],
    *,
    at: date | int | None = None,
    settings: CohortOptions | None = None,
) -> CohortResult:
    """Evaluate response rule sets on a cohort file with the cohort engine.

    Args:
        path: The cohort (measurements) file.
        fmt: ``csv`` or ``parquet``.
        rule_sets: Response rule-set keys.
        at: The assessment point of every subject (not with an assessments file).
        settings: How to read and evaluate the file.

    Returns:
        The `CohortResult` (polars frames).

    Raises:
        LupusNephritisError: a file, column, option or value is invalid (the message names it).
    """
    from lupus_nephritis.cohort import derive_renal_response

    settings = settings or CohortOptions()
    columns = columns_from(settings.columns)
    measurements = read_table(path, "input", fmt)
    _check_subject(measurements, columns.subject, "input", path)
    side: dict[str, Any] = {}
    for name in ("courses", "patients", "events", "assessments", "doses"):
        file = getattr(settings, name)
        if file is None:
            continue
        table = read_table(file, f"--{name}")
        _check_subject(table, columns.subject, f"--{name}", file)
        side[name] = _weeks(table, columns.at) if name == "assessments" else table
    if "courses" not in side:
        if columns.start_date not in measurements.columns:
            raise InputError(
                f"input {str(path)!r}: no courses: pass --courses FILE ({columns.subject}, "
                f"{columns.start_date}) or put a {columns.start_date!r} column in the cohort file"
            )
        side["courses"] = measurements.select(columns.subject, columns.start_date).unique(
            maintain_order=True
        )
    shared, per = coerce_options(rule_sets, settings.options)
    return derive_renal_response(
        measurements,
        rule_sets=list(rule_sets),
        at=at,
        options=per or None,
        columns=columns,
        layout=settings.layout,
        parameters=settings.parameters,
        units=settings.units,
        engine=settings.engine,
        progress=settings.progress,
        **side,
        **shared,
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: _cell(v) if isinstance(v, date) else v for k, v in row.items()}
        for row in frame.iter_rows(named=True)
    ]


def render_cohort(result: CohortResult, fmt: str, subject: str = "USUBJID") -> str:
    """The decisions as JSON (with the rejected and scalar-path rows), an aligned table or CSV.

    Raises:
        InputError: ``fmt`` is not a text format (``parquet`` is written with ``--output``).
    """
    decisions: pl.DataFrame = result.decisions
    if fmt == "json":
        payload = {
            "engines": dict(result.engines),
            "decisions": _records(decisions),
            "rejected": _records(result.rejected),
            "scalar_rows": _records(result.scalar_rows),
        }
        return json.dumps(payload, indent=2)
    if fmt == "csv":
        return decisions.write_csv().rstrip("\n")
    if fmt == "table":
        headers = (subject, *TABLE_COLUMNS)
        rows = [tuple(_cell(r.get(h)) for h in headers) for r in decisions.iter_rows(named=True)]
        widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
        ]
        return "\n".join(lines)
    raise InputError(f"--format {fmt}: a binary format; pass --output FILE to write it")


def write_table(frame: pl.DataFrame, path: Path, flag: str) -> None:
    """Write a table as CSV or Parquet (by the file's suffix).

    Raises:
        InputError: the suffix is neither, or the file cannot be written.
    """
    fmt = table_format(path, flag)
    try:
        if fmt == "csv":
            frame.write_csv(path)
        else:
            frame.write_parquet(path)
    except OSError as error:
        raise InputError(f"{flag} {str(path)!r}: cannot write it ({error.strerror})") from None


def summary_lines(result: CohortResult, subject: str = "USUBJID") -> list[str]:
    """The standard-error summary: decisions by verdict, rejected and scalar rows by reason."""
    decisions: pl.DataFrame = result.decisions
    subjects = decisions.get_column(subject).n_unique() if decisions.height else 0
    verdicts = Counter(decisions.get_column("AVALC").to_list()) if decisions.height else Counter()
    lines = [
        f"{decisions.height} decision row(s) for {subjects} subject(s) under "
        f"{len(result.engines)} rule set(s): "
        + (", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())) or "none")
    ]
    rejected: pl.DataFrame = result.rejected
    if rejected.height:
        reasons = Counter(rejected.get_column("REASON").to_list())
        lines.append(
            f"{rejected.height} input row(s) rejected: "
            + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
            + " (--rejected FILE writes them)"
        )
    else:
        lines.append("0 input rows rejected")
    scalar: pl.DataFrame = result.scalar_rows
    if scalar.height:
        reasons = Counter(scalar.get_column("REASON").to_list())
        lines.append(
            f"{scalar.height} row(s) decided by the scalar path: "
            + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
        )
    return lines


__all__ = [
    "COHORT_OUTPUT_FORMATS",
    "TABLE_COLUMNS",
    "TABLE_SUFFIXES",
    "CohortOptions",
    "coerce_options",
    "columns_from",
    "evaluate_cohort_file",
    "parse_pairs",
    "read_table",
    "render_cohort",
    "summary_lines",
    "table_format",
    "write_table",
]
