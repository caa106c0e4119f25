"""Command line: ``lupus-nephritis`` with rules, sources, egfr, evaluate, schema, serve, demo.

A thin face over the public API for people who do not code. Every command writes plain text
(or JSON) to standard output. Exit status: 0 on success; 2 on bad input or usage, with one line
``error: ...`` on standard error that names the field and the value (argparse usage errors also
exit 2); 1 when ``demo`` finds nothing to run.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence

from lupus_nephritis._version import __version__

#: ``module`` (its ``demo_lines()``) or ``module:function`` returning printable lines, in the
#: order ``demo`` prints them.
DEMO_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("eGFR equations", "lupus_nephritis.cli_demo"),
    ("Biopsy indication", "lupus_nephritis.criteria.biopsy.demo"),
    ("Kidney pathology", "lupus_nephritis.criteria.pathology.demo"),
    ("Renal response: guidelines", "lupus_nephritis.criteria.response.demo"),
    ("Renal response: trial endpoints", "lupus_nephritis.criteria.response.trials_demo"),
    ("Renal response: every definition on one course", "lupus_nephritis.cli_demo:response_lines"),
    ("Renal flares", "lupus_nephritis.criteria.flares.demo"),
    ("Regimen eligibility and dosing", "lupus_nephritis.regimens.demo"),
    ("Glucocorticoid taper", "lupus_nephritis.regimens.glucocorticoids.demo"),
)

SCHEMA_MODELS = {
    "course": "lupus_nephritis.models:TreatmentCourse",
    "visit": "lupus_nephritis.models:Visit",
    "patient": "lupus_nephritis.models:Patient",
    "dose": "lupus_nephritis.models:GlucocorticoidDose",
    "findings": "lupus_nephritis.criteria.biopsy.models:BiopsyFindings",
    "regimen": "lupus_nephritis.regimens.models:Regimen",
    "context": "lupus_nephritis.regimens.models:PatientContext",
}


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join([line, rule, *body])


def _cmd_rules(args: argparse.Namespace) -> int:
    from lupus_nephritis.registry import list_rule_sets

    rule_sets = list_rule_sets(args.kind, all_versions=args.all_versions)
    if args.json:
        payload = [
            {
                "id": r.id,
                "version": r.version,
                "kind": r.kind.value,
                "title": r.title,
                "source_ids": list(r.source_ids),
                "options": [o.name for o in r.options],
            }
            for r in rule_sets
        ]
        print(json.dumps(payload, indent=2))
        return 0
    rows = [(r.id, r.version, r.kind.value, r.title, ", ".join(r.source_ids)) for r in rule_sets]
    print(_table(rows, ("id", "version", "kind", "title", "sources")))
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from lupus_nephritis.sources import list_sources

    sources = list_sources()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "year": s.year,
                        "kind": s.kind,
                        "citation": s.citation,
                        "link": s.link,
                    }
                    for s in sources
                ],
                indent=2,
            )
        )
        return 0
    print(
        _table(
            [(s.id, str(s.year), s.kind, s.link or "") for s in sources],
            ("id", "year", "kind", "link"),
        )
    )
    return 0


def _cmd_egfr(args: argparse.Namespace) -> int:
    import inspect

    from lupus_nephritis import egfr
    from lupus_nephritis.errors import ImplausibleValueError, InputError
    from lupus_nephritis.units import Quantity, convert, to_decimal

    info = egfr.EQUATIONS.get(args.equation)
    if info is None:
        raise InputError(
            f"--equation: unknown equation {args.equation!r}; known: {', '.join(egfr.EQUATIONS)}"
        )
    function: Callable[..., float] = getattr(egfr, info.function_name)
    kwargs: dict[str, object] = {}
    wanted = inspect.signature(function).parameters
    if args.is_black and "is_black" not in wanted:
        raise InputError(
            f"--is-black: {args.equation} has no race coefficient (only ckd-epi-2009-cr does); "
            "drop --is-black"
        )
    if "creatinine_mg_dl" in wanted:
        if args.creatinine is None:
            raise InputError(f"--creatinine: {args.equation} needs a serum creatinine value")
        kwargs["creatinine_mg_dl"] = float(
            convert(
                args.creatinine,
                args.creatinine_unit,
                "mg/dL",
                quantity=Quantity.CREATININE,
                creatinine_conversion=args.creatinine_conversion,
            )
        )
    if "cystatin_c_mg_l" in wanted:
        if args.cystatin_c is None:
            raise InputError(f"--cystatin-c: {args.equation} needs serum cystatin C (mg/L)")
        kwargs["cystatin_c_mg_l"] = float(to_decimal(args.cystatin_c, what="--cystatin-c"))
    for name, value, flag in (
        ("age", args.age, "--age"),
        ("sex", args.sex, "--sex"),
        ("height_cm", args.height_cm, "--height-cm"),
    ):
        if name in wanted:
            if value is None and wanted[name].default is inspect.Parameter.empty:
                raise InputError(f"{flag}: {args.equation} needs {flag}")
            if value is not None:
                kwargs[name] = float(to_decimal(value, what=flag)) if name != "sex" else value
    if "is_black" in wanted:
        kwargs["is_black"] = args.is_black
    try:
        value = function(**kwargs)
    except ImplausibleValueError as error:
        if args.creatinine_unit == "mg/dL" and "mol/L" in str(error):
            raise ImplausibleValueError(
                f"--creatinine {args.creatinine} mg/dL is implausible; if the value is in "
                "\u00b5mol/L, pass --creatinine-unit umol/L"
            ) from None
        raise
    if args.json:
        print(
            json.dumps(
                {
                    "equation": info.id,
                    "source_id": info.source_id,
                    "egfr": value,
                    "unit": "mL/min/{1.73_m2}",
                }
            )
        )
    else:
        print(f"{value:.1f} mL/min/1.73 m2 ({info.title}; source {info.source_id})")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    module_name, _, name = SCHEMA_MODELS[args.model].partition(":")
    model = getattr(importlib.import_module(module_name), name)
    print(json.dumps(model.model_json_schema(), indent=2))
    return 0


def _parse_at(value: str | None) -> object:
    from datetime import date

    from lupus_nephritis.errors import InputError

    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--at: {value!r} is neither a study week nor a date (YYYY-MM-DD)"
        ) from None


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from lupus_nephritis.cli_evaluate import COHORT_FORMATS, detect_format, evaluate_file
    from lupus_nephritis.errors import InputError

    fmt = detect_format(Path(args.input), args.input_format)
    if fmt in COHORT_FORMATS:
        return _cmd_evaluate_cohort(args, Path(args.input), fmt)
    _refuse_cohort_options(args)
    options: dict[str, object] = {}
    if args.start_date is not None:
        try:
            options["start_date"] = date.fromisoformat(args.start_date)
        except ValueError:
            raise InputError(
                f"--start-date: {args.start_date!r} is not a date (YYYY-MM-DD)"
            ) from None
    if args.as_of is not None:
        try:
            options["as_of"] = date.fromisoformat(args.as_of)
        except ValueError:
            raise InputError(f"--as-of: {args.as_of!r} is not a date (YYYY-MM-DD)") from None
    if args.regimen is not None:
        options["regimen"] = {"drugs": [d for d in args.regimen.split(",") if d.strip()]}
    if args.urine_upcr_specimen is not None:
        options["urine_upcr_specimen"] = args.urine_upcr_specimen
    text = evaluate_file(
        Path(args.input),
        input_format=args.input_format,
        rule_sets=args.rule_set or (),
        all_rule_sets=args.all_rule_sets,
        kind=args.kind,
        output=args.format,
        at=_parse_at(args.at),  # type: ignore[arg-type]
        options=options,
    )
    _emit(text, args.output)
    return 0


#: ``evaluate`` options that only a cohort file (CSV/Parquet) reads, and only a course or
#: FHIR file reads.
_COHORT_ONLY = (
    "layout", "column", "parameter", "unit", "courses", "patients", "events", "assessments",
    "doses", "option", "engine", "rejected",
)  # fmt: skip
_COURSE_ONLY = ("start_date", "as_of", "urine_upcr_specimen", "regimen")


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _refuse_cohort_options(args: argparse.Namespace) -> None:
    from lupus_nephritis.errors import InputError

    for name in _COHORT_ONLY:
        if getattr(args, name) not in (None, [], "auto"):
            raise InputError(f"{_flag(name)}: only for cohort input (a .csv or .parquet file)")


def _emit(text: str, output: str | None) -> None:
    from pathlib import Path

    from lupus_nephritis.errors import InputError

    if output is None:
        print(text)
        return
    try:
        Path(output).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(f"--output {output!r}: cannot write it ({error.strerror})") from None


def _cmd_evaluate_cohort(args: argparse.Namespace, path: object, fmt: str) -> int:
    from pathlib import Path

    from lupus_nephritis.cli_cohort import (
        CohortOptions,
        parse_pairs,
        render_cohort,
        summary_lines,
        write_table,
    )
    from lupus_nephritis.cli_evaluate import choose_rule_sets, cohort_rule_sets, evaluate_cohort
    from lupus_nephritis.errors import InputError

    assert isinstance(path, Path)
    for name in _COURSE_ONLY:
        if getattr(args, name) is not None:
            raise InputError(
                f"{_flag(name)}: not for cohort input (start dates come from --courses or the "
                "cohort file's start-date column)"
                if name == "start_date"
                else f"{_flag(name)}: not for cohort input (a course or FHIR file option)"
            )
    if args.format == "parquet" and args.output is None:
        raise InputError("--format parquet: pass --output FILE.parquet to write it")
    columns = parse_pairs(args.column, "--column")
    settings = CohortOptions(
        layout=args.layout,
        columns=columns,
        parameters=parse_pairs(args.parameter, "--parameter") or None,
        units=parse_pairs(args.unit, "--unit") or None,
        courses=Path(args.courses) if args.courses else None,
        patients=Path(args.patients) if args.patients else None,
        events=Path(args.events) if args.events else None,
        assessments=Path(args.assessments) if args.assessments else None,
        doses=Path(args.doses) if args.doses else None,
        options=parse_pairs(args.option, "--option"),
        engine=args.engine,
        progress=not args.no_progress,
    )
    chosen = choose_rule_sets(args.rule_set or (), args.all_rule_sets, args.kind)
    result = evaluate_cohort(
        path,
        fmt,
        cohort_rule_sets(chosen),
        at=_parse_at(args.at),  # type: ignore[arg-type]
        settings=settings,
    )
    subject = columns.get("subject", "USUBJID")
    if args.rejected is not None:
        write_table(result.rejected, Path(args.rejected), "--rejected")
    if args.format == "parquet":
        write_table(result.decisions, Path(args.output), "--output")
    else:
        _emit(render_cohort(result, args.format, subject), args.output)
    for line in summary_lines(result, subject):
        print(line, file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from lupus_nephritis.cds.service import ServiceConfig, serve

    config = ServiceConfig(
        eligibility_rule_sets=tuple(
            args.eligibility_rule_set or ServiceConfig().eligibility_rule_sets
        )
    )
    serve(args.host, args.port, config)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    printed = 0
    for title, provider in DEMO_PROVIDERS:
        module_name, _, function_name = provider.partition(":")
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:
            continue
        module = importlib.import_module(module_name)
        lines: list[str] = getattr(module, function_name or "demo_lines")()
        print(f"== {title} ==")
        for line in lines:
            print(line)
        print()
        printed += 1
    return 0 if printed else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from lupus_nephritis.units import CreatinineConversion

    parser = argparse.ArgumentParser(
        prog="lupus-nephritis",
        description="Typed, explainable, cited rules for lupus nephritis.",
    )
    parser.add_argument("--version", action="version", version=f"lupus-nephritis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    rules = sub.add_parser("rules", help="list registered rule sets with versions and sources")
    rules.add_argument("--kind", help="only rule sets of this kind (response, biopsy, ...)")
    rules.add_argument("--all-versions", action="store_true", help="include superseded versions")
    rules.add_argument("--json", action="store_true", help="JSON output")
    rules.set_defaults(func=_cmd_rules)

    sources = sub.add_parser("sources", help="list the publications the library cites")
    sources.add_argument("--json", action="store_true", help="JSON output")
    sources.set_defaults(func=_cmd_sources)

    egfr = sub.add_parser("egfr", help="compute an eGFR equation")
    egfr.add_argument(
        "--equation", default="ckd-epi-2021-cr", help="equation id (see `rules --kind equation`)"
    )
    egfr.add_argument("--creatinine", help="serum creatinine value")
    egfr.add_argument("--creatinine-unit", default="mg/dL", choices=("mg/dL", "umol/L"))
    egfr.add_argument(
        "--creatinine-conversion",
        default=None,
        choices=tuple(c.value for c in CreatinineConversion),
        help="umol/L to mg/dL: '88.4' (default, 1 mg/dL = 88.4 umol/L) or 'molar-mass' "
        "(10000/113.12)",
    )
    egfr.add_argument("--cystatin-c", help="serum cystatin C, mg/L")
    egfr.add_argument("--age", help="age in years")
    egfr.add_argument("--sex", choices=("female", "male"))
    egfr.add_argument("--height-cm", help="height in cm (paediatric equations)")
    egfr.add_argument(
        "--is-black",
        action="store_true",
        help="legacy race coefficient (CKD-EPI 2009, MDRD)",
    )
    egfr.add_argument("--json", action="store_true", help="JSON output")
    egfr.set_defaults(func=_cmd_egfr)

    from lupus_nephritis.cli_evaluate import INPUT_FORMATS, KINDS, OUTPUT_FORMATS

    evaluate = sub.add_parser(
        "evaluate",
        help="evaluate rule sets on a JSON course, a FHIR bundle or a CSV/Parquet cohort file",
    )
    evaluate.add_argument(
        "input", help="the file (.json course, FHIR bundle .json, .csv or .parquet cohort)"
    )
    evaluate.add_argument(
        "--input-format", choices=INPUT_FORMATS, help="override the format the suffix implies"
    )
    evaluate.add_argument(
        "--rule-set", action="append", help="rule-set id or id@version (repeatable)"
    )
    evaluate.add_argument(
        "--all-rule-sets", action="store_true", help="every rule set of --kind (default response)"
    )
    evaluate.add_argument("--kind", choices=KINDS, help="rule-set kind (with --all-rule-sets)")
    evaluate.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="json", help="output (parquet: cohorts)"
    )
    evaluate.add_argument("--output", help="write the output to this file instead of stdout")
    evaluate.add_argument("--at", help="assessment: study week (int) or date (YYYY-MM-DD)")
    evaluate.add_argument("--start-date", help="FHIR input: treatment start (YYYY-MM-DD)")
    evaluate.add_argument("--as-of", help="FHIR input: last day open-ended doses are known")
    evaluate.add_argument(
        "--urine-upcr-specimen",
        choices=("spot", "first_morning", "24h"),
        help="FHIR input: specimen of UPCR codes that do not code it",
    )
    evaluate.add_argument(
        "--regimen", help="eligibility: comma-separated drugs (e.g. mmf,voclosporin,gc)"
    )
    cohort = evaluate.add_argument_group("cohort input (.csv, .parquet)")
    cohort.add_argument(
        "--layout", choices=("auto", "long", "wide"), default="auto", help="measurement layout"
    )
    cohort.add_argument(
        "--column", action="append", metavar="ROLE=NAME",
        help="a column name (roles of cohort.Columns: subject, date, parameter, value, unit, "
        "specimen, role, start_date, at ...; repeatable)",
    )  # fmt: skip
    cohort.add_argument(
        "--parameter", action="append", metavar="CODE=FIELD",
        help="parameter code (long) or column (wide) -> visit field, e.g. UPCR=upcr",
    )  # fmt: skip
    cohort.add_argument(
        "--unit", action="append", metavar="COLUMN=UNIT",
        help="wide layout: the UCUM unit of a column without a unit column",
    )  # fmt: skip
    cohort.add_argument("--courses", help="courses file (subject, start date)")
    cohort.add_argument("--patients", help="patients file (sex, birth date / age ...)")
    cohort.add_argument("--events", help="intercurrent-events file (subject, date, event)")
    cohort.add_argument("--assessments", help="assessment points file (subject, AT)")
    cohort.add_argument(
        "--doses",
        help="glucocorticoid dose records file (subject, ASTDT, AENDT, DOSE, DOSEU, DRUG)",
    )
    cohort.add_argument(
        "--option", action="append", metavar="[RULE_SET:]NAME=VALUE",
        help="a rule-set option (all rule sets declaring it, or one); repeatable",
    )  # fmt: skip
    cohort.add_argument(
        "--engine", choices=("auto", "vectorised", "scalar"), default="auto",
        help="vectorised where compiled (auto), refuse others, or the scalar path",
    )  # fmt: skip
    cohort.add_argument("--rejected", help="write the rejected input rows (.csv or .parquet)")
    cohort.add_argument(
        "--no-progress", action="store_true", help="no progress bars on standard error"
    )
    evaluate.set_defaults(func=_cmd_evaluate)

    schema = sub.add_parser("schema", help="print the JSON Schema of an input model")
    schema.add_argument("model", choices=sorted(SCHEMA_MODELS))
    schema.set_defaults(func=_cmd_schema)

    serve = sub.add_parser("serve", help="run the CDS Hooks service (needs the 'cds' extra)")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--eligibility-rule-set", action="append", help="eligibility rule set (repeatable)"
    )
    serve.set_defaults(func=_cmd_serve)

    demo = sub.add_parser("demo", help="run the embedded examples end to end")
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lupus-nephritis`` command."""
    from pydantic import ValidationError

    from lupus_nephritis.errors import LupusNephritisError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except LupusNephritisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ValidationError as error:
        from lupus_nephritis.cli_evaluate import describe_validation

        print(f"error: {describe_validation(error)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `lupus-nephritis rules | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
