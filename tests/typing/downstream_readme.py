"""Downstream typing check: the README's imports and calls under ``mypy --strict``.

Not a pytest module (no ``test_`` prefix); CI runs ``mypy --strict tests/typing`` with no
project configuration (``--config-file /dev/null``), as a consumer of the installed package
would, so any export that a type checker cannot see fails the build.
"""

from __future__ import annotations

from lupus_nephritis import (
    Decision,
    Eligibility,
    InputValidationError,
    LupusNephritisError,
    RegimenSuggestions,
    TaperStatus,
    TreatmentCourse,
    check_glucocorticoid_taper,
    check_regimen_eligibility,
    classify_renal_response,
    compare_renal_response,
    egfr_ckd_epi_2021,
    explain_decision,
    list_rule_sets,
    suggest_regimens,
)

course = {
    "start_date": "2024-01-08",
    "baseline": {"date": "2024-01-08", "upcr": "3.2 g/g", "egfr": "78 mL/min/{1.73_m2}"},
    "visits": [{"date": "2025-01-06", "upcr": "52 mg/mmol", "egfr": "84 mL/min/{1.73_m2}"}],
}
decision: Decision = classify_renal_response(course, "kdigo-2024")
verdict: str = decision.verdict
flags: tuple[str, ...] = decision.flags
summary: str = decision.summary
met: bool | None = decision.endpoint_met
for other in compare_renal_response(course, ["kdigo-2024", "eular-2012", "aurora-1"]):
    missing: tuple[str, ...] = other.missing_inputs
lines: list[str] = explain_decision(decision)
validated: TreatmentCourse = TreatmentCourse.model_validate(course)

eligibility = check_regimen_eligibility(
    {"drugs": ["mmf", "voclosporin", "gc"]}, {"egfr": "42 mL/min/{1.73_m2}"}, "us-labels"
)
pending: tuple[str, ...] = eligibility.facts_to_confirm
status = Eligibility(eligibility.verdict)
suggestions: RegimenSuggestions = suggest_regimens({"egfr": "62 mL/min/{1.73_m2}"})
taper = check_glucocorticoid_taper(validated, "kdigo-2024-gc-reduced", at=4)
scheme: TaperStatus | None = taper.scheme_status
egfr: float = egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex="male")
keys: list[str] = [r.key for r in list_rule_sets()]

try:
    classify_renal_response({"start_date": "2024-01-01", "visits": [{"date": "x"}]})
except InputValidationError as error:
    field: str = error.field
except LupusNephritisError:
    pass
