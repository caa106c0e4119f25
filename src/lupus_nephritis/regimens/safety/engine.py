"""Engine of the safety stop-rule rule sets: cited stop thresholds checked on lab values.

A `StopRule` is the ``parameters`` object of a rule set of kind ``safety``: the drug,
where the rule was published (a trial protocol or a label), the action it orders, and its
criteria, each a cited `Threshold` on a measured value.
The rule **stops** the drug when its criteria are met (all, or any, as the source states; a
rule set may let the caller choose), **continues** when they are not, and is **not
evaluable** when a value it needs is missing (three-valued: a missing IgG is never read as
"above the threshold").

Only rules that can be cited are encoded. Stop rules that were looked for and not found are
listed as data (`NOT_FOUND`) and on the documentation page, so their absence is explicit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from fractions import Fraction
from typing import Any, ClassVar, Literal

import attrs
from pydantic import Field

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import LupusNephritisError
from lupus_nephritis.models import BloodPressure, Measure
from lupus_nephritis.regimens.models import DrugName
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Threshold, combine
from lupus_nephritis.units import Quantity, factor


class SafetyStatus(str, Enum):
    """Verdict of a safety stop rule."""

    STOP = "stop"
    """The stop rule is met: the action it orders applies (e.g. discontinue the drug)."""
    CONTINUE = "continue"
    """The stop rule is not met by the values given."""
    NOT_EVALUABLE = "not_evaluable"
    """A value the rule needs is missing."""


class SerumIgG(Measure):
    """Serum immunoglobulin G (canonical ``g/L``; ``mg/dL`` and ``mg/L`` accepted)."""

    quantity: ClassVar[Quantity] = Quantity.IGG


class SafetyLabs(FrozenModel):
    """The measured values safety stop rules read. Every value is optional.

    Attributes:
        date: Day of the measurements, if known.
        igg: Serum IgG (e.g. ``"2.8 g/L"`` or ``"280 mg/dL"``).
        blood_pressure: Blood pressure on treatment.
        id: Identifier of the sample or visit, if any.
    """

    date: dt.date | None = None
    igg: SerumIgG | None = Field(default=None, description="Serum IgG, e.g. '2.8 g/L'.")
    blood_pressure: BloodPressure | None = None
    id: str | None = None


Reads = Literal["igg", "systolic", "diastolic"]
"""Which measured value a stop criterion reads."""


@attrs.frozen(slots=True)
class StopCriterion:
    """One criterion of a stop rule: a cited threshold on a measured value.

    Attributes:
        threshold: The threshold (met = the stop finding is present).
        reads: The value it reads (``igg``, ``systolic``, ``diastolic``).
    """

    threshold: Threshold
    reads: Reads

    def __attrs_post_init__(self) -> None:
        expected = Quantity.IGG if self.reads == "igg" else Quantity.BLOOD_PRESSURE
        if self.threshold.quantity is not expected:
            raise LupusNephritisError(
                f"stop criterion {self.threshold.id}: {self.reads} needs a {expected.value} "
                "threshold"
            )


@attrs.frozen(slots=True)
class StopRule:
    """A published safety stop rule, as cited data.

    Attributes:
        drug: The drug it stops (by name; not every trial drug is in the catalogue).
        catalogue_drug: The catalogue entry of the drug, when there is one.
        setting: Where it was published (``trial protocol`` or ``label``).
        action: What the rule orders when met.
        criteria: Its criteria.
        mode: ``any`` (one criterion met stops) or ``all`` (every criterion).
        source_id: Source of the rule.
        note: Paraphrase of the source, context, reading chosen.
    """

    drug: str
    catalogue_drug: DrugName | None
    setting: str
    action: str
    criteria: tuple[StopCriterion, ...]
    mode: Literal["any", "all"]
    source_id: str
    note: str | None = None


@attrs.frozen(slots=True)
class StopRuleNotFound:
    """A stop rule that was looked for and not found (so none is encoded).

    Attributes:
        drug: The drug.
        where: The trials or label searched.
        what: What kind of rule was looked for.
        source_ids: Sources of the trials or labels searched (ids in the source registry).
        note: What was found instead, if anything.
    """

    drug: str
    where: str
    what: str
    source_ids: tuple[str, ...]
    note: str | None = None


NOT_FOUND: tuple[StopRuleNotFound, ...] = (
    StopRuleNotFound(
        "obinutuzumab",
        "NOBILITY, REGENCY; GAZYVA US label (lupus nephritis)",
        "an IgG (or other laboratory) threshold that stops infusions",
        ("nobility", "regency", "gazyva-uspi-ln"),
        "The registry records read list eligibility exclusions only; the label facts read are "
        "the boxed warnings (hepatitis B reactivation, PML).",
    ),
    StopRuleNotFound(
        "rituximab",
        "LUNAR",
        "an IgG threshold that stops rituximab",
        ("lunar",),
        None,
    ),
    StopRuleNotFound(
        "belimumab",
        "BLISS-LN; BENLYSTA US label",
        "an IgG threshold that stops belimumab",
        ("bliss-ln", "benlysta-uspi"),
        "The label reports IgG reductions as a pharmacodynamic effect, without a stop rule.",
    ),
    StopRuleNotFound(
        "atacicept",
        "APRIL-SLE; the atacicept phase 1b lupus nephritis study NCT01369628; COMPASS",
        "IgG thresholds for dose modification or discontinuation",
        ("april-sle",),
        "NCT01369628 reports how many patients met protocol-prespecified criteria for an "
        "atacicept dose modification after an IgG decrease, without publishing the criteria.",
    ),
    StopRuleNotFound(
        "ianalumab",
        "SIRIUS-LN",
        "an IgG threshold that stops ianalumab",
        ("sirius-ln",),
        None,
    ),
    StopRuleNotFound(
        "anifrolumab",
        "TULIP-LN",
        "a laboratory stop rule",
        ("tulip-ln",),
        None,
    ),
)
"""Stop rules looked for and NOT FOUND in the fact base (no rule is encoded for them)."""


def _value(labs: SafetyLabs, reads: Reads) -> tuple[Fraction | None, Evidence | None]:
    if reads == "igg":
        if labs.igg is None:
            return None, None
        return labs.igg.canonical, Evidence(
            "igg", date=labs.date, visit_id=labs.id, value=labs.igg.value, unit=labs.igg.unit
        )
    bp = labs.blood_pressure
    if bp is None:
        return None, None
    value = bp.systolic if reads == "systolic" else bp.diastolic
    canonical = Fraction(value) * factor(Quantity.BLOOD_PRESSURE, bp.unit)
    return canonical, Evidence(
        f"blood_pressure.{reads}", date=labs.date, visit_id=labs.id, value=value, unit=bp.unit
    )


def parse_labs(labs: object) -> SafetyLabs:
    """A `SafetyLabs` from a model or a mapping (``None`` is "nothing measured")."""
    if isinstance(labs, SafetyLabs):
        return labs
    if labs is None:
        return SafetyLabs()
    return SafetyLabs.model_validate(labs)


def _missing_field(reads: Reads) -> str:
    return "igg" if reads == "igg" else "blood_pressure"


def evaluate_stop_rule(
    rule_set: RuleSet,
    rule: StopRule,
    labs: object,
    *,
    mode: Literal["any", "all"] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Decision:
    """Check one stop rule on the lab values.

    Args:
        rule_set: The rule set (for id, version, sources).
        rule: Its stop rule.
        labs: A `SafetyLabs` or a mapping.
        mode: Overrides the rule's combination (from a rule-set option).
        options: The options used (recorded in the decision).

    Returns:
        The decision, verdict a `SafetyStatus` value.
    """
    values = parse_labs(labs)
    children: list[Criterion] = []
    missing: list[str] = []
    for criterion in rule.criteria:
        value, evidence = _value(values, criterion.reads)
        if value is None:
            missing.append(_missing_field(criterion.reads))
        children.append(
            criterion.threshold.check(value, evidence=() if evidence is None else (evidence,))
        )
    chosen = mode or rule.mode
    composite = combine(
        "stop-rule",
        f"{rule.drug}: {rule.action}",
        children,
        mode=chosen,
        source_id=rule.source_id,
        note=f"stop when {'every' if chosen == 'all' else 'any'} criterion is met ({rule.setting})",
    )
    verdict = {
        "met": SafetyStatus.STOP,
        "not_met": SafetyStatus.CONTINUE,
        "unknown": SafetyStatus.NOT_EVALUABLE,
    }[composite.outcome.value]
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=verdict,
        criteria=(composite,),
        missing_inputs=tuple(dict.fromkeys(missing))
        if verdict is SafetyStatus.NOT_EVALUABLE
        else (),
        options=tuple((options or {}).items()),
        assessed_on=values.date,
        details=(("drug", rule.drug), ("action", rule.action), ("setting", rule.setting)),
        source_ids=rule_set.source_ids,
        subject=rule.drug,
    )


__all__ = [
    "NOT_FOUND",
    "Reads",
    "SafetyLabs",
    "SafetyStatus",
    "SerumIgG",
    "StopCriterion",
    "StopRule",
    "StopRuleNotFound",
    "evaluate_stop_rule",
    "parse_labs",
]
