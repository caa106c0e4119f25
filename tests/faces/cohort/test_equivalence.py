"""The cohort face gives the scalar path's rows (verdicts, criteria, missing inputs, flags).

Fast profile in the normal suite (4 cohorts); the long profile draws as many cohorts as the
hypothesis profile's ``max_examples`` (``slow``: 2000), e.g.
``HYPOTHESIS_PROFILE=slow pytest tests/faces/cohort/test_equivalence.py -p no:cacheprovider``.
``EQUIVALENCE_RULE_SETS=id@version,...`` restricts the property to those compiled rule sets
(for a long run of one new compiler; the normal suite draws every one).
"""

from __future__ import annotations

import os
import random
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis import classify_renal_response
from lupus_nephritis.cohort import derive_renal_response
from lupus_nephritis.cohort._response import COMPILERS
from lupus_nephritis.errors import InputError

from .cohort_gen import cohort, frames, scalar_courses

_EQUATIONS = ["ckd-epi-2021-cr", "ckd-epi-2021-cr-cys", "ckd-epi-2009-cr", "ekfc-2021"]
_POLICIES = ["not-evaluable", "intercurrent-event-non-responder", "non-responder"]
_COMMON = {
    "time_point": ["month-6", "month-12"],
    "visit_matching": ["window", "nearest", "last_observation"],
    "reference": ["baseline", "pre_flare", "biopsy"],
    "egfr_equation": _EQUATIONS,
    "policy": _POLICIES,
}
_KDIGO_V1 = {
    **_COMMON,
    "stability_band": [10, 15],
    "kidney_function_metric": ["egfr", "creatinine"],
    "spot_upcr": ["flag", "reject"],
}
_KDIGO = {**_KDIGO_V1, "partial_reduction_comparator": [">=", ">"]}
_AURORA_1_V1 = {
    "time_point": ["week-52", "week-24"],
    "egfr_confirmation": ["next-measurement", "single-measurement"],
    "adjudication": ["adjudicated", "numeric-only"],
    "partial_reduction_comparator": [">=", ">"],
    "visit_matching": ["window", "nearest", "last_observation"],
    "spot_upcr": ["flag", "reject"],
    "egfr_equation": _EQUATIONS,
    "policy": _POLICIES,
}
_AURORA_1_V2 = {
    **_AURORA_1_V1,
    "exposure_window": ["nominal-visits", "whole-weeks", "whole-weeks-from-1"],
}
_AURORA_1 = {**_AURORA_1_V2, "partial_response_unknown": ["not-evaluable", "none"]}
_BLISS_LN = {
    "time_point": ["week-104", "week-52"],
    "reference": ["pre_flare", "baseline"],
    "failure_events": [
        "treatment-failure",
        "treatment-failure-rescue-prohibited",
        "prohibited-medication",
    ],
    "visit_matching": ["window", "nearest", "last_observation"],
    "egfr_equation": _EQUATIONS,
    "policy": _POLICIES,
}
_NOBILITY = {
    "time_point": ["week-52", "week-76", "week-104"],
    "creatinine_rule": ["registry-repaired", "uln-only", "lunar-style"],
    "visit_matching": ["window", "nearest", "last_observation"],
    "policy": _POLICIES,
}
_REGENCY = {
    "time_point": ["week-76"],
    "visit_matching": ["window", "nearest", "last_observation"],
    "spot_upcr": ["flag", "reject"],
    "egfr_equation": _EQUATIONS,
    "policy": _POLICIES,
}
_REGENCY_STEROID = {
    **_REGENCY,
    "exposure_window": ["nominal-visits", "whole-weeks", "whole-weeks-from-1"],
}
_AURA_LV_V1 = {
    **{k: v for k, v in _AURORA_1_V1.items() if k != "partial_reduction_comparator"},
    "time_point": ["week-24", "week-48"],
    "steroid_rule": ["absent", "aurora-1-analogue"],
}
_AURA_LV = {**_AURA_LV_V1, "exposure_window": _AURORA_1_V2["exposure_window"]}
_AURORA_2_SUSTAINED_V1 = {
    **{
        k: v
        for k, v in _AURORA_1_V1.items()
        if k not in ("time_point", "partial_reduction_comparator")
    },
    "time_point": ["month-36"],
}
_AURORA_2_SUSTAINED = {**_AURORA_2_SUSTAINED_V1, "exposure_window": _AURORA_1_V2["exposure_window"]}
_TULIP_LN = {
    "time_point": ["week-52"],
    "visit_matching": ["window", "nearest", "last_observation"],
    "spot_upcr": ["flag", "reject"],
    "egfr_equation": _EQUATIONS,
    "policy": _POLICIES,
}
#: ``id@version`` -> option name -> values drawn (every compiled version is covered).
OPTION_CHOICES: dict[str, dict[str, list[Any]]] = {
    "kdigo-2024@1.1.0": _KDIGO,
    "kdigo-2024@1.0.0": _KDIGO_V1,
    "kdigo-2021@1.0.0": _KDIGO,
    "eular-2012@1.0.0": {
        **_COMMON,
        "renal_function_rule": [
            "near-normal-if-previously-abnormal",
            "near-normal",
            "stable-vs-reference",
        ],
    },
    "acr-2024-provisional@1.0.0": {
        **_COMMON,
        "proteinuria_unit": ["mg/g", "mg/d"],
        "kidney_function_metric": ["egfr", "creatinine"],
    },
    # trial endpoints (cohort/_trials.py)
    "aurora-1@3.0.0": _AURORA_1,
    "aurora-1@2.0.0": _AURORA_1_V2,
    "aurora-1@1.0.0": _AURORA_1_V1,
    "bliss-ln-perr@1.0.0": _BLISS_LN,
    "bliss-ln-crr@1.0.0": _BLISS_LN,
    "nobility-crr@1.0.0": _NOBILITY,
    "regency-crr@1.0.0": _REGENCY,
    "regency-crr-steroid@1.1.0": _REGENCY_STEROID,
    "regency-crr-steroid@1.0.0": _REGENCY,
    "regency-upcr-0-8@1.0.0": {k: v for k, v in _REGENCY.items() if k != "egfr_equation"},
    "aura-lv@1.1.0": _AURA_LV,
    "aura-lv@1.0.0": _AURA_LV_V1,
    "tulip-ln-crr@1.0.0": _TULIP_LN,
    "tulip-ln-crr-0-5@1.0.0": _TULIP_LN,
    # AURORA 2 over a span of visits (cohort/_aurora_2.py)
    "aurora-2-adequate-response@1.0.0": {
        "time_point": ["month-36"],
        "adequate_response_confirmation": ["next-measurement", "single-measurement"],
        "policy": _POLICIES,
    },
    "aurora-2-good-renal-outcome@1.0.0": {
        "time_point": ["month-36"],
        "adequate_response_confirmation": ["next-measurement", "single-measurement"],
        "flare_reference": ["post-response-nadir", "response-visit", "baseline"],
        "policy": _POLICIES,
    },
    "aurora-2-sustained-crr@1.1.0": _AURORA_2_SUSTAINED,
    "aurora-2-sustained-crr@1.0.0": _AURORA_2_SUSTAINED_V1,
    "alms-response@1.0.0": {
        "time_point": ["week-24"],
        "nephrotic_threshold": ["3", "3.5"],
        "creatinine_band": [10, 15, 20, 25],
        "visit_matching": ["window", "nearest", "last_observation"],
        "policy": _POLICIES,
    },
    "lunar-crr@1.0.0": {
        "time_point": ["week-52"],
        "visit_matching": ["window", "nearest", "last_observation"],
        "policy": _POLICIES,
    },
}
# seed-review-2024, modified-perr / modified-crr, eular-2019
OPTION_CHOICES.update(
    {
        "eular-2019@1.0.0": {
            **{k: v for k, v in _COMMON.items() if k != "time_point"},
            "complete_cut": ["0.5", "0.7"],
            "proteinuria_measure": ["protein_24h_or_upcr", "protein_24h", "upcr"],
            "renal_function_rule": ["near-normal", "stable-vs-reference"],
            "nephrotic_deadline": ["month-12", "month-18", "month-24"],
            "require_subnephrotic": [False, True],
        },
        "seed-review-2024@1.0.0": {**_COMMON, "stability_band": [10, 20]},
        "modified-perr@1.0.0": {
            **_COMMON,
            "time_point": ["year-2"],
            "reference": ["biopsy", "baseline"],
            "proteinuria_measure": ["upcr", "protein-24h"],
        },
        "modified-crr@1.0.0": {
            **_COMMON,
            "time_point": ["year-2"],
            "reference": ["biopsy", "baseline"],
            "proteinuria_measure": ["upcr", "protein-24h"],
        },
    }
)


