"""ACR 2024 lupus nephritis guideline: initial kidney-biopsy indication.

Rule set ``acr-2024-biopsy``. A kidney biopsy is recommended (conditional) for proteinuria
**above** 0.5 g/g and/or impaired kidney function not otherwise explained.

* ``proteinuria`` (sufficient): UPCR > 0.5 g/g (a 24-hour protein > 0.5 g/day only with the
  option ``protein_24h_counts``);
* ``kidney-function`` (sufficient): impaired kidney function not otherwise explained
  (``has_impaired_kidney_function``, or eGFR < 60 by default, AND no other cause), or an
  unexplained decline.

Note the strict comparator (``>``): a UPCR of exactly 0.5 g/g does not qualify here but does
under EULAR 2019 (``>= 500 mg/g``). Repeat biopsy is the separate rule set
``acr-2024-repeat-biopsy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    ALTERNATIVES_NOTE,
    alternative_measures,
    any_known,
    check_flag,
    check_measure,
    coerce_findings,
    decimal_option,
    egfr_decline,
    make_decision,
    not_otherwise_explained,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options

RULE_SET_ID = "acr-2024-biopsy"
VERSION = "1.0.0"
SOURCE = "acr-2024-ln"


@attrs.frozen(slots=True)
class Parameters:
    """ACR 2024 biopsy thresholds, as cited data.

    Attributes:
        upcr: UPCR above 0.5 g/g.
        protein_24h: 24-hour protein above 0.5 g/day (only with ``protein_24h_counts``).
        impaired_egfr: eGFR below 60, the default reading of "impaired kidney function".
    """

    upcr: Threshold
    protein_24h: Threshold
    impaired_egfr: Threshold


PARAMETERS = Parameters(
    upcr=Threshold(
        id="upcr-gt-0-5",
        label="UPCR above 0.5 g/g",
        comparator=">",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="'Proteinuria > 0.5 g/g' (official ACR summary and three reports, high "
        "confidence). Any UPCR specimen.",
    ),
    protein_24h=Threshold(
        id="protein-24h-gt-0-5",
        label="24-hour protein above 0.5 g/day",
        comparator=">",
        value="0.5",
        unit="g/d",
        quantity="protein_24h",
        source_id=SOURCE,
        note="Library reading used only with option protein_24h_counts: ACR states a ratio "
        "(g/g); the same number and comparator are applied to g/day, never by conversion.",
    ),
    impaired_egfr=Threshold(
        id="egfr-below-60",
        label="eGFR below 60 mL/min/1.73 m2 (impaired kidney function)",
        comparator="<",
        value="60",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id="kdigo-2021-gd",
        note="ACR 2024 gives no number for 'impaired kidney function' (NOT FOUND); the "
        "default borrows the KDIGO 2021 biopsy cut (option impaired_function_rule).",
    ),
)

OPTIONS = (
    Option(
        name="impaired_function_rule",
        default="flag-or-egfr-below-60",
        description=(
            "What counts as 'impaired kidney function' (ACR gives no number). "
            "'flag-or-egfr-below-60' (default): impaired when the caller's "
            "has_impaired_kidney_function says so or the eGFR is below 60 (the KDIGO 2021 biopsy "
            "cut), not impaired when every known one of the two says not (so an eGFR of 60 or "
            "more without a statement means not impaired); 'flag-only': only the caller's "
            "has_impaired_kidney_function decides."
        ),
        choices=("flag-or-egfr-below-60", "flag-only"),
        source_id=SOURCE,
    ),
    Option(
        name="protein_24h_counts",
        default=False,
        description=(
            "Whether a 24-hour protein above 0.5 g/day also satisfies the proteinuria "
            "criterion. Default False: ACR states a ratio (g/g), and a g/day excretion is a "
            "different quantity; True applies '> 0.5' to g/day as a documented library "
            "reading (flagged 'protein-24h-used')."
        ),
        choices=(False, True),
        source_id=SOURCE,
    ),
    Option(
        name="egfr_decline_percent",
        default=None,
        description=(
            "Optional numeric definition of a decline: the latest eGFR of egfr_history at "
            "least this many percent below the highest earlier value, with no other cause. "
            "ACR gives no size (NOT FOUND); default None uses only the reported "
            "has_unexplained_decline."
        ),
        source_id=None,
    ),
)


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess an initial biopsy indication under ACR 2024.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`).
        **options: ``impaired_function_rule``, ``protein_24h_counts``,
            ``egfr_decline_percent``.

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
    on = model.assessed_on
    flags: list[str] = []
    upcr_check = check_measure(PARAMETERS.upcr, model.upcr, "upcr", on=on)
    proteinuria_children = [upcr_check]
    if opts["protein_24h_counts"]:
        protein_check = check_measure(
            PARAMETERS.protein_24h, model.protein_24h, "protein_24h", on=on
        )
        proteinuria_children.append(protein_check)
        if protein_check.outcome is Outcome.MET and upcr_check.outcome is not Outcome.MET:
            flags.append("protein-24h-used")
    proteinuria = alternative_measures(
        "proteinuria",
        "Proteinuria above 0.5 g/g",
        proteinuria_children,
        source_id=SOURCE,
    )
    impaired_children = [
        check_flag(
            "impaired-kidney-function-reported",
            "Impaired kidney function (reported)",
            model.has_impaired_kidney_function,
            field="has_impaired_kidney_function",
            source_id=SOURCE,
        )
    ]
    if opts["impaired_function_rule"] == "flag-or-egfr-below-60":
        impaired_children.append(
            check_measure(PARAMETERS.impaired_egfr, model.current_egfr, "egfr", on=on)
        )
    impaired = any_known(
        "impaired-kidney-function",
        "Impaired kidney function",
        impaired_children,
        source_id=SOURCE,
        note="the reported judgement and the eGFR cut are two ways of establishing one fact",
    )
    kidney = combine(
        "kidney-function",
        "Impaired kidney function not otherwise explained",
        [
            combine(
                "impaired-not-explained",
                "Impaired kidney function, no other cause",
                [
                    impaired,
                    not_otherwise_explained(
                        model, id="impaired-not-otherwise-explained", source_id=SOURCE
                    ),
                ],
                mode="all",
                source_id=SOURCE,
            ),
            egfr_decline(
                model,
                id="unexplained-decline",
                label="Kidney function falling, not otherwise explained",
                source_id=SOURCE,
                percent=percent,
            ),
        ],
        mode="any",
        source_id=SOURCE,
    )
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        findings=model,
        sufficient=[proteinuria, kidney],
        flags=flags,
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="ACR 2024 kidney-biopsy indication in SLE",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Conditional recommendation: kidney biopsy for proteinuria above 0.5 g/g (strict "
            "comparator) and/or impaired kidney function not otherwise explained. Verdict: "
            "indicated if either criterion is met, not indicated only if both are not met, "
            "otherwise insufficient data."
        ),
        options=OPTIONS,
        notes=(
            "The comparator is strict ('> 0.5 g/g'), unlike EULAR 2019 ('>= 500 mg/g'): a "
            "UPCR of exactly 0.5 g/g is not an indication here.",
            "'Impaired kidney function' has no number in ACR 2024 (NOT FOUND): option "
            "impaired_function_rule, default the caller's has_impaired_kidney_function or eGFR "
            "below 60 (borrowed from KDIGO 2021, cited as kdigo-2021-gd).",
            "A decline has no numeric size (NOT FOUND): the reported has_unexplained_decline "
            "decides, or option egfr_decline_percent.",
            "The good-practice statement 'prompt biopsy whenever LN is suspected' is a "
            "clinical judgement with no operational criteria and is not encoded.",
            "No persistence requirement is stated by ACR 2024; none is applied.",
            ALTERNATIVES_NOTE,
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
