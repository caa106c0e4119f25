"""The engine's sorted tables: binary-search matching, row order, fast and detailed passes."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.cohort import derive_renal_response
from lupus_nephritis.cohort._engine import Workspace
from lupus_nephritis.cohort._tables import ingest
from lupus_nephritis.cohort.columns import Columns
from lupus_nephritis.models import Visit
from lupus_nephritis.timeline import VisitWindow, select_visit

from .cohort_gen import cohort, frames

START = date(2024, 1, 1)


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(
        st.lists(st.integers(min_value=-60, max_value=60), max_size=6, unique=True),
        min_size=1,
        max_size=5,
    ),
    targets=st.lists(st.integers(min_value=-40, max_value=40), min_size=1, max_size=5),
    method=st.sampled_from(["window", "nearest", "last_observation"]),
    before=st.sampled_from([0, 7, 28]),
    after=st.sampled_from([0, 7, 28]),
)
def test_binary_search_matching_picks_the_visit_select_visit_picks(
    offsets: list[list[int]], targets: list[int], method: str, before: int, after: int
) -> None:
    anchor = START + timedelta(days=100)
    rows = []
    for s, days in enumerate(offsets):
        for d in days:
            rows.append((f"s{s}", anchor + timedelta(days=d)))
    measurements = pl.DataFrame(
        {
            "USUBJID": [r[0] for r in rows],
            "ADT": [r[1] for r in rows],
            "PARAMCD": ["upcr"] * len(rows),
            "AVAL": [1.0] * len(rows),
            "AVALU": ["g/g"] * len(rows),
        },
        schema={
            "USUBJID": pl.String,
            "ADT": pl.Date,
            "PARAMCD": pl.String,
            "AVAL": pl.Float64,
            "AVALU": pl.String,
        },
    )
    subjects = [f"s{s}" for s in range(len(offsets))]
    courses = pl.DataFrame({"USUBJID": subjects, "TRTSDT": [START] * len(subjects)})
    cohort_tables = ingest(measurements, Columns(), courses=courses)
    table = cohort_tables.visits.get("upcr")
    points = [(s, t) for s in range(len(offsets)) for t in targets]
    sids = cohort_tables.sids(pl.Series([f"s{s}" for s, _ in points]))
    frame = pl.DataFrame(
        {
            "_aid": list(range(len(points))),
            "sid": sids,
            "_t": [anchor + timedelta(days=t) for _, t in points],
        }
    )
    window = VisitWindow(method, before_days=before, after_days=after)
    ws = Workspace(cohort_tables, frame)
    if table is None:
        return
    index = ws._best_index(table, window, "_t").to_list()
    dates = table.get_column("date").to_list()
    for (s, t), chosen in zip(points, index, strict=True):
        visits = [Visit(date=anchor + timedelta(days=d)) for d in sorted(offsets[s])]
        expected = select_visit(visits, anchor + timedelta(days=t), window)
        got = None if chosen is None else dates[chosen]
        assert got == (None if expected is None else expected.date)


def test_row_order_does_not_change_the_decisions() -> None:
    rng = random.Random(11)
    tables = frames(cohort(rng, 6))
    kwargs = {
        "courses": tables["courses"],
        "patients": tables["patients"],
        "events": tables["events"],
        "rule_sets": ["kdigo-2024", "eular-2012"],
    }
    ordered = derive_renal_response(tables["measurements"], **kwargs)
    shuffled = derive_renal_response(tables["measurements"].sample(fraction=1.0, seed=3), **kwargs)
    key = ["USUBJID", "RULESET"]
    assert ordered.decisions.sort(key).equals(shuffled.decisions.sort(key))
    reasons = sorted(ordered.rejected.get_column("REASON").to_list())
    assert reasons == sorted(shuffled.rejected.get_column("REASON").to_list())


def _wide(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "USUBJID": pl.String,
            "ADT": pl.Date,
            "ROLE": pl.String,
            "upcr": pl.Float64,
            "upcr_UNIT": pl.String,
            "egfr": pl.Float64,
        },
    )


def test_wide_duplicates_and_reference_conflicts_are_reported_per_value() -> None:
    week52 = START + timedelta(days=364)
    m = _wide(
        [
            {"USUBJID": "p1", "ADT": START, "ROLE": "baseline", "upcr": 3.0, "upcr_UNIT": "g/g"},
            {"USUBJID": "p1", "ADT": week52, "upcr": 0.4, "upcr_UNIT": "g/g", "egfr": 80.0},
            # an identical copy of the UPCR, a different eGFR on the same day
            {"USUBJID": "p1", "ADT": week52, "upcr": 0.4, "upcr_UNIT": "g/g", "egfr": 81.0},
            # a second baseline date for p2: every p2 baseline value is refused
            {"USUBJID": "p2", "ADT": START, "ROLE": "baseline", "upcr": 3.0, "upcr_UNIT": "g/g"},
            {
                "USUBJID": "p2",
                "ADT": START - timedelta(days=1),
                "ROLE": "baseline",
                "egfr": 90.0,
            },
        ]
    )
    courses = pl.DataFrame({"USUBJID": ["p1", "p2"], "TRTSDT": [START, START]})
    result = derive_renal_response(m, courses=courses, units={"egfr": "mL/min/{1.73_m2}"})
    got = sorted((r["ROW"], r["FIELD"], r["REASON"]) for r in result.rejected.iter_rows(named=True))
    assert got == [
        (1, "egfr", "duplicate-conflict"),
        (2, "egfr", "duplicate-conflict"),
        (2, "upcr", "duplicate"),
        (3, "upcr", "reference-date-conflict"),
        (4, "egfr", "reference-date-conflict"),
    ]


def test_a_value_refused_by_the_detailed_pass_next_to_fast_values() -> None:
    week52 = START + timedelta(days=364)
    m = _wide(
        [
            {"USUBJID": "p1", "ADT": START, "ROLE": "baseline", "upcr": 3.0, "upcr_UNIT": "g/g"},
            {"USUBJID": "p1", "ADT": week52, "upcr": 0.4, "upcr_UNIT": "mg/l"},
            {"USUBJID": "p1", "ADT": week52 + timedelta(days=1), "upcr": 0.45, "upcr_UNIT": "g/g"},
            {"USUBJID": "p1", "ADT": week52 + timedelta(days=2), "upcr": 0.5, "upcr_UNIT": "G/G"},
        ]
    )
    courses = pl.DataFrame({"USUBJID": ["p1"], "TRTSDT": [START]})
    result = derive_renal_response(m, courses=courses)
    assert result.rejected.get_column("REASON").to_list() == ["unit-unknown", "unit-unknown"]
    assert result.decisions.get_column("CRIT_upcr-complete").to_list() == ["met"]
