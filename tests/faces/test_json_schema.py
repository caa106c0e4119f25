"""The JSON Schema accepts every input form the models accept, including every docs example."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.models import EGFR, UPCR, TreatmentCourse, Visit
from lupus_nephritis.regimens.models import PatientContext, Regimen
from lupus_nephritis.units import SPECS, Quantity

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
JSON_BLOCK = re.compile(r"^```json\n(.*?)^```", re.S | re.M)

MODELS = {
    "course": TreatmentCourse,
    "visit": Visit,
    "findings": BiopsyFindings,
    "regimen": Regimen,
    "context": PatientContext,
}

# keys that identify which model a literal dict in the docs is
SIGNATURES = {
    "course": {"start_date"},
    "findings": {"egfr_history", "is_proteinuria_persistent", "has_unexplained_decline"},
    "regimen": {"drugs"},
}


def validator(model: type[Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(model.model_json_schema())


def literal_dicts(source: str) -> list[dict[str, Any]]:
    """Every dict literal (with only literal values) assigned or passed in a code block."""
    found: list[dict[str, Any]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            try:
                value = ast.literal_eval(node)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
    return found


def classify(data: dict[str, Any]) -> str | None:
    for name, keys in SIGNATURES.items():
        if keys & set(data):
            return name
    return None


def docs_examples() -> list[tuple[str, str, dict[str, Any]]]:
    examples = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in BLOCK.findall(text):
            for data in literal_dicts(block):
                kind = classify(data)
                if kind is not None:
                    examples.append((str(page.relative_to(ROOT)), kind, data))
        for block in JSON_BLOCK.findall(text):
            data = json.loads(block)
            kind = classify(data) if isinstance(data, dict) else None
            if kind is not None:
                examples.append((str(page.relative_to(ROOT)), kind, data))
    return examples


EXAMPLES = docs_examples()


def test_the_docs_have_course_examples_to_check() -> None:
    assert any(kind == "course" for _page, kind, _ in EXAMPLES)
    assert any(page == "README.md" for page, _kind, _ in EXAMPLES)


@pytest.mark.parametrize(
    ("page", "kind", "data"), EXAMPLES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_docs_example_that_the_model_accepts_validates_against_the_schema(
    page: str, kind: str, data: dict[str, Any]
) -> None:
    model = MODELS[kind]
    try:
        model.model_validate(data)
    except Exception:  # a docs example of a deliberate error: the schema may reject it too
        return
    errors = sorted(validator(model).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, f"{page}: {[(list(e.path), e.message) for e in errors]}"


def test_the_readme_course_validates() -> None:
    readme = ROOT / "README.md"
    (course,) = [d for p, k, d in EXAMPLES if p == "README.md" and k == "course"][:1]
    assert "78 mL/min/{1.73_m2}" in readme.read_text()
    validator(TreatmentCourse).validate(course)


@pytest.mark.parametrize(
    "value",
    [
        "0.8 g/g",
        " 52 mg/mmol ",
        "1e-1 g/g",
        ".5 g/g",
        {"value": 0.8, "unit": "g/g"},
        {"value": "0.8", "unit": "mg/mg", "specimen": "spot"},
        "0.8 g/g{creat}",
    ],
)
def test_upcr_forms_the_model_accepts_are_in_the_schema(value: object) -> None:
    UPCR.model_validate(value)
    validator(UPCR).validate(value)


@pytest.mark.parametrize("value", ["0.8", "0.8 g/L", "g/g 0.8", 0.8, {"value": 1, "unit": "g/L"}])
def test_upcr_forms_the_model_refuses_are_not_in_the_schema(value: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator(UPCR).validate(value)


def test_egfr_aliases_are_in_the_schema() -> None:
    for unit in (*SPECS[Quantity.EGFR].factors, *SPECS[Quantity.EGFR].aliases):
        EGFR.model_validate(f"78 {unit}")
        validator(EGFR).validate(f"78 {unit}")


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from([q for q in SPECS if q not in (Quantity.BLOOD_PRESSURE, Quantity.AGE)]),
    st.decimals(min_value="0", max_value="10000", places=3, allow_nan=False),
    st.data(),
)
def test_whatever_compact_string_a_measure_accepts_the_schema_accepts(
    quantity: Quantity, value: Any, data: st.DataObject
) -> None:
    from lupus_nephritis import models

    classes = {
        cls.quantity: cls
        for cls in vars(models).values()
        if isinstance(cls, type) and issubclass(cls, models.Measure) and cls is not models.Measure
    }
    cls = classes.get(quantity)
    if cls is None:
        return
    spec = SPECS[quantity]
    unit = data.draw(st.sampled_from(sorted({*spec.factors, *spec.aliases})))
    text = f"{value} {unit}"
    try:
        cls.model_validate(text)
    except Exception:
        return  # out of range: the schema checks the form, the model checks the value
    validator(cls).validate(text)