def test_every_compiled_rule_set_is_in_the_property() -> None:
    assert set(COMPILERS) == set(OPTION_CHOICES)


def _check(seed: int, names: list[str] | None = None) -> tuple[int, int]:
    rng = random.Random(seed)
    data = cohort(rng, rng.randrange(1, 7))
    tables = frames(data)
    courses = scalar_courses(data)
    chosen = names if names is not None else list(OPTION_CHOICES)
    opts = {
        rs: {k: rng.choice(v) for k, v in OPTION_CHOICES[rs].items() if rng.random() < 0.7}
        for rs in chosen
    }
    at = rng.choice([None, None, 26, 52, 60, 78, 104, 156])
    result = derive_renal_response(
        tables["measurements"],
        courses=tables["courses"],
        patients=tables["patients"],
        events=tables["events"],
        doses=tables["doses"],
        rule_sets=list(opts),
        options=opts,
        at=at,
        creatinine_conversion=data["conversion"],
        default_upcr_specimen=data["default_specimen"],
    )
    handed = {(r["USUBJID"], r["RULESET"]) for r in result.scalar_rows.iter_rows(named=True)}
    vectorised = 0
    for row in result.decisions.iter_rows(named=True):
        name = row["RULESET"]
        # the dict, as a caller would pass it: the call-level choices apply before validation
        expected = classify_renal_response(
            courses[row["USUBJID"]],
            name,
            at=at,
            creatinine_conversion=data["conversion"],
            default_upcr_specimen=data["default_specimen"],
            **opts[name],
        ).to_row()
        got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
        assert got == {k: v for k, v in expected.items() if v is not None}, (
            row["USUBJID"],
            name,
            opts[name],
        )
        vectorised += (row["USUBJID"], name) not in handed
    # an assessment the rule set refuses (e.g. an AURORA 2 period ending before month 12) is a
    # rejected row, exactly where the scalar path raises its InputError
    refused = {
        (r["USUBJID"], r["FIELD"])
        for r in result.rejected.iter_rows(named=True)
        if r["SOURCE"] == "assessments"
    }
    for subject, name in refused:
        with pytest.raises(InputError):
            classify_renal_response(
                courses[subject],
                name,
                at=at,
                creatinine_conversion=data["conversion"],
                default_upcr_specimen=data["default_specimen"],
                **opts[name],
            )
    assert result.decisions.height + len(refused) == len(courses) * len(opts)
    return vectorised, result.decisions.height


