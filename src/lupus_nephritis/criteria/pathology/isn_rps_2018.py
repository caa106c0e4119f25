"""ISN/RPS classification, 2018 revision (Bajema et al., 2018).

Rule set ``isn-rps-2018``. The classes and their cuts are those of 2003, with the revision's
changes: the IV-S / IV-G division is **eliminated**; the A, A/C and C subclasses are
**replaced** by the modified NIH activity and chronicity indices (reported in the decision's
details when the components are given, see
`lupus_nephritis.criteria.pathology.nih_indices`); mesangial hypercellularity is defined
as **4 or more nuclei** fully surrounded by matrix in a mesangial area (hilar region excluded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.criteria.pathology._classify import (
    CountThreshold,
    IsnRpsParameters,
    classify_biopsy,
    common_options,
)
from lupus_nephritis.criteria.pathology.models import KidneyBiopsy
from lupus_nephritis.decisions import Decision
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold

RULE_SET_ID = "isn-rps-2018"
VERSION = "1.0.0"
SOURCE = "isn-rps-2018"


def _pct(
    id: str, label: str, comparator: str, value: str, note: str | None = None, source: str = SOURCE
) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="%",
        quantity="percent",
        source_id=source,
        note=note,
    )


PARAMETERS = IsnRpsParameters(
    class_vi=_pct(
        "class-vi-sclerosis",
        "At least 90% of glomeruli globally sclerosed",
        ">=",
        "90",
        "Unchanged from 2003 ('>= 90%').",
        "isn-rps-2003",
    ),
    class_iii=_pct(
        "class-iii-involvement",
        "Some glomeruli involved by endocapillary hypercellularity or extracapillary lesions "
        "(more than 0%)",
        ">",
        "0",
        "2018 renames 'endocapillary proliferation' to 'endocapillary hypercellularity'.",
        "isn-rps-2003",
    ),
    class_iv=_pct(
        "class-iv-involvement",
        "At least 50% of glomeruli involved (class IV)",
        ">=",
        "50",
        "Unchanged from 2003 ('>= 50%').",
        "isn-rps-2003",
    ),
    combined_v_glomeruli=_pct(
        "combined-v-glomeruli",
        "Membranous involvement in at least 50% of glomeruli",
        ">=",
        "50",
        "Only with option combined_v_rule='extent-50-50' (teaching source; the 2018 text was "
        "not seen; low-medium confidence).",
    ),
    combined_v_capillary=_pct(
        "combined-v-capillary-surface",
        "Membranous involvement of at least 50% of the capillary surface",
        ">=",
        "50",
        "Only with option combined_v_rule='extent-50-50'.",
    ),
    active_present=_pct(
        "active-lesions",
        "Glomeruli with active lesions (more than 0%)",
        ">",
        "0",
        "Decides residual activity for class VI when it is not stated (no A/C subclasses in 2018).",
    ),
    chronic_present=_pct(
        "chronic-lesions",
        "Glomeruli with chronic lesions (more than 0%)",
        ">",
        "0",
        "Not used for a subclass in 2018 (replaced by the chronicity index).",
    ),
    iv_segmental=None,
    iv_global=None,
    mesangial_nuclei=CountThreshold(
        id="mesangial-hypercellularity",
        label="Mesangial hypercellularity: 4 or more nuclei in a mesangial area",
        minimum=4,
        unit="nuclei",
        source_id=SOURCE,
        note="Nuclei fully surrounded by matrix, hilar region excluded (high confidence); "
        "without a count, the pathologist's has_mesangial_hypercellularity is read.",
    ),
    subclasses=False,
)

OPTIONS = common_options(SOURCE)


def evaluate(biopsy: KidneyBiopsy | Mapping[str, Any], **options: Any) -> Decision:
    """Classify a biopsy under the 2018 revision of ISN/RPS.

    Args:
        biopsy: A `KidneyBiopsy` or a
            mapping validated into one.
        **options: ``min_glomeruli``, ``combined_v_rule``.

    Returns:
        A decision whose verdict is the class (``"I"`` ... ``"VI"``, ``"III+V"``,
        ``"IV+V"``) or ``"insufficient_sample"``, ``"not_evaluable"``, ``"unclassified"``;
        details hold the class, percentages and the NIH activity / chronicity index totals
        (None when components are missing).

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: the mapping is not a valid biopsy.
    """
    return classify_biopsy(
        PARAMETERS,
        biopsy,
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE, "isn-rps-2003"),
        declared=OPTIONS,
        options=options,
        with_nih=True,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="ISN/RPS classification of lupus nephritis, 2018 revision",
        kind=RuleKind.PATHOLOGY,
        source_ids=(SOURCE, "isn-rps-2003"),
        parameters=PARAMETERS,
        description=(
            "Classes I-VI with the 2003 cuts (III below 50% of glomeruli involved, IV at 50% "
            "or more, VI at 90% or more globally sclerosed without residual activity, V "
            "combined with III/IV when both are present). IV-S/IV-G is eliminated; the A, A/C "
            "and C subclasses are replaced by the modified NIH activity and chronicity "
            "indices (in the details); mesangial hypercellularity is 4 or more nuclei in a "
            "mesangial area."
        ),
        options=OPTIONS,
        notes=(
            "Class cuts are carried over from 2003 (cited as isn-rps-2003).",
            "The 2018 wording for combining class V with III/IV ('substantial' membranous "
            "component) was not seen; option combined_v_rule (default: combine whenever "
            "membranous deposits are present).",
            "Adequacy (10 glomeruli) rests on a summary of guidance (low-medium confidence): "
            "option min_glomeruli.",
            "The 2018 crescent definitions (>= 10% of Bowman's capsule; cellular / "
            "fibrocellular / fibrous by the 25%/75% split) are the pathologist's input to the "
            "NIH components and are not recomputed here.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "evaluate"]
