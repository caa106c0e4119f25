"""Decisions rendered as CDS Hooks 2.0 cards (plain JSON dicts; no web framework needed).

A card is built from one decision's criteria, never written separately: its summary, detail
table and ``extension`` carry the criterion id, the observed value, the comparator, the
threshold, the source id and the rule set's ``id@version``; the FHIR resources that gave the
values are listed in the detail and in the extension (the card links back to its triggering
record, the ask of cds-hooks/docs#20).

Card uuids are deterministic: a UUID 5 of the hook instance, the service and the card's
key (rule set, criterion, subject). A hook instance is unique per invocation, so the uuid is
unique where the spec needs it (feedback), while the same request always gives the same JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from lupus_nephritis.decisions import Criterion, Decision, _fmt
from lupus_nephritis.logic import Outcome
from lupus_nephritis.sources import SOURCES

#: Namespace of the deterministic card uuids (a UUID 5 of the project's name in the URL
#: namespace; fixed forever so card uuids are stable across releases).
CARD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/lupus-nephritis/")

EXTENSION_KEY = "lupus-nephritis"
"""Key of the card ``extension`` object that carries the machine-readable criterion."""

SUMMARY_LIMIT = 139
"""Longest summary (CDS Hooks 2.0: a summary of fewer than 140 characters)."""

#: eligibility severity -> card indicator
INDICATORS: Mapping[str, str] = {
    "contraindicated": "critical",
    "not_recommended": "warning",
    "caution": "info",
}

_SEVERITY_ORDER = ("contraindicated", "not_recommended", "caution")


def card_uuid(hook_instance: str, service_id: str, *key: str) -> str:
    """Deterministic uuid of a card (or suggestion) within one hook invocation."""
    return str(uuid.uuid5(CARD_NAMESPACE, "|".join((hook_instance, service_id, *key))))


def truncate(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (ending with an ellipsis when cut)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "\u2026"


def _value(value: object, unit: str | None) -> str:
    if value is None:
        return "-"
    text = _fmt(value)  # type: ignore[arg-type]
    return f"{text} {unit}" if unit else text


def _source(decision: Decision, criterion: Criterion | None) -> dict[str, Any]:
    source_id = (criterion.source_id if criterion else None) or (
        decision.source_ids[0] if decision.source_ids else None
    )
    source = SOURCES.get(source_id) if source_id else None
    label = f"{decision.rule_set}"
    if source is not None:
        label = f"{source.title} ({decision.rule_set})"
    out: dict[str, Any] = {"label": truncate(label, 200)}
    if source is not None and source.link:
        out["url"] = source.link
    return out


def _clause(criterion: Criterion) -> str:
    if criterion.observed is not None and criterion.comparator in ("<", "<=", ">", ">=", "=="):
        return (
            f" ({_value(criterion.observed, criterion.observed_unit)} {criterion.comparator} "
            f"{_value(criterion.threshold, criterion.threshold_unit)})"
        )
    return ""


def _resources_md(resources: Sequence[str]) -> str:
    if not resources:
        return ""
    return "\n\nFrom the record: " + ", ".join(f"`{r}`" for r in resources) + "."


def criterion_extension(
    decision: Decision,
    criterion: Criterion,
    *,
    severity: str | None = None,
    resources: Sequence[str] = (),
) -> dict[str, Any]:
    """The machine-readable part of a card: the criterion, its numbers and its provenance."""
    data: dict[str, Any] = {
        "rule_set": decision.rule_set,
        "verdict": decision.verdict,
        "criterion": criterion.id,
        "outcome": criterion.outcome.value,
        "observed": _json_scalar(criterion.observed),
        "observed_unit": criterion.observed_unit,
        "comparator": criterion.comparator,
        "threshold": _json_scalar(criterion.threshold),
        "threshold_unit": criterion.threshold_unit,
        "source_id": criterion.source_id,
        "severity": severity,
        "resources": list(resources),
    }
    return {k: v for k, v in data.items() if v is not None and v != []}


def _json_scalar(value: object) -> object:
    if value is None or isinstance(value, (bool, str)):
        return value
    return _fmt(value)  # type: ignore[arg-type]


def _table(rows: Iterable[Criterion]) -> str:
    lines = [
        "| criterion | outcome | observed | comparator | threshold | source |",
        "|---|---|---|---|---|---|",
    ]
    for c in rows:
        lines.append(
            f"| `{c.id}` | {c.outcome.value} | {_value(c.observed, c.observed_unit)} | "
            f"{c.comparator or '-'} | {_value(c.threshold, c.threshold_unit)} | "
            f"`{c.source_id or '-'}` |"
        )
    return "\n".join(lines)


def eligibility_cards(
    decision: Decision,
    *,
    hook_instance: str,
    service_id: str,
    resources_for: Mapping[str, Sequence[str]] | None = None,
    draft_orders: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Cards for a regimen-eligibility decision: one per met criterion that raises a concern.

    A criterion raises a concern when it is met and its severity (the decision's
    ``severity.<id>`` detail) is ``caution`` (card indicator ``info``), ``not_recommended``
    (``warning``) or ``contraindicated`` (``critical``). When nothing is met and the verdict
    is ``eligible_pending`` (or ``not_evaluable`` under the strict reading), one ``info`` card
    lists the facts to confirm.

    Args:
        decision: A decision of `check_regimen_eligibility`.
        hook_instance: The request's ``hookInstance`` (card uuids derive from it).
        service_id: The CDS service id.
        resources_for: Evidence field (``"egfr"``, ``"is_pregnant"``, ``"regimen"`` ...) ->
            the FHIR resources that gave it.
        draft_orders: Drug name (``DrugName`` value) -> draft order resources, for "remove the
            order" suggestions on not-recommended and contraindicated criteria.

    Returns:
        The cards (most severe first), as JSON-ready dicts.
    """
    resources_for = resources_for or {}
    draft_orders = draft_orders or {}
    found: list[tuple[int, dict[str, Any]]] = []
    for criterion in decision.criteria:
        severity = str(decision.detail(f"severity.{criterion.id}") or "")
        if criterion.outcome is not Outcome.MET or severity not in INDICATORS:
            continue
        resources = _criterion_resources(criterion, resources_for)
        head = severity.replace("_", " ").capitalize()
        summary = truncate(f"{head}: {criterion.label}{_clause(criterion)}")
        detail = (
            f"**{head}** under `{decision.rule_set}` ({decision.subject or 'the regimen'}).\n\n"
            + _table([criterion])
            + (f"\n\n{criterion.note}" if criterion.note else "")
            + _resources_md(resources)
        )
        card: dict[str, Any] = {
            "uuid": card_uuid(hook_instance, service_id, decision.rule_set, criterion.id),
            "summary": summary,
            "indicator": INDICATORS[severity],
            "detail": detail,
            "source": _source(decision, criterion),
            "extension": {
                EXTENSION_KEY: criterion_extension(
                    decision, criterion, severity=severity, resources=resources
                )
            },
        }
        suggestions = _removal_suggestions(
            criterion, severity, draft_orders, hook_instance, service_id, decision.rule_set
        )
        if suggestions:
            card["suggestions"] = suggestions
            card["selectionBehavior"] = "at-most-one"
        found.append((_SEVERITY_ORDER.index(severity), card))
    if not found and decision.verdict in ("not_evaluable", "eligible_pending"):
        found.append(
            (len(_SEVERITY_ORDER), _not_evaluable_card(decision, hook_instance, service_id))
        )
    return [card for _rank, card in sorted(found, key=lambda item: item[0])]


