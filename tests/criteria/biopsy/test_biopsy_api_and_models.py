"""Biopsy API, input model, decisions' JSON round trip and the demo."""

from __future__ import annotations

from datetime import date

import pytest
from _biopsy_helpers import ALL_BIOPSY_IDS, INDICATED, INSUFFICIENT, assess
from pydantic import ValidationError

from lupus_nephritis.criteria.biopsy.api import (
    assess_biopsy_indication,
    compare_biopsy_indications,
    resolve_biopsy_rule_set,
)
from lupus_nephritis.criteria.biopsy.demo import DEMO_FINDINGS, demo_lines
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import BiopsyIndication, Decision
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.models import Visit
from lupus_nephritis.registry import RuleKind, list_rule_sets


def test_every_biopsy_rule_set_is_registered_as_biopsy_kind() -> None:
    registered = {r.id for r in list_rule_sets(RuleKind.BIOPSY)}
    assert set(ALL_BIOPSY_IDS) <= registered


@pytest.mark.parametrize("rule", ALL_BIOPSY_IDS)
def test_all_missing_findings_are_insufficient_data(rule: str) -> None:
    decision = assess({}, rule)
    assert decision.verdict == BiopsyIndication.INSUFFICIENT_DATA.value
    assert decision.missing_inputs
    assert decision.detail("fired") is None


@pytest.mark.parametrize("rule", ALL_BIOPSY_IDS)
def test_decision_json_round_trip_is_lossless(rule: str) -> None:
    decision = assess(DEMO_FINDINGS, rule)
    again = Decision.from_json(decision.to_json())
    assert again == decision
    assert again.to_json() == decision.to_json()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kdigo-2024", "kdigo-2024-biopsy"),
        ("kdigo-2024-biopsy", "kdigo-2024-biopsy"),
        ("kdigo-2021", "kdigo-2021-biopsy"),
        ("eular-2019", "eular-2019-biopsy"),
        ("eular-2012", "eular-2012-biopsy"),
        ("acr-2024", "acr-2024-biopsy"),
        ("acr-2024-repeat", "acr-2024-repeat-biopsy"),
        ("acr-2012", "acr-2012-biopsy"),
        ("seed-review-2024", "seed-review-2024-biopsy"),
        ("kdigo-2024@1.0.0", "kdigo-2024-biopsy"),
    ],
)
def test_guideline_names_resolve_to_biopsy_rule_sets(name: str, expected: str) -> None:
    rule_set = resolve_biopsy_rule_set(name)
    assert rule_set.id == expected
    assert rule_set.kind is RuleKind.BIOPSY


@pytest.mark.parametrize("name", ["kdigo-2099", "kdigo-2024@9.9.9", "isn-rps-2018", "nonsense"])
def test_unknown_guideline_raises_unknown_rule_set_error(name: str) -> None:
    with pytest.raises(UnknownRuleSetError):
        assess_biopsy_indication({}, name)


def test_default_guideline_is_kdigo_2024() -> None:
    assert assess_biopsy_indication({}).rule_set_id == "kdigo-2024-biopsy"


def test_compare_returns_one_decision_per_rule_set_in_order() -> None:
    decisions = compare_biopsy_indications(DEMO_FINDINGS, ["acr-2024", "eular-2019"])
    assert [d.rule_set_id for d in decisions] == ["acr-2024-biopsy", "eular-2019-biopsy"]
    everything = compare_biopsy_indications(DEMO_FINDINGS)
    assert {d.rule_set_id for d in everything} >= set(ALL_BIOPSY_IDS)


def test_model_instance_and_mapping_give_the_same_decision() -> None:
    model = BiopsyFindings.model_validate(DEMO_FINDINGS)
    assert assess_biopsy_indication(model, "eular-2019") == assess_biopsy_indication(
        DEMO_FINDINGS, "eular-2019"
    )


def test_non_mapping_findings_raise_input_error() -> None:
    with pytest.raises(InputError):
        assess_biopsy_indication(["upcr"], "acr-2024")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        {"upcr": 0.8},
        {"upcr": "50 g/g"},
        {"urine_specific_gravity": "1015"},
        {"acanthocytes": "120 %"},
        {"has_unexplained_decline": True, "explaining_causes": ["sepsis"]},
        {"are_other_causes_excluded": True, "explaining_causes": ["NSAID"]},
        {"explaining_causes": ["  "]},
        {"treatment_start": "2024-05-01", "assessed_on": "2024-04-01"},
        {"unknown_field": 1},
    ],
)
def test_invalid_findings_raise_validation_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        BiopsyFindings.model_validate(bad)


