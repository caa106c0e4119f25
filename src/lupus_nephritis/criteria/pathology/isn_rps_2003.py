"""ISN/RPS 2003 classification of lupus nephritis (Weening et al., 2004).

Rule set ``isn-rps-2003``. Classes I-VI with the 2003 subclasses: for class IV, **IV-S** when
at least 50% of the *involved* glomeruli have segmental lesions and **IV-G** when at least 50%
have global lesions; for classes III and IV, **(A)** active lesions, **(A/C)** active and
chronic, **(C)** chronic inactive. Class V may be combined with III or IV ("IV-G (A/C)+V").
See `lupus_nephritis.criteria.pathology._classify` for the procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.criteria.pathology._classify import (
    IV_TIE_OPTION,
    IsnRpsParameters,
    classify_biopsy,
    common_options,
)
from lupus_nephritis.criteria.pathology.models import KidneyBiopsy
from lupus_nephritis.decisions import Decision
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold

RULE_SET_ID = "isn-rps-2003"
VERSION = "1.0.0"
SOURCE = "isn-rps-2003"


def _pct(id: str, label: str, comparator: str, value: str, note: str | None = None) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note=note,
    )


PARAMETERS = IsnRpsParameters(
    class_vi=_pct(
        "class-vi-sclerosis",
        "At least 90% of glomeruli globally sclerosed",
        ">=",
        "90",
        "'>= 90%' as ISN/RPS writes it; some reviews print '> 90%'.",
    ),
    class_iii=_pct(
        "class-iii-involvement",
        "Some glomeruli involved by endo-/extracapillary GN (more than 0%)",
        ">",
        "0",
        "Class III when below the class IV cut; involved glomeruli include those sclerosed by "
        "LN, exclude ischaemic ones; the denominator is all glomeruli.",
    ),
    class_iv=_pct(
        "class-iv-involvement",
        "At least 50% of glomeruli involved (class IV)",
        ">=",
        "50",
        "'>= 50%' as ISN/RPS writes it; some tables print '> 50%'.",
    ),
    combined_v_glomeruli=_pct(
        "combined-v-glomeruli",
        "Membranous involvement in at least 50% of glomeruli",
        ">=",
        "50",
        "Only with option combined_v_rule='extent-50-50' (teaching source, low-medium confidence).",
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
        "Subclass A (active), A/C (with chronic), C (chronic only); report the proportion.",
    ),
    chronic_present=_pct(
        "chronic-lesions",
        "Glomeruli with chronic (sclerotic) lesions (more than 0%)",
        ">",
        "0",
    ),
    iv_segmental=_pct(
        "iv-segmental",
        "At least 50% of involved glomeruli with segmental lesions (IV-S)",
        ">=",
        "50",
        "Segmental = less than half of the glomerular tuft.",
    ),
    iv_global=_pct(
        "iv-global",
        "At least 50% of involved glomeruli with global lesions (IV-G)",
        ">=",
        "50",
    ),
    mesangial_nuclei=None,
    subclasses=True,
)

OPTIONS = (*common_options(SOURCE), IV_TIE_OPTION)


def evaluate(biopsy: KidneyBiopsy | Mapping[str, Any], **options: Any) -> Decision:
    """Classify a biopsy under ISN/RPS 2003.

    Args:
        biopsy: A `KidneyBiopsy` or a
            mapping validated into one.
        **options: ``min_glomeruli``, ``combined_v_rule``, ``iv_tie_rule``.

    Returns:
        A decision whose verdict is the class (e.g. ``"IV-G (A/C)+V"``), or
        ``"insufficient_sample"``, ``"not_evaluable"`` or ``"unclassified"``.

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: the mapping is not a valid biopsy.
    """
    return classify_biopsy(
        PARAMETERS,
        biopsy,
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        declared=OPTIONS,
        options=options,
        with_nih=False,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="ISN/RPS 2003 classification of lupus nephritis",
        kind=RuleKind.PATHOLOGY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Class I (minimal mesangial: normal light microscopy, mesangial deposits), II "
            "(mesangial proliferative), III (focal: endo-/extracapillary GN in less than 50% "
            "of glomeruli), IV (diffuse: 50% or more; IV-S or IV-G by the extent of lesions in "
            "involved glomeruli), V (membranous; combined with III or IV when both are "
            "present), VI (advanced sclerosing: 90% or more globally sclerosed without "
            "residual activity); classes III and IV carry the activity subclass A, A/C or C."
        ),
        options=OPTIONS,
        notes=(
            "Class cuts follow ISN/RPS ('>= 50%' for IV, '>= 90%' for VI) where some reviews "
            "print '>'.",
            "Adequacy (10 glomeruli) rests on a summary of guidance (low-medium confidence): "
            "option min_glomeruli.",
            "IV-S and IV-G are both met at exactly 50%/50%: option iv_tie_rule.",
            "Class I is read as mesangial deposits without any light-microscopy lesion of "
            "classes II-VI; 'mesangial hypercellularity' has no numeric definition in the 2003 "
            "facts, so the pathologist's has_mesangial_hypercellularity is read.",
            "Without mesangial immune deposits (and no class III-VI lesion) the biopsy is "
            "'unclassified', not class I or II.",
            "Tubulointerstitial and vascular grading is reported by pathologists but does not "
            "change the class; not encoded.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "evaluate"]
