"""Glucocorticoid equivalence tables registered as rule sets (kind ``equivalence``).

The tables themselves live in `lupus_nephritis.steroids` (the single source of truth);
this module wraps each one as frozen, cited parameters so that the registry, the generated
documentation and decisions can name it:

* ``glucocorticoid-equivalence-fda-label`` (the default table): betamethasone 0.75 mg per 5 mg
  prednisone, as the FDA prednisolone label states;
* ``glucocorticoid-equivalence-conventional``: betamethasone 0.6 mg, as many published
  conversion tables state.

The two disagree only on betamethasone (a 25% difference); they are never blended. Each rule
set's ``evaluate`` converts a dose to prednisone-equivalent milligrams with its table.
Conversion is exact and linear: ``prednisone_mg = dose_mg * 5 / equivalent_mg``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs

from lupus_nephritis.errors import OptionError
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind, register
from lupus_nephritis.steroids import (
    DEFAULT_TABLE,
    EQUIVALENCE_TABLES,
    EquivalenceTable,
    Glucocorticoid,
    from_prednisone_equivalent,
    get_equivalence_table,
    prednisone_equivalent,
)


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


@attrs.frozen(slots=True)
class EquivalenceRow:
    """One drug of an equivalence table.

    Attributes:
        drug: The glucocorticoid.
        mg_equivalent_to_5_mg_prednisone: Milligrams of the drug equivalent to 5 mg
            prednisone, as the source states it.
        prednisone_mg_per_mg: Exact conversion factor (prednisone mg per mg of the drug), as
            a fraction, e.g. ``"20/3"`` for dexamethasone.
        source_id: Source of the row.
    """

    drug: str
    mg_equivalent_to_5_mg_prednisone: Decimal
    prednisone_mg_per_mg: str
    source_id: str


@attrs.frozen(slots=True)
class EquivalenceParameters:
    """A glucocorticoid equivalence table as cited, frozen data.

    Attributes:
        table: Name of the table in `lupus_nephritis.steroids.EQUIVALENCE_TABLES`.
        title: Human title.
        reference_prednisone_mg: The prednisone dose each row is equivalent to (5 mg).
        rows: One row per drug, in the table's order.
        note: How the table was built and where it differs from the other table.
        is_default: Whether this is the library's default table.
    """

    table: str
    title: str
    reference_prednisone_mg: Decimal
    rows: tuple[EquivalenceRow, ...]
    note: str
    is_default: bool


def parameters_for(table: EquivalenceTable) -> EquivalenceParameters:
    """Wrap a `EquivalenceTable` as frozen parameters.

    Args:
        table: The table (from `EQUIVALENCE_TABLES`).

    Returns:
        The table as `EquivalenceParameters` (rows in the table's order).
    """
    rows = tuple(
        EquivalenceRow(
            drug=entry.drug.value,
            mg_equivalent_to_5_mg_prednisone=entry.mg_per_5_mg_prednisone,
            prednisone_mg_per_mg=_fraction_text(entry.factor),
            source_id=entry.source_id,
        )
        for entry in table.entries.values()
    )
    return EquivalenceParameters(
        table=table.id,
        title=table.title,
        reference_prednisone_mg=Decimal(5),
        rows=rows,
        note=table.note,
        is_default=table.id == DEFAULT_TABLE,
    )


#: Equivalence table name -> the id of the rule set that registers it.
EQUIVALENCE_RULE_SET_IDS: Mapping[str, str] = MappingProxyType(
    {name: f"glucocorticoid-equivalence-{name}" for name in EQUIVALENCE_TABLES}
)


def _converter(table: str) -> Callable[..., Fraction]:
    def evaluate(dose_mg: object, drug: Glucocorticoid | str) -> Fraction:
        return prednisone_equivalent(dose_mg, drug, table=table)

    evaluate.__doc__ = (
        f"Prednisone-equivalent mg of ``dose_mg`` of ``drug`` with the {table!r} table."
    )
    return evaluate


def _sources(table: EquivalenceTable) -> tuple[str, ...]:
    return tuple(dict.fromkeys(entry.source_id for entry in table.entries.values()))


_DESCRIPTIONS = {
    "fda-label": (
        "Anti-inflammatory equivalents to 5 mg prednisone as stated by the FDA prednisolone "
        "label (betamethasone 0.75 mg), with deflazacort 6 mg from its product literature. "
        "This is the library's default table."
    ),
    "conventional": (
        "Anti-inflammatory equivalents to 5 mg prednisone as in many published conversion "
        "tables: identical to the FDA-label table except betamethasone 0.6 mg (factor 25/3 "
        "instead of 20/3)."
    ),
}

_NOTES = (
    "Betamethasone: 0.75 mg (FDA prednisolone label, 2.25 mg per 15 mg) versus 0.6 mg (common "
    "tables). The sources conflict, so each value is its own rule set; the FDA-label table is "
    "the default because it is the primary (label) source.",
    "Deflazacort is not in the FDA label; both tables use the 6 mg = 5 mg prednisone "
    "convention. Pharmacodynamic ratios reported for deflazacort vary widely; the convention "
    "is a dosing equivalence, not a measured equipotency.",
    "Equivalence is anti-inflammatory (glucocorticoid) potency only; mineralocorticoid effects "
    "and duration of action differ between drugs and are not converted.",
    "Conversion is exact rational arithmetic: linear in the dose and invertible "
    "(from_prednisone_equivalent).",
)


def _register(name: str) -> RuleSet:
    table = EQUIVALENCE_TABLES[name]
    return register(
        RuleSet(
            id=EQUIVALENCE_RULE_SET_IDS[name],
            version="1.0.0",
            title=f"Glucocorticoid equivalence: {table.title}",
            kind=RuleKind.EQUIVALENCE,
            source_ids=_sources(table),
            parameters=parameters_for(table),
            description=_DESCRIPTIONS.get(name, table.note),
            notes=_NOTES,
            evaluate=_converter(name),
            module=__name__,
        )
    )


FDA_LABEL_EQUIVALENCE = _register("fda-label")
CONVENTIONAL_EQUIVALENCE = _register("conventional")


def equivalence_rule_set(table: str = DEFAULT_TABLE) -> RuleSet:
    """The registered rule set of an equivalence table.

    Args:
        table: Table name (``"fda-label"`` or ``"conventional"``), or a rule-set id such as
            ``"glucocorticoid-equivalence-conventional"``.

    Returns:
        The rule set (kind ``equivalence``).

    Raises:
        OptionError: unknown table name.
    """
    if not isinstance(table, str):
        raise OptionError(f"unknown glucocorticoid equivalence table {table!r}")
    if table in EQUIVALENCE_RULE_SET_IDS:
        return get_rule_set_of_kind(EQUIVALENCE_RULE_SET_IDS[table], RuleKind.EQUIVALENCE)
    if table in EQUIVALENCE_RULE_SET_IDS.values():
        return get_rule_set_of_kind(table, RuleKind.EQUIVALENCE)
    get_equivalence_table(table)  # raises OptionError with the known names
    raise OptionError(f"unknown glucocorticoid equivalence table {table!r}")  # pragma: no cover


def convert_glucocorticoid_dose(
    dose_mg: object,
    from_drug: Glucocorticoid | str,
    to_drug: Glucocorticoid | str,
    *,
    table: str = DEFAULT_TABLE,
) -> Fraction:
    """Convert a dose of one glucocorticoid into the equivalent dose of another, exactly.

    Args:
        dose_mg: Dose of ``from_drug`` in milligrams.
        from_drug: The drug given.
        to_drug: The drug to express the dose in.
        table: Equivalence table (``"fda-label"`` default, or ``"conventional"``).

    Returns:
        Milligrams of ``to_drug`` with the same anti-inflammatory effect.

    Raises:
        InputError: ``dose_mg`` is not a finite, non-negative number.
        OptionError: unknown drug or table.
    """
    if not isinstance(table, str):
        raise OptionError(f"unknown glucocorticoid equivalence table {table!r}")
    prednisone = prednisone_equivalent(dose_mg, from_drug, table=table)
    return from_prednisone_equivalent(prednisone, to_drug, table=table)


__all__ = [
    "CONVENTIONAL_EQUIVALENCE",
    "EQUIVALENCE_RULE_SET_IDS",
    "FDA_LABEL_EQUIVALENCE",
    "EquivalenceParameters",
    "EquivalenceRow",
    "convert_glucocorticoid_dose",
    "equivalence_rule_set",
    "parameters_for",
]
