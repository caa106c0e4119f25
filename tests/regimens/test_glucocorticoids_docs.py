"""The glucocorticoid/duration guide's examples run, and the demo shows a taper check."""

from __future__ import annotations

import doctest
from pathlib import Path

from lupus_nephritis.regimens.glucocorticoids.demo import demo_lines

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "glucocorticoids-and-duration.md"


def test_guide_examples_run_and_match_their_outputs() -> None:
    result = doctest.testfile(
        str(GUIDE),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted >= 40
    assert result.failed == 0


def test_guide_names_every_glucocorticoid_and_duration_rule_set() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for rule_set_id in (
        "glucocorticoid-equivalence-fda-label",
        "glucocorticoid-equivalence-conventional",
        "kdigo-2024-gc-reduced",
        "kdigo-2024-gc-high",
        "aurora-1-gc",
        "regency-gc",
        "tulip-ln-gc",
        "nobility-gc",
        "eular-2019-gc",
        "eular-2012-gc",
        "eular-2023-gc-maintenance",
        "acr-2024-gc",
        "seed-review-2024-gc",
        "kdigo-2024-duration",
        "eular-2023-duration",
        "acr-2024-duration",
    ):
        assert f"`{rule_set_id}`" in text, rule_set_id


def test_demo_shows_a_taper_check_exposure_and_duration() -> None:
    lines = demo_lines()
    text = "\n".join(lines)
    assert all(isinstance(line, str) and "\n" not in line for line in lines)
    assert "week 5: 20 mg/day vs 15 mg/day -> above by 5 mg (since 2024-02-12)" in text
    assert "week 1: 40 mg/day vs 35-40 mg/day -> on schedule" in text
    assert "kdigo-2024-gc-reduced@1.1.0: above" in text
    assert "kdigo-2024-gc-reduced@1.1.0: within range (3 pulse days, 1500 mg)" in text
    assert "eular-2012-gc@1.1.0: within range (3 pulse days, 1500 mg)" in text
    assert "aurora-1-gc@1.2.0: above range (3 pulse days, 1500 mg)" in text
    assert "(pulses included): 3785 mg" in text
    assert "March 2024: exceeded (10 days above, longest run 10 days)" in text
    assert "kdigo-2024-duration@1.0.0: continue (30.0 months from 2024-01-08" in text
    assert "3 mg betamethasone = 20 mg (FDA label) or 25 mg (conventional tables)" in text


def test_demo_is_deterministic() -> None:
    assert demo_lines() == demo_lines()
