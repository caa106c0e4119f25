"""The regimen demo for ``lupus-nephritis demo``."""

from __future__ import annotations

from lupus_nephritis.regimens.demo import EXAMPLE_PATIENT, demo_lines
from lupus_nephritis.regimens.models import PatientContext


def test_demo_lines_show_the_eligibility_table_and_the_45_conflict() -> None:
    lines = demo_lines()
    text = "\n".join(lines)
    header = next(line for line in lines if line.strip().startswith("regimen"))
    for rule_set in ("us-labels", "kdigo-2024-regimens", "acr-2024-regimens"):
        assert rule_set in header
    voclosporin_row = next(line for line in lines if line.strip().startswith("MMF + voclosporin"))
    assert "not recommended" in voclosporin_row
    assert "seed-review-2024-regimens@1.1.0: eligible" in text
    assert "us-labels@1.1.0: not recommended" in text
    assert "reduce_dose" in text and "discontinue" in text and "confirm_first" in text
    assert "1440" in text
    assert "CYC (euro_lupus) + GC: offered" in text
    assert all(isinstance(line, str) for line in lines)


def test_demo_patient_is_valid_and_fully_specified() -> None:
    patient = PatientContext.model_validate(EXAMPLE_PATIENT)
    assert all(getattr(patient, name) is not None for name in EXAMPLE_PATIENT)
