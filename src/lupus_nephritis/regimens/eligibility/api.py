"""Public API: check one regimen under one rule set, or several regimens under several.

``check_regimen_eligibility(regimen, patient, rule_set="kdigo-2024-regimens")`` returns one
`Decision` (verdict: ``eligible``, ``caution``,
``not_recommended``, ``contraindicated`` or ``not_evaluable``), every criterion with its source
and the severity it triggers. `check_regimens` builds an `EligibilityTable`:
regimens as rows, rule sets as columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.errors import InputError, UnknownRuleSetError
from lupus_nephritis.regimens.models import PatientContext, Regimen
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind

DEFAULT_RULE_SET = "kdigo-2024-regimens"
"""Rule set used when none is named."""

DEFAULT_TABLE_RULE_SETS: tuple[str, ...] = (
    "us-labels",
    "kdigo-2024-regimens",
    "eular-2023-regimens",
    "acr-2024-regimens",
    "seed-review-2024-regimens",
)
"""Rule sets `check_regimens` uses when none are named."""


def check_rule_set_id(rule_set: object) -> RuleSet:
    """The registered eligibility rule set ``rule_set`` (``id`` or ``id@version``).

    Raises:
        UnknownRuleSetError: not a string, unknown, or not an eligibility rule set.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    return get_rule_set_of_kind(rule_set, RuleKind.ELIGIBILITY)


def check_regimen_eligibility(
    regimen: Regimen | Mapping[str, Any],
    patient: PatientContext | Mapping[str, Any] | None = None,
    rule_set: str = DEFAULT_RULE_SET,
    **options: Any,
) -> Decision:
    """Check a regimen's eligibility for a patient under one rule set.

    Args:
        regimen: The regimen (a `Regimen` or a mapping,
            e.g. ``{"drugs": ["mmf", "voclosporin", "glucocorticoids"]}``).
        patient: The patient context (a `PatientContext`
            or a mapping); ``None`` means nothing is known.
        rule_set: An eligibility rule-set id, optionally ``id@version``.
        **options: Options of that rule set (unknown names raise ``OptionError``).

    Returns:
        The decision; ``decision.verdict`` is an `Eligibility`
        value and ``decision.detail("severity.<criterion id>")`` the severity each criterion
        triggers.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a registered eligibility rule set.
        InputValidationError: invalid regimen or patient data.
    """
    chosen = check_rule_set_id(rule_set)
    if chosen.evaluate is None:  # pragma: no cover - every eligibility rule set evaluates
        raise UnknownRuleSetError(f"rule set {chosen.key} cannot be evaluated")
    result: Decision = chosen.evaluate(regimen, patient, **options)
    return result


@attrs.frozen(slots=True)
class EligibilityTable:
    """Decisions for several regimens under several rule sets.

    Attributes:
        regimens: The regimens (rows).
        rule_sets: The rule sets (columns), as ``id@version``.
        decisions: ``decisions[row][column]``.
    """

    regimens: tuple[Regimen, ...]
    rule_sets: tuple[str, ...]
    decisions: tuple[tuple[Decision, ...], ...]

    def decision(self, regimen: int | str, rule_set: str) -> Decision:
        """The decision for a regimen (row index or label) under a rule set (id or id@version).

        Raises:
            InputError: no such regimen or rule set in the table.
        """
        row = self._row(regimen)
        for column, key in enumerate(self.rule_sets):
            if rule_set in (key, key.split("@", 1)[0]):
                return self.decisions[row][column]
        raise InputError(f"rule set {rule_set!r} is not a column of this table")

    def verdict(self, regimen: int | str, rule_set: str) -> Eligibility:
        """The verdict for a regimen under a rule set."""
        return Eligibility(self.decision(regimen, rule_set).verdict)

    def _row(self, regimen: int | str) -> int:
        if isinstance(regimen, int):
            if 0 <= regimen < len(self.regimens):
                return regimen
            raise InputError(f"no regimen at row {regimen}")
        for row, item in enumerate(self.regimens):
            if item.label == regimen:
                return row
        raise InputError(f"no regimen labelled {regimen!r}")

    def lines(self) -> list[str]:
        """The table as aligned plain-text lines (verdicts; ``*`` marks a decision with flags)."""
        headers = ["regimen", *(key.split("@", 1)[0] for key in self.rule_sets)]
        rows = [
            [
                regimen.label,
                *(d.verdict.replace("_", " ") + ("*" if d.flags else "") for d in row),
            ]
            for regimen, row in zip(self.regimens, self.decisions, strict=True)
        ]
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
        out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
        out.append("  ".join("-" * w for w in widths))
        out += [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
        ]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form: one entry per regimen with each rule set's decision."""
        return {
            "rule_sets": list(self.rule_sets),
            "rows": [
                {
                    "regimen": regimen.model_dump(mode="json"),
                    "decisions": [d.to_dict() for d in row],
                }
                for regimen, row in zip(self.regimens, self.decisions, strict=True)
            ],
        }


