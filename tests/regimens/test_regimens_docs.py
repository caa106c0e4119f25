"""The regimens guide (docs/guide/regimens.md): its Python blocks run, in order, as one script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "regimens.md"
TEXT = GUIDE.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, flags=re.S)


def test_the_regimens_guide_has_code_blocks() -> None:
    assert len(BLOCKS) >= 7


def test_regimens_guide_code_blocks_run_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "doc"}
    for index, block in enumerate(BLOCKS):
        exec(compile(block, f"{GUIDE.name}[block {index}]", "exec"), namespace)
    output = capsys.readouterr().out
    assert "lupkynis-uspi" in output
    assert "reduce each dose by 7.9 mg" in output


@pytest.mark.parametrize(
    "rule_set_id",
    [
        "us-labels",
        "eu-smpc",
        "kdigo-2024-regimens",
        "eular-2023-regimens",
        "acr-2024-regimens",
        "seed-review-2024-regimens",
        "lupkynis-us-egfr-dosing",
        "lupkynis-eu-egfr-dosing",
        "benlysta-us-ln-dosing",
        "seed-review-2024-algorithm",
        "kdigo-2024-algorithm",
        "eular-2023-algorithm",
        "acr-2024-algorithm",
    ],
)
def test_regimens_guide_names_every_rule_set(rule_set_id: str) -> None:
    assert f"`{rule_set_id}`" in TEXT


@pytest.mark.parametrize(
    "option",
    [
        "blood_pressure_reading",
        "class_v_proteinuria",
        "unconfirmed_eu_rows",
        "unknown_caution",
        "timing_tolerance_days",
        "dose_tolerance_percent",
        "sc_dose_after_iv",
        "mycophenolic_acid",
        "renal_impairment_threshold",
    ],
)
def test_regimens_guide_documents_the_options(option: str) -> None:
    assert option in TEXT
