"""``lupus-nephritis evaluate`` on CSV and Parquet cohort files (real files in tmp_path).

The oracle is the library: the CLI's rows equal ``derive_renal_response`` on the same tables,
and those equal the scalar path (``classify_renal_response``) for a subject checked by hand.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from lupus_nephritis import classify_renal_response, list_rule_sets
from lupus_nephritis.cli import main
from lupus_nephritis.cli_cohort import coerce_options, parse_pairs
from lupus_nephritis.cohort import Columns, derive_renal_response
from lupus_nephritis.errors import InputError

LONG = pl.DataFrame(
    {
        "USUBJID": ["p1", "p1", "p1", "p1", "p2", "p2", "p3"],
        "ADT": [
            *("2024-01-01", "2024-01-01", "2024-12-30", "2024-12-30"),
            *("2024-01-01", "2024-12-30", "2024-06-01"),
        ],
        "PARAMCD": ["upcr", "egfr", "upcr", "egfr", "upcr", "upcr", "upcr"],
        "AVAL": ["3.0", "90", "0.4", "88", "2.5", "50", "1.2"],
        "AVALU": ["g/g", "mL/min/{1.73_m2}", "g/g", "mL/min/{1.73_m2}", "g/g", "g/g", "g/g"],
        "SPECIMEN": ["24h", None, "24h", None, "24h", "24h", "24h"],
        "ROLE": ["baseline", "baseline", "visit", "visit", "baseline", "visit", "visit"],
        "TRTSDT": ["2024-01-01"] * 6 + ["2024-01-15"],
    }
)
P1_COURSE = {
    "start_date": "2024-01-01",
    "baseline": {
        "date": "2024-01-01",
        "upcr": {"value": "3.0", "unit": "g/g", "specimen": "24h"},
        "egfr": "90 mL/min/{1.73_m2}",
    },
    "visits": [
        {
            "date": "2024-12-30",
            "upcr": {"value": "0.4", "unit": "g/g", "specimen": "24h"},
            "egfr": "88 mL/min/{1.73_m2}",
        }
    ],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def long_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.csv"
    LONG.write_csv(path)
    return path


def _library(rule_sets: list[str], **kwargs: object) -> pl.DataFrame:
    return _result(rule_sets, **kwargs).decisions


def _result(rule_sets: list[str], **kwargs: object) -> Any:
    courses = LONG.select("USUBJID", "TRTSDT").unique(maintain_order=True)
    return derive_renal_response(LONG, courses=courses, rule_sets=rule_sets, **kwargs)


def _as_text(frame: pl.DataFrame) -> list[dict[str, str]]:
    return [
        {
            k: "" if v is None else (v.isoformat() if isinstance(v, date) else str(v))
            for k, v in r.items()
        }
        for r in frame.iter_rows(named=True)
    ]


# ----------------------------------------------------------------------------- outputs


def test_long_csv_json_output_equals_the_library_and_the_scalar_path(capsys, long_csv) -> None:
    code, out, err = run(capsys, "evaluate", str(long_csv), "--no-progress")
    assert code == 0
    payload = json.loads(out)
    want = json.loads(json.dumps(_library(["kdigo-2024"]).to_dicts(), default=str))
    assert payload["decisions"] == want
    p1 = next(r for r in payload["decisions"] if r["USUBJID"] == "p1")
    scalar = classify_renal_response(P1_COURSE, "kdigo-2024").to_row()
    assert {k: v for k, v in p1.items() if v is not None and k != "USUBJID"} == {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in scalar.items() if v is not None
    }
    assert payload["rejected"][0]["REASON"] == "unit-mixup-suspected"
    assert payload["rejected"][0]["ROW"] == 5  # the file's data row
    assert payload["engines"] == dict(_result(["kdigo-2024"]).engines)
    assert "3 decision row(s) for 3 subject(s)" in err
    assert "1 input row(s) rejected: unit-mixup-suspected 1" in err


def test_csv_output_has_every_decision_column(capsys, long_csv) -> None:
    argv = ["evaluate", str(long_csv), "--rule-set", "kdigo-2021", "--rule-set", "eular-2012"]
    code, out, _ = run(capsys, *argv, "--format", "csv", "--no-progress")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == _as_text(_library(["kdigo-2021", "eular-2012"]))


def test_table_output_lists_subject_rule_set_and_verdict(capsys, long_csv) -> None:
    code, out, _ = run(capsys, "evaluate", str(long_csv), "--format", "table", "--no-progress")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["USUBJID", "RULESET", "ADT", "AVALC", "MISSING", "FLAGS"]
    assert lines[2].split()[:4] == ["p1", "kdigo-2024@1.1.0", "2024-12-30", "complete"]


def test_parquet_output_and_rejected_file(capsys, long_csv, tmp_path) -> None:
    out_file, rejected = tmp_path / "decisions.parquet", tmp_path / "rejected.csv"
    code, out, err = run(
        capsys, "evaluate", str(long_csv), "--format", "parquet", "--output", str(out_file),
        "--rejected", str(rejected), "--no-progress",
    )  # fmt: skip
    assert code == 0 and out == ""
    decisions = pl.read_parquet(out_file)
    assert decisions.equals(_library(["kdigo-2024"]))
    rows = list(csv.DictReader(io.StringIO(rejected.read_text())))
    assert [(r["ROW"], r["REASON"], r["SUGGESTED_UNIT"]) for r in rows] == [
        ("5", "unit-mixup-suspected", "mg/mmol")
    ]
    assert "rejected" in err


def test_rejected_rows_as_parquet_and_json_to_a_file(capsys, long_csv, tmp_path) -> None:
    rejected, out_file = tmp_path / "rejected.parquet", tmp_path / "out.json"
    code, out, _ = run(
        capsys, "evaluate", str(long_csv), "--rejected", str(rejected), "--output",
        str(out_file), "--no-progress",
    )  # fmt: skip
    assert code == 0 and out == ""
    assert pl.read_parquet(rejected).get_column("REASON").to_list() == ["unit-mixup-suspected"]
    assert json.loads(out_file.read_text())["decisions"]


def test_progress_bars_are_on_by_default_on_stderr(capsys, long_csv) -> None:
    _, _, err = run(capsys, "evaluate", str(long_csv))
    assert "rule sets" in err
    _, _, quiet = run(capsys, "evaluate", str(long_csv), "--no-progress")
    assert "rule sets" not in quiet


# ----------------------------------------------------------------------------- inputs


def test_wide_parquet_with_renamed_columns_and_side_tables(capsys, tmp_path) -> None:
    wide = pl.DataFrame(
        {
            "PATID": [1, 1, 2, 2],
            "VISITDT": [date(2024, 1, 1), date(2024, 12, 30)] * 2,
            "ROLE": ["baseline", "visit"] * 2,
            "UPCR": [3.0, 0.4, 2.0, 1.9],
            "UPCR_U": ["g/g"] * 4,
            "GFR": [90, 88, 70, 40],
        }
    )
    courses = pl.DataFrame({"PATID": [1, 2], "TRTSDT": [date(2024, 1, 1)] * 2})
    patients = pl.DataFrame({"PATID": ["1", "2"], "SEX": ["female", "male"], "AGE": ["40", "55"]})
    events = pl.DataFrame({"PATID": ["2"], "VISITDT": ["2024-05-01"], "EVENT": ["rescue_therapy"]})
    paths = {}
    for name, frame in {"m": wide, "c": courses}.items():
        paths[name] = tmp_path / f"{name}.parquet"
        frame.write_parquet(paths[name])
    for name, frame in {"p": patients, "e": events}.items():
        paths[name] = tmp_path / f"{name}.csv"
        frame.write_csv(paths[name])
    argv = [
        "evaluate", str(paths["m"]), "--layout", "wide", "--column", "subject=PATID",
        "--column", "date=VISITDT", "--column", "unit_suffix=_U", "--parameter", "UPCR=upcr",
        "--parameter", "GFR=egfr", "--unit", "GFR=mL/min/{1.73_m2}", "--courses",
        str(paths["c"]), "--patients", str(paths["p"]), "--events", str(paths["e"]),
        "--rule-set", "kdigo-2021", "--option", "policy=intercurrent-event-non-responder",
        "--option", "kdigo-2021:stability_band=15", "--no-progress",
    ]  # fmt: skip
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    want = derive_renal_response(
        wide,
        courses=courses,
        patients=patients,
        events=events,
        rule_sets=["kdigo-2021"],
        columns=Columns(subject="PATID", date="VISITDT", unit_suffix="_U"),
        layout="wide",
        parameters={"UPCR": "upcr", "GFR": "egfr"},
        units={"GFR": "mL/min/{1.73_m2}"},
        options={"kdigo-2021": {"stability_band": 15}},
        policy="intercurrent-event-non-responder",
    ).decisions
    assert json.loads(out)["decisions"] == json.loads(json.dumps(want.to_dicts(), default=str))
    verdicts = {r["PATID"]: r["AVALC"] for r in json.loads(out)["decisions"]}
    assert verdicts == {1: "complete", 2: "none"}  # subject 2: rescue therapy


def test_doses_file_feeds_the_steroid_rule(capsys, long_csv, tmp_path) -> None:
    # AURORA 1 fails when prednisone > 10 mg/day on >= 3 consecutive days in weeks 44-52.
    doses = pl.DataFrame(
        {
            "USUBJID": ["p1", "p2"],
            "ASTDT": ["2024-12-01", "2024-12-01"],
            "AENDT": ["2024-12-03", "2024-12-02"],
            "DOSE": ["20", "20"],
            "DOSEU": ["mg", "mg"],
            "DRUG": ["prednisone", "prednisone"],
        }
    )
    path = tmp_path / "doses.csv"
    doses.write_csv(path)
    argv = ["evaluate", str(long_csv), "--rule-set", "aurora-1", "--no-progress"]
    code, out, err = run(capsys, *argv, "--doses", str(path))
    assert code == 0, err
    rows = {r["USUBJID"]: r for r in json.loads(out)["decisions"]}
    want = _library(["aurora-1"], doses=doses)
    assert json.loads(out)["decisions"] == json.loads(json.dumps(want.to_dicts(), default=str))
    # p1: three days above 10 mg/day breach the rule; p2: two days do not.
    assert rows["p1"]["CRIT_steroid-rule"] == "not_met"
    assert rows["p1"]["CRIT_steroid-rule-consecutive-days"] == "met"
    assert rows["p2"]["CRIT_steroid-rule-consecutive-days"] != "met"
    _, without, _ = run(capsys, *argv)
    assert {r["USUBJID"]: r for r in json.loads(without)["decisions"]}["p1"][
        "CRIT_steroid-rule"
    ] == "unknown"


def test_doses_file_must_be_a_table(capsys, long_csv, tmp_path) -> None:
    path = tmp_path / "doses.txt"
    path.write_text("x")
    code, _, err = run(capsys, "evaluate", str(long_csv), "--doses", str(path))
    assert code == 2
    assert "--doses" in err


def test_assessment_weeks_in_a_csv_file_are_study_weeks(capsys, long_csv, tmp_path) -> None:
    path = tmp_path / "at.csv"
    pl.DataFrame({"USUBJID": ["p1", "p1", "p2"], "AT": ["26", "52", "52"]}).write_csv(path)
    code, out, _ = run(
        capsys, "evaluate", str(long_csv), "--assessments", str(path), "--no-progress"
    )
    assert code == 0
    rows = json.loads(out)["decisions"]
    assert [(r["USUBJID"], r["ADT"]) for r in rows] == [
        ("p1", "2024-07-01"),
        ("p1", "2024-12-30"),
        ("p2", "2024-12-30"),
    ]


def test_all_rule_sets_evaluates_every_response_rule_set(capsys, long_csv) -> None:
    code, out, err = run(capsys, "evaluate", str(long_csv), "--all-rule-sets", "--no-progress")
    assert code == 0, err
    keys = {r["RULESET"] for r in json.loads(out)["decisions"]}
    assert keys == {r.key for r in list_rule_sets("response")}


# ----------------------------------------------------------------------------- errors


def test_engine_vectorised_refuses_a_rule_set_without_compiler(capsys, long_csv, monkeypatch):
    from lupus_nephritis.cohort._response import COMPILERS

    monkeypatch.delitem(COMPILERS, "aurora-2-good-renal-outcome@1.0.0")
    argv = ["--engine", "vectorised", "--rule-set", "aurora-2-good-renal-outcome"]
    code, out, err = run(capsys, "evaluate", str(long_csv), "--no-progress", *argv)
    assert code == 2 and out == ""
    assert "not vectorised" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--column", "patient=ID"], "--column patient=ID: 'patient' is not a column role"),
        (["--column", "subject=ID"], "no subject column 'ID' (columns: USUBJID"),
        (["--column", "subject"], "--column 'subject': expected NAME=VALUE"),
        (["--courses", "missing.csv"], "--courses 'missing.csv': no such file"),
        (["--courses", "c.txt"], "--courses 'c.txt': the file must end with"),
        (["--option", "stability_band=12"], "option stability_band=12 is not one of"),
        (["--option", "eular-2012:reference=x"], "rule set 'eular-2012' is not evaluated"),
        (["--option", "nope=1"], "nope"),
        (["--rule-set", "kdigo-2024-biopsy"], "is a biopsy rule set"),
        (["--start-date", "2024-01-01"], "--start-date: not for cohort input"),
        (["--regimen", "mmf"], "--regimen: not for cohort input"),
        (["--format", "parquet"], "--format parquet: pass --output"),
        (["--rejected", "r.txt"], "--rejected 'r.txt': the file must end with"),
        (["--at", "x"], "--at: 'x' is neither a study week nor a date"),
    ],
)
def test_bad_options_exit_2_naming_the_option_and_value(
    capsys, long_csv, monkeypatch, extra, message
) -> None:
    monkeypatch.chdir(long_csv.parent)
    code, out, err = run(capsys, "evaluate", str(long_csv), "--no-progress", *extra)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err, err


def test_unreadable_and_courseless_files_exit_2(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    code, _, err = run(capsys, "evaluate", str(bad))
    assert code == 2 and "not a readable parquet file" in err
    no_start = tmp_path / "m.csv"
    LONG.drop("TRTSDT").write_csv(no_start)
    code, _, err = run(capsys, "evaluate", str(no_start))
    assert code == 2 and "pass --courses FILE (USUBJID, TRTSDT)" in err


def test_cohort_options_are_refused_for_a_json_course(capsys, tmp_path) -> None:
    path = tmp_path / "course.json"
    path.write_text(json.dumps(P1_COURSE))
    code, _, err = run(capsys, "evaluate", str(path), "--courses", "c.csv")
    assert code == 2 and "--courses: only for cohort input" in err
    code, _, err = run(capsys, "evaluate", str(path), "--format", "parquet")
    assert code == 2 and "--format parquet: only for cohort input" in err


def test_parse_pairs_and_option_typing() -> None:
    assert parse_pairs(["a=1", " b = x "], "--f") == {"a": "1", "b": "x"}
    with pytest.raises(InputError, match="given twice"):
        parse_pairs(["a=1", "a=2"], "--f")
    shared, per = coerce_options(
        ["kdigo-2021@1.0.0", "eular-2012@1.0.0"],
        {"policy": "non-responder", "kdigo-2021:stability_band": "15"},
    )
    assert shared == {"policy": "non-responder"}
    assert per == {"kdigo-2021": {"stability_band": 15}}
