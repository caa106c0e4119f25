"""Rule set ``april-ln-igg-stop``: the APRIL-LN atacicept discontinuation threshold.

APRIL-LN (atacicept with MMF and corticosteroids in lupus nephritis, phase II/III) defined in
its protocol a discontinuation threshold of serum IgG below 3 g/L. The trial was terminated
after six patients: IgG fell unexpectedly, three atacicept-treated patients went below the
threshold, and two of them developed serious pneumonia.
"""

from __future__ import annotations

from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.safety.engine import StopCriterion, StopRule, evaluate_stop_rule
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, resolve_options

RULE_SET_ID = "april-ln-igg-stop"
_S = "april-ln"

PARAMETERS = StopRule(
    drug="atacicept",
    catalogue_drug=None,
    setting="trial protocol",
    action="discontinue atacicept (protocol-defined discontinuation threshold)",
    criteria=(
        StopCriterion(
            Threshold(
                id="igg-below-3",
                label="serum IgG below 3 g/L",
                comparator="<",
                value="3",
                unit="g/L",
                quantity="igg",
                source_id=_S,
                note="'below the protocol-defined discontinuation threshold of 3 g/l': "
                "exactly 3 g/L is not below it.",
            ),
            "igg",
        ),
    ),
    mode="all",
    source_id=_S,
    note="The trial stopped after six patients (IgG decline and serious infections); atacicept "
    "is not approved for lupus nephritis. The rule applies to a patient on atacicept.",
)

OPTIONS: tuple[Option, ...] = ()


def evaluate(labs: object, **options: Any) -> Decision:
    """Check the APRIL-LN IgG discontinuation threshold.

    Args:
        labs: A `SafetyLabs` or a mapping
            (``{"igg": "2.8 g/L", "date": "2024-03-01"}``).
        **options: None are defined.

    Returns:
        The decision: ``stop`` when serum IgG is below 3 g/L, ``continue`` at 3 g/L or above,
        ``not_evaluable`` without an IgG.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    return evaluate_stop_rule(RULE_SET, PARAMETERS, labs, options=opts)


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="APRIL-LN atacicept discontinuation: serum IgG below 3 g/L",
        kind=RuleKind.SAFETY,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "The protocol-defined discontinuation threshold of the APRIL-LN trial of atacicept "
            "in lupus nephritis: stop atacicept when serum IgG is below 3 g/L. IgG is compared "
            "exactly in g/L (300 mg/dL is exactly 3 g/L)."
        ),
        options=OPTIONS,
        notes=(
            "High confidence: the threshold and its comparator ('below 3 g/l') are from the "
            "trial report's abstract.",
            "APRIL-LN was terminated early; the rule is encoded as published for trial "
            "replication and safety review, not as guidance for an approved use.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
