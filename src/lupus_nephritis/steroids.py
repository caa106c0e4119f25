"""Glucocorticoid anti-inflammatory equivalence: doses in prednisone equivalents.

Equivalence is a table of "milligrams of the drug equivalent to 5 mg of prednisone". Sources
disagree on betamethasone (0.75 mg per the FDA prednisolone label, 0.6 mg in many common
tables), so the tables are named and selectable; neither is blended into the other.

Conversion is exact and linear: ``prednisone_mg = dose_mg * 5 / equivalent_mg``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from types import MappingProxyType

import attrs

from lupus_nephritis.errors import OptionError
from lupus_nephritis.units import to_fraction


class Glucocorticoid(str, Enum):
    """Systemic glucocorticoids the library converts."""

    PREDNISONE = "prednisone"
    PREDNISOLONE = "prednisolone"
    METHYLPREDNISOLONE = "methylprednisolone"
    TRIAMCINOLONE = "triamcinolone"
    DEXAMETHASONE = "dexamethasone"
    BETAMETHASONE = "betamethasone"
    HYDROCORTISONE = "hydrocortisone"
    CORTISONE = "cortisone"
    DEFLAZACORT = "deflazacort"


@attrs.frozen(slots=True)
class Equivalent:
    """Milligrams of ``drug`` equivalent to 5 mg prednisone, with its source."""

    drug: Glucocorticoid
    mg_per_5_mg_prednisone: Decimal
    source_id: str

    @property
    def factor(self) -> Fraction:
        """Prednisone milligrams per milligram of the drug."""
        return Fraction(5) / Fraction(self.mg_per_5_mg_prednisone)


@attrs.frozen(slots=True)
class EquivalenceTable:
    """A named glucocorticoid equivalence table."""

    id: str
    title: str
    entries: Mapping[Glucocorticoid, Equivalent]
    note: str


def _table(
    table_id: str, title: str, note: str, rows: tuple[tuple[Glucocorticoid, str, str], ...]
) -> EquivalenceTable:
    entries = {drug: Equivalent(drug, Decimal(mg), src) for drug, mg, src in rows}
    return EquivalenceTable(table_id, title, MappingProxyType(entries), note)


_LABEL = "prednisolone-fda-label"
_COMMON_ROWS: tuple[tuple[Glucocorticoid, str, str], ...] = (
    (Glucocorticoid.PREDNISONE, "5", _LABEL),
    (Glucocorticoid.PREDNISOLONE, "5", _LABEL),
    (Glucocorticoid.METHYLPREDNISOLONE, "4", _LABEL),
    (Glucocorticoid.TRIAMCINOLONE, "4", _LABEL),
    (Glucocorticoid.DEXAMETHASONE, "0.75", _LABEL),
    (Glucocorticoid.HYDROCORTISONE, "20", _LABEL),
    (Glucocorticoid.CORTISONE, "25", _LABEL),
    (Glucocorticoid.DEFLAZACORT, "6", "deflazacort-leaflet"),
)

EQUIVALENCE_TABLES: Mapping[str, EquivalenceTable] = MappingProxyType(
    {
        "fda-label": _table(
            "fda-label",
            "FDA prednisolone label equivalences (betamethasone 0.75 mg)",
            "Betamethasone 2.25 mg per 15 mg prednisolone, i.e. 0.75 mg per 5 mg prednisone. "
            "Deflazacort (not in the label) follows the 6 mg = 5 mg convention.",
            (*_COMMON_ROWS, (Glucocorticoid.BETAMETHASONE, "0.75", _LABEL)),
        ),
        "conventional": _table(
            "conventional",
            "Conventional tables (betamethasone 0.6 mg)",
            "As the FDA-label table, except betamethasone 0.6 mg per 5 mg prednisone, as in "
            "many published conversion tables (a 25% difference for betamethasone only).",
            (
                *_COMMON_ROWS,
                (Glucocorticoid.BETAMETHASONE, "0.6", "steroid-conversion-tables"),
            ),
        ),
    }
)

#: Default equivalence table.
DEFAULT_TABLE = "fda-label"


def get_equivalence_table(table: str = DEFAULT_TABLE) -> EquivalenceTable:
    """Return the named equivalence table.

    Raises:
        OptionError: unknown table name.
    """
    try:
        return EQUIVALENCE_TABLES[table]
    except (KeyError, TypeError):
        known = ", ".join(sorted(EQUIVALENCE_TABLES))
        raise OptionError(
            f"unknown glucocorticoid equivalence table {table!r}; known: {known}"
        ) from None


def prednisone_equivalent(
    dose_mg: object, drug: Glucocorticoid | str, *, table: str = DEFAULT_TABLE
) -> Fraction:
    """Convert a dose of ``drug`` (mg) to prednisone-equivalent milligrams, exactly.

    Args:
        dose_mg: The dose of ``drug`` in mg (a finite, non-negative number or numeric string).
        drug: The glucocorticoid (a `Glucocorticoid` or its value).
        table: The equivalence table to use (tables disagree on betamethasone).

    Returns:
        The prednisone-equivalent dose in mg, exact (linear in ``dose_mg``).

    Raises:
        InputError: ``dose_mg`` is not a finite, non-negative number.
        OptionError: unknown drug or table.
    """
    from lupus_nephritis.errors import InputError

    amount = to_fraction(dose_mg, what="glucocorticoid dose")
    if amount < 0:
        raise InputError("glucocorticoid dose: must not be negative")
    try:
        key = Glucocorticoid(drug)
    except ValueError:
        raise OptionError(f"unknown glucocorticoid {drug!r}") from None
    return amount * get_equivalence_table(table).entries[key].factor


def from_prednisone_equivalent(
    prednisone_mg: object, drug: Glucocorticoid | str, *, table: str = DEFAULT_TABLE
) -> Fraction:
    """Inverse of `prednisone_equivalent`: milligrams of ``drug`` for a prednisone dose."""
    from lupus_nephritis.errors import InputError

    amount = to_fraction(prednisone_mg, what="prednisone-equivalent dose")
    if amount < 0:
        raise InputError("prednisone-equivalent dose: must not be negative")
    return amount / prednisone_equivalent(1, drug, table=table)


__all__ = [
    "DEFAULT_TABLE",
    "EQUIVALENCE_TABLES",
    "EquivalenceTable",
    "Equivalent",
    "Glucocorticoid",
    "from_prednisone_equivalent",
    "get_equivalence_table",
    "prednisone_equivalent",
]
