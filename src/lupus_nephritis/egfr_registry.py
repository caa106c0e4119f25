"""Registers every eGFR equation as a rule set of kind ``equation``.

The coefficients shown on each equation's documentation page come from
`lupus_nephritis.egfr.EQUATIONS`, which is built from the same module constants the
formulas use, so the page cannot drift from the code.
"""

from __future__ import annotations

import re

import attrs

from lupus_nephritis import egfr
from lupus_nephritis.registry import RuleKind, RuleSet, register

#: Version of every equation rule set (bumped if a formula or its validation changes).
EQUATION_RULE_SET_VERSION = "1.0.0"


def _field_name(label: str) -> str:
    name = re.sub(r"[^0-9a-zA-Z]+", "_", label).strip("_").lower()
    return name if name and not name[0].isdigit() else f"c_{name}"


def _parameters(info: egfr.EquationInfo) -> object:
    fields: dict[str, attrs.Attribute[str] | object] = {
        "validated_min_age_years": attrs.field(default=info.min_age),
        "validated_max_age_years": attrs.field(
            default=info.max_age if info.max_age is not None else "none"
        ),
    }
    for label, value in info.coefficients:
        fields[_field_name(label)] = attrs.field(default=value)
    cls = attrs.make_class(
        "EquationParameters_" + _field_name(info.id), fields, frozen=True, slots=True
    )
    return cls()


def _register(info: egfr.EquationInfo) -> RuleSet:
    return register(
        RuleSet(
            id=info.id,
            version=EQUATION_RULE_SET_VERSION,
            title=info.title,
            kind=RuleKind.EQUATION,
            source_ids=(info.source_id,),
            parameters=_parameters(info),
            description=(
                f"Computed by `lupus_nephritis.{info.function_name}`; returns eGFR in "
                "mL/min/1.73 m2. Inputs are validated (finite numbers, plausible values, the "
                "equation's age range) and raise the package's documented errors."
            ),
            notes=info.notes,
            evaluate=getattr(egfr, info.function_name),
            module=egfr.__name__,
        )
    )


RULE_SETS: tuple[RuleSet, ...] = tuple(_register(info) for info in egfr.EQUATIONS.values())

__all__ = ["EQUATION_RULE_SET_VERSION", "RULE_SETS"]