def _options_per_rule_set(options: object) -> dict[str, dict[str, Any]]:
    """``{rule-set id: {option: value}}`` from the caller's mapping (``None``: no options).

    Raises:
        InputError: not a mapping of rule-set ids to mappings of option names.
    """
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise InputError(
            "options must map rule-set ids to option mappings, e.g. "
            "{'us-labels': {'blood_pressure_reading': 'both'}}, not "
            f"{type(options).__name__}"
        )
    result: dict[str, dict[str, Any]] = {}
    for key, value in options.items():
        if not isinstance(key, str) or not isinstance(value, Mapping):
            raise InputError(
                f"options[{key!r}] must be a mapping of option names to values for a rule-set id"
            )
        if not all(isinstance(name, str) for name in value):
            raise InputError(f"options[{key!r}]: option names must be strings")
        result[key] = dict(value)
    return result


def check_regimens(
    regimens: Iterable[Regimen | Mapping[str, Any]],
    patient: PatientContext | Mapping[str, Any] | None = None,
    rule_sets: Sequence[str] = DEFAULT_TABLE_RULE_SETS,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> EligibilityTable:
    """Check several regimens under several eligibility rule sets at once.

    Args:
        regimens: The regimens (models or mappings).
        patient: The patient context (model or mapping).
        rule_sets: Eligibility rule-set ids (columns), optionally ``id@version``.
        options: Options per rule set: ``{"us-labels": {"blood_pressure_reading": "both"}}``.

    Returns:
        The table of decisions.

    Raises:
        UnknownRuleSetError: a rule set is unknown or not an eligibility rule set.
        InputError: ``regimens`` is not a list, or ``options`` is malformed or names a rule
            set that is not a column.
        OptionError: an option is unknown to its rule set or has an invalid value.
        InputValidationError: invalid regimen or patient data.
    """
    if isinstance(regimens, (str, bytes, Mapping, Regimen)) or not isinstance(regimens, Iterable):
        raise InputError(
            "regimens must be a list of regimens (models or mappings), not "
            f"{type(regimens).__name__}"
        )
    parsed = tuple(r if isinstance(r, Regimen) else Regimen.model_validate(r) for r in regimens)
    context = (
        patient
        if isinstance(patient, PatientContext)
        else PatientContext.model_validate(patient if patient is not None else {})
    )
    if isinstance(rule_sets, str):
        rule_sets = (rule_sets,)
    if isinstance(rule_sets, Mapping) or not isinstance(rule_sets, Iterable):
        raise UnknownRuleSetError(
            f"rule_sets must be a rule-set id or a list of ids, not {type(rule_sets).__name__}"
        )
    chosen = [check_rule_set_id(r) for r in rule_sets]
    per_rule_set = _options_per_rule_set(options)
    unknown = sorted(set(per_rule_set) - {r.id for r in chosen} - {r.key for r in chosen})
    if unknown:
        raise InputError(f"options given for rule sets that are not columns: {', '.join(unknown)}")
    decisions = tuple(
        tuple(
            check_regimen_eligibility(
                regimen,
                context,
                rule_set.key,
                **per_rule_set.get(rule_set.id, per_rule_set.get(rule_set.key, {})),
            )
            for rule_set in chosen
        )
        for regimen in parsed
    )
    return EligibilityTable(parsed, tuple(r.key for r in chosen), decisions)


__all__ = [
    "DEFAULT_RULE_SET",
    "DEFAULT_TABLE_RULE_SETS",
    "EligibilityTable",
    "check_regimen_eligibility",
    "check_regimens",
    "check_rule_set_id",
]
