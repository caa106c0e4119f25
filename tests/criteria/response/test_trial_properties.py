"""Invariants shared by every trial response definition assessed at one point.

For each definition the builder's default course meets the endpoint at the definition's
default week; each property moves one datum.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pydantic
import pytest
from _trial_courses import RANK, START, course, event
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.errors import InputError, OptionError

ONE_DAY = timedelta(days=1)

WEEKS = {
    "aurora-1": 52,
    "aura-lv": 24,
    "bliss-ln-perr": 104,
    "bliss-ln-crr": 104,
    "nobility-crr": 52,
    "regency-crr": 76,
    "regency-crr-steroid": 76,
    "regency-upcr-0-8": 76,
    "lunar-crr": 52,
    "tulip-ln-crr": 52,
    "tulip-ln-crr-0-5": 52,
    "alms-response": 24,
    "modified-perr": 104,
    "modified-crr": 104,
}
DEFINITIONS = sorted(WEEKS)


def run(definition: str, **kw: Any) -> str:
    c = course(at_week=WEEKS[definition], **kw)
    return classify_renal_response(c, definition=definition).verdict


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_template_course_meets_every_trial_endpoint(definition: str) -> None:
    assert run(definition) == "complete"


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_missing_upcr_gives_not_evaluable_never_complete(definition: str) -> None:
    assert run(definition, upcr_value=None) == "not_evaluable"


EGFR_DEFINITIONS = [d for d in DEFINITIONS if d not in ("nobility-crr", "lunar-crr")]
EGFR_DEFINITIONS = [d for d in EGFR_DEFINITIONS if d not in ("alms-response", "regency-upcr-0-8")]


@pytest.mark.parametrize("definition", EGFR_DEFINITIONS)
def test_missing_kidney_function_gives_not_evaluable(definition: str) -> None:
    assert run(definition, egfr=None, creatinine=None) == "not_evaluable"


@pytest.mark.parametrize("definition", ["nobility-crr", "lunar-crr", "alms-response"])
def test_missing_creatinine_gives_not_evaluable(definition: str) -> None:
    assert run(definition, creatinine=None) == "not_evaluable"


UPCRS = st.integers(min_value=0, max_value=500).map(lambda n: str(Decimal(n) / 100))


@settings(max_examples=60)
@given(definition=st.sampled_from(DEFINITIONS), a=UPCRS, b=UPCRS)
def test_lowering_upcr_never_worsens_the_category(definition: str, a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    v_low, v_high = run(definition, upcr_value=low), run(definition, upcr_value=high)
    assert "not_evaluable" not in (v_low, v_high)
    assert RANK[v_low] >= RANK[v_high]


EGFRS = st.integers(min_value=50, max_value=1500).map(lambda n: str(Decimal(n) / 10))


@settings(max_examples=60)
@given(definition=st.sampled_from(DEFINITIONS), a=EGFRS, b=EGFRS)
def test_raising_egfr_never_worsens_a_known_category(definition: str, a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    kw = {"base_egfr": "90", "pre_flare_egfr": "90", "biopsy_egfr": "90", "adjudicated": True}
    v_low, v_high = run(definition, egfr=low, **kw), run(definition, egfr=high, **kw)
    if "not_evaluable" not in (v_low, v_high):
        assert RANK[v_high] >= RANK[v_low]
    if v_low != "not_evaluable":
        assert v_high != "not_evaluable"


@settings(max_examples=60)
@given(
    definition=st.sampled_from(DEFINITIONS),
    value=UPCRS,
    unit=st.sampled_from(["g/g", "mg/g", "mg/mmol"]),
    umol=st.integers(min_value=40, max_value=200),
)
def test_results_are_identical_in_any_accepted_unit(
    definition: str, value: str, unit: str, umol: int
) -> None:
    factor = {"g/g": Decimal(1), "mg/g": Decimal(1000), "mg/mmol": Decimal("113.12")}[unit]
    mg_dl = str(Decimal(umol) * Decimal("0.011312"))
    as_mg_mg = run(definition, upcr_value=value, creatinine=mg_dl)
    other = course(at_week=WEEKS[definition], upcr_value=str(Decimal(value) * factor), unit=unit)
    other["visits"][0]["creatinine"] = {"value": str(umol), "unit": "umol/L"}
    other["creatinine_conversion"] = "molar-mass"  # 0.011312 mg/dL per umol/L exactly
    assert classify_renal_response(other, definition=definition).verdict == as_mg_mg


FIELDS = ["upcr", "egfr", "creatinine", "creatinine_uln", "urine_rbc", "has_red_cell_casts"]


@settings(max_examples=80)
@given(
    definition=st.sampled_from(DEFINITIONS),
    fields=st.sets(st.sampled_from(FIELDS), min_size=1, max_size=3),
    upcr_value=UPCRS,
    egfr=EGFRS,
)
def test_missing_data_never_gives_a_verdict_the_data_contradict(
    definition: str, fields: set[str], upcr_value: str, egfr: str
) -> None:
    full = course(at_week=WEEKS[definition], upcr_value=upcr_value, egfr=egfr)
    partial = course(at_week=WEEKS[definition], upcr_value=upcr_value, egfr=egfr)
    if "egfr" in fields:
        # without its creatinine an eGFR is truly missing; with it, the eGFR is computed from
        # the creatinine and may legitimately differ from the reported one
        fields = fields | {"creatinine"}
    for field in fields:
        partial["visits"][0].pop(field, None)
    v_full = classify_renal_response(full, definition=definition).verdict
    v_partial = classify_renal_response(partial, definition=definition).verdict
    assert v_partial in ("not_evaluable", v_full)


# ------------------------------------------------------------------------ hostile inputs

ALL_TRIALS = [
    *DEFINITIONS,
    "aurora-2-adequate-response",
    "aurora-2-good-renal-outcome",
    "aurora-2-sustained-crr",
]


@pytest.mark.parametrize("definition", ALL_TRIALS)
@pytest.mark.parametrize(
    "at",
    [-1, 10**6, 10**12, True, "52", 52.0, date(2023, 12, 31), date(9999, 12, 31)],
    ids=repr,
)
def test_bad_at_raises_input_error_under_every_trial_definition(
    definition: str, at: object
) -> None:
    with pytest.raises(InputError):
        classify_renal_response(course(), definition=definition, at=at)  # type: ignore[arg-type]


@pytest.mark.parametrize("definition", ALL_TRIALS)
def test_unknown_option_name_raises_option_error_under_every_trial_definition(
    definition: str,
) -> None:
    with pytest.raises(OptionError):
        classify_renal_response(course(), definition=definition, no_such_option=1)
    with pytest.raises(OptionError):
        classify_renal_response(course(), definition=definition, policy="lenient")


@pytest.mark.parametrize("definition", ALL_TRIALS)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("upcr", {"value": "0.3", "unit": "mg/dL"}),
        ("upcr", {"value": "0.3"}),
        ("upcr", 0.3),
        ("upcr", "0.3"),
        ("egfr", {"value": "80", "unit": "mL/min"}),
        ("creatinine", {"value": "80", "unit": "mg/dL"}),
        ("creatinine", {"value": "0.9", "unit": "mmol"}),
    ],
    ids=repr,
)
def test_bad_units_in_dicts_raise_validation_errors(
    definition: str, field: str, value: object
) -> None:
    bad = course()
    bad["visits"][0][field] = value
    with pytest.raises(pydantic.ValidationError):
        classify_renal_response(bad, definition=definition)


@pytest.mark.parametrize("definition", ALL_TRIALS)
def test_empty_visits_are_not_evaluable_never_complete(definition: str) -> None:
    empty = course()
    empty["visits"] = []
    decision = classify_renal_response(empty, definition=definition)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs
    imputed = classify_renal_response(empty, definition=definition, policy="non-responder")
    assert imputed.verdict == "none"
    assert imputed.policy == "non-responder"


@pytest.mark.parametrize("definition", ALL_TRIALS)
@pytest.mark.parametrize(
    "kind",
    [
        "rescue_therapy",
        "treatment_failure",
        "prohibited_medication",
        "study_drug_discontinuation",
        "withdrawal",
        "death",
        "adjudicated_egfr_event",
    ],
)
def test_events_before_the_course_start_are_never_counted(definition: str, kind: str) -> None:
    # e.g. a treatment failure of an earlier regimen, recorded with the course history
    at_week = WEEKS.get(definition, 52)
    earlier = course(at_week=at_week, events=[event(kind, START - ONE_DAY)])
    for policy in ("not-evaluable", "intercurrent-event-non-responder"):
        with_event = classify_renal_response(earlier, definition, policy=policy)
        without = classify_renal_response(course(at_week=at_week), definition, policy=policy)
        assert with_event.verdict == without.verdict
        if definition in WEEKS:  # the template course meets every single-point endpoint
            assert with_event.verdict == "complete"


ZERO_REFERENCE = {
    "aurora-1": {"base_egfr": "0", "egfr": "50", "adjudicated": True},
    "bliss-ln-perr": {"pre_flare_egfr": "0", "egfr": "50"},
    "regency-crr": {"base_egfr": "0"},
    "tulip-ln-crr": {"base_egfr": "0", "egfr": "50"},
    "modified-crr": {"biopsy_egfr": "0", "egfr": "50"},
    "alms-response": {"base_upcr": "0"},
}


@pytest.mark.parametrize("definition", sorted(ZERO_REFERENCE))
def test_zero_reference_is_flagged_and_never_decided_from(definition: str) -> None:
    c = course(at_week=WEEKS[definition], **ZERO_REFERENCE[definition])  # type: ignore[arg-type]
    options = {"egfr_confirmation": "single-measurement"} if definition == "aurora-1" else {}
    decision = classify_renal_response(c, definition=definition, **options)
    assert "reference-zero" in decision.flags
    assert decision.verdict == "not_evaluable"


NON_RESPONDER_FIELDS = ["upcr", "egfr", "creatinine", "creatinine_uln", "urine_rbc"]


@settings(max_examples=60)
@given(
    definition=st.sampled_from(DEFINITIONS),
    fields=st.sets(st.sampled_from(NON_RESPONDER_FIELDS), max_size=3),
    upcr_value=UPCRS,
)
def test_non_responder_policy_imputes_only_what_is_undecidable(
    definition: str, fields: set[str], upcr_value: str
) -> None:
    c = course(at_week=WEEKS[definition], upcr_value=upcr_value)
    for field in fields:
        c["visits"][0].pop(field, None)
    plain = classify_renal_response(c, definition=definition)
    imputed = classify_renal_response(c, definition=definition, policy="non-responder")
    assert imputed.verdict != "not_evaluable"
    if plain.verdict == "not_evaluable":
        assert imputed.verdict == "none"
        assert "missing-data-non-responder" in imputed.flags
    else:
        assert imputed.verdict == plain.verdict


@pytest.mark.parametrize("definition", DEFINITIONS)
@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (14, "complete")])
def test_visit_window_first_and_last_day_under_every_trial_definition(
    definition: str, offset: int, expected: str
) -> None:
    assert run(definition, day_offset=offset) == expected


@pytest.mark.parametrize("definition", DEFINITIONS)
@pytest.mark.parametrize("offset", [-15, 15])
def test_visit_one_day_outside_the_window_is_not_evaluable(definition: str, offset: int) -> None:
    assert run(definition, day_offset=offset) == "not_evaluable"
