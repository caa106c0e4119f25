"""Generate documentation pages from rule-set objects, so docs cannot drift from code.

`render_rule_set` walks a rule set's ``parameters`` (attrs instances, possibly nested,
holding `Threshold`,
`VisitWindow`, `ExposureRule`,
`Confirmation` and plain constants) and renders every threshold
with its comparator, value, unit and source, every window, every option with its default, and
the sources with links. The mkdocs build calls it for every registered rule set.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.registry import SUPERSEDED_PREFIX, RuleSet, list_rule_sets
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.thresholds import Option, Threshold
from lupus_nephritis.timeline import Confirmation, ExposureRule, VisitWindow
from lupus_nephritis.units import format_decimal


def _cell(value: object) -> str:
    text = _text(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (Decimal, Fraction)):
        return format_decimal(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _is_cited_constant(value: object) -> bool:
    """A cited constant: attrs data with an id, a label, a source and a ``describe()``."""
    if isinstance(value, (Threshold, VisitWindow, ExposureRule, Confirmation, Option)):
        return False
    return (
        attrs.has(type(value))
        and all(hasattr(value, name) for name in ("id", "label", "source_id"))
        and callable(getattr(value, "describe", None))
    )


def _walk(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(
        value, (Threshold, VisitWindow, ExposureRule, Confirmation, Option)
    ) or _is_cited_constant(value):
        yield prefix, value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            name = f"{prefix}.{field.name}" if prefix else field.name
            yield from _walk(name, getattr(value, field.name))
    elif (
        isinstance(value, (tuple, list))
        and value
        and all(attrs.has(type(v)) or isinstance(v, Threshold) for v in value)
    ):
        for index, item in enumerate(value):
            yield from _walk(f"{prefix}[{index}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(f"{prefix}[{key}]", item)
    else:
        yield prefix, value


class _Notes:
    """Notes of one table, numbered and printed under it (long text never clips a column)."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def ref(self, note: str | None) -> str:
        if not note:
            return "-"
        self.items.append(note)
        return f"[{len(self.items)}]"

    def block(self) -> list[str]:
        if not self.items:
            return []
        return ["", "Notes:", "", *(f"{i}. {text}" for i, text in enumerate(self.items, 1))]


def _source_link(source_id: str | None) -> str:
    if source_id is None:
        return "library default"
    if source_id not in SOURCES:
        return f"`{source_id}` (unknown)"
    return f"[`{source_id}`](../sources.md#{source_id})"


