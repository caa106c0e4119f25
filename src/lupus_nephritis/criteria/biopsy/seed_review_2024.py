"""The seed review's broader biopsy indication (an expert suggestion, not a guideline).

Rule set ``seed-review-2024-biopsy``. The project's seed review (sections 2 and 2.6.1)
summarises the guideline indications (proteinuria above 0.5 g/day, a spot UPCR above
500 mg/g, an unexplained decrease in eGFR) and proposes a **broader** indication: glomerular
haematuria accompanied by **any degree** of proteinuria, because low-grade proteinuria often
hides active lupus nephritis. Criteria (all sufficient):

* ``proteinuria``: 24-hour protein > 0.5 g/day or UPCR > 500 mg/g (comparator option);
* ``egfr-decrease``: an unexplained decrease in eGFR (``has_unexplained_decline``);
* ``haematuria-with-proteinuria``: glomerular haematuria AND any degree of proteinuria, where
  "any degree" is defined by options (default: dipstick trace or more, or UPCR >= 0.2 g/g).

No guideline states the broader indication (NOT FOUND as a guideline criterion); decisions
that rest on it carry the flag ``expert-suggestion``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    ALTERNATIVES_NOTE,
    GradeThreshold,
    alternative_measures,
    cellular_casts,
    check_flag,
    check_measure,
    coerce_findings,
    decimal_option,
    egfr_decline,
    make_decision,
    measure_evidence,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import DipstickGrade
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.units import format_decimal

RULE_SET_ID = "seed-review-2024-biopsy"
VERSION = "1.0.0"
SOURCE = "seed-review-2024"


@attrs.frozen(slots=True)
class Parameters:
    """Thresholds of the seed review's biopsy indications, as cited data.

    Attributes:
        protein_24h_gt: 24-hour protein above 0.5 g/day (section 2; default).
        protein_24h_ge: 24-hour protein at or above 0.5 g/day (section 2.6.1; option).
        upcr_gt: UPCR above 500 mg/g (section 2; default).
        upcr_ge: UPCR at or above 500 mg/g (section 2.6.1; option).
        acanthocytes: Acanthocytes >= 5% of red cells, read as glomerular haematuria.
    """

    protein_24h_gt: Threshold
    protein_24h_ge: Threshold
    upcr_gt: Threshold
    upcr_ge: Threshold
    acanthocytes: Threshold


PARAMETERS = Parameters(
    protein_24h_gt=Threshold(
        id="protein-24h-gt-0-5",
        label="24-hour protein above 0.5 g/day",
        comparator=">",
        value="0.5",
        unit="g/d",
        quantity="protein_24h",
        source_id=SOURCE,
        note="Section 2: 'proteinuria > 0.5 g/day' (the review's summary of KDIGO 2021 and "
        "EULAR 2019).",
    ),
    protein_24h_ge=Threshold(
        id="protein-24h-ge-0-5",
        label="24-hour protein at or above 0.5 g/day",
        comparator=">=",
        value="0.5",
        unit="g/d",
        quantity="protein_24h",
        source_id=SOURCE,
        note="Section 2.6.1 writes '>= 0.5 g/day' (option proteinuria_comparator '>=').",
    ),
    upcr_gt=Threshold(
        id="upcr-gt-500",
        label="UPCR above 500 mg/g",
        comparator=">",
        value="500",
        unit="mg/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Section 2: 'spot UPCR > 500 mg/g'.",
    ),
    upcr_ge=Threshold(
        id="upcr-ge-500",
        label="UPCR at or above 500 mg/g",
        comparator=">=",
        value="500",
        unit="mg/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Section 2.6.1 writes 'UPCR >= 0.5 g/day' (a ratio cannot be g/day; read as "
        "500 mg/g).",
    ),
    acanthocytes=Threshold(
        id="acanthocytes",
        label="Acanthocytes 5% or more of urine red cells (glomerular haematuria)",
        comparator=">=",
        value="5",
        unit="%",
        quantity="percent",
        source_id="kdigo-2021-gd",
        note="The review does not define glomerular haematuria; the KDIGO 2021 acanthocyte "
        "cut is borrowed. Red-cell casts, or the caller's has_glomerular_haematuria, also count.",
    ),
)

_GRADES = tuple(g.value for g in DipstickGrade if g is not DipstickGrade.NEGATIVE)

OPTIONS = (
    Option(
        name="proteinuria_comparator",
        default=">",
        description=(
            "The review itself is inconsistent: section 2 writes '> 0.5 g/day' and "
            "'UPCR > 500 mg/g' (default '>'); section 2.6.1 writes '>= 0.5' ('>=')."
        ),
        choices=(">", ">="),
        source_id=SOURCE,
    ),
    Option(
        name="any_proteinuria_dipstick_min",
        default="trace",
        description=(
            "'Any degree of proteinuria' is not defined by the review (NOT FOUND): the lowest "
            "dipstick grade that counts. Library default 'trace' (any detectable protein)."
        ),
        choices=_GRADES,
        source_id=SOURCE,
    ),
    Option(
        name="any_proteinuria_upcr_floor",
        default="0.2",
        description=(
            "'Any degree of proteinuria' as a UPCR of at least this many g/g. Library default "
            "0.2 g/g: the lower bound of the low-grade proteinuria (0.2 to < 0.5 g/g) studied "
            "in a cohort the project's facts cite (Wang/Broder, CJASN 2022); not a value the "
            "review states. Must be above 0."
        ),
        source_id=SOURCE,
    ),
    Option(
        name="any_proteinuria_24h_floor",
        default=None,
        description=(
            "'Any degree of proteinuria' as a 24-hour protein of at least this many g/day. "
            "Default None: no source in the project's facts gives a floor, so a 24-hour value "
            "is not compared for 'any degree' unless the caller sets one (above 0); a 24-hour "
            "protein given without a floor then stops a dipstick below the minimum from ruling "
            "out proteinuria on its own (a UPCR or the floor decides)."
        ),
        source_id=SOURCE,
    ),
    Option(
        name="sediment_role",
        default="supporting",
        description=(
            "Section 2 lists 'glomerular haematuria and/or cellular casts' among signs of "
            "kidney involvement. 'supporting' (default): reported and flagged only, because "
            "reading it as sufficient alone would make the review's proposed broader "
            "indication (haematuria with proteinuria) redundant; 'sufficient': it indicates a "
            "biopsy on its own."
        ),
        choices=("supporting", "sufficient"),
        source_id=SOURCE,
    ),
)


def _glomerular_haematuria(model: BiopsyFindings) -> Criterion:
    if model.has_glomerular_haematuria is not None:
        return check_flag(
            "glomerular-haematuria",
            "Glomerular haematuria (reported)",
            model.has_glomerular_haematuria,
            field="has_glomerular_haematuria",
            source_id=SOURCE,
        )
    return combine(
        "glomerular-haematuria",
        "Glomerular haematuria: acanthocytes 5% or more, or red-cell casts",
        [
            check_measure(
                PARAMETERS.acanthocytes, model.acanthocytes, "acanthocytes", on=model.assessed_on
            ),
            check_flag(
                "glomerular-haematuria-red-cell-casts",
                "Red-cell casts",
                model.has_red_cell_casts,
                field="has_red_cell_casts",
                source_id=SOURCE,
            ),
        ],
        mode="any",
        source_id=SOURCE,
    )


def _any_proteinuria(
    model: BiopsyFindings, opts: Mapping[str, Any], upcr_floor: Decimal, h24_floor: Decimal | None
) -> Criterion:
    on = model.assessed_on
    grade = DipstickGrade(opts["any_proteinuria_dipstick_min"])
    children = [
        GradeThreshold(
            id="any-proteinuria-dipstick",
            label=f"Dipstick protein {grade.value} or more",
            minimum=grade,
            source_id=SOURCE,
            note="option any_proteinuria_dipstick_min",
        ).check(model.dipstick_protein, on=on),
        check_measure(
            Threshold(
                id="any-proteinuria-upcr",
                label=f"UPCR at or above {format_decimal(upcr_floor)} g/g",
                comparator=">=",
                value=upcr_floor,
                unit="g/g",
                quantity="upcr",
                source_id=SOURCE,
                note="option any_proteinuria_upcr_floor (library default, not from the review)",
            ),
            model.upcr,
            "upcr",
            on=on,
        ),
    ]
    if h24_floor is not None:
        children.append(
            check_measure(
                Threshold(
                    id="any-proteinuria-24h",
                    label=f"24-hour protein at or above {format_decimal(h24_floor)} g/day",
                    comparator=">=",
                    value=h24_floor,
                    unit="g/d",
                    quantity="protein_24h",
                    source_id=SOURCE,
                    note="option any_proteinuria_24h_floor",
                ),
                model.protein_24h,
                "protein_24h",
                on=on,
            )
        )
    elif model.protein_24h is not None:
        # A 24-hour protein was measured but, without a floor, cannot be compared. A dipstick
        # below the minimum is far less sensitive to low-grade proteinuria than that
        # measurement, so it must not rule out "any degree" on its own here.
        children.append(
            Criterion(
                id="any-proteinuria-24h",
                label="24-hour protein (not compared: no floor set)",
                outcome=Outcome.UNKNOWN,
                source_id=SOURCE,
                evidence=(measure_evidence("protein_24h", model.protein_24h, on),),
                note="option any_proteinuria_24h_floor is not set, so the measured 24-hour "
                "protein cannot say whether there is any degree of proteinuria",
            )
        )
        dipstick = children[0]
        if dipstick.outcome is Outcome.NOT_MET:
            children[0] = attrs.evolve(
                dipstick,
                outcome=Outcome.UNKNOWN,
                note="not decisive: a dipstick below the minimum does not rule out the "
                "low-grade proteinuria a measured 24-hour protein may show (give a UPCR or set "
                "option any_proteinuria_24h_floor)",
            )
    return alternative_measures(
        "any-proteinuria",
        "Any degree of proteinuria",
        children,
        source_id=SOURCE,
    )


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess a biopsy indication under the seed review's broader indication.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`).
        **options: ``proteinuria_comparator``, ``any_proteinuria_dipstick_min``,
            ``any_proteinuria_upcr_floor``, ``any_proteinuria_24h_floor``, ``sediment_role``.

    Returns:
        A decision whose verdict is a `BiopsyIndication`.

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: a mapping is not valid findings.
    """
    model = coerce_findings(findings)
    opts = resolve_options(OPTIONS, dict(options), rule_set_id=RULE_SET_ID)
    upcr_floor = decimal_option(
        opts["any_proteinuria_upcr_floor"],
        name="any_proteinuria_upcr_floor",
        rule_set_id=RULE_SET_ID,
        minimum=Decimal(0),
        maximum=Decimal(30),
        exclusive_minimum=True,
    )
    if upcr_floor is None:
        raise OptionError(f"{RULE_SET_ID}: option any_proteinuria_upcr_floor needs a number")
    h24_floor = decimal_option(
        opts["any_proteinuria_24h_floor"],
        name="any_proteinuria_24h_floor",
        rule_set_id=RULE_SET_ID,
        minimum=Decimal(0),
        maximum=Decimal(40),
        exclusive_minimum=True,
    )
    inclusive = opts["proteinuria_comparator"] == ">="
    on = model.assessed_on
    proteinuria = alternative_measures(
        "proteinuria",
        "Proteinuria above 0.5 g/day or UPCR above 500 mg/g",
        [
            check_measure(
                PARAMETERS.protein_24h_ge if inclusive else PARAMETERS.protein_24h_gt,
                model.protein_24h,
                "protein_24h",
                on=on,
            ),
            check_measure(
                PARAMETERS.upcr_ge if inclusive else PARAMETERS.upcr_gt, model.upcr, "upcr", on=on
            ),
        ],
        source_id=SOURCE,
    )
    decrease = egfr_decline(
        model,
        id="egfr-decrease",
        label="Unexplained decrease in eGFR",
        source_id=SOURCE,
        percent=None,
    )
    haematuria = _glomerular_haematuria(model)
    broader = combine(
        "haematuria-with-proteinuria",
        "Glomerular haematuria with any degree of proteinuria",
        [haematuria, _any_proteinuria(model, opts, upcr_floor, h24_floor)],
        mode="all",
        source_id=SOURCE,
    )
    sediment = combine(
        "active-sediment",
        "Glomerular haematuria and/or cellular casts",
        [haematuria, cellular_casts(model, id="cellular-casts", source_id=SOURCE)],
        mode="any",
        source_id=SOURCE,
    )
    sufficient = [proteinuria, decrease, broader]
    supporting: list[Criterion] = []
    flags: list[str] = []
    if opts["sediment_role"] == "sufficient":
        sufficient.append(sediment)
    else:
        supporting.append(sediment)
        if sediment.outcome is Outcome.MET:
            flags.append("active-sediment")
    guideline_met = proteinuria.outcome is Outcome.MET or decrease.outcome is Outcome.MET
    if broader.outcome is Outcome.MET and not guideline_met:
        flags.append("expert-suggestion")
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE, "kdigo-2021-gd"),
        findings=model,
        sufficient=sufficient,
        supporting=supporting,
        flags=flags,
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="Seed review (2024): broader kidney-biopsy indication (expert suggestion)",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE, "kdigo-2021-gd"),
        parameters=PARAMETERS,
        description=(
            "The guideline indications as the review summarises them (24-hour protein above "
            "0.5 g/day, UPCR above 500 mg/g, unexplained decrease in eGFR) plus the review's "
            "proposed broader indication: glomerular haematuria with any degree of "
            "proteinuria. Verdict: indicated if any criterion is met, not indicated only if "
            "all are not met, otherwise insufficient data."
        ),
        options=OPTIONS,
        notes=(
            "NOT a guideline: 'glomerular haematuria with any proteinuria' was NOT FOUND as a "
            "formal guideline criterion; it is an expert suggestion resting on cohort data. "
            "Decisions resting on it alone carry the flag 'expert-suggestion'.",
            "'Any degree of proteinuria' is undefined in the review (NOT FOUND): options "
            "any_proteinuria_dipstick_min (default trace), any_proteinuria_upcr_floor "
            "(default 0.2 g/g) and any_proteinuria_24h_floor (default unused). A dipstick "
            "below the minimum rules proteinuria out only when no 24-hour protein was measured "
            "(a dipstick misses the low-grade proteinuria the review is about).",
            "'Glomerular haematuria' is undefined in the review: acanthocytes >= 5% (KDIGO "
            "2021's cut) or red-cell casts, unless the caller states has_glomerular_haematuria.",
            "The review's comparators disagree between section 2 ('>') and section 2.6.1 "
            "('>='); option proteinuria_comparator, default '>' (section 2).",
            ALTERNATIVES_NOTE,
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
