"""Cohort face against hand-written polars, side by side: ``python benchmarks/run.py``.

1. **KDIGO 2024, 1,000,000 visit rows** (50,000 subjects x 20 visits, wide layout: UPCR with
   its unit and specimen, eGFR with its unit, a baseline row per subject). The hand-written
   baseline implements the same rule on the same inputs as a careful polars user would: the
   unit column converted to g/g, each datum matched separately to week 52 (nearest visit
   within 28 days, ties to the later), the baseline read from the ``ROLE`` column, percent
   changes from it, unknowns kept unknown (not evaluable), comparisons in float (exact
   boundaries are allowed to be float there). It has no rejected-rows table, flags, missing
   inputs, criterion or detail columns, and no exact tie-breaking. Target: the cohort face
   <= 2x. Peak memory: the resident-set growth of one cohort run over the process that has
   read the inputs (parquet) and imported the library, sampled every 2 ms, MiB (Linux).

Times are medians over two rounds of blocks (a warm-up, then ``BENCH_COHORT_REPEAT`` runs of
one function, then of the other); the machine is shared. The last row of each section counts
the subjects whose verdicts agree (must be all of them).
``BENCH_COHORT_ROWS`` scales the 1M-row case; ``BENCH_COHORT_REPEAT`` the number of runs.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl

ROWS = int(os.environ.get("BENCH_COHORT_ROWS", "1000000"))
REPEAT = int(os.environ.get("BENCH_COHORT_REPEAT", "5"))
VISITS = 20
EGFR_UNIT = "mL/min/{1.73_m2}"


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
    n = len(ids)
    wide = pl.DataFrame(
        {
            "USUBJID": ids,
            "ADT": dates,
            "ROLE": roles,
            "upcr": upcr,
            "upcr_UNIT": ["g/g"] * n,
            "upcr_SPECIMEN": ["24h"] * n,
            "egfr": egfr,
            "egfr_UNIT": [EGFR_UNIT] * n,
        }
    )
    courses = pl.DataFrame(
        {"USUBJID": [f"S{s:07d}" for s in range(subjects)], "TRTSDT": [start] * subjects}
    )
    return wide, courses


#: UPCR units a hand-written pipeline would convert (g/g per unit, float).
_UPCR_G_PER_G = {
    "g/g": 1.0,
    "mg/mg": 1.0,
    "mg/g": 0.001,
    "mg/mmol": 1 / 113.12,
    "g/mmol": 1000 / 113.12,
}


def hand_written_kdigo(wide: pl.DataFrame, courses: pl.DataFrame) -> pl.DataFrame:
    """KDIGO 2024 (default options) in plain polars: ``USUBJID, AVALC``."""
    w = wide.with_columns(
        upcr_gg=pl.col("upcr")
        * pl.col("upcr_UNIT").replace_strict(_UPCR_G_PER_G, default=None, return_dtype=pl.Float64),
        egfr_v=pl.when(pl.col("egfr_UNIT") == EGFR_UNIT).then(pl.col("egfr")),
    )
    base = w.filter(pl.col("ROLE") == "baseline").select(
        "USUBJID", pl.col("upcr_gg").alias("b_upcr"), pl.col("egfr_v").alias("b_egfr")
    )
    visits = w.filter(pl.col("ROLE") == "visit").join(courses, on="USUBJID")
    d = (pl.col("ADT") - (pl.col("TRTSDT") + pl.duration(days=364))).dt.total_days()

    def nearest(column: str) -> pl.DataFrame:
        return (
            visits.filter(pl.col(column).is_not_null() & (d.abs() <= 28))
            .with_columns(k=d.abs() * 2 + (d < 0).cast(pl.Int64))
            .filter(pl.col("k") == pl.col("k").min().over("USUBJID"))
            .select("USUBJID", column)
        )

    t = (
        courses.join(nearest("upcr_gg"), on="USUBJID", how="left")
        .join(nearest("egfr_v"), on="USUBJID", how="left")
        .join(base, on="USUBJID", how="left")
    )
    upcr, egfr, b_upcr, b_egfr = (pl.col(c) for c in ("upcr_gg", "egfr_v", "b_upcr", "b_egfr"))
    stable = pl.when(b_egfr != 0).then((b_egfr - egfr) / b_egfr * 100 <= 15)
    reduction = pl.when(b_upcr != 0).then((b_upcr - upcr) / b_upcr * 100 >= 50)
    complete = (upcr < 0.5) & stable
    partial = reduction & (upcr < 3) & stable
    verdict = (
        pl.when(complete)
        .then(pl.lit("complete"))
        .when(complete.is_null())
        .then(pl.lit("not_evaluable"))
        .when(partial)
        .then(pl.lit("partial"))
        .when(partial.is_null())
        .then(pl.lit("not_evaluable"))
        .otherwise(pl.lit("none"))
    )
    return t.select("USUBJID", verdict.alias("AVALC"))


def _median_times(runs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Median time of each run: two rounds of blocks (a warm-up, then ``repeat`` runs each)."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(2):
        for name, run in runs.items():
            run()  # warm-up
            for _ in range(repeat):
                t0 = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


_PEAK_CHILD = """
import os, sys, threading, time
import polars as pl
from lupus_nephritis.cohort import derive_renal_response
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE
mode, paths = sys.argv[1], sys.argv[2:]
tables = [pl.read_parquet(p) for p in paths]
if mode == "hand":
    sys.path.insert(0, BENCH_DIR)
    import bench_cohort