def render_rule_set(rule_set: RuleSet) -> str:
    """Markdown page for one rule set, generated from its parameters and metadata."""
    lines: list[str] = [
        f"# {rule_set.title}",
        "",
        f"- **Id**: `{rule_set.id}`  ",
        f"- **Version**: `{rule_set.version}` (cite as `{rule_set.key}`)  ",
        f"- **Kind**: {rule_set.kind.value}  ",
        "- **Sources**: " + ", ".join(_source_link(s) for s in rule_set.source_ids),
        "",
        rule_set.description,
        "",
    ]
    thresholds: list[tuple[str, Threshold]] = []
    windows: list[tuple[str, VisitWindow]] = []
    exposures: list[tuple[str, ExposureRule]] = []
    confirmations: list[tuple[str, Confirmation]] = []
    constants: list[tuple[str, Any]] = []
    cited: list[tuple[str, Any]] = []
    for name, value in _walk("", rule_set.parameters):
        if _is_cited_constant(value):
            cited.append((name, value))
        elif isinstance(value, Threshold):
            thresholds.append((name, value))
        elif isinstance(value, VisitWindow):
            windows.append((name, value))
        elif isinstance(value, ExposureRule):
            exposures.append((name, value))
            thresholds.append((f"{name}.threshold", value.threshold))
        elif isinstance(value, Confirmation):
            confirmations.append((name, value))
        elif not isinstance(value, Option):
            constants.append((name, value))
    if thresholds:
        lines += [
            "## Thresholds",
            "",
            "| Criterion | Meaning | Comparator | Value | Unit | Source | Note |",
            "|---|---|---|---|---|---|---|",
        ]
        notes = _Notes()
        for _name, t in thresholds:
            lines.append(
                f"| `{t.id}` | {_cell(t.label)} | `{t.comparator.value}` | "
                f"{_cell(t.value)} | `{t.unit}` | {_source_link(t.source_id)} | "
                f"{notes.ref(t.note)} |"
            )
        lines += notes.block()
        lines.append("")
    if exposures:
        lines += ["## Glucocorticoid exposure rules", ""]
        for name, rule in exposures:
            lines.append(
                f"- `{name}`: {rule.describe()} ({_source_link(rule.threshold.source_id)})"
            )
        lines.append("")
    if windows or confirmations:
        lines += ["## Windows and confirmation", "", "| Parameter | Rule | Source | Note |"]
        lines.append("|---|---|---|---|")
        notes = _Notes()
        for name, w in windows:
            lines.append(
                f"| `{name}` | {_cell(w.describe())} | "
                f"{_source_link(w.source_id)} | {notes.ref(w.note)} |"
            )
        for name, c in confirmations:
            span = f"{c.min_days} to {c.max_days if c.max_days is not None else 'any'} days later"
            lines.append(
                f"| `{name}` | confirmed by a measurement {span} | "
                f"{_source_link(c.source_id)} | {notes.ref(c.note)} |"
            )
        lines += notes.block()
        lines.append("")
    if cited:
        lines += [
            "## Cited constants",
            "",
            "| Constant | Meaning | Value | Source | Note |",
            "|---|---|---|---|---|",
        ]
        notes = _Notes()
        for _name, item in cited:
            lines.append(
                f"| `{item.id}` | {_cell(item.label)} | {_cell(item.describe())} | "
                f"{_source_link(item.source_id)} | {notes.ref(getattr(item, 'note', None))} |"
            )
        lines += notes.block()
        lines.append("")
    if constants:
        lines += ["## Other parameters", "", "| Parameter | Value |", "|---|---|"]
        for name, value in constants:
            lines.append(f"| `{name}` | {_cell(value)} |")
        lines.append("")
    if rule_set.options:
        lines += [
            "## Options",
            "",
            "| Option | Default | Choices | Source | What it decides |",
            "|---|---|---|---|---|",
        ]
        notes = _Notes()
        for option in rule_set.options:
            choices = _cell(option.choices) if option.choices is not None else "any"
            lines.append(
                f"| `{option.name}` | `{_text(option.default)}` | {choices} | "
                f"{_source_link(option.source_id)} | {notes.ref(option.description)} |"
            )
        lines += notes.block()
        lines.append("")
    if rule_set.notes:
        lines += ["## Ambiguities and choices", ""]
        lines += [f"- {note}" for note in rule_set.notes]
        lines.append("")
    earlier = [
        r
        for r in list_rule_sets(all_versions=True)
        if r.id == rule_set.id and r.version != rule_set.version
    ]
    if earlier:
        lines += ["## Earlier versions", ""]
        for old in earlier:
            lines.append(f"- `{old.key}` (still selectable): {_version_change(old, rule_set)}")
        lines.append("")
    lines += ["## Sources", ""]
    for source_id in rule_set.source_ids:
        source = SOURCES[source_id]
        link = f" <{source.link}>" if source.link else ""
        lines.append(f"- `{source.id}`: {source.citation}{link}")
    lines.append("")
    return "\n".join(lines)


def _version_change(old: RuleSet, current: RuleSet) -> str:
    """How ``old`` differs from ``current``: its "Superseded by" note, else its option changes.

    The option differences (options only one version declares, defaults that differ) are read
    from the two rule sets' data; without either, the reader is sent to the changelog.
    """
    for note in old.notes:
        if note.startswith(SUPERSEDED_PREFIX):
            return note
    mine = {o.name: o for o in old.options}
    theirs = {o.name: o for o in current.options}
    parts = [f"no option `{name}`" for name in theirs if name not in mine]
    parts += [f"option `{name}` (removed since)" for name in mine if name not in theirs]
    parts += [
        f"option `{name}` defaults to `{_text(mine[name].default)}`"
        for name in mine
        if name in theirs and mine[name].default != theirs[name].default
    ]
    if parts:
        return "; ".join(parts) + " (see the changelog's Definition changes)."
    return "see the changelog's Definition changes."


