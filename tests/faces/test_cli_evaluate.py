"""``lupus-nephritis evaluate`` and the CLI's error contract (exit 2, ``error:`` naming field and
value), checked against the scalar API as the oracle."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from _fhir_fixtures import EXAMPLES

from lupus_nephritis import (
    assess_biopsy_indication,
    check_regimen_eligibility,
    classify_renal_response,
    list_rule_sets,
)
from lupus_nephritis.cli import main
from lupus_nephritis.cli_evaluate import LOADERS, SUFFIX_FORMATS, detect_format
from lupus_nephritis.errors import InputError
from lupus_nephritis.fhir import read_fhir

BUNDLE = EXAMPLES / "fhir" / "ln-patient-bundle.json"
COURSE = {
    "start_date": "2024-01-08",
    "baseline": {"date": "2024-01-08", "upcr": "3.2 g/g", "egfr": "78 mL/min/{1.73_m2}"},
    "visits": [{"date": "2025-01-06", "upcr": "52 mg/mmol", "egfr": "84 mL/min/{1.73_m2}"}],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def course_file(tmp_path: Path) -> Path:
    path = tmp_path / "course.json"
    path.write_text(json.dumps(COURSE), encoding="utf-8")
    return path


def test_evaluate_a_json_course_matches_the_api(
    capsys: pytest.CaptureFixture[str], course_file: Path
) -> None:
    code, out, _ = run(capsys, "evaluate", str(course_file), "--rule-set", "kdigo-2024")
    assert code == 0
    (decision,) = json.loads(out)["decisions"]
    expected = classify_renal_response(COURSE, "kdigo-2024")
    assert decision == json.loads(expected.to_json())


def test_evaluate_a_fhir_bundle_matches_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(BUNDLE), "--rule-set", "aurora-1")
    assert code == 0
    payload = json.loads(out)
    course = read_fhir(json.loads(BUNDLE.read_text())).to_course()
    assert payload["decisions"][0] == json.loads(
        classify_renal_response(course, "aurora-1").to_json()
    )
    assert payload["unmapped"] == []


def test_evaluate_all_rule_sets_of_a_kind(
    capsys: pytest.CaptureFixture[str], course_file: Path
) -> None:
    code, out, _ = run(capsys, "evaluate", str(course_file), "--all-rule-sets", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["rule_set"] for r in rows] == [r.key for r in list_rule_sets("response")]
    assert set(rows[0]) >= {"rule_set", "verdict", "missing_inputs", "summary"}


def test_evaluate_table_output(capsys: pytest.CaptureFixture[str], course_file: Path) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        str(course_file),
        "--rule-set",
        "kdigo-2024",
        "--rule-set",
        "eular-2012",
        "--format",
        "table",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["rule_set", "kind", "verdict"]
    assert lines[2].startswith("kdigo-2024@") and lines[3].startswith("eular-2012@")


def test_evaluate_biopsy_and_eligibility_from_a_fhir_bundle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        str(BUNDLE),
        "--rule-set",
        "kdigo-2024-biopsy",
        "--rule-set",
        "us-labels",
        "--regimen",
        "mmf,voclosporin,gc",
    )
    assert code == 0
    biopsy, eligibility = json.loads(out)["decisions"]
    data = read_fhir(json.loads(BUNDLE.read_text()))
    assert biopsy == json.loads(
        assess_biopsy_indication(data.to_biopsy_findings(), "kdigo-2024-biopsy").to_json()
    )
    expected = check_regimen_eligibility(
        {"drugs": ["mmf", "voclosporin", "gc"]}, data.to_patient_context(), "us-labels"
    )
    assert eligibility == json.loads(expected.to_json())


def test_evaluate_an_eligibility_json_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "check.json"
    path.write_text(
        json.dumps(
            {"regimen": {"drugs": ["belimumab", "mmf"]}, "patient": {"egfr": "25 mL/min/{1.73_m2}"}}
        )
    )
    code, out, _ = run(capsys, "evaluate", str(path), "--rule-set", "kdigo-2024-regimens")
    assert code == 0
    decision = json.loads(out)["decisions"][0]
    assert decision["rule_set_id"] == "kdigo-2024-regimens"


def test_at_takes_a_week_or_a_date(capsys: pytest.CaptureFixture[str], course_file: Path) -> None:
    code, out, _ = run(capsys, "evaluate", str(course_file), "--at", "52")
    assert code == 0 and json.loads(out)["decisions"][0]["assessed_on"] == "2025-01-06"
    code, _, err = run(capsys, "evaluate", str(course_file), "--at", "soon")
    assert code == 2 and err.startswith("error: --at: 'soon'")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--rule-set", "nope"], "nope"),
        (["--rule-set", "ckd-epi-2021-cr"], "evaluate reads"),
        (["--all-rule-sets", "--rule-set", "kdigo-2024"], "cannot be combined"),
        (["--kind", "biopsy", "--rule-set", "kdigo-2024"], "is a response rule set, not biopsy"),
    ],
)
def test_rule_set_errors_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], course_file: Path, argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, "evaluate", str(course_file), *argv)
    assert code == 2 and err.startswith("error:") and message in err


def test_an_invalid_course_names_the_field_and_the_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    bad = json.loads(json.dumps(COURSE))
    bad["visits"][0]["upcr"] = "52 mg/L"
    path.write_text(json.dumps(bad))
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 2
    assert err.startswith("error: ")
    assert "visits.0.upcr" in err and "mg/L" in err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{not json", "x.json", "not JSON"),
        ("[1, 2]", "x.json", "expected a JSON object"),
        ("{}", "x.txt", "cannot tell the format"),
        ('{"course": {}, "extra": 1}', "x.json", "unknown top-level keys"),
    ],
)
def test_file_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 2 and message in err


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "evaluate", str(tmp_path / "none.json"))
    assert code == 2 and "no such file" in err


def test_a_fhir_bundle_without_a_treatment_start_explains_the_start_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(BUNDLE.read_text())
    data["entry"] = [
        e for e in data["entry"] if e["resource"]["resourceType"] != "MedicationRequest"
    ]
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 2 and "start_date" in err
    code, out, _ = run(capsys, "evaluate", str(path), "--start-date", "2024-01-08")
    assert code == 0 and json.loads(out)["decisions"][0]["verdict"]


def test_cohort_formats_dispatch_to_the_cohort_plug_in_point(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "registry.csv"
    path.write_text("subject,date\n")
    code, _, err = run(capsys, "evaluate", str(path))
    # read by the cohort engine (tests/faces/test_cli_cohort.py): its column check answers
    assert code == 2 and "no subject column 'USUBJID'" in err


def test_format_detection() -> None:
    assert detect_format(Path("a.json"), None) == "json"
    assert detect_format(Path("a.fhir.json"), None) == "fhir"
    assert detect_format(Path("a.parquet"), None) == "parquet"
    assert detect_format(Path("a.txt"), "fhir") == "fhir"
    with pytest.raises(InputError):
        detect_format(Path("a.json"), "xml")
    assert set(SUFFIX_FORMATS.values()) - {"csv", "parquet"} <= set(LOADERS)


# ----------------------------------------------------------------------------- egfr command


def test_egfr_needs_age_exits_2_with_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "egfr", "--creatinine", "1.0", "--sex", "male")
    assert code == 2 and err.startswith("error: --age:")


def test_egfr_unknown_equation_exits_2_with_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "egfr", "--equation", "nope")
    assert code == 2 and err.startswith("error: --equation: unknown equation 'nope'")


def test_egfr_needs_creatinine_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "egfr", "--age", "50", "--sex", "male")
    assert code == 2 and err.startswith("error: --creatinine:")


def test_is_black_under_a_race_free_equation_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "egfr", "--creatinine", "1", "--age", "50", "--sex", "male", "--is-black"
    )
    assert code == 2 and err.startswith("error: --is-black:")


def test_is_black_is_accepted_by_the_2009_equation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "egfr",
        "--equation",
        "ckd-epi-2009-cr",
        "--creatinine",
        "1",
        "--age",
        "50",
        "--sex",
        "male",
        "--is-black",
    )
    assert code == 0 and out.startswith("101.3")


def test_the_umol_hint_names_the_creatinine_unit_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "egfr", "--creatinine", "88", "--age", "50", "--sex", "male")
    assert code == 2 and "--creatinine-unit umol/L" in err


@pytest.mark.parametrize(
    "model", ["course", "visit", "patient", "dose", "findings", "regimen", "context"]
)
def test_schema_for_every_input_model(capsys: pytest.CaptureFixture[str], model: str) -> None:
    code, out, _ = run(capsys, "schema", model)
    schema: dict[str, Any] = json.loads(out)
    assert code == 0 and ("properties" in schema or "anyOf" in schema)
