"""Rule set ``lupkynis-us-bp-stop``: voclosporin discontinuation for blood pressure on treatment.

The LUPKYNIS US dosing information: monitor blood pressure every 2 weeks for the first month
and as clinically indicated thereafter; for blood pressure above 165/105 mmHg, discontinue
LUPKYNIS and start antihypertensive therapy. (Not starting above 165/105 mmHg is an
eligibility rule of ``us-labels``.)
"""

from __future__ import annotations

from typing import Any, Literal

from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.models import DrugName
from lupus_nephritis.regimens.safety.engine import StopCriterion, StopRule, evaluate_stop_rule
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "lupkynis-us-bp-stop"
_S = "lupkynis-hcp-dosing"


def _bp(id: str, label: str, value: str) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=">",
        value=value,
        unit="mm[Hg]",
        quantity="blood_pressure",
        source_id=_S,
    )


PARAMETERS = StopRule(
    drug="voclosporin",
    catalogue_drug=DrugName.VOCLOSPORIN,
    setting="label",
    action="discontinue voclosporin and start antihypertensive therapy",
    criteria=(
        StopCriterion(
            _bp("systolic-above-165", "systolic pressure above 165 mmHg", "165"), "systolic"
        ),
        StopCriterion(
            _bp("diastolic-above-105", "diastolic pressure above 105 mmHg", "105"), "diastolic"
        ),
    ),
    mode="any",
    source_id=_S,
    note="'> 165/105 mmHg': whether either value alone suffices is not stated (option "
    "blood_pressure_reading, default 'either').",
)

OPTIONS: tuple[Option, ...] = (
    Option(
        name="blood_pressure_reading",
        default="either",
        description=(
            "How '> 165/105 mmHg' is read: 'either' (default, conservative: systolic above 165 "
            "or diastolic above 105 stops) or 'both' (both must be above). The same reading "
            "as the us-labels option of that name."
        ),
        choices=("either", "both"),
        source_id=_S,
    ),
)


def evaluate(labs: object, **options: Any) -> Decision:
    """Check the voclosporin blood-pressure discontinuation rule.

    Args:
        labs: A `SafetyLabs` or a mapping
            (``{"blood_pressure": {"systolic": 170, "diastolic": 100, "unit": "mmHg"}}``).
        **options: See `OPTIONS`.

    Returns:
        The decision: ``stop`` above 165/105 mmHg (by the reading chosen), ``continue``
        otherwise, ``not_evaluable`` without a blood pressure.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    mode: Literal["any", "all"] = "any" if opts["blood_pressure_reading"] == "either" else "all"
    return evaluate_stop_rule(RULE_SET, PARAMETERS, labs, mode=mode, options=opts)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Voclosporin discontinuation for blood pressure above 165/105 mmHg (LUPKYNIS US)",
        kind=RuleKind.SAFETY,
        source_ids=(_S, "lupkynis-uspi"),
        parameters=PARAMETERS,
        description=(
            "On voclosporin, a blood pressure above 165/105 mmHg means discontinuing "
            "voclosporin and starting antihypertensive therapy (LUPKYNIS US dosing "
            "information). Exactly 165/105 mmHg does not stop it."
        ),
        options=OPTIONS,
        notes=(
            "Read from the manufacturer's dosing page for healthcare professionals, which "
            "summarises the US prescribing information (the label section itself was not "
            "read; medium-high confidence).",
            "Not starting voclosporin above 165/105 mmHg is the us-labels eligibility rule "
            "voclosporin-blood-pressure; the eGFR-based discontinuation is the "
            "lupkynis-us-egfr-dosing rule set.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