def render_index() -> str:
    """Markdown index of every registered rule set, grouped by kind."""
    lines = [
        "# Rule sets",
        "",
        "Every registered rule set, generated from the registry. Each page lists the rule set's",
        "thresholds, comparators, units, windows, options and sources, read from its data.",
        "",
    ]
    current = None
    for rule_set in list_rule_sets():
        if rule_set.kind is not current:
            current = rule_set.kind
            lines += ["", f"## {current.value.capitalize()}", "", "| Id | Version | Title |"]
            lines.append("|---|---|---|")
        lines.append(
            f"| [`{rule_set.id}`]({rule_set.id}.md) | `{rule_set.version}` | {rule_set.title} |"
        )
    lines.append("")
    return "\n".join(lines)


def render_sources() -> str:
    """Markdown page listing every source with an anchor per id."""
    lines = ["# Sources", "", "Every publication the library cites, by id.", ""]
    for source_id in sorted(SOURCES):
        source = SOURCES[source_id]
        lines += [
            f"## {source.id}" + " {#" + source.id + "}",
            "",
            f"**{source.title}** ({source.year}, {source.kind}; facts gathered from "
            f"{source.confidence} text).  ",
            source.citation + (f"  \n<{source.link}>" if source.link else ""),
            "",
        ]
    return "\n".join(lines)


#: API reference pages: (file, title, what it covers, modules in reading order). Every module
#: of ``lupus_nephritis._EXPORTS`` appears on exactly one page (a test checks it), showing only
#: the names the package exports, entry points first.
API_PAGES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "response",
        "Renal response and flares",
        "Classify a treatment course under any response definition; detect renal flares.",
        ("lupus_nephritis.criteria.response.api", "lupus_nephritis.criteria.flares.api"),
    ),
    (
        "biopsy-pathology",
        "Biopsy indication and pathology",
        "Whether a kidney biopsy is indicated; ISN/RPS class and NIH indices of a biopsy.",
        (
            "lupus_nephritis.criteria.biopsy.api",
            "lupus_nephritis.criteria.biopsy.models",
            "lupus_nephritis.criteria.pathology.api",
            "lupus_nephritis.criteria.pathology.models",
            "lupus_nephritis.criteria.pathology.nih_indices",
        ),
    ),
    (
        "regimens",
        "Regimens",
        "Regimen eligibility, the treatment algorithm's suggestions and the step a course is at, "
        "voclosporin and belimumab dosing, drugs.",
        (
            "lupus_nephritis.regimens.eligibility.api",
            "lupus_nephritis.regimens.algorithm",
            "lupus_nephritis.regimens.phase.api",
            "lupus_nephritis.regimens.voclosporin_dosing.api",
            "lupus_nephritis.regimens.belimumab_dosing.api",
            "lupus_nephritis.regimens.belimumab_dosing.engine",
            "lupus_nephritis.regimens.belimumab_dosing.models",
            "lupus_nephritis.regimens.models",
            "lupus_nephritis.regimens.catalogue",
        ),
    ),
    (
        "safety",
        "Therapy evidence and safety stop rules",
        "The seed review's Table 1 as cited data; published stop rules of trials and labels "
        "(e.g. an IgG threshold) checked on lab values.",
        (
            "lupus_nephritis.regimens.evidence",
            "lupus_nephritis.regimens.safety.api",
            "lupus_nephritis.regimens.safety.engine",
        ),
    ),
    (
        "glucocorticoids-duration",
        "Glucocorticoids and treatment duration",
        "Taper and exposure checks, prednisone equivalents, duration of immunosuppression.",
        (
            "lupus_nephritis.regimens.glucocorticoids.taper",
            "lupus_nephritis.regimens.glucocorticoids.pulses",
            "lupus_nephritis.regimens.glucocorticoids.equivalence",
            "lupus_nephritis.steroids",
            "lupus_nephritis.regimens.duration",
        ),
    ),
    (
        "egfr",
        "eGFR equations",
        "Pure functions: CKD-EPI, EKFC, Schwartz and CKiD U25 equations.",
        ("lupus_nephritis.egfr",),
    ),
    (
        "inputs",
        "Inputs and units",
        "The input models (courses, visits, measurements) and exact unit conversion.",
        ("lupus_nephritis.models", "lupus_nephritis.units"),
    ),
    (
        "decisions",
        "Decisions and logic",
        "What every rule returns: decisions, criteria, evidence; three-valued logic; thresholds.",
        ("lupus_nephritis.decisions", "lupus_nephritis.logic", "lupus_nephritis.thresholds"),
    ),
    (
        "registry",
        "Rule sets and sources",
        "The registry of cited, versioned rule sets and the sources they cite.",
        ("lupus_nephritis.registry", "lupus_nephritis.sources"),
    ),
    (
        "fhir",
        "FHIR input",
        "Read FHIR R4 resources (Observations, Patient, Conditions, medications) into courses.",
        ("lupus_nephritis.fhir.reader",),
    ),
    (
        "errors",
        "Errors",
        "The one exception family every public function raises.",
        ("lupus_nephritis.errors",),
    ),
)