base = rss()
peak = [base]
done = threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.002)
thread = threading.Thread(target=sample)
thread.start()
if mode == "hand":
    bench_cohort.hand_written_kdigo(tables[0], tables[1])
else:
    derive_renal_response(tables[0], courses=tables[1], rule_sets=["kdigo-2024"])
done.set()
thread.join()
peak[0] = max(peak[0], rss())
print((peak[0] - base) / 2**20)
"""


def _peak_mib(tables: Sequence[pl.DataFrame], mode: str = "face") -> float:
    """Peak resident-set growth (MiB) of one run (``face`` or ``hand``) in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, table in enumerate(tables):
            path = os.path.join(folder, f"t{index}.parquet")
            table.write_parquet(path)
            paths.append(path)
        child = _PEAK_CHILD.replace("BENCH_DIR", repr(os.path.dirname(os.path.abspath(__file__))))
        out = subprocess.run(
            [sys.executable, "-c", child, mode, *paths], capture_output=True, text=True, check=True
        )
    return float(out.stdout.strip().splitlines()[-1])


def _agreement(face: pl.DataFrame, hand: pl.DataFrame) -> int:
    joined = face.select("USUBJID", "AVALC").join(hand, on="USUBJID", suffix="_hand")
    return joined.filter(pl.col("AVALC") == pl.col("AVALC_hand")).height


def kdigo_rows() -> list[tuple[str, float, float]]:
    """The KDIGO 2024 section."""
    from lupus_nephritis.cohort import derive_renal_response

    wide, courses = _data(ROWS)

    def face() -> Any:
        return derive_renal_response(wide, courses=courses, rule_sets=["kdigo-2024"])

    peak = _peak_mib([wide, courses])
    hand_peak = _peak_mib([wide, courses], "hand")
    result = face()
    hand_out = hand_written_kdigo(wide, courses)
    medians = _median_times(
        {"hand": lambda: hand_written_kdigo(wide, courses), "face": face}, REPEAT
    )
    hand, cohort = medians["hand"], medians["face"]
    return [
        (f"hand-written polars KDIGO 2024, {ROWS} rows (ms)", hand * 1000, 1.0),
        ("derive_renal_response kdigo-2024 (ms)", cohort * 1000, cohort / hand),
        ("peak RSS growth of the hand-written run (MiB)", hand_peak, 1.0),
        ("peak RSS growth of one cohort run (MiB)", peak, peak / hand_peak if hand_peak else 0.0),
        ("rows decided by the scalar path", float(result.scalar_rows.height), 0.0),
        (
            f"verdicts equal to the hand-written ones (of {hand_out.height})",
            float(_agreement(result.decisions, hand_out)),
            0.0,
        ),
    ]


def run() -> list[tuple[str, float, float]]:
    """Rows of (label, value, ratio to the hand-written polars version)."""
    return kdigo_rows()
