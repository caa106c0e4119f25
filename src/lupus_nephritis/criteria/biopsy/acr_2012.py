"""ACR 2012 lupus nephritis guideline: kidney-biopsy indication (legacy, still in registries).

Rule set ``acr-2012-biopsy``. A biopsy is indicated by any of:

* ``rising-creatinine``: rising serum creatinine without another cause;
* ``proteinuria-1g``: confirmed proteinuria >= 1.0 g/24 h (a 24-hour collection, or a spot
  UPCR >= 1.0 g/g, which ACR 2012 accepts for this item);
* ``proteinuria-haematuria``: confirmed proteinuria >= 0.5 g/24 h plus haematuria
  (>= 5 RBC/hpf);
* ``proteinuria-casts``: confirmed proteinuria >= 0.5 g/24 h plus cellular casts.

"Confirmed" means seen in at least 2 tests (an earlier value also meets the threshold, or
``is_proteinuria_persistent``); with option ``confirm_sediment`` (default True) the haematuria
or casts must also be confirmed (``is_sediment_confirmed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    ALTERNATIVES_NOTE,
    alternative_measures,
    cellular_casts,
    check_flag,
    check_measure,
    coerce_findings,
    egfr_decline,
    make_decision,
    persistence,
    repeat_checks,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options

RULE_SET_ID = "acr-2012-biopsy"
VERSION = "1.0.0"
SOURCE = "acr-2012-ln"


@attrs.frozen(slots=True)
class Parameters:
    """ACR 2012 biopsy thresholds, as cited data.

    Attributes:
        protein_24h_high: 24-hour protein >= 1.0 g/24 h.
        upcr_high: Spot UPCR >= 1.0 g/g (accepted by ACR 2012 for the 1 g item).
        protein_24h_low: 24-hour protein >= 0.5 g/24 h (with haematuria or casts).
        upcr_low: UPCR >= 0.5 g/g (with haematuria or casts; only with ``upcr_in_combinations``).
        haematuria: Urine RBC >= 5 per high-power field.
    """

    protein_24h_high: Threshold
    upcr_high: Threshold
    protein_24h_low: Threshold
    upcr_low: Threshold
    haematuria: Threshold


PARAMETERS = Parameters(
    protein_24h_high=Threshold(
        id="protein-24h-ge-1-0",
        label="24-hour protein at or above 1.0 g/24 h",
        comparator=">=",
        value="1.0",
        unit="g/(24.h)",
        quantity="protein_24h",
        source_id=SOURCE,
        note="'Confirmed proteinuria >= 1.0 g/24 h' (high confidence).",
    ),
    upcr_high=Threshold(
        id="upcr-ge-1-0",
        label="UPCR at or above 1.0 g/g",
        comparator=">=",
        value="1.0",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="ACR 2012 accepts a spot protein/creatinine ratio for the 1 g item; compared as "
        "a ratio (g/g), never converted to g/24 h.",
    ),
    protein_24h_low=Threshold(
        id="protein-24h-ge-0-5",
        label="24-hour protein at or above 0.5 g/24 h",
        comparator=">=",
        value="0.5",
        unit="g/(24.h)",
        quantity="protein_24h",
        source_id=SOURCE,
        note="'>= 0.5 g/24 h plus haematuria' / 'plus cellular casts'.",
    ),
    upcr_low=Threshold(
        id="upcr-ge-0-5",
        label="UPCR at or above 0.5 g/g",
        comparator=">=",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Library reading, used only with option upcr_in_combinations: the source states "
        "the combination items in g/24 h.",
    ),
    haematuria=Threshold(
        id="haematuria-ge-5",
        label="Haematuria: 5 or more RBC per high-power field",
        comparator=">=",
        value="5",
        unit="/[HPF]",
        quantity="urine_rbc",
        source_id=SOURCE,
        note="'Haematuria, defined as >= 5 RBC/hpf' (high confidence).",
    ),
)

OPTIONS = (
    Option(
        name="upcr_in_combinations",
        default=False,
        description=(
            "Whether a UPCR >= 0.5 g/g can stand for '>= 0.5 g/24 h' in the haematuria and "
            "casts combinations. Default False: ACR 2012 accepts a spot ratio explicitly only "
            "for the 1 g item."
        ),
        choices=(False, True),
        source_id=SOURCE,
    ),
    Option(
        name="confirm_sediment",
        default=True,
        description=(
            "Whether the haematuria or casts of the combination items must also be confirmed "
            "on at least 2 tests (is_sediment_confirmed). Default True: ACR 2012 asks that the "
            "findings be confirmed in at least 2 tests within a short period."
        ),
        choices=(True, False),
        source_id=SOURCE,
    ),
)


def _confirmed_level(
    model: BiopsyFindings,
    protein: Threshold,
    upcr: Threshold | None,
    *,
    id: str,
    label: str,
) -> Criterion:
    on = model.assessed_on
    level_children = [check_measure(protein, model.protein_24h, "protein_24h", on=on)]
    repeats = repeat_checks(protein, model.previous_protein_24h, "previous_protein_24h", prefix=id)
    fields: tuple[str, ...] = ("previous_protein_24h",)
    if upcr is not None:
        level_children.append(check_measure(upcr, model.upcr, "upcr", on=on))
        repeats += repeat_checks(upcr, model.previous_upcr, "previous_upcr", prefix=id)
        fields = ("previous_upcr", "previous_protein_24h")
    return combine(
        id,
        label,
        [
            alternative_measures(f"{id}-level", label, level_children, source_id=SOURCE),
            persistence(
                model,
                repeats,
                id=f"{id}-confirmed",
                label="Confirmed in at least 2 tests",
                source_id=SOURCE,
                fields=fields,
            ),
        ],
        mode="all",
        source_id=SOURCE,
    )


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess a biopsy indication under ACR 2012.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`).
        **options: ``upcr_in_combinations``, ``confirm_sediment``.

    Returns:
        A decision whose verdict is a `BiopsyIndication`.

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: a mapping is not valid findings.
    """
    model = coerce_findings(findings)
    opts = resolve_options(OPTIONS, dict(options), rule_set_id=RULE_SET_ID)
    on = model.assessed_on
    creatinine = egfr_decline(
        model,
        id="rising-creatinine",
        label="Rising serum creatinine without another cause",
        source_id=SOURCE,
        percent=None,
    )
    high = _confirmed_level(
        model,
        PARAMETERS.protein_24h_high,
        PARAMETERS.upcr_high,
        id="proteinuria-1g",
        label="Confirmed proteinuria >= 1.0 g/24 h (or UPCR >= 1.0 g/g)",
    )
    low_upcr = PARAMETERS.upcr_low if opts["upcr_in_combinations"] else None

    def with_sediment(finding: Criterion, id: str, label: str) -> Criterion:
        children = [
            _confirmed_level(
                model,
                PARAMETERS.protein_24h_low,
                low_upcr,
                id=f"{id}-proteinuria",
                label="Confirmed proteinuria >= 0.5 g/24 h",
            ),
            finding,
        ]
        if opts["confirm_sediment"]:
            children.append(
                check_flag(
                    f"{id}-sediment-confirmed",
                    "Sediment finding confirmed in at least 2 tests",
                    model.is_sediment_confirmed,
                    field="is_sediment_confirmed",
                    source_id=SOURCE,
                )
            )
        return combine(id, label, children, mode="all", source_id=SOURCE)

    haematuria = with_sediment(
        check_measure(PARAMETERS.haematuria, model.urine_rbc, "urine_rbc", on=on),
        "proteinuria-haematuria",
        "Proteinuria >= 0.5 g/24 h plus haematuria (>= 5 RBC/hpf)",
    )
    casts = with_sediment(
        cellular_casts(model, id="cellular-casts", source_id=SOURCE),
        "proteinuria-casts",
        "Proteinuria >= 0.5 g/24 h plus cellular casts",
    )
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        findings=model,
        sufficient=[creatinine, high, haematuria, casts],
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="ACR 2012 kidney-biopsy indication in SLE (legacy)",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "A kidney biopsy is indicated by a rising creatinine without another cause, by "
            "confirmed proteinuria of at least 1.0 g/24 h (24-hour collection or spot UPCR), "
            "or by confirmed proteinuria of at least 0.5 g/24 h together with haematuria "
            "(at least 5 RBC/hpf) or cellular casts; findings confirmed in at least 2 tests. "
            "Verdict: indicated if any item is met, not indicated only if all are not met, "
            "otherwise insufficient data."
        ),
        options=OPTIONS,
        notes=(
            "'Within a short period' (the confirmation window) has no number in the source "
            "(NOT FOUND): pass only repeat measurements of the current episode, or "
            "is_proteinuria_persistent. An earlier value below the threshold does not refute the "
            "confirmation (the finding may be new); it stays unknown until a repeat value or "
            "the caller's statement decides.",
            "A rising creatinine is the same event as a falling eGFR: the reported "
            "has_unexplained_decline (and explaining_causes) decide it; no numeric size is given "
            "(NOT FOUND).",
            "The ACR 2012 lupus nephritis case definition (persistent proteinuria > 0.5 g/day "
            "or > 3+ dipstick, cellular casts) is a classification definition, not the biopsy "
            "indication, and is not encoded here.",
            ALTERNATIVES_NOTE,
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