def test_findings_are_frozen() -> None:
    findings = BiopsyFindings.model_validate({"upcr": "0.8 g/g"})
    with pytest.raises(ValidationError):
        findings.upcr = None  # type: ignore[misc]


def test_egfr_history_is_sorted_and_current_egfr_falls_back_to_latest() -> None:
    findings = BiopsyFindings.model_validate(
        {
            "egfr_history": [
                {"date": "2024-03-01", "egfr": "70 mL/min/{1.73_m2}"},
                {"date": "2024-01-01", "egfr": "90 mL/min/{1.73_m2}"},
            ]
        }
    )
    assert [r.date for r in findings.egfr_history] == [date(2024, 1, 1), date(2024, 3, 1)]
    assert findings.current_egfr is not None
    assert findings.current_egfr.value == 70


def test_findings_from_visit_copy_the_urine_and_egfr() -> None:
    visit = Visit.model_validate(
        {
            "date": "2024-05-02",
            "upcr": {"value": "0.9", "unit": "g/g", "specimen": "spot"},
            "egfr": "55 mL/min/{1.73_m2}",
            "has_red_cell_casts": True,
        }
    )
    findings = BiopsyFindings.from_visit(visit, has_unexplained_decline=True)
    assert findings.assessed_on == date(2024, 5, 2)
    assert findings.has_red_cell_casts is True
    decision = assess_biopsy_indication(findings, "acr-2024")
    assert decision.verdict == INDICATED
    assert decision.assessed_on == date(2024, 5, 2)
    assert decision.criterion("upcr-gt-0-5").evidence[0].date == date(2024, 5, 2)


def test_cellular_casts_property_is_three_valued() -> None:
    assert BiopsyFindings(has_red_cell_casts=True).has_cellular_casts is True
    assert BiopsyFindings(has_red_cell_casts=False).has_cellular_casts is None
    both = BiopsyFindings(has_red_cell_casts=False, has_white_cell_casts=False)
    assert both.has_cellular_casts is False


def test_demo_lines_show_the_guidelines_disagreeing() -> None:
    lines = demo_lines()
    text = "\n".join(lines)
    assert "eular-2019-biopsy@1.0.0" in text
    assert "acr-2024-biopsy@1.0.0" in text
    eular = next(line for line in lines if "eular-2019" in line)
    acr = next(line for line in lines if "acr-2024-biopsy" in line)
    assert "indicated" in eular and "not indicated" not in eular
    assert "not indicated" in acr
    kdigo = next(line for line in lines if "kdigo-2024" in line)
    assert "insufficient data" in kdigo and "protein_24h" in kdigo


def test_summary_names_rule_set_and_missing_inputs() -> None:
    decision = assess({"upcr": "0.8 g/g"}, "kdigo-2024")
    assert decision.verdict == INSUFFICIENT
    assert decision.summary.startswith("kdigo-2024-biopsy@1.0.0: insufficient data")
    assert "(missing: " in decision.summary


# ----------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [
        ("56.57 mg/mmol", "indicated"),  # just above 0.5 g/g (= 56.56 mg/mmol exactly)
        ("56.56 mg/mmol", "not_indicated"),  # exactly 0.5 g/g: ACR 2024 is strict
        ("50 mg/mmol", "not_indicated"),  # KDIGO's rounded pair is 0.442 g/g, not 0.5
        ("0.05656 g/mmol", "not_indicated"),
        ("500 mg/g", "not_indicated"),
        ("0.5 mg/mg", "not_indicated"),
    ],
)
def test_upcr_units_are_converted_exactly_under_acr_2024(upcr: str, expected: str) -> None:
    data = {"upcr": upcr, "egfr": "95 mL/min/{1.73_m2}", "has_unexplained_decline": False}
    assert assess(data, "acr-2024-biopsy").verdict == expected


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [("113.13 mg/mmol", "met"), ("113.12 mg/mmol", "met"), ("113.11 mg/mmol", "not_met")],
)
def test_upcr_1g_boundary_in_mg_per_mmol_under_acr_2012(upcr: str, expected: str) -> None:
    decision = assess({"upcr": upcr, "is_proteinuria_persistent": True}, "acr-2012-biopsy")
    assert decision.criterion("upcr-ge-1-0").outcome.value == expected


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("guideline", [None, 2024, 20.24, ["kdigo-2024"], b"kdigo-2024"])
def test_non_string_guideline_raises_unknown_rule_set_error(guideline: object) -> None:
    with pytest.raises(UnknownRuleSetError):
        assess_biopsy_indication({}, guideline)  # type: ignore[arg-type]