#: Cohorts drawn by the property: 4 in the normal suite, the profile's count in a long run.
LONG_RUN = os.environ.get("HYPOTHESIS_PROFILE", "default") != "default"
COHORTS = settings.default.max_examples if LONG_RUN else 4


#: Compiled rule sets the property draws (``EQUIVALENCE_RULE_SETS``; default every one).
CHOSEN = [
    name.strip()
    for name in os.environ.get("EQUIVALENCE_RULE_SETS", ",".join(OPTION_CHOICES)).split(",")
    if name.strip()
]


def test_chosen_rule_sets_are_compiled() -> None:
    assert CHOSEN and set(CHOSEN) <= set(OPTION_CHOICES)


@settings(max_examples=COHORTS)
@given(st.integers(min_value=0, max_value=2**32))
def test_frame_rows_equal_scalar_rows(seed: int) -> None:
    _check(seed, CHOSEN)


def test_most_rows_are_decided_by_the_vectorised_engine() -> None:
    vectorised = total = 0
    for seed in range(3):
        v, t = _check(seed)
        vectorised += v
        total += t
    # the generator piles values onto boundaries; still the float path decides most rows
    assert vectorised >= total // 5


def _filled(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(c for c in frame.columns if frame.get_column(c).null_count() < frame.height)


def test_engine_scalar_gives_the_same_table() -> None:
    rng = random.Random(7)
    tables = frames(cohort(rng, 5))
    kwargs: dict[str, Any] = {
        "courses": tables["courses"],
        "patients": tables["patients"],
        "events": tables["events"],
        "rule_sets": ["kdigo-2024", "eular-2012"],
    }
    auto = derive_renal_response(tables["measurements"], **kwargs)
    scalar = derive_renal_response(tables["measurements"], engine="scalar", **kwargs)
    # a column no row fills (e.g. a late-response detail) exists only where it is compiled
    left, right = (_filled(t.decisions) for t in (auto, scalar))
    assert left.equals(right.select(left.columns))
    assert set(scalar.engines.values()) == {"scalar"}
    assert set(auto.engines.values()) == {"vectorised"}


@pytest.mark.parametrize("seed", range(2))
def test_rejected_rows_are_exactly_the_values_canonicalize_refuses(seed: int) -> None:
    from .cohort_gen import CONVERSIONS, _accepted

    rng = random.Random(100 + seed)
    data = cohort(rng, 6)
    tables = frames(data)
    result = derive_renal_response(tables["measurements"], courses=tables["courses"])
    m = tables["measurements"].with_row_index("ROW")
    course_conversion = {s["id"]: s["conversion"] for s in data["subjects"]}
    refused = set()
    for row in m.iter_rows(named=True):
        value = row["AVAL"]
        if value is None:
            continue
        if row["PARAMCD"] == "has_red_cell_casts":
            if value not in ("true", "false"):
                refused.add(row["ROW"])  # value-unparseable
            continue
        own = row["CONVERSION"]
        if own is not None and own not in CONVERSIONS:
            refused.add(row["ROW"])  # conversion-unknown
            continue
        conversion = own or course_conversion[row["USUBJID"]]
        if not _accepted(row["PARAMCD"], value, row["AVALU"], conversion):
            refused.add(row["ROW"])
    rejected = result.rejected.filter(pl.col("SOURCE") == "measurements")
    assert set(rejected.get_column("ROW").to_list()) == refused


def _late_frames() -> dict[str, pl.DataFrame]:
    from datetime import date, timedelta

    start = date(2024, 1, 1)

    def rows(subject: str, upcrs: list[tuple[int, float]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for week, upcr in [(0, 3.0), *upcrs]:
            day = start + timedelta(weeks=week)
            role = "baseline" if week == 0 else "visit"
            out.append(
                {
                    "USUBJID": subject,
                    "ADT": day,
                    "PARAMCD": "upcr",
                    "AVAL": upcr,
                    "AVALU": "g/g",
                    "SPECIMEN": "24h",
                    "ROLE": role,
                }
            )
            out.append(
                {
                    "USUBJID": subject,
                    "ADT": day,
                    "PARAMCD": "egfr",
                    "AVAL": 90.0,
                    "AVALU": "mL/min/{1.73_m2}",
                    "SPECIMEN": None,
                    "ROLE": role,
                }
            )
        return out

    measurements = pl.DataFrame(
        [
            *rows("late", [(40, 2.5), (52, 2.5), (78, 0.4)]),  # complete first at week 78: late
            *rows("early", [(40, 0.4), (52, 0.4), (78, 0.4)]),  # complete at week 40 already
            *rows("none", [(40, 2.5), (52, 2.5), (78, 2.5)]),
        ]
    )
    courses = pl.DataFrame({"USUBJID": ["late", "early", "none"], "TRTSDT": [start] * 3})
    return {"measurements": measurements, "courses": courses}


def test_kdigo_2024_late_response_rows_equal_the_scalar_rows() -> None:
    tables = _late_frames()
    kwargs: dict[str, Any] = {"courses": tables["courses"], "rule_sets": ["kdigo-2024"], "at": 78}
    auto = derive_renal_response(tables["measurements"], **kwargs)
    scalar = derive_renal_response(tables["measurements"], engine="scalar", **kwargs)
    assert auto.engines == {"kdigo-2024@1.1.0": "vectorised"}
    assert auto.decisions.equals(scalar.decisions.select(auto.decisions.columns))
    flags = dict(auto.decisions.select("USUBJID", "FLAGS").iter_rows())
    verdicts = dict(auto.decisions.select("USUBJID", "AVALC").iter_rows())
    assert verdicts == {"late": "complete", "early": "complete", "none": "none"}
    assert "late-response" in flags["late"]
    assert "late-response" not in flags["early"]
    # the late-response report is vectorised: no row is handed to the scalar path
    assert auto.scalar_rows.height == 0
    late = dict(auto.decisions.select("USUBJID", "DTL_late_response").iter_rows())
    assert late == {"late": "true", "early": "false", "none": None}
