from __future__ import annotations

import json

import pytest

from lupus_nephritis import __version__
from lupus_nephritis.cli import main
from lupus_nephritis.egfr import egfr_ckd_epi_2021


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_rules_json_lists_registered_rule_sets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert isinstance(payload, list)
    for entry in payload:
        assert {"id", "version", "kind", "title", "source_ids"} <= set(entry)


def test_rules_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert capsys.readouterr().out.startswith("id")


def test_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--json"]) == 0
    ids = {s["id"] for s in json.loads(capsys.readouterr().out)}
    assert {"kdigo-2024-ln", "aurora-1", "ckd-epi-2021"} <= ids
    assert main(["sources"]) == 0


def test_egfr_from_umol(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "egfr",
            "--creatinine",
            "200",
            "--creatinine-unit",
            "umol/L",
            "--age",
            "70",
            "--sex",
            "male",
            "--json",
        ]
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["equation"] == "ckd-epi-2021-cr"
    assert payload["egfr"] == pytest.approx(30.40, abs=0.05)


@pytest.mark.parametrize("conversion", [None, "88.4", "molar-mass"])
def test_egfr_from_176_8_umol_under_each_creatinine_conversion(
    conversion: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["egfr", "--creatinine", "176.8", "--creatinine-unit", "umol/L"]
    argv += ["--age", "50", "--sex", "male", "--json"]
    if conversion is not None:
        argv += ["--creatinine-conversion", conversion]
    assert main(argv) == 0
    value = json.loads(capsys.readouterr().out)["egfr"]
    at_2_0 = egfr_ckd_epi_2021(creatinine_mg_dl=2.0, age=50, sex="male")
    if conversion == "molar-mass":
        assert value > at_2_0  # 176.8 umol/L is 1.99996 mg/dL
    else:
        assert value == pytest.approx(at_2_0, rel=1e-12)


def test_egfr_paediatric(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["egfr", "--equation", "schwartz-bedside-2009", "--creatinine", "0.4", "--height-cm", "100"]
    )
    assert code == 0
    assert capsys.readouterr().out.startswith("103.2")


@pytest.mark.parametrize(
    "argv",
    [
        ["egfr", "--creatinine", "88", "--age", "50", "--sex", "male"],  # 88 mg/dL: a unit mix-up
        ["egfr", "--creatinine", "abc", "--age", "50", "--sex", "male"],
        ["egfr", "--creatinine", "1.0", "--age", "ten", "--sex", "male"],
        ["egfr", "--creatinine", "1.0", "--age", "10", "--sex", "male"],  # CKD-EPI is adult-only
    ],
)
def test_egfr_bad_input_is_a_clean_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("error:")


def test_egfr_missing_argument_exits_2_with_an_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["egfr", "--age", "50", "--sex", "male"]) == 2
    assert "needs a serum creatinine" in capsys.readouterr().err
    assert main(["egfr", "--equation", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: --equation: unknown equation")


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "course"]) == 0
    assert "start_date" in json.loads(capsys.readouterr().out)["properties"]


def test_demo_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== eGFR equations ==" in out
    assert "CKD-EPI 2021" in out
    for section in (
        "Biopsy indication",
        "Kidney pathology",
        "every definition on one course",
        "Regimen eligibility",
        "Glucocorticoid taper",
        "Renal flares",
    ):
        assert f"== {section}" in out or section in out


def test_every_response_definition_appears_in_the_all_definitions_demo() -> None:
    from lupus_nephritis.cli_demo import response_lines
    from lupus_nephritis.registry import list_rule_sets

    text = "\n".join(response_lines())
    for rule_set in list_rule_sets("response"):
        assert rule_set.key in text
