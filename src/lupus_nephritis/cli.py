"""Command line: ``lupus-nephritis --version | rules | sources | egfr | schema | demo``.

A thin face over the public API for people who do not code. Every command writes plain text
(or JSON with ``--json``) to standard output and exits non-zero with a one-line message on bad
input.
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
    "course": "TreatmentCourse",
    "visit": "Visit",
    "patient": "Patient",
    "dose": "GlucocorticoidDose",
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
    from lupus_nephritis import egfr
    from lupus_nephritis.units import Quantity, convert, to_decimal

    info = egfr.EQUATIONS.get(args.equation)
    if info is None:
        raise SystemExit(f"unknown equation {args.equation!r}; known: {', '.join(egfr.EQUATIONS)}")
    function: Callable[..., float] = getattr(egfr, info.function_name)
    kwargs: dict[str, object] = {}
    import inspect

    wanted = inspect.signature(function).parameters
    if "creatinine_mg_dl" in wanted:
        if args.creatinine is None:
            raise SystemExit(f"{args.equation} needs --creatinine")
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
            raise SystemExit(f"{args.equation} needs --cystatin-c (mg/L)")
        kwargs["cystatin_c_mg_l"] = float(to_decimal(args.cystatin_c, what="cystatin C"))
    for name, value, flag in (
        ("age", args.age, "--age"),
        ("sex", args.sex, "--sex"),
        ("height_cm", args.height_cm, "--height-cm"),
    ):
        if name in wanted:
            if value is None and wanted[name].default is inspect.Parameter.empty:
                raise SystemExit(f"{args.equation} needs {flag}")
            if value is not None:
                kwargs[name] = float(to_decimal(value, what=name)) if name != "sex" else value
    if "is_black" in wanted:
        kwargs["is_black"] = args.is_black
    value = function(**kwargs)
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
    models = importlib.import_module("lupus_nephritis.models")
    model = getattr(models, SCHEMA_MODELS[args.model])
    print(json.dumps(model.model_json_schema(), indent=2))
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

    schema = sub.add_parser("schema", help="print the JSON Schema of an input model")
    schema.add_argument("model", choices=sorted(SCHEMA_MODELS))
    schema.set_defaults(func=_cmd_schema)

    demo = sub.add_parser("demo", help="run the embedded examples end to end")
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lupus-nephritis`` command."""
    from lupus_nephritis.errors import LupusNephritisError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except LupusNephritisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `lupus-nephritis rules | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
