"""The KDIGO biopsy-indication evaluation shared by ``kdigo-2021-biopsy`` and ``kdigo-2024-biopsy``.

KDIGO's diagnostic figure for kidney involvement in SLE (KDIGO 2021; the 2024 LN guideline is
a focused update of that chapter) runs in steps, encoded here as:

1. **Screen** (criterion ``proteinuria-screen``): dipstick protein 2+ or more at any specific
   gravity, or 1+ or more in dilute urine, or a spot UPCR above 0.5 g/g.
2. **Quantification** (``proteinuria-quantified``): 24-hour protein above 0.5 g/day (the
   comparator is an option, see below). A quantified value decides on its own.
3. **Proteinuria path** (``proteinuria``, sufficient): the quantification when it is known;
   without it, a negative screen rules the path out and a positive or unknown screen leaves it
   unknown (the missing 24-hour collection is reported).
4. **Kidney function** (``kidney-function``, sufficient): for 2021, eGFR below 60 or falling,
   attributable to SLE; for 2024, eGFR abnormal (below the level expected for age) or falling,
   with no cause other than SLE.
5. **Sediment** (``active-sediment``): acanthocytes 5% or more of red cells, red- or
   white-cell casts. Supporting by default; the ``sediment_role`` option makes it sufficient.

The module defines no rule set; the two rule-set modules supply their parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    GradeThreshold,
    alternative_measures,
    check_flag,
    check_measure,
    coerce_findings,
    decimal_option,
    egfr_decline,
    low_egfr_not_explained,
    make_decision,
    not_otherwise_explained,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import DipstickGrade, Specimen
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.units import format_decimal

#: ``kidney_function_rule`` values.
RULE_2021 = "egfr-below-60-or-falling"
RULE_2024 = "egfr-below-expected-for-age-or-falling"

_SG_MIN = Decimal("1.000")
_SG_MAX = Decimal("1.060")


@attrs.frozen(slots=True)
class KdigoBiopsyParameters:
    """Every threshold of the KDIGO biopsy figure, as cited data.

    Attributes:
        dipstick_any_gravity: Dipstick grade positive at any specific gravity (2+).
        dipstick_dilute: Dipstick grade positive when the urine is dilute (1+).
        screen_upcr: Spot UPCR screen (> 0.5 g/g).
        confirm_24h_gt: 24-hour protein, reading "> 0.5 g/day" (default).
        confirm_24h_ge: 24-hour protein, reading ">= 500 mg/24 h" (option).
        confirm_upcr_gt: UPCR as quantification, "> 0.5 g/g" (only with the
            ``confirmation_measure`` option).
        confirm_upcr_ge: UPCR as quantification, ">= 0.5 g/g" (idem, with ``>=``).
        acanthocytes: Acanthocytes in the sediment (>= 5%).
        low_egfr: eGFR below 60 (KDIGO 2021 wording; KDIGO 2024 only with the
            ``abnormal_egfr_rule`` option).
        kidney_function_rule: Which kidney-function wording the rule set follows.
        kidney_function_source: Source of that wording.
    """

    dipstick_any_gravity: GradeThreshold
    dipstick_dilute: GradeThreshold
    screen_upcr: Threshold
    confirm_24h_gt: Threshold
    confirm_24h_ge: Threshold
    confirm_upcr_gt: Threshold
    confirm_upcr_ge: Threshold
    acanthocytes: Threshold
    low_egfr: Threshold
    kidney_function_rule: str
    kidney_function_source: str


def make_parameters(
    *, source: str, kidney_function_rule: str, kidney_function_source: str
) -> KdigoBiopsyParameters:
    """Build the parameters; ``source`` cites the figure items carried over from KDIGO 2021."""
    via = "KDIGO 2021 figure as tabulated by Anders et al. (NDT 2023), medium confidence."
    return KdigoBiopsyParameters(
        dipstick_any_gravity=GradeThreshold(
            id="dipstick-2plus",
            label="Dipstick protein 2+ or more (any specific gravity)",
            minimum=DipstickGrade.TWO_PLUS,
            source_id=source,
            note=via,
        ),
        dipstick_dilute=GradeThreshold(
            id="dipstick-1plus",
            label="Dipstick protein 1+ or more",
            minimum=DipstickGrade.ONE_PLUS,
            source_id=source,
            note="Counts only when the urine is dilute (see option "
            "dilute_specific_gravity_below). " + via,
        ),
        screen_upcr=Threshold(
            id="screen-upcr",
            label="UPCR above 0.5 g/g (screen)",
            comparator=">",
            value="0.5",
            unit="g/g",
            quantity="upcr",
            source_id=source,
            note="A screen: a positive screen calls for quantification, it does not by itself "
            "indicate a biopsy. " + via,
        ),
        confirm_24h_gt=Threshold(
            id="protein-24h-gt-0-5",
            label="24-hour protein above 0.5 g/day",
            comparator=">",
            value="0.5",
            unit="g/d",
            quantity="protein_24h",
            source_id=source,
            note="Default reading (proteinuria_comparator '>'): '> 0.5 g/day' (Anders et al.; "
            "The Rheumatologist's KDIGO paraphrase).",
        ),
        confirm_24h_ge=Threshold(
            id="protein-24h-ge-500",
            label="24-hour protein at or above 500 mg/24 h",
            comparator=">=",
            value="500",
            unit="mg/(24.h)",
            quantity="protein_24h",
            source_id="kdigo-2024-ln",
            note="Alternative reading (proteinuria_comparator '>='): '>= 500 mg/24 h' from a "
            "clinical summary of KDIGO 2024 (medium confidence).",
        ),
        confirm_upcr_gt=Threshold(
            id="upcr-quantified-gt-0-5",
            label="UPCR above 0.5 g/g (as quantification)",
            comparator=">",
            value="0.5",
            unit="g/g",
            quantity="upcr",
            source_id=source,
            note="Used only when option confirmation_measure accepts a UPCR; a ratio is never "
            "converted into g/day.",
        ),
        confirm_upcr_ge=Threshold(
            id="upcr-quantified-ge-0-5",
            label="UPCR at or above 0.5 g/g (as quantification)",
            comparator=">=",
            value="0.5",
            unit="g/g",
            quantity="upcr",
            source_id="kdigo-2024-ln",
            note="Used with proteinuria_comparator '>=' when confirmation_measure accepts a UPCR.",
        ),
        acanthocytes=Threshold(
            id="acanthocytes",
            label="Acanthocytes 5% or more of urine red cells",
            comparator=">=",
            value="5",
            unit="%",
            quantity="percent",
            source_id=source,
            note=via,
        ),
        low_egfr=Threshold(
            id="egfr-below-60",
            label="eGFR below 60 mL/min/1.73 m2",
            comparator="<",
            value="60",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id="kdigo-2021-gd",
            note="KDIGO 2021 wording 'eGFR < 60 or decreasing, attributable to SLE' "
            "(Anders et al.).",
        ),
        kidney_function_rule=kidney_function_rule,
        kidney_function_source=kidney_function_source,
    )


def common_options(source: str) -> tuple[Option, ...]:
    """Options shared by both KDIGO rule sets."""
    return (
        Option(
            name="proteinuria_comparator",
            default=">",
            description=(
                "How the 24-hour quantification is compared. '>' reads '> 0.5 g/day' "
                "(the KDIGO 2021 tabulation by Anders et al. and The Rheumatologist's "
                "paraphrase: two secondary sources); '>=' reads '>= 500 mg/24 h' (one "
                "clinical summary of KDIGO 2024). The verbatim KDIGO 2024 Figure 1 was NOT "
                "FOUND, so exactly 0.5 g/day is undecidable from the sources; the default "
                "follows the two agreeing paraphrases."
            ),
            choices=(">", ">="),
            source_id="kdigo-2024-ln",
        ),
        Option(
            name="confirmation_measure",
            default="protein_24h",
            description=(
                "Which measurement can quantify proteinuria. 'protein_24h' (default): only a "
                "24-hour protein excretion, as the figure's 'g/day' says; "
                "'protein_24h_or_24h_upcr': also a UPCR measured on a 24-hour collection; "
                "'protein_24h_or_any_upcr': also any UPCR (flagged 'upcr-used-for-"
                "quantification'). A UPCR is compared with its own g/g threshold, never "
                "converted."
            ),
            choices=("protein_24h", "protein_24h_or_24h_upcr", "protein_24h_or_any_upcr"),
            source_id=source,
        ),
        Option(
            name="sediment_role",
            default="supporting",
            description=(
                "Whether an active sediment (acanthocytes >= 5%, red- or white-cell casts) "
                "indicates a biopsy on its own. 'supporting' (default): it is reported and "
                "flagged but does not decide, because the available paraphrases say to biopsy "
                "when quantified proteinuria exceeds 0.5 g/day or GFR falls, and list the "
                "sediment as supporting; 'sufficient': it is a third sufficient criterion (a "
                "KDIGO 2024 summary says active sediment can justify biopsy at lower "
                "proteinuria)."
            ),
            choices=("supporting", "sufficient"),
            source_id=source,
        ),
        Option(
            name="dilute_specific_gravity_below",
            default="1.010",
            description=(
                "Urine counts as 'dilute' for the 1+ dipstick screen when its specific gravity "
                "is below this value. KDIGO gives no number: library default 1.010 (a "
                "conventional boundary of dilute urine), not a guideline value. Any number "
                "from 1.000 to 1.060."
            ),
            source_id=None,
        ),
        Option(
            name="egfr_decline_percent",
            default=None,
            description=(
                "Optional numeric definition of 'falling eGFR': the latest eGFR of "
                "egfr_history at least this many percent below the highest earlier value, "
                "with no other cause. No source sets a size of decline (NOT FOUND), so the "
                "default None uses only the reported has_unexplained_decline."
            ),
            source_id=None,
        ),
    )


ABNORMAL_EGFR_OPTION = Option(
    name="abnormal_egfr_rule",
    default="flag-only",
    description=(
        "KDIGO 2024 speaks of eGFR 'below the level expected for age', for which no source "
        "gives numbers (NOT FOUND). 'flag-only' (default): the caller's "
        "has_impaired_kidney_function decides; 'flag-or-below-60': an eGFR below 60 also counts "
        "as abnormal (the KDIGO 2021 cut; may overcall in the elderly)."
    ),
    choices=("flag-only", "flag-or-below-60"),
    source_id="kdigo-2024-ln",
)


def _quantification(
    params: KdigoBiopsyParameters, findings: BiopsyFindings, opts: Mapping[str, Any]
) -> tuple[Criterion, list[str]]:
    inclusive = opts["proteinuria_comparator"] == ">="
    flags: list[str] = []
    on = findings.assessed_on
    children = [
        check_measure(
            params.confirm_24h_ge if inclusive else params.confirm_24h_gt,
            findings.protein_24h,
            "protein_24h",
            on=on,
        )
    ]
    measure_option = opts["confirmation_measure"]
    if measure_option != "protein_24h":
        upcr = findings.upcr
        unusable = None
        if (
            measure_option == "protein_24h_or_24h_upcr"
            and upcr is not None
            and upcr.specimen is not Specimen.H24
        ):
            unusable = "not measured on a 24-hour collection"
        upcr_check = check_measure(
            params.confirm_upcr_ge if inclusive else params.confirm_upcr_gt,
            upcr,
            "upcr",
            on=on,
            unusable=unusable,
        )
        children.append(upcr_check)
        if upcr_check.outcome is Outcome.MET and children[0].outcome is not Outcome.MET:
            flags.append("upcr-used-for-quantification")
    quantified = alternative_measures(
        "proteinuria-quantified",
        "Quantified proteinuria above the threshold",
        children,
        source_id=params.confirm_24h_gt.source_id,
    )
    return quantified, flags


def _screen(
    params: KdigoBiopsyParameters, findings: BiopsyFindings, dilute_below: Decimal
) -> Criterion:
    on = findings.assessed_on
    gravity = findings.urine_specific_gravity
    if gravity is None:
        dilute = Criterion(
            id="dilute-urine",
            label=f"Urine dilute (specific gravity below {format_decimal(dilute_below)})",
            outcome=Outcome.UNKNOWN,
            comparator="<",
            threshold=dilute_below,
            source_id=params.dipstick_dilute.source_id,
            evidence=(Evidence("urine_specific_gravity", note="missing"),),
            note="missing",
        )
    else:
        dilute = Criterion(
            id="dilute-urine",
            label=f"Urine dilute (specific gravity below {format_decimal(dilute_below)})",
            outcome=Outcome.from_bool(gravity < dilute_below),
            observed=gravity,
            comparator="<",
            threshold=dilute_below,
            source_id=params.dipstick_dilute.source_id,
            evidence=(Evidence("urine_specific_gravity", date=on, value=gravity),),
            note="cut-off from option dilute_specific_gravity_below (library default)",
        )
    dipstick = combine(
        "dipstick-screen",
        "Dipstick 2+ or more, or 1+ or more in dilute urine",
        [
            params.dipstick_any_gravity.check(findings.dipstick_protein, on=on),
            combine(
                "dipstick-dilute",
                "Dipstick 1+ or more in dilute urine",
                [params.dipstick_dilute.check(findings.dipstick_protein, on=on), dilute],
                mode="all",
                source_id=params.dipstick_dilute.source_id,
            ),
        ],
        mode="any",
        source_id=params.dipstick_any_gravity.source_id,
    )
    return alternative_measures(
        "proteinuria-screen",
        "Proteinuria screen positive",
        [dipstick, check_measure(params.screen_upcr, findings.upcr, "upcr", on=on)],
        source_id=params.screen_upcr.source_id,
    )


def _proteinuria_path(screen: Criterion, quantified: Criterion, source_id: str) -> Criterion:
    if quantified.outcome.is_known:
        outcome = quantified.outcome
        note = "decided by the quantified proteinuria"
    elif screen.outcome is Outcome.NOT_MET:
        outcome = Outcome.NOT_MET
        note = "screen negative and no quantification: the proteinuria path is not entered"
    else:
        outcome = Outcome.UNKNOWN
        note = "screen positive or unknown: a quantified (24-hour) proteinuria is needed"
    return Criterion(
        id="proteinuria",
        label="Proteinuria above 0.5 g/day (screen, then quantification)",
        outcome=outcome,
        comparator="screen then quantify",
        source_id=source_id,
        children=(screen, quantified),
        note=note,
    )


def _kidney_function(
    params: KdigoBiopsyParameters,
    findings: BiopsyFindings,
    opts: Mapping[str, Any],
    percent: Decimal | None,
) -> Criterion:
    source = params.kidney_function_source
    decline = egfr_decline(
        findings,
        id="egfr-falling",
        label="eGFR falling, with no cause other than SLE",
        source_id=source,
        percent=percent,
    )
    if params.kidney_function_rule == RULE_2021:
        low = low_egfr_not_explained(
            findings,
            params.low_egfr,
            id="egfr-low",
            label="eGFR below 60, attributable to SLE",
            source_id=source,
        )
        label = "eGFR below 60 or falling, attributable to SLE"
    else:
        abnormal_children = [
            check_flag(
                "egfr-below-expected-for-age",
                "eGFR below the level expected for age (reported)",
                findings.has_impaired_kidney_function,
                field="has_impaired_kidney_function",
                source_id=source,
            )
        ]
        if opts["abnormal_egfr_rule"] == "flag-or-below-60":
            abnormal_children.append(
                check_measure(
                    params.low_egfr, findings.current_egfr, "egfr", on=findings.assessed_on
                )
            )
        abnormal = combine(
            "egfr-abnormal",
            "eGFR abnormal for age",
            abnormal_children,
            mode="any",
            source_id=source,
        )
        low = combine(
            "egfr-low",
            "eGFR abnormal for age, with no cause other than SLE",
            [
                abnormal,
                not_otherwise_explained(
                    findings, id="egfr-low-not-otherwise-explained", source_id=source
                ),
            ],
            mode="all",
            source_id=source,
        )
        label = "eGFR abnormal or falling below the level expected for age, no other cause"
    return combine("kidney-function", label, [low, decline], mode="any", source_id=source)


def _sediment(params: KdigoBiopsyParameters, findings: BiopsyFindings) -> Criterion:
    on = findings.assessed_on
    source = params.acanthocytes.source_id
    return combine(
        "active-sediment",
        "Active sediment: acanthocytes 5% or more, or red- or white-cell casts",
        [
            check_measure(params.acanthocytes, findings.acanthocytes, "acanthocytes", on=on),
            check_flag(
                "red-cell-casts",
                "Red-cell casts",
                findings.has_red_cell_casts,
                field="has_red_cell_casts",
                source_id=source,
            ),
            check_flag(
                "white-cell-casts",
                "White-cell casts",
                findings.has_white_cell_casts,
                field="has_white_cell_casts",
                source_id=source,
            ),
        ],
        mode="any",
        source_id=source,
    )


def evaluate_kdigo(
    params: KdigoBiopsyParameters,
    findings: BiopsyFindings | Mapping[str, Any],
    *,
    rule_set_id: str,
    version: str,
    source_ids: tuple[str, ...],
    declared: tuple[Option, ...],
    options: Mapping[str, Any],
) -> Decision:
    """Apply one KDIGO biopsy rule set (see the module docstring for the steps)."""
    model = coerce_findings(findings)
    opts = resolve_options(declared, dict(options), rule_set_id=rule_set_id)
    dilute_below = decimal_option(
        opts["dilute_specific_gravity_below"],
        name="dilute_specific_gravity_below",
        rule_set_id=rule_set_id,
        minimum=_SG_MIN,
        maximum=_SG_MAX,
    )
    if dilute_below is None:
        raise OptionError(f"{rule_set_id}: option dilute_specific_gravity_below needs a number")
    percent = decimal_option(
        opts["egfr_decline_percent"],
        name="egfr_decline_percent",
        rule_set_id=rule_set_id,
        minimum=Decimal(0),
        maximum=Decimal(100),
        exclusive_minimum=True,
    )
    screen = _screen(params, model, dilute_below)
    quantified, flags = _quantification(params, model, opts)
    proteinuria = _proteinuria_path(screen, quantified, params.confirm_24h_gt.source_id)
    kidney = _kidney_function(params, model, opts, percent)
    sediment = _sediment(params, model)
    sufficient = [proteinuria, kidney]
    supporting: list[Criterion] = []
    if opts["sediment_role"] == "sufficient":
        sufficient.append(sediment)
    else:
        supporting.append(sediment)
        if sediment.outcome is Outcome.MET:
            flags.append("active-sediment")
    if screen.outcome is Outcome.MET and not quantified.outcome.is_known:
        flags.append("screen-positive-quantification-needed")
    return make_decision(
        rule_set_id=rule_set_id,
        version=version,
        source_ids=source_ids,
        findings=model,
        sufficient=sufficient,
        supporting=supporting,
        flags=flags,
        options=opts,
    )


__all__ = [
    "ABNORMAL_EGFR_OPTION",
    "RULE_2021",
    "RULE_2024",
    "KdigoBiopsyParameters",
    "common_options",
    "evaluate_kdigo",
    "make_parameters",
]
