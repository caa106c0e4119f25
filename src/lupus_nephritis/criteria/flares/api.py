"""Public entry point of the flare rule sets: `detect_renal_flares`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from lupus_nephritis.criteria.response._common import as_course_with
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind
from lupus_nephritis.units import CreatinineConversion


def detect_renal_flares(
    course: TreatmentCourse | Mapping[str, Any],
    definition: str = "kdigo-2012-relapse",
    *,
    reference: str | None = None,
    at: date | int | None = None,
    creatinine_conversion: CreatinineConversion | str | None = None,
    **options: Any,
) -> Decision:
    """Detect renal flares (relapses) over a treatment course under a named definition.

    Every follow-up visit is compared with a reference value; the decision explains, visit by
    visit, which criteria were met, which visit triggered the verdict and against which
    reference measurement.

    Args:
        course: The course (a `TreatmentCourse` or a plain
            mapping validated into one).
        definition: A flare rule-set id, optionally ``"id@version"``:
            ``"kdigo-2012-relapse"`` (default) or ``"aurora-2-flare"``.
        reference: How the reference value is chosen (the rule set's ``reference`` option),
            e.g. ``"nadir"``, ``"previous"`` or ``"baseline"`` for KDIGO 2012, and
            ``"post-response-nadir"``, ``"response-visit"`` or ``"baseline"`` for AURORA 2.
            None keeps the rule set's documented default.
        at: Last date assessed: a date on or after the course start (a ``datetime`` is read
            as its date), or a study week number ``>= 0`` (None: every visit).
        creatinine_conversion: How creatinines given in µmol/L convert to mg/dL (``"88.4"``,
            the default, or ``"molar-mass"``); overrides the course's ``creatinine_conversion``
            (a measurement's own ``conversion`` wins).
        **options: Further options of the rule set (unknown names raise
            `OptionError`).

    Returns:
        A `Decision` whose verdict is a
        `FlareSeverity` value.

    Raises:
        UnknownRuleSetError: ``definition`` is not a registered flare rule set.
        OptionError: an option is unknown or has a value outside its choices.
        InputError: ``at`` is not a date or a study week, is before the course start, is a
            negative week or a week beyond the calendar; or ``course`` is neither a course
            nor a mapping; or ``creatinine_conversion`` is unknown.
        InputValidationError: ``course`` is a mapping that is not a valid course.

    Example:
        >>> from lupus_nephritis.criteria.flares.api import detect_renal_flares
        >>> decision = detect_renal_flares(
        ...     {
        ...         "start_date": "2024-01-01",
        ...         "visits": [
        ...             {"date": "2024-07-01", "upcr": "0.3 g/g", "creatinine": "0.8 mg/dL"},
        ...             {"date": "2025-01-01", "upcr": "1.4 g/g", "creatinine": "0.9 mg/dL"},
        ...         ],
        ...     }
        ... )
        >>> decision.verdict
        'moderate'
    """
    model = as_course_with(course, creatinine_conversion=creatinine_conversion)
    rule_set = get_rule_set_of_kind(definition, RuleKind.FLARE)
    if rule_set.evaluate is None:  # pragma: no cover - every flare rule set evaluates
        raise UnknownRuleSetError(f"rule set {rule_set.key} cannot be evaluated")
    if reference is not None:
        options["reference"] = reference
    result: Decision = rule_set.evaluate(model, at=at, **options)
    return result


__all__ = ["detect_renal_flares"]
