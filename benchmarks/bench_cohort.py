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

2. **AURORA 1, 10,000 subjects x 20 visits** (long layout: UPCR in mg/mg with its specimen,
   eGFR, a baseline row per subject; one to four glucocorticoid dose records per subject, a
   taper with an occasional bump above 10 mg/day around weeks 44-52; rescue and adjudicated
   eGFR events; most courses with complete dose records). The hand-written baseline is the
   same rule with the rule set's default options as a careful polars user would write it:
   week-52 visits matched within 14 days (ties to the later), the numeric eGFR failure
   confirmed at the next eGFR measurement and counted only with an adjudicated eGFR event,
   no rescue from the start to the assessment, the dose records expanded to one row per day
   of weeks 44-52 (prednisone equivalents in float, uncovered days unknown unless the
   records are complete) for the consecutive-days and total-days clauses, the 50% UPCR
   reduction, the primary endpoint deciding; three-valued throughout. Targets: the cohort
   face <= 2 s and <= 10x.

3. **AURORA 2, 1,000 subjects x 20 visits** (the AURORA 1 data with visits every 60 days, to
   week 163): ``aurora-2-adequate-response``, ``aurora-2-good-renal-outcome`` and
   ``aurora-2-sustained-crr`` at month 36, the vectorised engine against the scalar path
   (``engine="scalar"``, timed once); the rows must be the same.

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


# ----------------------------------------------------------------------------- AURORA 1

AURORA_SUBJECTS = int(os.environ.get("BENCH_AURORA_SUBJECTS", "10000"))

#: Prednisone-equivalent factors of the drugs the AURORA data uses (hand-written, float).
_PREDNISONE_FACTOR = {"prednisone": 1.0, "methylprednisolone": 1.25}


def _aurora_data(subjects: int, spacing_days: int = 21) -> dict[str, pl.DataFrame]:
    rng = random.Random(52)
    start = date(2022, 1, 3)
    rows: dict[str, list[Any]] = {k: [] for k in ("USUBJID", "ADT", "PARAMCD", "AVAL", "AVALU")}
    rows["SPECIMEN"], rows["ROLE"] = [], []
    courses: dict[str, list[Any]] = {"USUBJID": [], "TRTSDT": [], "GC_RECORDS_COMPLETE": []}
    courses["ADJUDICATED_EGFR_EVENT"] = []
    doses: dict[str, list[Any]] = {k: [] for k in ("USUBJID", "ASTDT", "AENDT", "DOSE")}
    doses["DOSEU"], doses["DRUG"] = [], []
    events: dict[str, list[Any]] = {"USUBJID": [], "ADT": [], "EVENT": []}
    for s in range(subjects):
        sid = f"A{s:06d}"
        b_upcr = round(rng.uniform(1.5, 6.0), 2)
        b_egfr = float(rng.randrange(45, 120))
        for v in range(VISITS):
            offset = v * spacing_days - (1 if v == 0 else 0) + rng.choice([0, 0, 1, -2])
            day = start + timedelta(days=offset)
            role = "baseline" if v == 0 else "visit"
            upcr = b_upcr if v == 0 else round(b_upcr * rng.uniform(0.02, 1.1), 2)
            egfr = b_egfr if v == 0 else float(round(b_egfr * rng.uniform(0.6, 1.2)))
            for param, value, unit, specimen in (
                ("upcr", upcr, "mg/mg", "first_morning"),
                ("egfr", egfr, EGFR_UNIT, None),
            ):
                if v and rng.random() < 0.05:
                    continue  # a missed measurement
                rows["USUBJID"].append(sid)
                rows["ADT"].append(day)
                rows["PARAMCD"].append(param)
                rows["AVAL"].append(value)
                rows["AVALU"].append(unit)
                rows["SPECIMEN"].append(specimen)
                rows["ROLE"].append(role)
        courses["USUBJID"].append(sid)
        courses["TRTSDT"].append(start)
        courses["GC_RECORDS_COMPLETE"].append(rng.random() < 0.9)
        courses["ADJUDICATED_EGFR_EVENT"].append(rng.choice([None, True, False]))
        # a taper: 20 mg to week 8, 10 mg (or 7.5 mg) to week 30, 5 mg to week 60
        taper = [(0, 55, 20.0, "prednisone"), (56, 209, rng.choice([10.0, 7.5]), "prednisone")]
        taper.append((210, 420, 5.0, "prednisone"))
        if rng.random() < 0.3:  # a bump above 10 mg/day around weeks 44-52
            first = rng.randrange(300, 370)
            taper.append((first, first + rng.choice([1, 2, 3, 6, 8]), 8.0, "methylprednisolone"))
        for first, last, dose, drug in taper:
            doses["USUBJID"].append(sid)
            doses["ASTDT"].append(start + timedelta(days=first))
            doses["AENDT"].append(start + timedelta(days=last))
            doses["DOSE"].append(dose)
            doses["DOSEU"].append("mg")
            doses["DRUG"].append(drug)
        for kind in ("rescue_therapy", "adjudicated_egfr_event"):
            if rng.random() < 0.05:
                events["USUBJID"].append(sid)
                events["ADT"].append(start + timedelta(days=rng.randrange(0, 400)))
                events["EVENT"].append(kind)
    return {
        "measurements": pl.DataFrame(rows),
        "courses": pl.DataFrame(courses, schema_overrides={"ADJUDICATED_EGFR_EVENT": pl.Boolean}),
        "doses": pl.DataFrame(doses),
        "events": pl.DataFrame(events, schema_overrides={"ADT": pl.Date}),
    }


