"""EULAR/ERA-EDTA 2012 lupus nephritis recommendations: biopsy indication (legacy).

Rule set ``eular-2012-biopsy``. A kidney biopsy is indicated by **reproducible** proteinuria
of at least 0.5 g/24 h, especially with glomerular haematuria and/or cellular casts.

* ``proteinuria`` (sufficient): 24-hour protein >= 0.5 g/24 h AND reproducible (an earlier
  24-hour value also >= 0.5 g/24 h, or ``is_proteinuria_persistent``);
* ``haematuria-or-casts`` (supporting): glomerular haematuria or cellular (red- or
  white-cell) casts; reported and flagged, never required ("especially with").

Kept because registries and older studies still encode it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy._common import (
    cellular_casts,
    check_flag,
    check_measure,
    coerce_findings,
    make_decision,
    persistence,
    repeat_checks,
)
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold, combine, resolve_options

RULE_SET_ID = "eular-2012-biopsy"
VERSION = "1.0.0"
SOURCE = "eular-2012-ln"


@attrs.frozen(slots=True)
class Parameters:
    """EULAR 2012 biopsy threshold, as cited data.

    Attributes:
        protein_24h: 24-hour protein at or above 0.5 g/24 h (reproducible).
    """

    protein_24h: Threshold


PARAMETERS = Parameters(
    protein_24h=Threshold(
        id="protein-24h-ge-0-5",
        label="24-hour protein at or above 0.5 g/24 h",
        comparator=">=",
        value="0.5",
        unit="g/(24.h)",
        quantity="protein_24h",
        source_id=SOURCE,
        note="'Reproducible proteinuria >= 0.5 g/24 h, especially with glomerular haematuria "
        "and/or cellular casts' (2012 statement table, high confidence).",
    ),
)


def evaluate(findings: BiopsyFindings | Mapping[str, Any], **options: Any) -> Decision:
    """Assess a biopsy indication under EULAR/ERA-EDTA 2012.

    Args:
        findings: The findings (or a mapping validated into
            `BiopsyFindings`).
        **options: None are defined (unknown names raise ``OptionError``).

    Returns:
        A decision whose verdict is a `BiopsyIndication`.

    Raises:
        OptionError: an option was passed.
        InputValidationError: a mapping is not valid findings.
    """
    model = coerce_findings(findings)
    opts = resolve_options((), dict(options), rule_set_id=RULE_SET_ID)
    on = model.assessed_on
    level = check_measure(PARAMETERS.protein_24h, model.protein_24h, "protein_24h", on=on)
    reproducible = persistence(
        model,
        repeat_checks(PARAMETERS.protein_24h, model.previous_protein_24h, "previous_protein_24h"),
        id="proteinuria-reproducible",
        label="Proteinuria reproducible on repeat testing",
        source_id=SOURCE,
        fields=("previous_protein_24h",),
    )
    proteinuria = combine(
        "proteinuria",
        "Reproducible 24-hour proteinuria >= 0.5 g/24 h",
        [level, reproducible],
        mode="all",
        source_id=SOURCE,
    )
    supporting = combine(
        "haematuria-or-casts",
        "Glomerular haematuria or cellular casts (supporting)",
        [
            check_flag(
                "glomerular-haematuria",
                "Glomerular haematuria",
                model.has_glomerular_haematuria,
                field="has_glomerular_haematuria",
                source_id=SOURCE,
            ),
            cellular_casts(model, id="cellular-casts", source_id=SOURCE),
        ],
        mode="any",
        source_id=SOURCE,
    )
    flags: list[str] = []
    if supporting.outcome is Outcome.MET:
        flags.append("with-glomerular-haematuria-or-casts")
    if model.upcr is not None and model.protein_24h is None:
        flags.append("upcr-not-used")
    return make_decision(
        rule_set_id=RULE_SET_ID,
        version=VERSION,
        source_ids=(SOURCE,),
        findings=model,
        sufficient=[proteinuria],
        supporting=[supporting],
        flags=flags,
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="EULAR/ERA-EDTA 2012 kidney-biopsy indication in SLE (legacy)",
        kind=RuleKind.BIOPSY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Reproducible proteinuria of at least 0.5 g/24 h indicates a kidney biopsy, "
            "especially with glomerular haematuria and/or cellular casts (reported as "
            "supporting findings, not required). Verdict: indicated when reproducible "
            "proteinuria is established, not indicated when it is not, otherwise "
            "insufficient data."
        ),
        notes=(
            "Only a 24-hour protein is read: the 2012 statement gives the threshold in g/24 h "
            "and says nothing about a UPCR; a UPCR alone gives insufficient data and the flag "
            "'upcr-not-used'.",
            "'Reproducible' has no time window in the source (NOT FOUND): an earlier 24-hour "
            "value meeting the threshold, or the caller's is_proteinuria_persistent, establishes "
            "it. Earlier values below the threshold do not refute it (the proteinuria may be "
            "new): reproducibility then stays unknown until a repeat value or the caller's "
            "statement decides.",
            "Kidney-function criteria are not part of the 2012 statement as recorded in the "
            "project's facts and are not encoded.",
            "'Glomerular haematuria' has no numeric definition in the 2012 statement: the "
            "caller's has_glomerular_haematuria is read.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["PARAMETERS", "RULE_SET", "RULE_SET_ID", "Parameters", "evaluate"]
