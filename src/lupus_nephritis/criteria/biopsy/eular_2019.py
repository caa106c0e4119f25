"""EULAR/ERA-EDTA 2019 lupus nephritis recommendations: biopsy indication (recommendation 1.1).

Rule set ``eular-2019-biopsy``. A kidney biopsy should be considered with evidence of kidney
involvement, especially **persistent** proteinuria of at least 0.5 g/24 h (or a UPCR of at least
500 mg/g in a first-morning void) and/or an **unexplained fall in GFR**.

Criteria (both sufficient):

* ``proteinuria``: (24-hour protein >= 0.5 g/24 h, or UPCR >= 500 mg/g) AND persistent (an
  earlier value also meets its threshold, or ``is_proteinuria_persistent``);
* ``gfr-fall``: an unexplained fall in GFR (``has_unexplained_decline``; optionally the eGFR
  history, option ``egfr_decline_percent``).

Note the inclusive comparators (``>=``): a UPCR of exactly 500 mg/g qualifies here but not
under ACR 2024 (``> 0.5 g/g``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    ALTERNATIVES_NOTE,
    alternative_measures,
    check_measure,
    coerce_findings,
    decimal_option,
    egfr_decline,
    make_decision,
    persistence,
    repeat_checks,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import Measure, Specimen
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options

RULE_SET_ID = "eular-2019-biopsy"
VERSION = "1.0.0"
SOURCE = "eular-2019-ln"


@attrs.frozen(slots=True)
class Parameters:
    """EULAR 2019 biopsy thresholds, as cited data.

    Attributes:
        protein_24h: 24-hour protein at or above 0.5 g/24 h.
        upcr: UPCR at or above 500 mg/g (first-morning void).
        first_morning_specimen: The UPCR specimen the recommendation names.
    """

    protein_24h: Threshold
    upcr: Threshold
    first_morning_specimen: Specimen


PARAMETERS = Parameters(
    protein_24h=Threshold(
        id="protein-24h-ge-0-5",
        label="24-hour protein at or above 0.5 g/24 h",
        comparator=">=",
        value="0.5",
        unit="g/(24.h)",
        quantity="protein_24h",
        source_id=SOURCE,
        note="Recommendation 1.1 (Table 2 of the 2019 update, read directly): 'persistent "
        "proteinuria >= 0.5 g/24 h'.",
    ),
    upcr=Threshold(
        id="upcr-ge-500",
        label="UPCR at or above 500 mg/g (first-morning void)",
        comparator=">=",
        value="500",
        unit="mg/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Stated in mg/g for a first-morning void; compared exactly in mg/g.",
    ),
    first_morning_specimen=Specimen.FIRST_MORNING,
)

OPTIONS = (
    Option(
        name="upcr_specimen_policy",
        default="first-morning-only",
        description=(
            "EULAR names a first-morning void for the UPCR (primary recommendation table, "
            "high confidence). 'first-morning-only' (default, the letter of the "
            "recommendation): a UPCR from another or an unreported specimen is not used "
            "(treated as missing, so a 24-hour protein or a first-morning UPCR decides); "
            "'flag': any UPCR counts. Either way a UPCR that is not from a first-morning void "
            "adds the flag 'upcr-not-first-morning' or 'upcr-specimen-unknown'."
        ),
        choices=("first-morning-only", "flag"),
        source_id=SOURCE,
    ),
    Option(
        name="egfr_decline_percent",
        default=None,
        description=(
            "Optional numeric definition of a 'fall in GFR': the latest eGFR of egfr_history "
            "at least this many percent below the highest earlier value, with no other cause. "
            "EULAR gives no size (NOT FOUND); default None uses only the reported "
            "has_unexplained_decline."
        ),
        source_id=None,
    ),
)


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess a biopsy indication under EULAR/ERA-EDTA 2019.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`).
        **options: ``upcr_specimen_policy``, ``egfr_decline_percent``.

    Returns:
        A decision whose verdict is a `BiopsyIndication`.

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: a mapping is not valid findings.
    """
    model = coerce_findings(findings)
    opts = resolve_options(OPTIONS, dict(options), rule_set_id=RULE_SET_ID)
    percent = decimal_option(
        opts["egfr_decline_percent"],
        name="egfr_decline_percent",
        rule_set_id=RULE_SET_ID,
        minimum=Decimal(0),
        maximum=Decimal(100),
        exclusive_minimum=True,
    )
    strict = opts["upcr_specimen_policy"] == "first-morning-only"
    wanted = PARAMETERS.first_morning_specimen

    def usable(measure: Measure) -> bool:
        return not strict or getattr(measure, "specimen", None) is wanted

    flags: list[str] = []
    upcr = model.upcr
    unusable = None
    if upcr is not None and not usable(upcr):
        unusable = (
            "specimen not reported" if upcr.specimen is None else f"{upcr.specimen.value} specimen"
        ) + ": EULAR names a first-morning void (option upcr_specimen_policy)"
    on = model.assessed_on
    level = alternative_measures(
        "proteinuria-level",
        "24-hour protein >= 0.5 g/24 h or UPCR >= 500 mg/g",
        [
            check_measure(PARAMETERS.protein_24h, model.protein_24h, "protein_24h", on=on),
            check_measure(PARAMETERS.upcr, upcr, "upcr", on=on, unusable=unusable),
        ],
        source_id=SOURCE,
    )
    repeats = [
        *repeat_checks(PARAMETERS.protein_24h, model.previous_protein_24h, "previous_protein_24h"),
        *repeat_checks(PARAMETERS.upcr, model.previous_upcr, "previous_upcr", usable=usable),
    ]
    persistent = persistence(
        model,
        repeats,
        id="proteinuria-persistent",
        label="Proteinuria persistent on repeat testing",
        source_id=SOURCE,
    )
    proteinuria = combine(
        "proteinuria",
        "Persistent proteinuria >= 0.5 g/24 h (or UPCR >= 500 mg/g, first-morning void)",
        [level, persistent],
        mode="all",
        source_id=SOURCE,
    )
    fall = egfr_decline(
        model,
        id="gfr-fall",
        label="Unexplained fall in GFR",
        source_id=SOURCE,
        percent=percent,
    )
    if upcr is not None and upcr.specimen is not wanted:
        flags.append("upcr-specimen-unknown" if upcr.specimen is None else "upcr-not-first-morning")
    if level.outcome is Outcome.MET and not persistent.outcome.is_known:
        flags.append("persistence-not-established")
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        findings=model,
        sufficient=[proteinuria, fall],
        flags=flags,
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="EULAR/ERA-EDTA 2019 kidney-biopsy indication in SLE",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Recommendation 1.1: consider a kidney biopsy with evidence of kidney involvement, "
            "especially persistent proteinuria of at least 0.5 g/24 h (or a UPCR of at least "
            "500 mg/g in a first-morning void) and/or an unexplained fall in GFR. Both "
            "proteinuria thresholds are inclusive (>=). Verdict: indicated if either criterion "
            "is met, not indicated only if both are not met, otherwise insufficient data."
        ),
        options=OPTIONS,
        notes=(
            "'Persistent' has no time window in the source (NOT FOUND): an earlier value "
            "(previous_protein_24h / previous_upcr) meeting its threshold, or the caller's "
            "is_proteinuria_persistent, establishes it; pass only measurements of the current "
            "episode. Earlier values below the threshold do not refute persistence (the "
            "proteinuria may be new): it then stays unknown and a repeat value is asked for; "
            "only is_proteinuria_persistent=False makes it not met.",
            "The UPCR alternative is stated for a first-morning void: by default (option "
            "upcr_specimen_policy='first-morning-only') a UPCR from another or an unreported "
            "specimen, current or earlier, is not used; 'flag' uses any UPCR and flags it.",
            "The recommendation is to 'consider' a biopsy; the verdict 'indicated' means the "
            "criteria for that consideration are met.",
            "'Unexplained fall in GFR' has no numeric size (NOT FOUND): the reported "
            "has_unexplained_decline decides, or option egfr_decline_percent.",
            "A UPCR and a 24-hour protein are different quantities and are never converted; "
            "each is compared with its own threshold in its own unit (g/24 h, mg/g).",
            "'Evidence of kidney involvement' beyond the two named criteria (e.g. an active "
            "sediment alone) has no operational definition in the source and is not encoded.",
            ALTERNATIVES_NOTE,
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