def hand_written_aurora(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """AURORA 1 (default options) in plain polars, one lazy query: ``USUBJID, AVALC``."""
    lazy = {name: table.lazy() for name, table in tables.items()}
    m, courses = lazy["measurements"], lazy["courses"]
    courses = courses.with_columns(t=pl.col("TRTSDT") + pl.duration(days=364))
    long = m.join(courses.select("USUBJID", "TRTSDT", "t"), on="USUBJID")
    base = (
        long.filter(pl.col("ROLE") == "baseline")
        .group_by("USUBJID")
        .agg(
            pl.col("AVAL").filter(pl.col("PARAMCD") == "upcr").first().alias("b_upcr"),
            pl.col("AVAL").filter(pl.col("PARAMCD") == "egfr").first().alias("b_egfr"),
        )
    )
    visits = long.filter(pl.col("ROLE") == "visit")
    d = (pl.col("ADT") - pl.col("t")).dt.total_days()

    def nearest(param: str, name: str) -> pl.LazyFrame:
        return (
            visits.filter((pl.col("PARAMCD") == param) & (d.abs() <= 14))
            .with_columns(k=d.abs() * 2 + (d < 0).cast(pl.Int64))
            .filter(pl.col("k") == pl.col("k").min().over("USUBJID"))
            .select("USUBJID", pl.col("AVAL").alias(name), pl.col("ADT").alias(name + "_on"))
        )

    egfr_visits = visits.filter(pl.col("PARAMCD") == "egfr").select("USUBJID", "ADT", "AVAL")
    matched = nearest("egfr", "egfr")
    confirm = (
        matched.join(egfr_visits, on="USUBJID")
        .filter(pl.col("ADT") > pl.col("egfr_on"))
        .sort("ADT")
        .group_by("USUBJID")
        .agg(pl.col("AVAL").first().alias("c_egfr"))
    )
    ev = lazy["events"].join(courses.select("USUBJID", "TRTSDT", "t"), on="USUBJID")
    ev = ev.filter((pl.col("ADT") >= pl.col("TRTSDT")) & (pl.col("ADT") <= pl.col("t")))
    flags = ev.group_by("USUBJID").agg(
        (pl.col("EVENT") == "rescue_therapy").any().alias("rescue"),
        (pl.col("EVENT") == "adjudicated_egfr_event").any().alias("adj_event"),
    )
    # doses: one row per day of the window (weeks 44-52: the 8 weeks up to the assessment)
    # one integer key per subject and day (string keys are slow to hash at this scale)
    numbered = courses.with_row_index("sidx")
    bounds = numbered.select(
        "USUBJID",
        "sidx",
        "GC_RECORDS_COMPLETE",
        pl.max_horizontal(pl.col("t") - pl.duration(days=56), pl.col("TRTSDT")).alias("w1"),
        pl.col("t").alias("w2"),
    )

    def key(day: str) -> pl.Expr:
        return pl.col("sidx").cast(pl.Int64) * (1 << 22) + pl.col(day).cast(pl.Int32)

    window = (
        bounds.select(
            "USUBJID", "sidx", "GC_RECORDS_COMPLETE", pl.date_ranges("w1", "w2").alias("day")
        )
        .explode("day")
        .with_columns(k=key("day"))
    )
    covered = (
        lazy["doses"]
        .join(bounds, on="USUBJID")
        .with_columns(
            mg=pl.col("DOSE") * pl.col("DRUG").replace_strict(_PREDNISONE_FACTOR, default=None),
            lo=pl.max_horizontal("ASTDT", "w1"),
            hi=pl.min_horizontal("AENDT", "w2"),
        )
        .filter(pl.col("lo") <= pl.col("hi"))
        .select("sidx", "mg", pl.date_ranges("lo", "hi").alias("day"))
        .explode("day")
        .group_by(key("day").alias("k"))
        .agg(pl.col("mg").sum())
    )
    days = window.join(covered, on="k", how="left").with_columns(
        known=pl.col("mg").is_not_null() | pl.col("GC_RECORDS_COMPLETE"),
    )
    days = days.with_columns(
        above=pl.col("known") & (pl.col("mg").fill_null(0.0) > 10),
        worst=~pl.col("known") | (pl.col("mg").fill_null(0.0) > 10),
    ).sort("k")

    def longest(flag: str) -> pl.LazyFrame:
        run = (pl.col(flag) != pl.col(flag).shift(1).over("sidx")).fill_null(True).cum_sum()
        return (
            days.with_columns(_run=run)
            .group_by("sidx", "_run")
            .agg(pl.col(flag).sum().alias("_n"))
            .group_by("sidx")
            .agg(pl.col("_n").max().alias(flag[0] + "_run"))
        )

    steroid = (
        days.group_by("sidx")
        .agg(
            pl.col("USUBJID").first(),
            pl.col("above").sum().alias("k_total"),
            pl.col("worst").sum().alias("w_total"),
        )
        .join(longest("above").rename({"a_run": "k_run"}), on="sidx")
        .join(longest("worst"), on="sidx")
        .drop("sidx")
    )
    t = (
        courses.join(nearest("upcr", "upcr"), on="USUBJID", how="left")
        .join(matched, on="USUBJID", how="left")
        .join(confirm, on="USUBJID", how="left")
        .join(base, on="USUBJID", how="left")
        .join(flags, on="USUBJID", how="left")
        .join(steroid, on="USUBJID", how="left")
    )
    upcr, egfr, c_egfr = pl.col("upcr"), pl.col("egfr"), pl.col("c_egfr")
    b_upcr, b_egfr = pl.col("b_upcr"), pl.col("b_egfr")

    def fails(value: pl.Expr) -> pl.Expr:
        decline = pl.when(b_egfr != 0).then((b_egfr - value) / b_egfr * 100)
        return ~(value >= 60) & ~(decline <= 20)

    failure = fails(egfr)
    not_confirmed = (
        pl.when(failure.not_())
        .then(True)
        .when(failure.is_null())
        .then(None)
        .when(c_egfr.is_not_null())
        .then(fails(c_egfr).not_())
    )
    adjudicated = (
        pl.when(pl.col("adj_event").fill_null(False))
        .then(True)
        .otherwise(pl.col("ADJUDICATED_EGFR_EVENT"))
    )
    kidney = (egfr >= 60) | pl.when(b_egfr != 0).then((b_egfr - egfr) / b_egfr * 100 <= 20)
    kidney = kidney | not_confirmed | adjudicated.not_()
    breach_consecutive = (
        pl.when(pl.col("k_run") >= 3).then(True).when(pl.col("w_run") < 3).then(False)
    )
    breach_total = (
        pl.when(pl.col("k_total") >= 7).then(True).when(pl.col("w_total") < 7).then(False)
    )
    steroid_ok = (breach_consecutive | breach_total).not_()
    no_rescue = pl.col("rescue").fill_null(False).not_()
    complete = (upcr <= 0.5) & kidney & no_rescue & steroid_ok
    partial = pl.when(b_upcr != 0).then((b_upcr - upcr) / b_upcr * 100 >= 50)
    verdict = (
        pl.when(complete)
        .then(pl.lit("complete"))
        .when(complete.is_null())
        .then(pl.lit("not_evaluable"))
        .when(partial)
        .then(pl.lit("partial"))
        .when(partial.is_null())
        .then(pl.lit("not_evaluable"))  # primary decided, partial not computable
        .otherwise(pl.lit("none"))
    )
    return t.select("USUBJID", verdict.alias("AVALC")).collect()


def aurora_rows() -> list[tuple[str, float, float]]:
    """The AURORA 1 section."""
    from lupus_nephritis.cohort import derive_renal_response

    tables = _aurora_data(AURORA_SUBJECTS)

    def face() -> Any:
        return derive_renal_response(
            tables["measurements"],
            courses=tables["courses"],
            doses=tables["doses"],
            events=tables["events"],
            rule_sets=["aurora-1"],
        )

    result = face()
    hand_out = hand_written_aurora(tables)
    medians = _median_times({"hand": lambda: hand_written_aurora(tables), "face": face}, REPEAT)
    hand, cohort = medians["hand"], medians["face"]
    n = AURORA_SUBJECTS
    return [
        (f"hand-written polars AURORA 1, {n} subjects x {VISITS} visits (ms)", hand * 1000, 1.0),
        ("derive_renal_response aurora-1 (ms)", cohort * 1000, cohort / hand),
        ("rows decided by the scalar path", float(result.scalar_rows.height), 0.0),
        (
            f"verdicts equal to the hand-written ones (of {hand_out.height})",
            float(_agreement(result.decisions, hand_out)),
            0.0,
        ),
    ]


AURORA_2_SUBJECTS = int(os.environ.get("BENCH_AURORA_2_SUBJECTS", "1000"))
AURORA_2_RULE_SETS = [
    "aurora-2-adequate-response",
    "aurora-2-good-renal-outcome",
    "aurora-2-sustained-crr",
]


def aurora_2_rows() -> list[tuple[str, float, float]]:
    """The AURORA 2 section: the span-of-visits endpoints, vectorised against the scalar path."""
    from lupus_nephritis.cohort import derive_renal_response

    tables = _aurora_data(AURORA_2_SUBJECTS, spacing_days=60)  # 20 visits to week 163

    def call(engine: str) -> Any:
        return derive_renal_response(
            tables["measurements"],
            courses=tables["courses"],
            doses=tables["doses"],
            events=tables["events"],
            rule_sets=AURORA_2_RULE_SETS,
            engine=engine,
        )

    vectorised = call("auto")
    scalar = call("scalar")
    medians = _median_times({"face": lambda: call("auto")}, REPEAT)
    started = time.perf_counter()
    call("scalar")
    scalar_s = time.perf_counter() - started
    n = AURORA_2_SUBJECTS
    face = medians["face"]
    # the same rows (the column order of the two tables may differ: first seen, per engine)
    names = sorted(vectorised.decisions.columns)
    equal = (
        vectorised.decisions.select(names)
        .sort("USUBJID", "RULESET")
        .equals(
            scalar.decisions.select(sorted(scalar.decisions.columns)).sort("USUBJID", "RULESET")
        )
    )
    return [
        (f"scalar path, AURORA 2 (3 rule sets), {n} x {VISITS} (ms)", scalar_s * 1000, 1.0),
        ("derive_renal_response AURORA 2, vectorised (ms)", face * 1000, face / scalar_s),
        ("rows decided by the scalar path", float(vectorised.scalar_rows.height), 0.0),
        ("rows equal to the scalar path's (1 = all)", float(equal), 0.0),
    ]


def run() -> list[tuple[str, float, float]]:
    """Rows of (label, value, ratio to the hand-written polars version)."""
    return kdigo_rows() + aurora_rows() + aurora_2_rows()
