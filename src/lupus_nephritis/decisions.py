"""Immutable, explainable results: criteria outcomes and the decisions built from them.

A `Decision` is the answer of one rule set (``rule_set_id@rule_set_version``): a verdict,
the ordered `Criterion` outcomes that produced it (each with its observed value,
threshold, comparator, outcome, source id and the measurements it read), the inputs that were
missing, flags (e.g. a spot sample used where a 24-hour collection was asked for), the
missing-data policy and the options used. Its one-line `Decision.summary` is generated
from the criteria, never written by hand.

Decisions are frozen attrs classes and round-trip losslessly through JSON
(`Decision.to_json` / `Decision.from_json`); they contain no timestamps or machine
state, so the same inputs always give the same JSON.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, cast

import attrs

from lupus_nephritis._convert import to_enum
from lupus_nephritis.errors import InputError, UnknownCriterionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.units import (
    as_integer,
    format_decimal,
    fraction_to_decimal,
    tidy_decimal,
    to_decimal,
)

Scalar = Decimal | bool | str | None
"""A value a criterion can observe or compare against."""


class ResponseCategory(str, Enum):
    """Renal response category."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    NONE = "none"
    NOT_EVALUABLE = "not_evaluable"


class BiopsyIndication(str, Enum):
    """Whether a kidney biopsy is indicated."""

    INDICATED = "indicated"
    NOT_INDICATED = "not_indicated"
    INSUFFICIENT_DATA = "insufficient_data"


class Eligibility(str, Enum):
    """Regimen eligibility, from most to least permissive.

    ``eligible_pending``: nothing decisive fails, but unknown facts could still make the
    regimen caution-level or worse; it is eligible (or caution, see the decision's
    ``best_case``) once the facts in `Decision.facts_to_confirm` are confirmed.
    ``not_evaluable`` is only given under the ``unknowns="strict"`` reading.
    """

    ELIGIBLE = "eligible"
    ELIGIBLE_PENDING = "eligible_pending"
    CAUTION = "caution"
    NOT_RECOMMENDED = "not_recommended"
    CONTRAINDICATED = "contraindicated"
    NOT_EVALUABLE = "not_evaluable"


class TaperStatus(str, Enum):
    """Glucocorticoid exposure compared with a taper schedule."""

    ON_SCHEDULE = "on_schedule"
    ABOVE = "above"
    BELOW = "below"
    NOT_EVALUABLE = "not_evaluable"


