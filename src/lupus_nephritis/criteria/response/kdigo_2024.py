"""KDIGO 2024 renal response (complete / partial / no response) - rule set ``"kdigo-2024"``.

KDIGO 2024 lupus nephritis guideline, response-definition figure (paraphrased):

* **complete response**: proteinuria reduced to a protein-to-creatinine ratio (PCR) below
  0.5 g/g, measured on a 24-hour urine collection, with kidney function stable or improved
  (within 10-15% of baseline), within 6-12 months of starting therapy (it can take longer);
* **partial response**: proteinuria reduced by at least 50% and to below 3 g/g (24-hour PCR),
  with stable or improved kidney function, within 6-12 months;
* **no response**: neither.

The evaluation is shared with ``"kdigo-2021"`` (`._kdigo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    DEFAULT_INTERCURRENT_EVENTS,
    AssessmentPoint,
)
from lupus_nephritis.criteria.response._kdigo import KdigoParameters, evaluate_kdigo, kdigo_options
from lupus_nephritis.decisions import Decision
from lupus_nephritis.models import Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "kdigo-2024"
SOURCE = "kdigo-2024-ln"

PARAMETERS = KdigoParameters(
    complete_upcr=Threshold(
        id="upcr-complete",
        label="UPCR below 0.5 g/g",
        comparator="<",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="PCR from a 24-hour urine collection. KDIGO also prints '50 mg/mmol', a rounding "
        "(0.5 g/g is 56.6 mg/mmol exactly); the value is compared in g/g.",
    ),
    partial_reductions=(
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by at least 50% from the reference",
            comparator=">=",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'by at least 50%' (the figure's wording; default reading).",
        ),
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by more than 50% from the reference",
            comparator=">",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'> 50%', the paraphrase of the definition (KDIGO 2021, reproduced by KDIGO "
            "2024) in Anders et al. (NDT 2023); option partial_reduction_comparator='>'.",
        ),
    ),
    partial_upcr=Threshold(
        id="upcr-partial",
        label="UPCR below 3 g/g",
        comparator="<",
        value="3",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Printed as '3 g/g (300 mg/mmol)'; compared in g/g (3 g/g is 339 mg/mmol exactly).",
    ),
    stability_bands=(
        Threshold(
            id="kidney-function",
            label="Kidney function stable: worsening from the reference at most 10%",
            comparator="<=",
            value="10",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Lower end of the stated 'within 10-15% of baseline' (option stability_band=10).",
        ),
        Threshold(
            id="kidney-function",
            label="Kidney function stable: worsening from the reference at most 15%",
            comparator="<=",
            value="15",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Upper end of the stated 'within 10-15% of baseline' (default). 'Within' read "
            "as inclusive; improvement is never penalised.",
        ),
    ),
    upcr_specimen=Specimen.H24,
    time_points=(
        AssessmentPoint("month-6", 26, SOURCE, "6 months read as study week 26"),
        AssessmentPoint("month-12", 52, SOURCE, "12 months read as study week 52"),
    ),
    window=VisitWindow(
        "window",
        before_days=28,
        after_days=28,
        note="Library default: KDIGO states no visit window; nearest visit within 4 weeks.",
    ),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
    response_window_end=AssessmentPoint(
        "month-12",
        52,
        SOURCE,
        "End of 'within 6-12 months of starting therapy' (12 months read as study week 52); a "
        "response first reached later is reported as late (KDIGO: it can take longer than 12 "
        "months).",
    ),
)

OPTIONS = kdigo_options(PARAMETERS, SOURCE, reduction_option=True)

#: Parameters of the first release (``kdigo-2024@1.0.0``): one reduction comparator ('>='),
#: no late-response report.
PARAMETERS_V1 = attrs.evolve(
    PARAMETERS,
    partial_reductions=PARAMETERS.partial_reductions[:1],
    response_window_end=None,
)
#: Options of the first release: no ``partial_reduction_comparator``.
OPTIONS_V1 = kdigo_options(PARAMETERS_V1, SOURCE, reduction_option=False)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under KDIGO 2024.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page); unknown names raise
            `OptionError`.

    Returns:
        A response `Decision` (complete / partial / none /
        not_evaluable). A complete or partial verdict carries the details ``late_response``
        (first reached after month 12; flag ``late-response``), ``first_response_on`` and
        ``response_window_end``.
    """
    return evaluate_kdigo(RULE_SET, PARAMETERS, OPTIONS, course, at, options)