def _exports_by_module() -> dict[str, list[str]]:
    import lupus_nephritis

    grouped: dict[str, list[str]] = {}
    for name, module in lupus_nephritis._EXPORTS.items():
        grouped.setdefault(module, []).append(name)
    return grouped


def _summary_line(module: str, name: str) -> str:
    import importlib
    import inspect

    doc = inspect.getdoc(getattr(importlib.import_module(module), name)) or ""
    first = doc.strip().split("\n\n", 1)[0].replace("\n", " ")
    return first.replace("|", "\\|")


def render_api_pages() -> dict[str, str]:
    """The API reference: an index of the public surface by task, and one page per topic.

    Returns:
        File name (under ``api/``) -> markdown. Pages render only exported names, through
        mkdocstrings, so the reference opens on the entry points, not on internals.
    """
    exports = _exports_by_module()
    pages: dict[str, str] = {}
    index = [
        "# API reference",
        "",
        "Everything importable from `lupus_nephritis`, by task. Names link to their",
        "documentation; every function and class is re-exported at the top level",
        "(`from lupus_nephritis import classify_renal_response`).",
        "",
    ]
    for file, title, what, modules in API_PAGES:
        body = [f"# {title}", "", what, ""]
        index += [f"## [{title}]({file}.md)", "", what, "", "| Name | What it is |", "|---|---|"]
        for module in modules:
            names = exports.get(module, [])
            if not names:
                continue
            body += [
                f"::: {module}",
                "    options:",
                "      show_root_heading: false",
                "      show_root_toc_entry: false",
                "      heading_level: 2",
                "      members:",
                *(f"        - {name}" for name in names),
                "",
            ]
            index += [
                f"| [`{name}`]({file}.md#{module}.{name}) | {_summary_line(module, name)} |"
                for name in names
            ]
        index.append("")
        pages[f"{file}.md"] = "\n".join(body)
    pages["index.md"] = "\n".join(index)
    return pages


def _rule_link(rule_set_id: str) -> str:
    return f"[`{rule_set_id}`](rules/{rule_set_id}.md)"


