"""Public entry points: classify one course under one response definition, or under many.

* `classify_renal_response` - one definition, one explained decision.
* `compare_renal_response` - one course under many (or all) response definitions,
  side by side, with the course validated once.
* `ResponseComparison` - a small table over the decisions of a comparison.
* `explain_decision` - the criterion tree of a decision as printable lines.

Options are keyword arguments named as on each rule set's docs page. In a comparison,
``options={"kdigo-2024": {"stability_band": 10}}`` passes options to one definition, and any
other keyword (``policy="non-responder"``) is a *shared* option, passed to every compared
definition that declares it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import as_course_with
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.models import Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind, list_rule_sets
from lupus_nephritis.units import CreatinineConversion

DEFAULT_DEFINITION = "kdigo-2024"


def _definition_id(value: object) -> str:
    if not isinstance(value, str):
        raise InputError(
            f"definition: expected a rule-set id such as 'kdigo-2024', got {type(value).__name__}"
        )
    return value


def _definition_ids(definitions: object) -> list[str]:
    if isinstance(definitions, str):
        return [definitions]
    if not isinstance(definitions, Iterable):
        raise InputError(
            f"definitions: expected a sequence of rule-set ids, got {type(definitions).__name__}"
        )
    return [_definition_id(d) for d in definitions]


def _per_definition_options(options: object) -> dict[str, Mapping[str, Any]]:
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise OptionError(
            "options: expected a mapping {definition: {option: value}}, got "
            f"{type(options).__name__}"
        )
    for name, value in options.items():
        if not isinstance(value, Mapping):
            raise OptionError(
                f"options[{name!r}]: expected a mapping of option values, got "
                f"{type(value).__name__}"
            )
    return dict(options)


def _evaluate(
    rule_set: RuleSet, course: TreatmentCourse, at: object, options: Mapping[str, Any]
) -> Decision:
    if rule_set.evaluate is None:  # pragma: no cover - the contract test forbids it
        raise OptionError(f"rule set {rule_set.key} cannot be evaluated")
    decision: Decision = rule_set.evaluate(course, at=at, **options)
    return decision


def classify_renal_response(
    course: TreatmentCourse | Mapping[str, Any],
    definition: str = DEFAULT_DEFINITION,
    *,
    at: date | int | None = None,
    default_upcr_specimen: Specimen | str | None = None,
    creatinine_conversion: CreatinineConversion | str | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under one response definition.

    Args:
        course: A `TreatmentCourse` or a plain dict of one
            (validated once).
        definition: Id of a registered response rule set, optionally ``"id@version"``
            (default ``"kdigo-2024"``); see ``list_rule_sets("response")``.
        at: Assessment point: a date, a study week (``int``; week *w* is ``start_date + 7*w``
            days), or None for the definition's documented default.
        default_upcr_specimen: Specimen (``"24h"``, ``"spot"``, ``"first_morning"``) assumed
            for every UPCR of the course whose specimen is not reported; overrides the
            course's own ``default_upcr_specimen``. Reported specimens always win; readings
            that use it are flagged ``upcr-specimen-assumed``.
        creatinine_conversion: How creatinines given in µmol/L convert to mg/dL (``"88.4"``,
            the default, or ``"molar-mass"``); overrides the course's own
            ``creatinine_conversion``; a measurement's own ``conversion`` always wins. The
            evidence of each such creatinine names the conversion used.
        **options: Options of that definition (names and defaults on its docs page), e.g.
            ``stability_band=10``, ``policy="non-responder"``, ``visit_matching="nearest"``.

    Returns:
        A `Decision` whose verdict is ``"complete"``,
        ``"partial"``, ``"none"`` or ``"not_evaluable"``, with the criteria, the visits and
        values read, the missing inputs, flags, the policy and the options used, and
        ``rule_set`` = ``"id@version"``.

    Raises:
        InputValidationError: ``course`` is not a valid course.
        UnknownRuleSetError: no response rule set ``definition``.
        OptionError: an unknown option or an invalid option value.
        InputError: ``definition`` is not a string, or ``at`` is not a date on or after the
            start or a non-negative week within the calendar, or ``default_upcr_specimen`` is
            not a specimen, or ``creatinine_conversion`` is not a creatinine conversion.
    """
    rule_set = get_rule_set_of_kind(_definition_id(definition), RuleKind.RESPONSE)
    validated = as_course_with(
        course,
        default_upcr_specimen=default_upcr_specimen,
        creatinine_conversion=creatinine_conversion,
    )
    return _evaluate(rule_set, validated, at, options)


