"""Tests of the shared response engine (``criteria/response/_common.py``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from _response_courses import START, W52, course, egfr, upcr, visit
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response import _common as c
from lupus_nephritis.decisions import ResponseCategory
from lupus_nephritis.errors import InputError, LupusNephritisError, OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse, Visit
from lupus_nephritis.thresholds import Option, Threshold
from lupus_nephritis.timeline import ExposureRule, VisitMatching, VisitWindow
from lupus_nephritis.units import Quantity

WINDOW = VisitWindow("window", before_days=7, after_days=7)
UPCR_LT_05 = Threshold(
    id="upcr-complete",
    label="UPCR below 0.5 g/g",
    comparator="<",
    value="0.5",
    unit="g/g",
    quantity="upcr",
    source_id="kdigo-2024-ln",
)
UPCR_LT_50_MMOL = Threshold(
    id="upcr-complete",
    label="UPCR below 50 mg/mmol",
    comparator="<",
    value="50",
    unit="mg/mmol",
    quantity="upcr",
    source_id="eular-2012-ln",
)
EGFR_GE_60 = Threshold(
    id="egfr-floor",
    label="eGFR at least 60",
    comparator=">=",
    value="60",
    unit="mL/min/{1.73_m2}",
    quantity="egfr",
    source_id="aurora-1",
)
BAND_20 = Threshold(
    id="kidney-function",
    label="decline at most 20%",
    comparator="<=",
    value="20",
    unit="%",
    quantity="percent",
    source_id="bliss-ln",
)
RISE_15 = Threshold(
    id="creatinine-rise",
    label="creatinine at most 15% above baseline",
    comparator="<=",
    value="15",
    unit="%",
    quantity="percent",
    source_id="lunar",
)
PERCENT_OF_85 = Threshold(
    id="egfr-85",
    label="eGFR at least 85% of baseline",
    comparator=">=",
    value="85",
    unit="%",
    quantity="percent",
    source_id="regency",
)


def model(**kw: object) -> TreatmentCourse:
    return TreatmentCourse.model_validate(course(**kw))  # type: ignore[arg-type]


# ------------------------------------------------------------------ assessment point


def test_resolve_assessment_date_default_week_int_and_date() -> None:
    m = model()
    assert c.resolve_assessment_date(m, None, default_week=52) == W52
    assert c.resolve_assessment_date(m, 0, default_week=52) == START
    assert c.resolve_assessment_date(m, 26, default_week=52) == START + timedelta(days=182)
    assert c.resolve_assessment_date(m, date(2024, 5, 1), default_week=52) == date(2024, 5, 1)
    assert c.resolve_assessment_date(m, datetime(2024, 5, 1, 9), default_week=52) == date(
        2024, 5, 1
    )


@pytest.mark.parametrize("bad", [True, -1, "52", 52.0, date(2023, 12, 31)])
def test_resolve_assessment_date_refuses_bad_points(bad: object) -> None:
    with pytest.raises(InputError):
        c.resolve_assessment_date(model(), bad, default_week=52)


def test_describe_point() -> None:
    assert c.describe_point(None, 52) == "week 52"
    assert c.describe_point(26, 52) == "week 26"
    assert c.describe_point(date(2024, 5, 1), 52) == "2024-05-01"


def test_weeks_span_and_pick_point() -> None:
    assert c.weeks_span(model(), 44, 52) == (START + timedelta(days=308), W52)
    points = (c.AssessmentPoint("month-6", 26), c.AssessmentPoint("month-12", 52))
    assert c.pick_point(points, "month-12").week == 52
    with pytest.raises(InputError):
        c.pick_point(points, "month-9")


def test_pick_threshold_by_value() -> None:
    bands = (BAND_20, RISE_15)
    assert c.pick_threshold(bands, 15) is RISE_15
    assert c.pick_threshold(bands, "20") is BAND_20
    assert c.pick_threshold(bands, Decimal("15")) is RISE_15
    with pytest.raises(InputError):
        c.pick_threshold(bands, 10)


# ------------------------------------------------------------------ visits


def test_with_matching_keeps_day_counts() -> None:
    nearest = c.with_matching(WINDOW, "nearest")
    assert nearest.method is VisitMatching.NEAREST and nearest.before_days == 7
    assert c.with_matching(WINDOW, "window") is WINDOW


def test_match_visit_picks_the_nearest_visit_with_the_field() -> None:
    near = visit(W52 + timedelta(days=1), id="near", egfr=egfr("70"))
    far = visit(W52 - timedelta(days=5), id="far", upcr=upcr("1"))
    m = model(visits=[near, far], cur_upcr=None, cur_egfr=None, day=W52 + timedelta(days=30))
    assert c.match_visit(m, W52, WINDOW, "upcr").id == "far"  # type: ignore[union-attr]
    assert c.match_visit(m, W52, WINDOW, "egfr").id == "near"  # type: ignore[union-attr]
    assert c.match_visit(m, W52, WINDOW).id == "near"  # type: ignore[union-attr]
    assert c.match_visit(m, W52, WINDOW, "urine_rbc") is None


def test_match_visit_egfr_accepts_a_creatinine_only_visit() -> None:
    lab = visit(W52, id="lab", creatinine="1 mg/dL")
    m = model(visits=[lab], cur_egfr=None, day=W52 + timedelta(days=60))
    assert c.match_visit(m, W52, WINDOW, "egfr").id == "lab"  # type: ignore[union-attr]


def test_reference_visit_roles() -> None:
    m = model(
        pre_flare={"date": "2023-10-01", "id": "pf"},
        biopsy={"date": "2023-12-01", "id": "bx"},
    )
    assert c.reference_visit(m, "baseline").id == "base"  # type: ignore[union-attr]
    assert c.reference_visit(m, "pre_flare").id == "pf"  # type: ignore[union-attr]
    assert c.reference_visit(m, "biopsy").id == "bx"  # type: ignore[union-attr]
    with pytest.raises(InputError):
        c.reference_visit(m, "screening")


def test_window_text_describes_where_data_was_looked_for() -> None:
    assert "2024-12-23 to 2025-01-06" in c.window_text(W52, WINDOW)
    assert c.window_text(W52, c.with_matching(WINDOW, "nearest")) == "no visit at all"
    assert "up to 2024-12-30" in c.window_text(W52, c.with_matching(WINDOW, "last_observation"))


# ------------------------------------------------------------------ readings


def test_read_measure_present_and_missing() -> None:
    v = Visit.model_validate({"date": "2024-03-01", "id": "v", "urine_rbc": "4 /[HPF]"})
    r = c.read_measure(v, "urine_rbc", role="assessment")
    assert r.value == 4 and r.evidence[0].visit_id == "v" and r.missing == ()
    assert r.given == Decimal("4") and r.given_unit == "/[HPF]"
    missing = c.read_measure(v, "creatinine", role="assessment")
    assert missing.value is None and missing.missing == ("assessment.creatinine",)
    assert c.read_measure(None, "creatinine", role="baseline").missing == ("baseline.creatinine",)


@pytest.mark.parametrize(
    ("specimen", "expected", "flags"),
    [
        ("24h", Specimen.H24, ()),
        ("spot", Specimen.H24, ("spot-upcr-used", "provisional")),
        ("first_morning", Specimen.H24, ("spot-upcr-used", "provisional")),
        ("spot", Specimen.FIRST_MORNING, ("upcr-specimen-mismatch",)),
        (None, Specimen.H24, ("upcr-specimen-unreported", "provisional")),
        ("spot", None, ()),
    ],
)
def test_read_upcr_flags_specimen(
    specimen: str | None, expected: Specimen | None, flags: tuple[str, ...]
) -> None:
    v = Visit.model_validate({"date": "2024-03-01", "upcr": upcr("1", specimen=specimen)})
    r = c.read_upcr(v, role="assessment", expected=expected)
    assert r.value == 1
    assert r.flags == flags


def test_read_upcr_reject_other_specimen_is_missing() -> None:
    v = Visit.model_validate({"date": "2024-03-01", "upcr": upcr("1", specimen="spot")})
    r = c.read_upcr(v, role="assessment", reject_other=True)
    assert r.value is None and r.missing == ("assessment.upcr",)
    assert "24-hour" in (r.note or "")


def test_specimen_flags_compare_reference_and_current() -> None:
    v24 = Visit.model_validate({"date": "2024-03-01", "upcr": upcr("1", specimen="24h")})
    vspot = Visit.model_validate({"date": "2024-03-01", "upcr": upcr("1", specimen="spot")})
    vnone = Visit.model_validate({"date": "2024-03-01", "upcr": upcr("1", specimen=None)})
    a = c.read_upcr(v24, role="baseline")
    b = c.read_upcr(vspot, role="assessment")
    assert c.specimen_flags(a, b) == ("upcr-specimen-differs-from-reference",)
    assert c.specimen_flags(a, a) == ()
    assert c.specimen_flags(a, c.read_upcr(vnone, role="assessment")) == ()


def _creatinine_course(patient: dict | None, **visit_fields: object) -> TreatmentCourse:
    v = visit(W52, id="fu", creatinine="1.0 mg/dL", **visit_fields)
    data = {"start_date": "2024-01-01", "visits": [v]}
    if patient is not None:
        data["patient"] = patient
    return TreatmentCourse.model_validate(data)


def test_read_egfr_reported_value_wins() -> None:
    m = _creatinine_course({"sex": "male", "age_years": 50}, egfr=egfr("77"))
    r = c.read_egfr(m, m.visits[0], role="assessment")
    assert r.value == 77 and r.flags == ()


def test_read_egfr_computes_ckd_epi_2021_from_creatinine() -> None:
    from lupus_nephritis.egfr import egfr_ckd_epi_2021

    m = _creatinine_course({"sex": "male", "age_years": 50})
    r = c.read_egfr(m, m.visits[0], role="assessment")
    expected = egfr_ckd_epi_2021(creatinine_mg_dl=1.0, age=50.0, sex="male")
    assert float(r.value) == expected  # type: ignore[arg-type]
    assert r.flags == ("egfr-computed",)
    assert "ckd-epi-2021-cr" in (r.evidence[0].note or "")


def test_read_egfr_uses_age_on_the_visit_date_from_birth_date() -> None:
    from lupus_nephritis.egfr import egfr_ckd_epi_2021

    m = _creatinine_course({"sex": "female", "birth_date": "1980-12-31"})
    r = c.read_egfr(m, m.visits[0], role="assessment")  # 2024-12-30: still 43
    assert float(r.value) == egfr_ckd_epi_2021(creatinine_mg_dl=1.0, age=43.0, sex="female")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("patient", "equation", "missing"),
    [
        (None, "ckd-epi-2021-cr", ("patient.sex", "patient.age")),
        ({"age_years": 50}, "ckd-epi-2021-cr", ("patient.sex",)),
        ({"sex": "male"}, "ckd-epi-2021-cr", ("patient.age",)),
        ({"sex": "male", "age_years": 50}, "ckd-epi-2021-cr-cys", ("assessment.cystatin_c",)),
        ({"sex": "male", "age_years": 50}, "ckd-epi-2009-cr", ("patient.is_black",)),
    ],
)
def test_read_egfr_names_what_would_make_it_computable(
    patient: dict | None, equation: str, missing: tuple[str, ...]
) -> None:
    m = _creatinine_course(patient)
    r = c.read_egfr(m, m.visits[0], role="assessment", equation=equation)
    assert r.value is None and r.missing == missing


@pytest.mark.parametrize("equation", c.EGFR_EQUATION_CHOICES)
def test_read_egfr_every_equation_computes(equation: str) -> None:
    m = _creatinine_course(
        {"sex": "female", "age_years": 50, "is_black": False}, cystatin_c="1 mg/L"
    )
    r = c.read_egfr(m, m.visits[0], role="assessment", equation=equation)
    assert r.value is not None and r.qualifier == equation


def test_read_egfr_out_of_domain_age_is_unknown() -> None:
    m = _creatinine_course({"sex": "female", "age_years": 12})
    r = c.read_egfr(m, m.visits[0], role="assessment")
    assert r.value is None and "not computable" in (r.note or "")


def test_read_egfr_without_creatinine_or_visit() -> None:
    m = _creatinine_course({"sex": "female", "age_years": 40})
    empty = Visit.model_validate({"date": "2024-03-01"})
    assert c.read_egfr(m, empty, role="baseline").missing == ("baseline.egfr",)
    assert c.read_egfr(m, None, role="baseline").missing == ("baseline.egfr",)


def test_read_egfr_unknown_equation_is_refused() -> None:
    m = _creatinine_course({"sex": "female", "age_years": 40})
    with pytest.raises(InputError):
        c.read_egfr(m, m.visits[0], role="assessment", equation="mdrd")


def test_read_kidney_function_metrics() -> None:
    m = _creatinine_course({"sex": "female", "age_years": 40})
    assert c.read_kidney_function(m, m.visits[0], role="a", metric="creatinine").value == 1
    egfr_reading = c.read_kidney_function(m, m.visits[0], role="a", metric="egfr")
    assert egfr_reading.quantity.value == "egfr"
    with pytest.raises(InputError):
        c.read_kidney_function(m, m.visits[0], role="a", metric="cystatin")


def test_read_flag_present_false_and_missing() -> None:
    v = Visit.model_validate({"date": "2024-03-01", "has_red_cell_casts": False})
    assert c.read_flag(v, "has_red_cell_casts", role="assessment").value is False
    missing = c.read_flag(v, "has_white_cell_casts", role="assessment")
    assert missing.value is None and missing.missing == ("assessment.has_white_cell_casts",)
    assert c.read_flag(None, "has_red_cell_casts", role="x").missing == ("x.has_red_cell_casts",)


def test_assessment_readers_note_the_window_when_no_visit() -> None:
    m = model(day=W52 + timedelta(days=60))
    r = c.assessment_upcr(m, W52, WINDOW)
    assert r.value is None and "no visit from" in (r.note or "")
    assert c.assessment_egfr(m, W52, WINDOW).value is None
    assert c.assessment_measure(m, W52, WINDOW, "urine_rbc").value is None
    assert "no visit" in (c.assessment_flag(m, W52, WINDOW, "has_red_cell_casts").note or "")
    kf = c.assessment_kidney_function(m, W52, WINDOW, metric="creatinine")
    assert kf.missing == ("assessment.creatinine",)


# ------------------------------------------------------------------ criteria


def _reading(value: str | None, quantity: str = "upcr", name: str = "assessment.upcr") -> c.Reading:
    from lupus_nephritis.units import Quantity

    return c.Reading(
        name=name,
        quantity=Quantity(quantity),
        value=None if value is None else Fraction(value),
        missing=() if value is not None else (name,),
    )


def test_threshold_criterion_inside_at_outside_missing() -> None:
    assert c.threshold_criterion(UPCR_LT_05, _reading("0.49")).outcome is Outcome.MET
    assert c.threshold_criterion(UPCR_LT_05, _reading("0.5")).outcome is Outcome.NOT_MET
    assert c.threshold_criterion(UPCR_LT_05, _reading("0.51")).outcome is Outcome.NOT_MET
    missing = c.threshold_criterion(UPCR_LT_05, _reading(None))
    assert missing.outcome is Outcome.UNKNOWN and missing.note == "missing"


def test_threshold_criterion_compares_in_the_threshold_unit() -> None:
    # 50 mg/mmol = 50/113.12 g/g exactly
    exact = Fraction(50) / Fraction("113.12")
    crit = c.threshold_criterion(UPCR_LT_50_MMOL, c.Reading("a", UPCR_LT_05.quantity, exact))
    assert crit.outcome is Outcome.NOT_MET
    assert crit.observed == Decimal("50") and crit.observed_unit == "mg/mmol"


def test_threshold_criterion_refuses_another_quantity() -> None:
    with pytest.raises(LupusNephritisError):
        c.threshold_criterion(EGFR_GE_60, _reading("1"))


@settings(max_examples=80)
@given(
    value=st.decimals(min_value="0", max_value="30", places=4),
    unit=st.sampled_from(["g/g", "mg/g", "mg/mmol"]),
    threshold=st.sampled_from([UPCR_LT_05, UPCR_LT_50_MMOL]),
)
def test_check_equals_threshold_check(value: Decimal, unit: str, threshold: Threshold) -> None:
    from lupus_nephritis.models import UPCR

    measure = UPCR.model_validate({"value": value, "unit": unit})
    reading = c.read_upcr(
        Visit.model_validate({"date": "2024-01-01", "upcr": measure.model_dump()}),
        role="assessment",
        expected=None,
    )
    ours = c.threshold_criterion(threshold, reading)
    core = threshold.check(measure.canonical, evidence=reading.evidence)
    assert ours == core


def test_relative_criterion_modes_and_boundaries() -> None:
    ref, cur = _reading("2"), _reading("1")
    reduction = Threshold(
        id="r",
        label="r",
        comparator=">=",
        value="50",
        unit="%",
        quantity="percent",
        source_id="kdigo-2024-ln",
    )
    assert c.relative_criterion(reduction, ref, cur, mode="reduction").outcome is Outcome.MET
    assert c.relative_criterion(reduction, ref, _reading("1.01"), mode="reduction").outcome is (
        Outcome.NOT_MET
    )
    cr_ref = _reading("1", "creatinine", "baseline.creatinine")
    assert (
        c.relative_criterion(
            RISE_15, cr_ref, _reading("1.15", "creatinine"), mode="increase"
        ).outcome
        is Outcome.MET
    )
    assert (
        c.relative_criterion(
            RISE_15, cr_ref, _reading("1.16", "creatinine"), mode="increase"
        ).outcome
        is Outcome.NOT_MET
    )
    e_ref = _reading("100", "egfr", "baseline.egfr")
    assert (
        c.relative_criterion(
            PERCENT_OF_85, e_ref, _reading("85", "egfr"), mode="percent_of"
        ).outcome
        is Outcome.MET
    )
    assert (
        c.relative_criterion(
            PERCENT_OF_85, e_ref, _reading("84.9", "egfr"), mode="percent_of"
        ).outcome
        is Outcome.NOT_MET
    )


def test_relative_criterion_unknown_when_missing_or_zero_reference() -> None:
    missing = c.relative_criterion(BAND_20, _reading(None), _reading("1"), mode="reduction")
    assert missing.outcome is Outcome.UNKNOWN
    zero = c.relative_criterion(BAND_20, _reading("0"), _reading("1"), mode="reduction")
    assert zero.outcome is Outcome.UNKNOWN and "zero" in (zero.note or "")


def test_relative_criterion_refuses_mixed_quantities_or_non_percent() -> None:
    with pytest.raises(LupusNephritisError):
        c.relative_criterion(BAND_20, _reading("1"), _reading("1", "egfr"), mode="reduction")
    with pytest.raises(LupusNephritisError):
        c.relative_criterion(UPCR_LT_05, _reading("1"), _reading("1"), mode="reduction")


def test_stability_criterion_egfr_decline_and_creatinine_rise() -> None:
    e_ref = _reading("100", "egfr", "baseline.egfr")
    assert c.stability_criterion(BAND_20, e_ref, _reading("80", "egfr")).outcome is Outcome.MET
    assert c.stability_criterion(BAND_20, e_ref, _reading("79.9", "egfr")).outcome is (
        Outcome.NOT_MET
    )
    assert c.stability_criterion(BAND_20, e_ref, _reading("150", "egfr")).outcome is Outcome.MET
    cr_ref = _reading("1", "creatinine", "baseline.creatinine")
    assert c.stability_criterion(BAND_20, cr_ref, _reading("1.2", "creatinine")).outcome is (
        Outcome.MET
    )
    assert c.stability_criterion(BAND_20, cr_ref, _reading("1.21", "creatinine")).outcome is (
        Outcome.NOT_MET
    )
    assert c.stability_criterion(BAND_20, cr_ref, _reading("0.5", "creatinine")).outcome is (
        Outcome.MET
    )


def test_flag_reading_criterion() -> None:
    v = Visit.model_validate({"date": "2024-03-01", "has_red_cell_casts": True})
    casts = c.read_flag(v, "has_red_cell_casts", role="assessment")
    crit = c.flag_reading_criterion(
        casts, required=False, id="no-casts", label="no casts", source_id="lunar"
    )
    assert crit.outcome is Outcome.NOT_MET
    unknown = c.flag_reading_criterion(
        c.read_flag(None, "has_red_cell_casts", role="a"),
        required=False,
        id="no-casts",
        label="no casts",
        source_id="lunar",
    )
    assert unknown.outcome is Outcome.UNKNOWN


def test_event_free_criterion_counts_events_on_or_before_the_date() -> None:
    m = model(events=[{"type": "rescue_therapy", "date": "2024-06-01"}])
    types = (EventType.RESCUE_THERAPY,)
    on = c.event_free_criterion(m, types, date(2024, 6, 1), id="e", label="e", source_id=None)
    before = c.event_free_criterion(m, types, date(2024, 5, 31), id="e", label="e", source_id=None)
    assert on.outcome is Outcome.NOT_MET and on.evidence[0].date == date(2024, 6, 1)
    assert before.outcome is Outcome.MET and "no rescue_therapy" in (before.note or "")
    since = c.event_free_criterion(
        m, types, date(2024, 12, 1), since=date(2024, 6, 2), id="e", label="e", source_id=None
    )
    assert since.outcome is Outcome.MET
    other = c.event_free_criterion(
        m, (EventType.DEATH,), date(2024, 12, 1), id="e", label="e", source_id=None
    )
    assert other.outcome is Outcome.MET


def test_glucocorticoid_criterion_met_when_not_breached() -> None:
    rule = ExposureRule(
        threshold=Threshold(
            id="pred",
            label="above 10 mg",
            comparator=">",
            value="10",
            unit="mg",
            quantity="glucocorticoid_dose",
            source_id="aurora-1",
        ),
        min_consecutive_days=3,
        min_total_days=7,
    )
    first, last = date(2024, 11, 1), date(2024, 11, 30)

    def with_doses(doses: list[dict], complete: bool = True) -> TreatmentCourse:
        return model(glucocorticoids=doses, are_glucocorticoid_records_complete=complete)

    two = [
        {"start": "2024-11-10", "end": "2024-11-11", "daily_dose": "20 mg", "drug": "prednisone"}
    ]
    three = [
        {"start": "2024-11-10", "end": "2024-11-12", "daily_dose": "20 mg", "drug": "prednisone"}
    ]
    ok = c.glucocorticoid_criterion(with_doses(two), rule, first, last, id="gc", label="gc")
    bad = c.glucocorticoid_criterion(with_doses(three), rule, first, last, id="gc", label="gc")
    unknown = c.glucocorticoid_criterion(
        with_doses(two, complete=False), rule, first, last, id="gc", label="gc"
    )
    assert ok.outcome is Outcome.MET
    assert bad.outcome is Outcome.NOT_MET
    assert unknown.outcome is Outcome.UNKNOWN
    assert c.missing_glucocorticoid_inputs(unknown) == ("glucocorticoids",)
    assert c.missing_glucocorticoid_inputs(ok) == ()


# ------------------------------------------------------------------ verdicts and policies

M, N, U = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("complete", "partial", "expected"),
    [
        (M, M, "complete"),
        (M, N, "complete"),
        (M, U, "complete"),
        (N, M, "partial"),
        (N, N, "none"),
        (N, U, "not_evaluable"),
        (U, M, "not_evaluable"),
        (U, N, "not_evaluable"),
        (U, U, "not_evaluable"),
        (M, None, "complete"),
        (N, None, "none"),
        (U, None, "not_evaluable"),
    ],
)
def test_categorize(complete: Outcome, partial: Outcome | None, expected: str) -> None:
    assert c.categorize(complete, partial).value == expected


def test_apply_policy_table() -> None:
    m = model(events=[{"type": "withdrawal", "date": "2024-06-01"}])
    event = c.policy_event_criterion(m, "non-responder", W52)
    assert event is not None and event.outcome is Outcome.NOT_MET
    clean = c.policy_event_criterion(model(), "non-responder", W52)
    assert clean is not None and clean.outcome is Outcome.MET
    assert c.policy_event_criterion(m, "not-evaluable", W52) is None
    ne, complete = ResponseCategory.NOT_EVALUABLE, ResponseCategory.COMPLETE
    assert c.apply_policy(complete, "not-evaluable", event_free=event) == (complete, ())
    assert c.apply_policy(complete, "intercurrent-event-non-responder", event_free=event) == (
        ResponseCategory.NONE,
        ("intercurrent-event-non-responder",),
    )
    assert c.apply_policy(ne, "intercurrent-event-non-responder", event_free=clean) == (ne, ())
    assert c.apply_policy(ne, "non-responder", event_free=clean) == (
        ResponseCategory.NONE,
        ("missing-data-non-responder",),
    )
    assert c.apply_policy(ResponseCategory.NONE, "non-responder", event_free=event) == (
        ResponseCategory.NONE,
        (),
    )
    with pytest.raises(ValueError, match="not a valid Policy"):
        c.apply_policy(complete, "impute")


def test_trace_collects_in_order_without_duplicates() -> None:
    trace = c.Trace()
    trace.use(_reading(None))
    trace.use(_reading(None))
    trace.missing("patient.sex")
    trace.flag("b", "a", "b")
    trace.detail("when", date(2024, 1, 1))
    trace.detail("n", 3)
    trace.detail("f", Fraction(1, 4))
    trace.detail("ok", True)
    assert trace.missing_inputs == ("assessment.upcr", "patient.sex")
    assert trace.flags == ("b", "a")
    assert dict(trace.details) == {
        "when": "2024-01-01",
        "n": Decimal(3),
        "f": Decimal("0.25"),
        "ok": True,
    }


def test_as_course_accepts_models_and_mappings_only() -> None:
    m = model()
    assert c.as_course(m) is m
    assert c.as_course(course()) == m
    with pytest.raises(InputError):
        c.as_course([1, 2])  # type: ignore[arg-type]


def test_options_for_caches_defaults_and_validates() -> None:
    declared = (
        Option("a", 1, "a", choices=(1, 2)),
        c.policy_option(),
        c.visit_matching_option(),
        c.reference_option(),
        c.egfr_equation_option(),
        c.spot_upcr_option(),
        c.kidney_function_metric_option(),
    )
    first = c.options_for(declared, {}, rule_set_id="x")
    first["a"] = 99  # callers get a copy
    assert c.options_for(declared, {}, rule_set_id="x")["a"] == 1
    assert c.options_for(declared, {"a": 2}, rule_set_id="x")["a"] == 2
    with pytest.raises(OptionError):
        c.options_for(declared, {"b": 1}, rule_set_id="x")
    with pytest.raises(OptionError):
        c.options_for(declared, {"policy": "impute"}, rule_set_id="x")


# ------------------------------------------------------------------ review additions


@pytest.mark.parametrize("bad", [10**6, 10**12, date.max, date.max - c.DATE_GUARD + timedelta(1)])
def test_resolve_assessment_date_refuses_points_beyond_the_calendar(bad: object) -> None:
    with pytest.raises(InputError):
        c.resolve_assessment_date(model(), bad, default_week=52)


def test_resolve_assessment_date_guard_boundary() -> None:
    last = date.max - c.DATE_GUARD
    assert c.resolve_assessment_date(model(), last, default_week=52) == last
    late = TreatmentCourse.model_validate({"start_date": "9999-06-01"})
    with pytest.raises(InputError):
        c.resolve_assessment_date(late, None, default_week=52)
    early = TreatmentCourse.model_validate({"start_date": "0001-01-01"})
    with pytest.raises(InputError):
        c.resolve_assessment_date(early, 0, default_week=52)
    first = date.min + c.DATE_GUARD
    assert c.resolve_assessment_date(early, first, default_week=52) == first


def test_safe_week_date_and_weeks_span_refuse_overflow() -> None:
    assert c.safe_week_date(START, 52) == W52
    with pytest.raises(InputError):
        c.safe_week_date(date(9999, 12, 1), 52)
    with pytest.raises(InputError):
        c.weeks_span(model(), 0, 10**9)


def test_reference_zero_flags() -> None:
    zero = c.Reading("baseline.upcr", Quantity.UPCR, Fraction(0))
    known = c.Reading("baseline.upcr", Quantity.UPCR, Fraction(1))
    missing = c.Reading("baseline.upcr", Quantity.UPCR, None)
    assert c.reference_zero_flags(zero) == ("reference-zero",)
    assert c.reference_zero_flags(known, zero) == ("reference-zero",)
    assert c.reference_zero_flags(known, missing) == ()
    assert c.reference_zero_flags() == ()


def test_response_decision_verdict_is_the_plain_value() -> None:
    from lupus_nephritis.registry import get_rule_set

    rule_set = get_rule_set("kdigo-2024")
    d = c.response_decision(
        rule_set,
        ResponseCategory.PARTIAL,
        [],
        c.Trace(),
        policy="not-evaluable",
        options={},
        assessed_on=W52,
    )
    assert type(d.verdict) is str and d.verdict == "partial"
    assert f"{d.verdict}" == "partial"
