"""Cards are built from decisions: shape, indicators, provenance, determinism (no server)."""

from __future__ import annotations

from typing import Any

import pytest

from lupus_nephritis import assess_biopsy_indication, check_regimen_eligibility
from lupus_nephritis.cds.cards import (
    EXTENSION_KEY,
    INDICATORS,
    SUMMARY_LIMIT,
    card_uuid,
    decision_card,
    eligibility_cards,
    truncate,
)

VOC = {"drugs": ["mmf", "voclosporin", "glucocorticoids"]}


def cards_for(patient: dict[str, Any], rule_set: str = "us-labels") -> list[dict[str, Any]]:
    decision = check_regimen_eligibility(VOC, patient, rule_set)
    return eligibility_cards(decision, hook_instance="h", service_id="s")


def test_summaries_are_cut_below_140_characters() -> None:
    assert truncate("x" * 139) == "x" * 139
    cut = truncate("x" * 200)
    assert len(cut) == SUMMARY_LIMIT and cut.endswith("\u2026")


def test_card_uuids_are_deterministic_and_depend_on_the_hook_instance() -> None:
    assert card_uuid("h", "s", "a") == card_uuid("h", "s", "a")
    assert card_uuid("h", "s", "a") != card_uuid("h2", "s", "a")
    assert card_uuid("h", "s", "a") != card_uuid("h", "s", "b")


def test_indicators_follow_the_severity() -> None:
    assert INDICATORS == {
        "contraindicated": "critical",
        "not_recommended": "warning",
        "caution": "info",
    }


def test_only_met_criteria_with_a_concern_become_cards() -> None:
    cards = cards_for({"egfr": "40 mL/min/{1.73_m2}", "is_pregnant": False, "sex": "female"})
    ids = [c["extension"][EXTENSION_KEY]["criterion"] for c in cards]
    assert "voclosporin-baseline-egfr" in ids
    assert "voclosporin-severe-renal-impairment" not in ids  # not met at 40


def test_a_card_carries_value_threshold_comparator_source_and_rule_set() -> None:
    (card,) = [
        c
        for c in cards_for({"egfr": "40 mL/min/{1.73_m2}"})
        if c["extension"][EXTENSION_KEY]["criterion"] == "voclosporin-baseline-egfr"
    ]
    ext = card["extension"][EXTENSION_KEY]
    assert (ext["observed"], ext["comparator"], ext["threshold"]) == ("40", "<=", "45")
    assert ext["source_id"] == "lupkynis-uspi" and ext["severity"] == "not_recommended"
    assert "(40 mL/min/{1.73_m2} <= 45 mL/min/{1.73_m2})" in card["summary"]
    assert "suggestions" not in card  # no draft orders were given


def test_cards_link_the_resources_that_gave_the_evidence() -> None:
    decision = check_regimen_eligibility(VOC, {"egfr": "40 mL/min/{1.73_m2}"}, "us-labels")
    cards = eligibility_cards(
        decision, hook_instance="h", service_id="s", resources_for={"egfr": ["Observation/e1"]}
    )
    card = next(c for c in cards if "baseline-egfr" in c["extension"][EXTENSION_KEY]["criterion"])
    assert card["extension"][EXTENSION_KEY]["resources"] == ["Observation/e1"]
    assert "`Observation/e1`" in card["detail"]


def test_removal_suggestions_target_the_draft_order_of_the_drug_concerned() -> None:
    decision = check_regimen_eligibility(VOC, {"egfr": "40 mL/min/{1.73_m2}"}, "us-labels")
    cards = eligibility_cards(
        decision,
        hook_instance="h",
        service_id="s",
        draft_orders={"voclosporin": ["MedicationRequest/v"], "belimumab": ["MedicationRequest/b"]},
    )
    card = next(c for c in cards if "baseline-egfr" in c["extension"][EXTENSION_KEY]["criterion"])
    (suggestion,) = card["suggestions"]
    assert suggestion["actions"] == [
        {
            "type": "delete",
            "description": "Remove MedicationRequest/v (voclosporin)",
            "resourceId": "MedicationRequest/v",
        }
    ]
    assert card["selectionBehavior"] == "at-most-one"


def test_a_not_evaluable_decision_without_concerns_gives_one_info_card() -> None:
    cards = cards_for({})
    assert len(cards) == 1 and cards[0]["indicator"] == "info"
    assert cards[0]["summary"].startswith("Could not complete us-labels checks")
    assert cards[0]["extension"][EXTENSION_KEY]["missing_inputs"]


def test_an_eligible_regimen_gives_no_card() -> None:
    decision = check_regimen_eligibility(
        {"drugs": ["mmf", "glucocorticoids"]},
        {
            "egfr": "90 mL/min/{1.73_m2}",
            "sex": "male",
            "upcr": "2 g/g",
            "isn_rps_classes": ["IV"],
            "hypersensitive_to": [],
        },
        "kdigo-2024-regimens",
    )
    if decision.verdict == "eligible":
        assert eligibility_cards(decision, hook_instance="h", service_id="s") == []
    else:
        assert all(
            c["indicator"] in ("info", "warning", "critical")
            for c in eligibility_cards(decision, hook_instance="h", service_id="s")
        )


@pytest.mark.parametrize("verdict_indicator", ["info", "warning"])
def test_a_decision_card_lists_every_criterion(verdict_indicator: str) -> None:
    decision = assess_biopsy_indication({"upcr": "0.8 g/g"}, "kdigo-2024")
    card = decision_card(
        decision,
        hook_instance="h",
        service_id="s",
        title="Kidney biopsy",
        resources=["Observation/u"],
        indicator=verdict_indicator,
    )
    assert card["indicator"] == verdict_indicator
    assert card["summary"].startswith("Kidney biopsy: ")
    listed = {c["criterion"] for c in card["extension"][EXTENSION_KEY]["criteria"]}
    assert listed == {c.id for c in decision.criteria}
    assert all(f"`{c.id}`" in card["detail"] for c in decision.criteria)


def test_importing_the_cds_and_fhir_faces_loads_no_web_or_validation_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lupus_nephritis.cds, lupus_nephritis.fhir; "
        "print([m for m in ('starlette', 'httpx', 'uvicorn', 'fhir.resources') "
        "if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_serve_command_passes_host_port_and_rule_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    from lupus_nephritis.cds import service
    from lupus_nephritis.cli import main

    calls: list[tuple[str, int, tuple[str, ...]]] = []
    monkeypatch.setattr(
        service,
        "serve",
        lambda host, port, config: calls.append((host, port, config.eligibility_rule_sets)),
    )
    assert main(["serve", "--port", "9123", "--eligibility-rule-set", "us-labels"]) == 0
    assert calls == [("127.0.0.1", 9123, ("us-labels",))]