def response_rule_sets() -> tuple[RuleSet, ...]:
    """Every registered response rule set (latest version of each), sorted by id."""
    return list_rule_sets(RuleKind.RESPONSE)


def compare_renal_response(
    course: TreatmentCourse | Mapping[str, Any],
    definitions: Sequence[str] | None = None,
    *,
    at: date | int | Mapping[str, date | int | None] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    default_upcr_specimen: Specimen | str | None = None,
    creatinine_conversion: CreatinineConversion | str | None = None,
    **shared_options: Any,
) -> tuple[Decision, ...]:
    """Classify one course under several response definitions, side by side.

    Args:
        course: A course or a plain dict of one (validated once for all definitions).
        definitions: Rule-set ids (``"id"`` or ``"id@version"``), in the order wanted (a
            single id string is one definition); None for every registered response rule
            set (latest versions, sorted by id).
        at: One assessment point for all definitions (date or study week), None for each
            definition's own default, or a mapping ``{definition: at}`` (definitions not in
            the mapping use their default).
        options: Per-definition options, keyed by the id as given in ``definitions`` (or the
            bare id), e.g. ``{"kdigo-2024": {"stability_band": 10}}``.
        default_upcr_specimen: Specimen assumed for UPCRs whose specimen is not reported
            (as in `classify_renal_response`).
        creatinine_conversion: Conversion of creatinines given in µmol/L (as in
            `classify_renal_response`).
        **shared_options: Options passed to every compared definition that declares them
            (e.g. ``policy="non-responder"``, ``visit_matching="nearest"``); per-definition
            ``options`` win over them.

    Returns:
        The decisions, one per definition, in order.

    Raises:
        OptionError: ``options`` is not a mapping of mappings, names a definition that is not
            compared, or a shared option is declared by none of the compared definitions, or
            an option value is invalid.
        UnknownRuleSetError: an unknown id or a rule set of another kind.
        InputError: ``definitions`` is not a sequence of id strings, or an ``at`` mapping
            names a definition that is not compared, or an assessment point is invalid.
    """
    validated = as_course_with(
        course,
        default_upcr_specimen=default_upcr_specimen,
        creatinine_conversion=creatinine_conversion,
    )
    if definitions is None:
        rule_sets = list(response_rule_sets())
        names = [r.id for r in rule_sets]
    else:
        names = _definition_ids(definitions)
        rule_sets = [get_rule_set_of_kind(name, RuleKind.RESPONSE) for name in names]
    per = _per_definition_options(options)
    known = set(names) | {r.id for r in rule_sets}
    stray = sorted(set(per) - known)
    if stray:
        raise OptionError(
            f"options given for definition(s) not compared: {', '.join(stray)}; "
            f"compared: {', '.join(names)}"
        )
    if isinstance(at, Mapping):
        stray_at = sorted(str(k) for k in set(at) - known)
        if stray_at:
            raise InputError(
                f"at given for definition(s) not compared: {', '.join(stray_at)}; "
                f"compared: {', '.join(names)}"
            )
    declared = {o.name for r in rule_sets for o in r.options}
    unused = sorted(set(shared_options) - declared)
    if unused:
        raise OptionError(
            f"shared option(s) {', '.join(unused)} are declared by none of: {', '.join(names)}"
        )
    decisions: list[Decision] = []
    for name, rule_set in zip(names, rule_sets, strict=True):
        own = {o.name for o in rule_set.options}
        chosen = {k: v for k, v in shared_options.items() if k in own}
        chosen.update(per.get(name, per.get(rule_set.id, {})))
        point = at.get(name, at.get(rule_set.id)) if isinstance(at, Mapping) else at
        decisions.append(_evaluate(rule_set, validated, point, chosen))
    return tuple(decisions)