def _criterion_resources(
    criterion: Criterion, resources_for: Mapping[str, Sequence[str]]
) -> list[str]:
    refs: list[str] = []
    fields = [e.field for e in criterion.evidence]
    for child in criterion.children:
        fields += [e.field for e in child.evidence]
    for field in fields:
        for ref in resources_for.get(field, ()):
            if ref not in refs:
                refs.append(ref)
    return refs


def _removal_suggestions(
    criterion: Criterion,
    severity: str,
    draft_orders: Mapping[str, Sequence[str]],
    hook_instance: str,
    service_id: str,
    rule_set: str,
) -> list[dict[str, Any]]:
    if severity not in ("contraindicated", "not_recommended"):
        return []
    words = f"{criterion.id} {criterion.label}".lower().replace("-", " ").replace("_", " ")
    suggestions = []
    for drug, refs in sorted(draft_orders.items()):
        name = drug.replace("_", " ")
        if name not in words and name.split()[0] not in words.split():
            continue
        for ref in refs:
            suggestions.append(
                {
                    "label": truncate(f"Remove the draft {name} order", 80),
                    "uuid": card_uuid(hook_instance, service_id, rule_set, criterion.id, ref),
                    "actions": [
                        {
                            "type": "delete",
                            "description": f"Remove {ref} ({name})",
                            "resourceId": ref,
                        }
                    ],
                }
            )
    return suggestions


