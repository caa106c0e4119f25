"""Shared builders for the regimen tests: a patient with every input known and nothing found."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.eligibility.api import check_regimen_eligibility
from lupus_nephritis.regimens.models import PatientContext, Regimen

EGFR_UNIT = "mL/min/{1.73_m2}"

CLEAN: dict[str, Any] = {
    "sex": "female",
    "age_years": 40,
    "egfr": {"value": "75", "unit": EGFR_UNIT},
    "upcr": {"value": "2", "unit": "g/g"},
    "protein_24h": {"value": "2", "unit": "g/d"},
    "blood_pressure": {"systolic": 130, "diastolic": 80, "unit": "mm[Hg]"},
    "has_hypertensive_emergency": False,
    "isn_rps_classes": ["IV"],
    "is_pregnant": False,
    "is_planning_pregnancy": False,
    "is_breastfeeding": False,
    "cyp3a4_inhibitor": "none",
    "takes_strong_cyp3a4_inducer": False,
    "is_live_vaccine_planned": False,
    "tpmt": "normal",
    "nudt15": "normal",
    "has_severe_active_cns_lupus": False,
    "hepatic_impairment": "none",
    "has_extrarenal_activity": False,
    "is_mpaa_intolerant": False,
    "hypersensitive_to": [],
    "prior_regimens": [],
    "is_adherence_confirmed": True,
}
"""Every input known, nothing that triggers a rule (class IV, eGFR 75, UPCR 2 g/g)."""


def egfr(value: str) -> dict[str, str]:
    """An eGFR mapping from a decimal string."""
    return {"value": value, "unit": EGFR_UNIT}


def ctx(**overrides: Any) -> PatientContext:
    """The clean patient with ``overrides`` (a value of ``None`` makes the input missing)."""
    return PatientContext.model_validate({**CLEAN, **overrides})


def reg(*drugs: str, phase: str = "initial", scheme: str | None = None) -> Regimen:
    """A regimen from drug names or aliases."""
    data: dict[str, Any] = {"drugs": list(drugs), "phase": phase}
    if scheme is not None:
        data["cyclophosphamide_scheme"] = scheme
    return Regimen.model_validate(data)


def check(rule_set: str, regimen: Regimen, patient: PatientContext, **options: Any) -> Decision:
    """check_regimen_eligibility with positional convenience."""
    return check_regimen_eligibility(regimen, patient, rule_set, **options)


def verdict(decision: Decision) -> Eligibility:
    """The decision's verdict as an Eligibility."""
    return Eligibility(decision.verdict)


def outcome(decision: Decision, criterion_id: str) -> Outcome:
    """The outcome of one criterion of the decision."""
    return decision.criterion(criterion_id).outcome


def severity(decision: Decision, criterion_id: str) -> str | None:
    """The severity recorded for a criterion."""
    value = decision.detail(f"severity.{criterion_id}")
    return None if value is None else str(value)