def _criterion_lines(criterion: Criterion, depth: int) -> Iterable[str]:
    text = criterion.describe()
    evidence = ", ".join(e.describe() for e in criterion.evidence[:3])
    if evidence and not criterion.children:
        text += f" <- {evidence}"
    yield "  " * depth + "- " + text
    for child in criterion.children:
        yield from _criterion_lines(child, depth + 1)


def explain_decision(decision: Decision) -> list[str]:
    """The decision as printable lines: verdict, then the criterion tree with evidence.

    Args:
        decision: Any `Decision` (of any rule-set kind).

    Returns:
        One line with the rule set and verdict, then one indented line per criterion (with
        the values and visits it used), then missing inputs, flags and policy if any.

    Raises:
        InputError: ``decision`` is not a Decision.
    """
    if not isinstance(decision, Decision):
        raise InputError(f"expected a Decision, got {type(decision).__name__}")
    head = f"{decision.rule_set}: {decision.verdict}"
    if decision.assessed_on is not None:
        head += f" (assessed on {decision.assessed_on.isoformat()})"
    lines = [head]
    for criterion in decision.criteria:
        lines.extend(_criterion_lines(criterion, 1))
    if decision.missing_inputs:
        lines.append("  missing: " + ", ".join(decision.missing_inputs))
    if decision.flags:
        lines.append("  flags: " + ", ".join(decision.flags))
    if decision.policy:
        lines.append(f"  policy: {decision.policy}")
    return lines


def _decisions(value: Iterable[Decision]) -> tuple[Decision, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InputError(f"decisions: expected a sequence of Decisions, got {type(value).__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, Decision):
            raise InputError(f"decisions: expected Decisions, got {type(item).__name__}")
    return items


@attrs.frozen(slots=True)
class ResponseComparison:
    """A side-by-side view of the decisions of `compare_renal_response`.

    Attributes:
        decisions: The decisions, in comparison order.
    """

    decisions: tuple[Decision, ...] = attrs.field(converter=_decisions)

    @property
    def verdicts(self) -> dict[str, str]:
        """``{"id@version": verdict}``."""
        return {d.rule_set: d.verdict for d in self.decisions}

    @property
    def agree(self) -> bool:
        """True when every definition gives the same verdict."""
        return len({d.verdict for d in self.decisions}) <= 1

    def rows(self) -> list[dict[str, str]]:
        """One plain row per decision (rule set, verdict, assessed on, policy, flags, missing)."""
        return [
            {
                "rule_set": d.rule_set,
                "verdict": d.verdict,
                "assessed_on": d.assessed_on.isoformat() if d.assessed_on else "",
                "policy": d.policy or "",
                "flags": ", ".join(d.flags),
                "missing": ", ".join(d.missing_inputs),
            }
            for d in self.decisions
        ]

    def lines(self) -> list[str]:
        """The rows as an aligned text table (header first)."""
        header = {
            "rule_set": "rule set",
            "verdict": "verdict",
            "assessed_on": "assessed on",
            "policy": "policy",
            "flags": "flags",
            "missing": "missing",
        }
        rows = [header, *self.rows()]
        keys = list(header)
        widths = {k: max(len(r[k]) for r in rows) for k in keys}
        return ["  ".join(r[k].ljust(widths[k]) for k in keys).rstrip() for r in rows]


__all__ = [
    "DEFAULT_DEFINITION",
    "ResponseComparison",
    "classify_renal_response",
    "compare_renal_response",
    "explain_decision",
    "response_rule_sets",
]