def evaluate_v1(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """KDIGO 2024 as first released (``kdigo-2024@1.0.0``), kept selectable.

    No ``partial_reduction_comparator`` option (always '>=') and no late-response report.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of that version.

    Returns:
        A response decision stamped ``kdigo-2024@1.0.0``.
    """
    return evaluate_kdigo(RULE_SET_V1, PARAMETERS_V1, OPTIONS_V1, course, at, options)


_COMPARATOR_NOTE_V1 = (
    "Partial-response comparator: 'by at least 50%' is encoded as >= 50; a reduction of "
    "exactly 50% is partial. Anders et al. (NDT 2023) paraphrase it as '> 50%' (see the "
    "kdigo-2021 option partial_reduction_comparator)."
)

COMPARATOR_NOTE = (
    "Partial-response comparator: 'by at least 50%' (the figure) is encoded as >= 50 by "
    "default, so a reduction of exactly 50% is partial; Anders et al. (NDT 2023) paraphrase "
    "the definition as '> 50%'. Option partial_reduction_comparator ('>=' default, '>'), as on "
    "kdigo-2021; only a reduction of exactly 50% is affected."
)

LATE_NOTE = (
    "Late response: KDIGO expects a response 'within 6-12 months of starting therapy' and notes "
    "that a complete response can take longer than 12 months (a secondary summary allows "
    "18-24 months while improvement continues). A complete or partial verdict is reported as "
    "late (flag late-response, detail late_response true) when the same definition, applied "
    "with the same options at every UPCR visit from the start to month 12 (week 52) and at "
    "week 52 itself, never reaches that level; first_response_on gives the first visit at "
    "which it is reached (within the window: not late). Undecidable points with no response "
    "leave late_response unknown (None). The verdict itself never changes."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="KDIGO 2024 renal response (complete / partial / none)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Complete response: 24-hour urine PCR below 0.5 g/g with kidney function stable or "
            "improved (within the stability band of the reference). Partial response: PCR "
            "reduced by at least 50% (option: more than 50%) and below 3 g/g, with the same "
            "kidney-function condition. "
            "No response: neither. Assessed 6-12 months after the start of therapy (default 12 "
            "months, study week 52); each datum is read from the visit matched to the "
            "assessment point. A response first reached after month 12 is reported as late."
        ),
        options=OPTIONS,
        notes=(
            "Stability band: KDIGO states 'within 10-15% of baseline', a range. Option "
            "stability_band (10 or 15), default 15 (the outer end). 'Within' is read as "
            "inclusive (a worsening of exactly 15% is stable); improvement always passes.",
            "Kidney-function metric: not stated (eGFR or creatinine). Option "
            "kidney_function_metric, default eGFR; eGFR is taken as reported, else computed "
            "from creatinine (option egfr_equation, default CKD-EPI 2021).",
            "Time point: 'within 6-12 months' does not say whether to assess at 6 or at 12 "
            "months. Option time_point (month-6 = week 26, month-12 = week 52), default "
            "month-12; `at` overrides it. The verdict is the status at that point, not the best "
            "status reached before it. A secondary KDIGO 2024 summary (low-medium confidence) "
            "allows 18-24 months for a complete response while improvement continues; assess "
            "such a course with `at` (e.g. at=78 or at=104).",
            COMPARATOR_NOTE,
            LATE_NOTE,
            "Specimen: KDIGO asks for a PCR from a 24-hour collection. A spot or first-morning "
            "UPCR is used but the decision is flagged spot-upcr-used and provisional (option "
            "spot_upcr='reject' treats it as missing). 24-hour protein (g/day) is a different "
            "quantity and never substitutes for the PCR.",
            "mg/mmol: KDIGO's '50 mg/mmol' and '300 mg/mmol' are roundings; thresholds are "
            "compared in g/g with the exact creatinine molar mass (a UPCR of 52 mg/mmol = 0.46 "
            "g/g is below 0.5 g/g).",
            "Missing data: KDIGO does not address it; by default what cannot be decided is not "
            "evaluable with the missing inputs listed. Option policy selects the trial-style "
            "non-responder conventions.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

#: The first release, kept selectable as ``kdigo-2024@1.0.0``.
RULE_SET_V1 = register_version(
    RULE_SET,
    "1.0.0",
    evaluate=evaluate_v1,
    options=OPTIONS_V1,
    parameters=PARAMETERS_V1,
    description=(
        "Complete response: 24-hour urine PCR below 0.5 g/g with kidney function stable or "
        "improved (within the stability band of the reference). Partial response: PCR "
        "reduced by at least 50% and below 3 g/g, with the same kidney-function condition. "
        "No response: neither. Assessed 6-12 months after the start of therapy (default 12 "
        "months, study week 52); each datum is read from the visit matched to the "
        "assessment point."
    ),
    notes=tuple(
        _COMPARATOR_NOTE_V1 if n == COMPARATOR_NOTE else n for n in RULE_SET.notes if n != LATE_NOTE
    ),
    change="no option partial_reduction_comparator (always '>= 50%', the current default) and "
    "no late-response report (flag late-response, details late_response, first_response_on, "
    "response_window_end); same verdicts.",
)

__all__ = [
    "OPTIONS",
    "OPTIONS_V1",
    "PARAMETERS",
    "PARAMETERS_V1",
    "RULE_SET",
    "RULE_SET_V1",
    "evaluate",
    "evaluate_v1",
]
