"""``lupus-nephritis evaluate``: evaluate rule sets on a file (JSON course, FHIR bundle).

The input format comes from ``--input-format`` or the file suffix (`SUFFIX_FORMATS`);
each format has a loader in `LOADERS` that turns the file into an `Inputs`
(the course, findings and regimen context the rule-set kinds read). Cohort files
(``.csv``, ``.parquet``, `COHORT_FORMATS`) are evaluated many subjects at once by the
cohort engine, plugged in at `evaluate_cohort` (see `lupus_nephritis.cli_cohort`).

Kinds evaluated: ``response`` and ``flare`` (a course), ``biopsy`` (findings), ``eligibility``
(a regimen and a patient context). Every failure raises a library error whose message names
the field and the value; the CLI prints it after ``error:`` and exits with status 2.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from pydantic import ValidationError

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, LupusNephritisError, UnknownRuleSetError

if TYPE_CHECKING:
    from lupus_nephritis.cli_cohort import CohortOptions
    from lupus_nephritis.cohort import CohortResult

SUFFIX_FORMATS: Mapping[str, str] = {
    ".json": "json",
    ".fhir.json": "fhir",
    ".csv": "csv",
    ".parquet": "parquet",
}
"""File suffix -> input format (``--input-format`` overrides). A ``.json`` file whose object
has a ``resourceType`` is read as FHIR."""

INPUT_FORMATS: tuple[str, ...] = ("json", "fhir", "csv", "parquet")
COHORT_FORMATS: tuple[str, ...] = ("csv", "parquet")
OUTPUT_FORMATS: tuple[str, ...] = ("json", "table", "csv", "parquet")
"""Output formats (``parquet``: cohort input only, written with ``--output FILE``)."""
KINDS: tuple[str, ...] = ("response", "flare", "biopsy", "eligibility")
DEFAULT_RULE_SETS: Mapping[str, str] = {
    "response": "kdigo-2024",
    "flare": "kdigo-2012-relapse",
    "biopsy": "kdigo-2024-biopsy",
    "eligibility": "kdigo-2024-regimens",
}
"""Rule set evaluated when none is named, per kind."""


def describe_validation(error: ValidationError) -> str:
    """One line naming each invalid field (dotted path), the message and the value given."""
    parts = []
    for item in error.errors():
        location = ".".join(str(p) for p in item.get("loc", ())) or "input"
        message = str(item.get("msg", "invalid"))
        if "input" in item and not isinstance(item["input"], (dict, list)):
            message += f" (got {item['input']!r})"
        parts.append(f"{location}: {message}")
    return "; ".join(parts)


@attrs.frozen(slots=True)
class Inputs:
    """What one file provides to the rule-set kinds.

    Attributes:
        course: The treatment course (``response``, ``flare``), as a mapping or a model.
        findings: Biopsy findings (``biopsy``).
        regimen: The regimen (``eligibility``).
        patient: The regimen patient context (``eligibility``).
        unmapped: What a FHIR reader skipped (reported in the JSON output).
        problems: Why a kind's input could not be built (``kind -> message``).
    """

    course: Any = None
    findings: Any = None
    regimen: Any = None
    patient: Any = None
    unmapped: tuple[dict[str, Any], ...] = ()
    problems: Mapping[str, str] = attrs.field(factory=dict)


def detect_format(path: Path, explicit: str | None) -> str:
    """The input format of ``path`` (``explicit`` wins; else by suffix)."""
    if explicit is not None:
        if explicit not in INPUT_FORMATS:
            raise InputError(
                f"--input-format: {explicit!r} is not one of {', '.join(INPUT_FORMATS)}"
            )
        return explicit
    name = path.name.lower()
    for suffix in sorted(SUFFIX_FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return SUFFIX_FORMATS[suffix]
    raise InputError(
        f"input {str(path)!r}: cannot tell the format from the suffix; pass --input-format "
        f"({', '.join(INPUT_FORMATS)})"
    )


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"input {str(path)!r}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"input {str(path)!r}: cannot read it ({error})") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"input {str(path)!r}: not JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno})"
        ) from None


def load_json(path: Path, options: Mapping[str, Any]) -> Inputs:
    """A JSON course (or ``{"course", "findings", "regimen", "patient"}``); FHIR if coded so."""
    data = _read_json(path)
    if isinstance(data, Mapping) and "resourceType" in data:
        return load_fhir_data(data, options)
    if (
        isinstance(data, list)
        and data
        and all(isinstance(item, Mapping) and "resourceType" in item for item in data)
    ):
        return load_fhir_data(data, options)
    if not isinstance(data, Mapping):
        raise InputError(f"input {str(path)!r}: expected a JSON object, got {type(data).__name__}")
    if any(key in data for key in ("course", "findings", "regimen", "patient")):
        unknown = sorted(set(data) - {"course", "findings", "regimen", "patient"})
        if unknown:
            raise InputError(f"input: unknown top-level keys {unknown}")
        return Inputs(
            course=data.get("course"),
            findings=data.get("findings"),
            regimen=data.get("regimen"),
            patient=data.get("patient"),
        )
    return Inputs(course=data)


def load_fhir(path: Path, options: Mapping[str, Any]) -> Inputs:
    """A FHIR Bundle (or a list of resources) file."""
    return load_fhir_data(_read_json(path), options)


def load_fhir_data(data: object, options: Mapping[str, Any]) -> Inputs:
    """FHIR JSON -> course, findings, regimen and context (what cannot be built is noted)."""
    from lupus_nephritis.fhir import read_fhir

    fhir = read_fhir(data, **{k: v for k, v in options.items() if k in _READ_OPTIONS})
    problems: dict[str, str] = {}
    course = findings = regimen = patient = None
    try:
        course = fhir.to_course(options.get("start_date"))
    except LupusNephritisError as error:
        problems["response"] = problems["flare"] = str(error)
    try:
        findings = fhir.to_biopsy_findings()
    except LupusNephritisError as error:
        problems["biopsy"] = str(error)
    try:
        patient = fhir.to_patient_context()
        regimen = options.get("regimen") or fhir.regimen()
        if regimen is None:
            problems["eligibility"] = (
                "the FHIR input has no current or draft lupus nephritis drug; pass --regimen"
            )
    except LupusNephritisError as error:
        problems["eligibility"] = str(error)
    return Inputs(
        course=course,
        findings=findings,
        regimen=regimen,
        patient=patient,
        unmapped=tuple(u.to_dict() for u in fhir.unmapped),
        problems=problems,
    )


_READ_OPTIONS = ("urine_upcr_specimen", "as_of")


def evaluate_cohort(
    path: Path,
    fmt: str,
    rule_sets: Sequence[str],
    *,
    at: date | int | None = None,
    settings: CohortOptions | None = None,
) -> CohortResult:
    """Cohort input (CSV/Parquet): the plug-in point of the cohort engine.

    Reads the cohort file and its side tables and evaluates the response rule sets with
    `lupus_nephritis.cohort.derive_renal_response` (see
    `lupus_nephritis.cli_cohort.evaluate_cohort_file`; needs the ``frame`` extra).

    Raises:
        LupusNephritisError: a file, column, option or value is invalid (the message names it).
    """
    from lupus_nephritis.cli_cohort import evaluate_cohort_file

    return evaluate_cohort_file(path, fmt, rule_sets, at=at, settings=settings)


LOADERS: Mapping[str, Callable[[Path, Mapping[str, Any]], Inputs]] = {
    "json": load_json,
    "fhir": load_fhir,
}
"""Input format -> loader (cohort formats dispatch to `evaluate_cohort`)."""


def choose_rule_sets(
    rule_sets: Sequence[str], all_rule_sets: bool, kind: str | None
) -> list[tuple[str, str]]:
    """``(kind, rule-set key)`` pairs to evaluate.

    Raises:
        UnknownRuleSetError: a rule set is unknown.
        InputError: a rule set's kind cannot be evaluated from a file, or the options clash.
    """
    from lupus_nephritis.registry import get_rule_set, list_rule_sets

    if kind is not None and kind not in KINDS:
        raise InputError(f"--kind: {kind!r} is not one of {', '.join(KINDS)}")
    if all_rule_sets:
        if rule_sets:
            raise InputError("--all-rule-sets and --rule-set cannot be combined")
        wanted = kind or "response"
        return [(wanted, r.key) for r in list_rule_sets(wanted)]
    if not rule_sets:
        wanted = kind or "response"
        return [(wanted, get_rule_set(DEFAULT_RULE_SETS[wanted]).key)]
    chosen: list[tuple[str, str]] = []
    for name in rule_sets:
        rule_set = get_rule_set(name)
        if rule_set.kind.value not in KINDS:
            raise UnknownRuleSetError(
                f"--rule-set {name!r} is a {rule_set.kind.value} rule set; evaluate reads "
                f"{', '.join(KINDS)} rule sets"
            )
        if kind is not None and rule_set.kind.value != kind:
            raise InputError(f"--rule-set {name!r} is a {rule_set.kind.value} rule set, not {kind}")
        chosen.append((rule_set.kind.value, rule_set.key))
    return chosen


def run(
    inputs: Inputs, chosen: Sequence[tuple[str, str]], *, at: date | int | None = None
) -> list[Decision]:
    """Evaluate every chosen rule set on the inputs.

    Raises:
        InputError: a kind's input is missing or invalid (the message names field and value).
    """
    from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication
    from lupus_nephritis.criteria.flares.api import detect_renal_flares
    from lupus_nephritis.criteria.response.api import classify_renal_response
    from lupus_nephritis.regimens.eligibility.api import check_regimen_eligibility

    decisions: list[Decision] = []
    for kind, key in chosen:
        if kind in inputs.problems:
            raise InputError(f"{kind}: {inputs.problems[kind]}")
        try:
            if kind in ("response", "flare"):
                if inputs.course is None:
                    raise InputError(f"{kind}: the input has no course")
                function = classify_renal_response if kind == "response" else detect_renal_flares
                decisions.append(function(inputs.course, key, at=at))
            elif kind == "biopsy":
                if inputs.findings is None:
                    raise InputError("biopsy: the input has no findings")
                decisions.append(assess_biopsy_indication(inputs.findings, key))
            else:
                if inputs.regimen is None:
                    raise InputError("eligibility: the input has no regimen (pass --regimen)")
                decisions.append(check_regimen_eligibility(inputs.regimen, inputs.patient, key))
        except ValidationError as error:
            raise InputError(describe_validation(error)) from None
    return decisions


def render(decisions: Sequence[Decision], fmt: str, unmapped: Sequence[Mapping[str, Any]]) -> str:
    """The decisions as JSON, an aligned table, or CSV."""
    if fmt == "json":
        payload = {
            "decisions": [json.loads(d.to_json()) for d in decisions],
            "unmapped": list(unmapped),
        }
        return json.dumps(payload, indent=2)
    rows = [
        (
            d.rule_set,
            d.kind,
            d.verdict,
            d.assessed_on.isoformat() if d.assessed_on else "",
            ";".join(d.missing_inputs),
            ";".join(d.flags),
        )
        for d in decisions
    ]
    headers = ("rule_set", "kind", "verdict", "assessed_on", "missing_inputs", "flags")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow((*headers, "summary"))
        for row, decision in zip(rows, decisions, strict=True):
            writer.writerow((*row, decision.summary))
        return buffer.getvalue().rstrip("\n")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if unmapped:
        lines.append(f"({len(unmapped)} FHIR item(s) not used; see --format json)")
    return "\n".join(lines)


def cohort_rule_sets(chosen: Sequence[tuple[str, str]]) -> list[str]:
    """The rule-set keys of a cohort evaluation (response rule sets only).

    Raises:
        InputError: a chosen rule set is not a response rule set.
    """
    for kind, key in chosen:
        if kind != "response":
            raise InputError(
                f"--rule-set {key}: cohort input (CSV/Parquet) evaluates response rule sets; "
                f"{key} is a {kind} rule set"
            )
    return [key for _, key in chosen]


def evaluate_file(
    path: Path,
    *,
    input_format: str | None = None,
    rule_sets: Sequence[str] = (),
    all_rule_sets: bool = False,
    kind: str | None = None,
    output: str = "json",
    at: date | int | None = None,
    options: Mapping[str, Any] | None = None,
    cohort: CohortOptions | None = None,
) -> str:
    """Evaluate a file and return the rendered output (what ``evaluate`` prints).

    Args:
        path: The input file.
        input_format: Overrides the format the suffix implies.
        rule_sets: Rule-set ids or keys (default: the kind's default rule set).
        all_rule_sets: Every rule set of ``kind``.
        kind: The rule-set kind (with ``all_rule_sets``) or a check on ``rule_sets``.
        output: ``json``, ``table`` or ``csv`` (``parquet`` is written by the CLI's
            ``--output``).
        at: The assessment point (response and flare rule sets).
        options: FHIR-reading and eligibility options (``start_date``, ``as_of``, ...).
        cohort: Cohort input: how to read and evaluate the file.

    Raises:
        LupusNephritisError: bad input, unknown rule set or invalid options.
    """
    if output not in OUTPUT_FORMATS:
        raise InputError(f"--format: {output!r} is not one of {', '.join(OUTPUT_FORMATS)}")
    chosen = choose_rule_sets(rule_sets, all_rule_sets, kind)
    fmt = detect_format(path, input_format)
    settings = dict(options or {})
    if fmt in COHORT_FORMATS:
        from lupus_nephritis.cli_cohort import render_cohort

        result = evaluate_cohort(path, fmt, cohort_rule_sets(chosen), at=at, settings=cohort)
        subject = dict(cohort.columns).get("subject", "USUBJID") if cohort else "USUBJID"
        return render_cohort(result, output, subject)
    if output == "parquet":
        raise InputError("--format parquet: only for cohort input (a .csv or .parquet file)")
    inputs = LOADERS[fmt](path, settings)
    decisions = run(inputs, chosen, at=at)
    return render(decisions, output, inputs.unmapped)


__all__ = [
    "COHORT_FORMATS",
    "DEFAULT_RULE_SETS",
    "INPUT_FORMATS",
    "KINDS",
    "LOADERS",
    "OUTPUT_FORMATS",
    "SUFFIX_FORMATS",
    "Inputs",
    "choose_rule_sets",
    "cohort_rule_sets",
    "describe_validation",
    "detect_format",
    "evaluate_cohort",
    "evaluate_file",
    "load_fhir",
    "load_fhir_data",
    "load_json",
    "render",
    "run",
]