def _not_evaluable_card(decision: Decision, hook_instance: str, service_id: str) -> dict[str, Any]:
    facts = decision.facts_to_confirm or decision.missing_inputs
    missing = ", ".join(facts) or "inputs"
    unknown = [c for c in decision.criteria if c.outcome is Outcome.UNKNOWN]
    state = (
        "is eligible once these facts are confirmed"
        if decision.verdict == "eligible_pending"
        else "could not decide"
    )
    return {
        "uuid": card_uuid(hook_instance, service_id, decision.rule_set, "not-evaluable"),
        "summary": truncate(f"Could not complete {decision.rule_set_id} checks: confirm {missing}"),
        "indicator": "info",
        "detail": (
            f"`{decision.rule_set}` {state} ({decision.subject or 'the regimen'}): "
            f"{missing}.\n\n" + _table(unknown)
        ),
        "source": _source(decision, None),
        "extension": {
            EXTENSION_KEY: {
                "rule_set": decision.rule_set,
                "verdict": decision.verdict,
                "missing_inputs": list(decision.missing_inputs),
                "facts_to_confirm": list(decision.facts_to_confirm),
            }
        },
    }


def decision_card(
    decision: Decision,
    *,
    hook_instance: str,
    service_id: str,
    title: str,
    resources: Sequence[str] = (),
    indicator: str = "info",
) -> dict[str, Any]:
    """One card for a whole decision (renal response, biopsy indication): verdict and criteria.

    Args:
        decision: The decision.
        hook_instance: The request's ``hookInstance``.
        service_id: The CDS service id.
        title: Short name of what was decided (e.g. ``"Renal response"``).
        resources: FHIR resources the decision read.
        indicator: Card indicator.

    Returns:
        The card, as a JSON-ready dict.
    """
    verdict = decision.verdict.replace("_", " ")
    when = (
        f" on {decision.assessed_on.isoformat()}" if isinstance(decision.assessed_on, date) else ""
    )
    summary = truncate(f"{title}: {verdict} ({decision.rule_set}){when}")
    missing = (
        f"\n\nMissing: {', '.join(decision.missing_inputs)}." if decision.missing_inputs else ""
    )
    flags = f"\n\nFlags: {', '.join(decision.flags)}." if decision.flags else ""
    return {
        "uuid": card_uuid(hook_instance, service_id, decision.rule_set, title),
        "summary": summary,
        "indicator": indicator,
        "detail": (
            f"**{title}: {verdict}** under `{decision.rule_set}`{when}.\n\n"
            + _table(decision.criteria)
            + missing
            + flags
            + _resources_md(resources)
        ),
        "source": _source(decision, None),
        "extension": {
            EXTENSION_KEY: {
                "rule_set": decision.rule_set,
                "verdict": decision.verdict,
                "criteria": [criterion_extension(decision, c) for c in decision.criteria],
                "missing_inputs": list(decision.missing_inputs),
                "resources": list(resources),
            }
        },
    }


def message_card(
    summary: str, detail: str, *, hook_instance: str, service_id: str, key: str
) -> dict[str, Any]:
    """An ``info`` card that explains why a check could not run (e.g. no treatment start)."""
    return {
        "uuid": card_uuid(hook_instance, service_id, key),
        "summary": truncate(summary),
        "indicator": "info",
        "detail": detail,
        "source": {"label": "lupus-nephritis"},
    }


__all__ = [
    "CARD_NAMESPACE",
    "EXTENSION_KEY",
    "INDICATORS",
    "SUMMARY_LIMIT",
    "card_uuid",
    "criterion_extension",
    "decision_card",
    "eligibility_cards",
    "message_card",
    "truncate",
]