def render_therapy_evidence() -> str:
    """Markdown page of the therapy evidence catalogue (the seed review's Table 1).

    Returns:
        The page: one table of every row (agent, target, trial, phase, N, population,
        primary outcome, result) with links to the trial's source, the catalogue drug, the
        response and safety rule sets, then each row's OCR repairs and notes.
    """
    from lupus_nephritis.regimens.evidence import SOURCE_ID, list_therapy_evidence

    rows = list_therapy_evidence()
    lines = [
        "# Therapy evidence (seed review, Table 1)",
        "",
        "The seed review's Table 1, *Summary of evidence for select novel treatments for LN*,",
        f"as cited data (source {_source_link(SOURCE_ID).replace('../', '')}), generated from",
        "`lupus_nephritis.regimens.evidence` (`list_therapy_evidence()`,",
        "`get_therapy_evidence(agent)`). The table reached the project through OCR; damaged",
        "cells were repaired from the review's text and every repair is listed below the table.",
        "N is as printed; where a trial paper differs, the notes say so.",
        "",
        "| Agent | Target / mechanism | Trial (phase) | N | Population | Primary outcome "
        "| Key result | Library links |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        trial = row.trial
        if row.trial_source_id is not None:
            trial = f"[{row.trial}](sources.md#{row.trial_source_id})"
        links = []
        if row.drug is not None:
            links.append(f"drug `{row.drug.value}`")
        links += [_rule_link(r) for r in (*row.response_rule_sets, *row.safety_rule_sets)]
        registry = f"; {row.registry_id}" if row.registry_id else ""
        lines.append(
            f"| {_cell(row.agent)} | {_cell(row.target)} | {trial} ({_cell(row.phase)}"
            f"{registry}) | {_cell(row.n)} | {_cell(row.population)} | "
            f"{_cell(row.primary_outcome or 'not stated')} | {_cell(row.result)} "
            f"({_cell(row.status)}; ref. {row.review_reference}) | "
            f"{', '.join(links) or '-'} |"
        )
    lines += ["", "## Repairs and notes", ""]
    for row in rows:
        if not row.corrections and not row.note:
            continue
        lines.append(f"**{row.agent}** ({row.trial})")
        lines.append("")
        lines += [f"- Repair: {_cell(text)}" for text in row.corrections]
        if row.note:
            lines.append(f"- Note: {_cell(row.note)}")
        lines.append("")
    return "\n".join(lines)


def render_safety_stop_rules() -> str:
    """Markdown page of the safety stop rules: those encoded, and those NOT FOUND.

    Returns:
        The page: every rule set of kind ``safety`` (drug, setting, action, criteria with
        comparator, value, unit and source), then every stop rule looked for and not found.
    """
    from lupus_nephritis.regimens.safety.engine import NOT_FOUND, StopRule
    from lupus_nephritis.registry import RuleKind

    lines = [
        "# Safety stop rules",
        "",
        "Published stop rules of lupus nephritis trials and labels, encoded only where they can",
        "be cited, and checked on a patient's values by `check_safety_stop_rules(labs)` (verdict",
        "`stop`, `continue` or `not_evaluable`). Generated from the registry and from",
        "`lupus_nephritis.regimens.safety.engine.NOT_FOUND`.",
        "",
        "## Encoded",
        "",
        "| Rule set | Drug | Setting | Stops when | Action | Source |",
        "|---|---|---|---|---|---|",
    ]
    for rule_set in list_rule_sets(RuleKind.SAFETY):
        rule: StopRule = rule_set.parameters
        joiner = " or " if rule.mode == "any" else " and "
        when = joiner.join(
            f"{c.threshold.label} (`{c.threshold.describe()}`)" for c in rule.criteria
        )
        lines.append(
            f"| {_rule_link(rule_set.id)} | {rule.drug} | {rule.setting} | {_cell(when)} | "
            f"{_cell(rule.action)} | {_source_link(rule.source_id).replace('../', '')} |"
        )
    lines += [
        "",
        "## Looked for and NOT FOUND",
        "",
        "No rule is encoded for these: the trials and labels below were searched for a stop",
        "rule and none was found in the material read.",
        "",
        "| Drug | Where | What was looked for | Found instead |",
        "|---|---|---|---|",
    ]
    for item in NOT_FOUND:
        where = ", ".join(f"[`{s}`](sources.md#{s})" for s in item.source_ids)
        lines.append(
            f"| {item.drug} | {_cell(item.where)} ({where}) | {_cell(item.what)} | "
            f"{_cell(item.note or '-')} |"
        )
    lines.append("")
    return "\n".join(lines)


__all__ = [
    "API_PAGES",
    "render_api_pages",
    "render_index",
    "render_rule_set",
    "render_safety_stop_rules",
    "render_sources",
    "render_therapy_evidence",
]
