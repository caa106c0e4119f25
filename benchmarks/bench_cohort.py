"""Cohort face: 1,000,000 visit rows under KDIGO 2024 vs a hand-written polars expression.

The hand-written baseline assumes clean canonical units (g/g, reported eGFR) and no missing
data handling, rejected rows, flags or criterion columns: it is the floor a vectorised engine
is measured against (target: the cohort face <= 2x). Peak memory is the process's maximum RSS
growth during the cohort run (``resource.getrusage``), reported in MiB.
"""

from __future__ import annotations

import os
import random
import resource
import time
from datetime import date, timedelta

import polars as pl

ROWS = int(os.environ.get("BENCH_COHORT_ROWS", "1000000"))
VISITS = 20


def _data(rows: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(1)
    subjects = rows // VISITS
    start = date(2022, 1, 1)
    ids, dates, roles, upcr, egfr = [], [], [], [], []
    for s in range(subjects):
        for v in range(VISITS):
            ids.append(f"S{s:07d}")
            dates.append(start + timedelta(days=v * 28 - (1 if v == 0 else 0)))
            roles.append("baseline" if v == 0 else "visit")
            upcr.append(round(rng.uniform(0.05, 6.0), 2))
            egfr.append(float(rng.randrange(30, 120)))
    wide = pl.DataFrame(
        {
            "USUBJID": ids,
            "ADT": dates,
            "ROLE": roles,
            "upcr": upcr,
            "upcr_UNIT": ["g/g"] * len(ids),
            "upcr_SPECIMEN": ["24h"] * len(ids),
            "egfr": egfr,
        }
    )
    courses = pl.DataFrame(
        {"USUBJID": [f"S{s:07d}" for s in range(subjects)], "TRTSDT": [start] * subjects}
    )
    return wide, courses


def _hand_written(wide: pl.DataFrame, courses: pl.DataFrame) -> pl.DataFrame:
    base = wide.filter(pl.col("ROLE") == "baseline").select(
        "USUBJID", pl.col("upcr").alias("b_upcr"), pl.col("egfr").alias("b_egfr")
    )
    visits = wide.filter(pl.col("ROLE") == "visit").join(courses, on="USUBJID")
    d = (pl.col("ADT") - (pl.col("TRTSDT") + pl.duration(days=364))).dt.total_days()
    near = (
        visits.filter(d.abs() <= 28)
        .with_columns(k=d.abs() * 2 + (d < 0).cast(pl.Int64))
        .filter(pl.col("k") == pl.col("k").min().over("USUBJID"))
        .join(base, on="USUBJID", how="left")
    )
    stable = (pl.col("b_egfr") - pl.col("egfr")) / pl.col("b_egfr") * 100 <= 15
    reduction = (pl.col("b_upcr") - pl.col("upcr")) / pl.col("b_upcr") * 100 >= 50
    return near.select(
        "USUBJID",
        pl.when((pl.col("upcr") < 0.5) & stable)
        .then(pl.lit("complete"))
        .when(reduction & (pl.col("upcr") < 3) & stable)
        .then(pl.lit("partial"))
        .otherwise(pl.lit("none"))
        .alias("AVALC"),
    )


def run() -> list[tuple[str, float, float]]:
    """Rows of (label, value, ratio to the hand-written polars expression)."""
    from lupus_nephritis.cohort import derive_renal_response

    wide, courses = _data(ROWS)
    t0 = time.perf_counter()
    _hand_written(wide, courses)
    hand = time.perf_counter() - t0
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = derive_renal_response(wide, courses=courses, rule_sets=["kdigo-2024"])
    face = time.perf_counter() - t0
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    scalar = result.scalar_rows.height
    return [
        (f"hand-written polars, {ROWS} rows (ms)", hand * 1000, 1.0),
        ("derive_renal_response kdigo-2024 (ms)", face * 1000, face / hand),
        ("peak RSS growth of the cohort run (MiB)", peak, 0.0),
        ("rows decided by the scalar path (tie-breaks)", float(scalar), 0.0),
    ]
