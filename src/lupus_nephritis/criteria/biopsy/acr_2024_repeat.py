"""ACR 2024 lupus nephritis guideline: repeat kidney-biopsy indication.

Rule set ``acr-2024-repeat-biopsy``. A repeat biopsy is recommended (conditional) for:

* ``flare-in-remission`` (sufficient): treated lupus nephritis in remission with a suspected
  flare (more proteinuria, haematuria and/or worse kidney function); or
* ``persistent-after-treatment`` (sufficient): at least 6 months of appropriate treatment with
  ongoing or worsening proteinuria, haematuria and/or falling kidney function.

Six months are calendar months from ``treatment_start`` to ``assessed_on`` (met on the day
six calendar months after the start; the day is clamped to the end of shorter months).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    MonthsThreshold,
    check_flag,
    coerce_findings,
    make_decision,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Decision
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import combine, resolve_options

RULE_SET_ID = "acr-2024-repeat-biopsy"
VERSION = "1.0.0"
SOURCE = "acr-2024-ln"


@attrs.frozen(slots=True)
class Parameters:
    """ACR 2024 repeat-biopsy parameters, as cited data.

    Attributes:
        treatment_duration: At least 6 calendar months of appropriate treatment.
    """

    treatment_duration: MonthsThreshold


PARAMETERS = Parameters(
    treatment_duration=MonthsThreshold(
        id="treatment-6-months",
        label="At least 6 months of appropriate treatment",
        months=6,
        source_id=SOURCE,
        note="'>= 6 months of appropriate treatment' (official ACR summary, high confidence); "
        "counted in calendar months from treatment_start to assessed_on.",
    ),
)


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess a repeat-biopsy indication under ACR 2024.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`); reads
            ``is_in_remission``, ``is_flare_suspected``, ``treatment_start``, ``assessed_on`` and
            ``has_persistent_abnormalities``.
        **options: None are defined (unknown names raise ``OptionError``).

    Returns:
        A decision whose verdict is a `BiopsyIndication`.

    Raises:
        OptionError: an option was passed.
        InputValidationError: a mapping is not valid findings.
    """
    model = coerce_findings(findings)
    opts = resolve_options((), dict(options), rule_set_id=RULE_SET_ID)
    flare = combine(
        "flare-in-remission",
        "Treated LN in remission with a suspected flare",
        [
            check_flag(
                "in-remission",
                "Treated lupus nephritis in remission",
                model.is_in_remission,
                field="is_in_remission",
                source_id=SOURCE,
            ),
            check_flag(
                "suspected-flare",
                "Flare suspected (more proteinuria, haematuria and/or worse kidney function)",
                model.is_flare_suspected,
                field="is_flare_suspected",
                source_id=SOURCE,
            ),
        ],
        mode="all",
        source_id=SOURCE,
    )
    persistent = combine(
        "persistent-after-treatment",
        "Ongoing or worsening abnormalities after at least 6 months of treatment",
        [
            PARAMETERS.treatment_duration.check(model.treatment_start, model.assessed_on),
            check_flag(
                "ongoing-abnormalities",
                "Ongoing or worsening proteinuria, haematuria and/or falling kidney function",
                model.has_persistent_abnormalities,
                field="has_persistent_abnormalities",
                source_id=SOURCE,
            ),
        ],
        mode="all",
        source_id=SOURCE,
    )
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        findings=model,
        sufficient=[flare, persistent],
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="ACR 2024 repeat kidney-biopsy indication",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Conditional recommendation: repeat the kidney biopsy (a) in treated lupus "
            "nephritis in remission when a flare is suspected, or (b) after at least 6 months "
            "of appropriate treatment with ongoing or worsening proteinuria, haematuria and/or "
            "falling kidney function. Verdict: indicated if either is met, not indicated only "
            "if both are not met, otherwise insufficient data."
        ),
        notes=(
            "'Appropriate' treatment is a clinical judgement: treatment_start must be the start "
            "of the current appropriate regimen.",
            "'Suspected flare' and 'ongoing or worsening' abnormalities have no numeric "
            "definitions in ACR 2024 (NOT FOUND); the caller's is_flare_suspected and "
            "has_persistent_abnormalities are read (a flare rule set can supply them).",
            "A '6 months' duration is read as 6 calendar months, met on the day 6 months after "
            "the start.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