def test_compare_accepts_a_single_name_and_rejects_non_names() -> None:
    (decision,) = compare_biopsy_indications(DEMO_FINDINGS, "acr-2024")
    assert decision.rule_set_id == "acr-2024-biopsy"
    with pytest.raises(UnknownRuleSetError):
        compare_biopsy_indications(DEMO_FINDINGS, [None])  # type: ignore[list-item]
    with pytest.raises(UnknownRuleSetError):
        compare_biopsy_indications(DEMO_FINDINGS, 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        {"upcr": {"value": "nan", "unit": "g/g"}},
        {"upcr": {"value": float("nan"), "unit": "g/g"}},
        {"upcr": {"value": float("inf"), "unit": "g/g"}},
        {"upcr": "0.8 g/L"},
        {"upcr": "0.8 mmol/mg"},
        {"upcr": {"value": "1e400", "unit": "g/g"}},
        {"protein_24h": "0.8 g/g"},
        {"egfr": "nan mL/min/{1.73_m2}"},
        {"acanthocytes": "100.1 %"},
        {"acanthocytes": "-1 %"},
        {"urine_rbc": "5 /uL"},
        {"dipstick_protein": "5+"},
        {"urine_specific_gravity": "nan"},
        {"explaining_causes": "NSAID"},
        {"assessed_on": "2024-02-30"},
        {1: "0.8 g/g"},
    ],
)
@pytest.mark.parametrize("rule", ["kdigo-2024", "eular-2019", "acr-2024", "seed-review-2024"])
def test_hostile_findings_raise_validation_error(bad: dict[object, object], rule: str) -> None:
    with pytest.raises(ValidationError):
        assess_biopsy_indication(bad, rule)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "options"),
    [
        ("kdigo-2024", {"dilute_specific_gravity_below": float("nan")}),
        ("kdigo-2024", {"egfr_decline_percent": True}),
        ("kdigo-2024", {"egfr_decline_percent": [10]}),
        ("kdigo-2021", {"sediment_role": ["sufficient"]}),
        ("eular-2019", {"egfr_decline_percent": "inf"}),
        ("acr-2024", {"protein_24h_counts": "yes"}),
        ("acr-2012", {"confirm_sediment": None}),
        ("seed-review-2024", {"any_proteinuria_upcr_floor": "31"}),
        ("seed-review-2024", {"any_proteinuria_24h_floor": float("nan")}),
        ("acr-2024-repeat", {"months": 6}),
    ],
)
def test_hostile_options_raise_option_error(rule: str, options: dict[str, object]) -> None:
    with pytest.raises(OptionError):
        assess_biopsy_indication({}, rule, **options)


@pytest.mark.parametrize("rule", ALL_BIOPSY_IDS)
def test_absurdly_small_values_are_evaluated_exactly_not_crashed(rule: str) -> None:
    data = {
        "upcr": {"value": "1e-400", "unit": "g/g", "specimen": "first_morning"},
        "protein_24h": "1e-400 g/d",
        "previous_upcr": ["1e-400 mg/mmol"],
        "egfr_history": [
            {"date": "2024-01-01", "egfr": "1e-400 mL/min/{1.73_m2}"},
            {"date": "2024-02-01", "egfr": "1e-401 mL/min/{1.73_m2}"},
        ],
        "has_unexplained_decline": False,
        "is_proteinuria_persistent": True,
    }
    decision = assess_biopsy_indication(data, rule)
    assert decision.verdict in {"indicated", "not_indicated", "insufficient_data"}
    assert Decision.from_json(decision.to_json()) == decision