class FlareSeverity(str, Enum):
    """Renal flare (relapse) status."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    FLARE = "flare"
    NOT_EVALUABLE = "not_evaluable"


def _taper_status(value: object) -> TaperStatus | None:
    try:
        return None if value is None else TaperStatus(value)
    except ValueError:
        return None


def _scalar(value: object) -> Scalar:
    """Normalise a criterion value: numbers become bounded-precision Decimals."""
    if value is None or type(value) is bool or type(value) is str:
        return cast(Scalar, value)
    if type(value) is Decimal:
        if not value.is_finite():
            raise InputError(f"criterion value {value!r} is not a finite number")
        return tidy_decimal(value)
    if isinstance(value, Enum):  # before str: a str-valued enum is stored as its value
        return str(value.value)
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, Fraction):
        return fraction_to_decimal(value)
    if isinstance(value, Decimal):
        return tidy_decimal(to_decimal(value))
    if isinstance(value, (int, float)) or _is_number(value):
        return tidy_decimal(to_decimal(value))
    raise InputError(f"unsupported criterion value of type {type(value).__name__}")


def _is_number(value: object) -> bool:
    """A foreign real number (a NumPy scalar, another ``numbers.Real``)."""
    return isinstance(value, numbers.Real) or as_integer(value) is not None


def _text(value: object) -> str:
    """A required text field: a string (a str-valued enum is stored as its value)."""
    if type(value) is str:
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return str(value)
    raise InputError(f"expected a string, got {type(value).__name__}: {value!r}")


def _opt_str(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    return _text(value)


def _verdict(value: object) -> str:
    return _opt_str(value) or ""


def _opt_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(f"expected an ISO date (YYYY-MM-DD), got {value!r}") from None
    raise InputError(f"expected a date, got {type(value).__name__}")


def _tuple(value: object) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, (list, Sequence)) and not isinstance(value, str):
        return tuple(value)
    raise InputError(f"expected a sequence, got {type(value).__name__}")


def _str_tuple(value: object) -> tuple[str, ...]:
    return tuple(_text(v) for v in _tuple(value))


def _pairs(value: object) -> tuple[tuple[str, Scalar], ...]:
    if isinstance(value, Mapping):
        items: Any = value.items()
    else:
        items = _tuple(value)
    pairs: list[tuple[str, Scalar]] = []
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise InputError(f"expected (name, value) pairs, got {item!r}")
        pairs.append((_text(item[0]), _scalar(item[1])))
    if len({name for name, _ in pairs}) != len(pairs):
        raise InputError(f"duplicate names in {[name for name, _ in pairs]}")
    return tuple(pairs)


def _evidence_tuple(value: object) -> tuple[Evidence, ...]:
    items = _tuple(value)
    for item in items:
        if not isinstance(item, Evidence):
            raise InputError(f"expected Evidence, got {type(item).__name__}")
    return items


def _criteria_tuple(value: object) -> tuple[Criterion, ...]:
    items = _tuple(value)
    for item in items:
        if not isinstance(item, Criterion):
            raise InputError(f"expected a Criterion, got {type(item).__name__}")
    return items


def _to_outcome(value: object) -> Outcome:
    return to_enum(Outcome, value)


@attrs.frozen(slots=True)
class Evidence:
    """One input datum a criterion read.

    Attributes:
        field: What was read (e.g. ``"upcr"``, ``"egfr"``, ``"rescue_therapy"``).
        date: Date of the measurement or event, if dated.
        visit_id: Identifier of the visit, if the input had one.
        value: The value as given (before unit conversion), if numeric.
        unit: The unit as given.
        note: Extra context (e.g. ``"spot specimen"``, ``"computed with CKD-EPI 2021"``).
    """

    field: str = attrs.field(converter=_text)
    date: date | None = attrs.field(default=None, converter=_opt_date)
    visit_id: str | None = attrs.field(default=None, converter=_opt_str)
    value: Scalar = attrs.field(default=None, converter=_scalar)
    unit: str | None = attrs.field(default=None, converter=_opt_str)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def describe(self) -> str:
        """Short human text, e.g. ``"upcr 0.8 g/g on 2024-03-01"``."""
        parts = [self.field]
        if self.value is not None:
            parts.append(_fmt(self.value) + (f" {self.unit}" if self.unit else ""))
        if self.date is not None:
            parts.append(f"on {self.date.isoformat()}")
        if self.visit_id is not None:
            parts.append(f"(visit {self.visit_id})")
        return " ".join(parts)


def _fmt(value: Scalar) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        # human text shows 6 significant digits; the stored value keeps 12
        return format_decimal(fraction_to_decimal(Fraction(value), 6))
    return str(value)


@attrs.frozen(slots=True)
class Criterion:
    """The outcome of one criterion of a rule set, with everything needed to explain it.

    Attributes:
        id: Stable criterion id within the rule set (e.g. ``"upcr"``).
        label: Human label (e.g. ``"UPCR below 0.5 g/g"``).
        outcome: Met, not met, or unknown.
        observed: The observed value, converted to ``observed_unit`` (the threshold's unit).
        observed_unit: Unit of ``observed``.
        comparator: ``"<"``, ``"<="``, ``">"``, ``">="``, ``"=="``, or a word for composite
            criteria (``"all"``, ``"any"``).
        threshold: The threshold value, in the unit its source states.
        threshold_unit: Unit of ``threshold``.
        source_id: Id of the source (see `lupus_nephritis.sources`).
        evidence: The measurements or events read.
        children: Sub-criteria of a composite criterion.
        note: Free-text explanation (e.g. why the outcome is unknown).
    """

    id: str = attrs.field(converter=_text)
    label: str = attrs.field(converter=_text)
    outcome: Outcome = attrs.field(converter=_to_outcome)
    observed: Scalar = attrs.field(default=None, converter=_scalar)
    observed_unit: str | None = attrs.field(default=None, converter=_opt_str)
    comparator: str | None = attrs.field(default=None, converter=_opt_str)
    threshold: Scalar = attrs.field(default=None, converter=_scalar)
    threshold_unit: str | None = attrs.field(default=None, converter=_opt_str)
    source_id: str | None = attrs.field(default=None, converter=_opt_str)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence_tuple)
    children: tuple[Criterion, ...] = attrs.field(default=(), converter=_criteria_tuple)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def describe(self) -> str:
        """One clause of human text, e.g. ``"UPCR 0.8 g/g < 0.5 g/g: not met"``."""
        text = self.label
        if self.observed is not None and self.comparator in ("<", "<=", ">", ">=", "=="):
            observed = _fmt(self.observed) + (
                f" {self.observed_unit}" if self.observed_unit else ""
            )
            threshold = _fmt(self.threshold) + (
                f" {self.threshold_unit}" if self.threshold_unit else ""
            )
            text += f" ({observed} {self.comparator} {threshold})"
        elif self.observed is not None:
            text += f" ({_fmt(self.observed)})"
        text += f": {self.outcome}"
        if self.outcome is Outcome.UNKNOWN and self.note:
            text += f" [{self.note}]"
        return text

    def summarize(self) -> str:
        """`describe`, followed by the summaries of the children in brackets.

        A composite criterion thus shows the values and thresholds its children compared,
        e.g. ``"Complete response: met [UPCR below 0.5 g/g (0.46 g/g < 0.5 g/g): met; ...]"``.
        """
        text = self.describe()
        if self.children:
            text += " [" + "; ".join(child.summarize() for child in self.children) + "]"
        return text

    def find(self, criterion_id: str) -> Criterion | None:
        """Return this criterion or the first descendant with ``criterion_id``."""
        if self.id == criterion_id:
            return self
        for child in self.children:
            found = child.find(criterion_id)
            if found is not None:
                return found
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON-ready except for Decimal numbers and dates)."""
        return {
            "id": self.id,
            "label": self.label,
            "outcome": self.outcome.value,
            "observed": self.observed,
            "observed_unit": self.observed_unit,
            "comparator": self.comparator,
            "threshold": self.threshold,
            "threshold_unit": self.threshold_unit,
            "source_id": self.source_id,
            "evidence": [
                {
                    "field": e.field,
                    "date": e.date.isoformat() if e.date else None,
                    "visit_id": e.visit_id,
                    "value": e.value,
                    "unit": e.unit,
                    "note": e.note,
                }
                for e in self.evidence
            ],
            "children": [c.to_dict() for c in self.children],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Criterion:
        """Inverse of `to_dict`.

        Args:
            data: The mapping produced by `to_dict`.

        Returns:
            The criterion, with its evidence and children.

        Raises:
            InputError: ``data`` is not a criterion mapping.
        """
        try:
            return cls._from_dict(data)
        except InputError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"not a criterion mapping: {type(exc).__name__}: {exc}") from None

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> Criterion:
        return cls(
            id=data["id"],
            label=data["label"],
            outcome=Outcome(data["outcome"]),
            observed=data.get("observed"),
            observed_unit=data.get("observed_unit"),
            comparator=data.get("comparator"),
            threshold=data.get("threshold"),
            threshold_unit=data.get("threshold_unit"),
            source_id=data.get("source_id"),
            evidence=tuple(Evidence(**e) for e in data.get("evidence", ())),
            children=tuple(cls._from_dict(c) for c in data.get("children", ())),
            note=data.get("note"),
        )


@attrs.frozen(slots=True)
class Decision:
    """The explained answer of one rule set.

    Attributes:
        rule_set_id: Registered id of the rule set (e.g. ``"kdigo-2024"``).
        rule_set_version: Its version (a logic change bumps it).
        kind: Rule-set kind (``"response"``, ``"biopsy"``, ``"eligibility"`` ...).
        verdict: The category (value of the kind's verdict enum, e.g. ``"partial"``).
        criteria: Ordered criteria that produced the verdict.
        missing_inputs: Names of inputs whose absence made something unknown.
        flags: Caveats attached to the verdict (e.g. ``"spot-upcr-used"``).
        policy: Missing-data / intercurrent-event policy applied, if any.
        options: Options used, as ``(name, value)`` pairs.
        assessed_on: The assessment date, when the rule has one.
        details: Extra named values (e.g. the baseline used, a computed index).
        source_ids: Sources of the rule set.
        subject: What the decision is about (e.g. a regimen name), when several decisions
            are produced at once.
    """

    rule_set_id: str = attrs.field(converter=_text)
    rule_set_version: str = attrs.field(converter=_text)
    kind: str = attrs.field(converter=_text)
    verdict: str = attrs.field(converter=_verdict)
    criteria: tuple[Criterion, ...] = attrs.field(default=(), converter=_criteria_tuple)
    missing_inputs: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    flags: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    policy: str | None = attrs.field(default=None, converter=_opt_str)
    options: tuple[tuple[str, Scalar], ...] = attrs.field(default=(), converter=_pairs)
    assessed_on: date | None = attrs.field(default=None, converter=_opt_date)
    details: tuple[tuple[str, Scalar], ...] = attrs.field(default=(), converter=_pairs)
    source_ids: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    subject: str | None = attrs.field(default=None, converter=_opt_str)

    @property
    def rule_set(self) -> str:
        """``"id@version"``, the form a statistical analysis plan can cite."""
        return f"{self.rule_set_id}@{self.rule_set_version}"

    @property
    def summary(self) -> str:
        """One line generated from the verdict and every criterion (values and thresholds).

        Composite criteria list their children in brackets (`Criterion.summarize`);
        missing inputs close the line.
        """
        head = f"{self.rule_set}: {self.verdict.replace('_', ' ')}"
        if self.subject:
            head = f"{self.subject} - {head}"
        clauses = "; ".join(c.summarize() for c in self.criteria)
        text = f"{head} - {clauses}" if clauses else head
        if self.missing_inputs:
            text += f" (missing: {', '.join(self.missing_inputs)})"
        return text

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion (searched depth-first) with ``criterion_id``.

        Args:
            criterion_id: A stable criterion id (e.g. ``"upcr"``).

        Returns:
            The first criterion, at any depth, with that id.

        Raises:
            UnknownCriterionError: no criterion has that id (a ``KeyError`` subclass).
        """
        for criterion in self.criteria:
            found = criterion.find(criterion_id)
            if found is not None:
                return found
        raise UnknownCriterionError(criterion_id)

    def detail(self, name: str) -> Scalar:
        """Value of the detail ``name`` (``None`` when absent)."""
        for key, value in self.details:
            if key == name:
                return value
        return None

    # ------------------------------------------------------------ typed views of the details

    @property
    def endpoint_met(self) -> bool | None:
        """Trial endpoint: ``True`` met, ``False`` not met, ``None`` not evaluable or no endpoint.

        Set by the trial-endpoint response rule sets (detail ``endpoint_met``; the endpoint's
        name is the detail ``endpoint``).
        """
        value = self.detail("endpoint_met")
        return value if isinstance(value, bool) else None

    @property
    def facts_to_confirm(self) -> tuple[str, ...]:
        """Eligibility: the inputs to confirm before an ``eligible_pending`` verdict holds.

        Empty for any other verdict (detail ``to_confirm``, comma-separated).
        """
        value = self.detail("to_confirm")
        if not isinstance(value, str) or not value:
            return ()
        return tuple(part.strip() for part in value.split(","))

    @property
    def scheme_status(self) -> TaperStatus | None:
        """Taper check: the dose against the schedule's *scheme* rows (prescribed dose ranges).

        ``None`` when no scheme row covers the assessment day (detail ``scheme_status``).
        """
        return _taper_status(self.detail("scheme_status"))

    @property
    def target_status(self) -> TaperStatus | None:
        """Taper check: the dose against the schedule's *target* rows (ceilings to reach).

        ``None`` when no target row covers the assessment day (detail ``target_status``).
        """
        return _taper_status(self.detail("target_status"))

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form; includes the generated ``summary`` (ignored by ``from_dict``)."""
        return {
            "rule_set_id": self.rule_set_id,
            "rule_set_version": self.rule_set_version,
            "kind": self.kind,
            "verdict": self.verdict,
            "subject": self.subject,
            "summary": self.summary,
            "criteria": [c.to_dict() for c in self.criteria],
            "missing_inputs": list(self.missing_inputs),
            "flags": list(self.flags),
            "policy": self.policy,
            "options": dict(self.options),
            "assessed_on": self.assessed_on.isoformat() if self.assessed_on else None,
            "details": dict(self.details),
            "source_ids": list(self.source_ids),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """Inverse of `to_dict`.

        Args:
            data: The mapping produced by `to_dict` (``summary`` is ignored).

        Returns:
            The decision.

        Raises:
            InputError: ``data`` is not a decision mapping (a key is missing or a value has
                the wrong type).
        """
        try:
            return cls._from_dict(data)
        except InputError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"not a decision mapping: {type(exc).__name__}: {exc}") from None

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> Decision:
        return cls(
            rule_set_id=data["rule_set_id"],
            rule_set_version=data["rule_set_version"],
            kind=data["kind"],
            verdict=data["verdict"],
            criteria=tuple(Criterion.from_dict(c) for c in data.get("criteria", ())),
            missing_inputs=data.get("missing_inputs", ()),
            flags=data.get("flags", ()),
            policy=data.get("policy"),
            options=data.get("options", {}),
            assessed_on=data.get("assessed_on"),
            details=data.get("details", {}),
            source_ids=data.get("source_ids", ()),
            subject=data.get("subject"),
        )

    def to_row(self) -> dict[str, Any]:
        """One flat, ADaM-like row: the columns the cohort face writes for this decision.

        The columns are, in order: ``PARAMCD`` (the rule-set id), ``RULESET``
        (``"id@version"``), ``KIND``, ``AVALC`` (the verdict), ``ADT`` (the assessment date or
        None), ``POLICY`` (or None), ``MISSING`` and ``FLAGS`` (the missing input names and the
        flags, in decision order, joined by `ROW_LIST_SEPARATOR`; ``""`` when none),
        then one ``CRIT_<criterion id>`` column per criterion of the tree (depth first, first
        occurrence of each id) holding the outcome value ``"met"``, ``"not_met"`` or
        ``"unknown"``, then one ``DTL_<detail name>`` column per detail, in decision order,
        holding its text (`detail_text`: ``"true"`` / ``"false"`` for a boolean, the
        plain decimal for a number, None for an unknown value). A frame produced by
        `lupus_nephritis.cohort` has the same columns after the subject column (a
        criterion or detail a decision does not contain is null there).

        Returns:
            A new dict (plain strings, a `date` or None).
        """
        row: dict[str, Any] = {
            "PARAMCD": self.rule_set_id,
            "RULESET": self.rule_set,
            "KIND": self.kind,
            "AVALC": self.verdict,
            "ADT": self.assessed_on,
            "POLICY": self.policy,
            "MISSING": ROW_LIST_SEPARATOR.join(self.missing_inputs),
            "FLAGS": ROW_LIST_SEPARATOR.join(self.flags),
        }
        for criterion in _depth_first(self.criteria):
            row.setdefault(CRITERION_COLUMN_PREFIX + criterion.id, criterion.outcome.value)
        for name, value in self.details:
            row[DETAIL_COLUMN_PREFIX + name] = detail_text(value)
        return row

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to JSON (numbers stay numbers; exact decimal text is preserved)."""
        return dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Decision:
        """Parse the output of `to_json`.

        Args:
            text: JSON text as produced by `to_json`.

        Returns:
            The decision, equal to the one serialised.

        Raises:
            InputError: ``text`` is not JSON text of a decision.
        """
        try:
            data = loads(text)
        except (TypeError, ValueError) as exc:
            raise InputError(f"not JSON text of a decision: {exc}") from None
        return cls.from_dict(data)


#: Separator of the ``MISSING`` and ``FLAGS`` columns of `Decision.to_row`.
ROW_LIST_SEPARATOR = ", "

#: Prefix of the criterion-outcome columns of `Decision.to_row`.
CRITERION_COLUMN_PREFIX = "CRIT_"

#: Prefix of the detail columns of `Decision.to_row`.
DETAIL_COLUMN_PREFIX = "DTL_"


def detail_text(value: Scalar) -> str | None:
    """The text of a decision detail in a flat row (`Decision.to_row`).

    ``True`` / ``False`` become ``"true"`` / ``"false"`` (as in JSON), a number its plain
    decimal text (``Decimal("1E+1")`` -> ``"10"``), a string itself; None stays None.
    """
    if value is None:
        return None
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _depth_first(criteria: Sequence[Criterion]) -> list[Criterion]:
    ordered: list[Criterion] = []
    stack = list(reversed(criteria))
    while stack:
        criterion = stack.pop()
        ordered.append(criterion)
        stack.extend(reversed(criterion.children))
    return ordered


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):
        return _RawNumber(format(fraction_to_decimal(value), "f"))
    raise InputError(f"not JSON serialisable: {type(value).__name__}")


def _encode(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, Decimal):
        return _RawNumber(format(value, "f"))
    return _json_default(value)


class _RawNumber(str):
    """Marker for a number emitted verbatim."""


def dumps(data: object, *, indent: int | None = None) -> str:
    """JSON-encode plain data whose numbers may be Decimals, emitting exact decimal text."""
    encoded = _encode(data)
    return _dump(encoded, indent, 0)


def _dump(value: object, indent: int | None, level: int) -> str:
    if isinstance(value, _RawNumber):
        return str.__str__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{json.dumps(k)}: {_dump(v, indent, level + 1)}" for k, v in value.items()]
        return _wrap("{", "}", items, indent, level)
    if isinstance(value, list):
        if not value:
            return "[]"
        return _wrap("[", "]", [_dump(v, indent, level + 1) for v in value], indent, level)
    return json.dumps(value)


def _wrap(open_: str, close: str, items: list[str], indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ", ".join(items) + close
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    return open_ + "\n" + ",\n".join(pad + item for item in items) + "\n" + end + close


def loads(text: str) -> Any:
    """Parse JSON, reading every number as an exact `Decimal`."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


__all__ = [
    "CRITERION_COLUMN_PREFIX",
    "DETAIL_COLUMN_PREFIX",
    "ROW_LIST_SEPARATOR",
    "BiopsyIndication",
    "Criterion",
    "Decision",
    "Eligibility",
    "Evidence",
    "FlareSeverity",
    "ResponseCategory",
    "Scalar",
    "TaperStatus",
    "detail_text",
    "dumps",
    "loads",
]
