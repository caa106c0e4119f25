"""Shared engine of the treatment-algorithm rule sets.

For a patient and a treatment step (initial, maintenance, non-response, refractory) the engine:

1. takes the regimens the source lists for that step (the option tables of the matching
   eligibility rule set), expanding each option into concrete candidates (a calcineurin-inhibitor
   slot gives one candidate per CNI; a mycophenolate slot is represented by MMF; every candidate
   gets glucocorticoids, and cyclophosphamide the Euro-Lupus scheme);
2. adds the step's own criteria: after non-response, a candidate must switch the anchor drug
   (MMF <-> cyclophosphamide) or add to the regimen that failed (ACR: escalate); in maintenance,
   add-on drugs continue what was given initially; refractory disease may need a number of failed
   courses;
3. checks each candidate with the source's eligibility rule set and, by default, the US labels.

Each candidate becomes a `Decision` whose verdict is a
`SuggestionStatus`: ``offered``, ``offered_with_caution``, ``excluded`` or
``not_evaluable``, with every reason as a criterion. The engine offers options with reasons;
it never prescribes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from itertools import product
from typing import Any

import attrs

from lupus_nephritis._convert import to_enum
from lupus_nephritis.decisions import Criterion, Decision, Eligibility, Evidence, ResponseCategory
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.catalogue import CNI, MPAA
from lupus_nephritis.regimens.eligibility._common import (
    CLASS_GROUPS,
    PENDING_FLAG,
    UNVERIFIED_CAUTION_FLAG,
    Finding,
    OptionTables,
    Rule,
    class_group,
    core_drugs,
    decide,
    facts_to_confirm,
    flag_finding,
    pending,
    unverified_cautions,
)
from lupus_nephritis.regimens.eligibility.api import check_regimen_eligibility
from lupus_nephritis.regimens.models import (
    CyclophosphamideScheme,
    DrugName,
    PatientContext,
    PriorRegimen,
    Regimen,
    TreatmentPhase,
)
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Option

ADD_ONS: frozenset[DrugName] = CNI | {DrugName.BELIMUMAB}
"""Drugs added to an anchor (belimumab, calcineurin inhibitors)."""
ANCHORS: frozenset[DrugName] = MPAA | {DrugName.CYCLOPHOSPHAMIDE}
"""Anchor drugs switched after non-response (mycophenolate <-> cyclophosphamide)."""


class UnknownCandidateError(InputError, KeyError):
    """No candidate of a `RegimenSuggestions` has the requested label.

    A package `InputError` that is also a ``KeyError`` (what
    `RegimenSuggestions.candidate` documented first).
    """

    code = "unknown-candidate"


class SuggestionStatus(str, Enum):
    """How the algorithm treats a candidate regimen."""

    OFFERED = "offered"
    OFFERED_PENDING = "offered_pending"
    """Offered once the facts in ``to_confirm`` are confirmed (nothing decisive excludes it)."""
    OFFERED_WITH_CAUTION = "offered_with_caution"
    EXCLUDED = "excluded"
    NOT_EVALUABLE = "not_evaluable"
    """Only under ``unknowns="strict"``: an unknown fact could exclude the candidate."""


_STATUS = {
    Eligibility.ELIGIBLE: SuggestionStatus.OFFERED,
    Eligibility.ELIGIBLE_PENDING: SuggestionStatus.OFFERED_PENDING,
    Eligibility.CAUTION: SuggestionStatus.OFFERED_WITH_CAUTION,
    Eligibility.NOT_RECOMMENDED: SuggestionStatus.EXCLUDED,
    Eligibility.CONTRAINDICATED: SuggestionStatus.EXCLUDED,
    Eligibility.NOT_EVALUABLE: SuggestionStatus.NOT_EVALUABLE,
}


@attrs.frozen(slots=True)
class StepPolicy:
    """How a non-response or refractory candidate must differ from the regimen that failed.

    Attributes:
        name: ``switch_or_add`` (switch the anchor MMF <-> cyclophosphamide, or add drugs to
            the failed regimen) or ``escalate`` (any other regimen with at least as many
            immunosuppressants).
        rule: The criterion, met when the candidate does not make that change.
    """

    name: str
    rule: Rule

    def __attrs_post_init__(self) -> None:
        if self.name not in ("switch_or_add", "escalate"):
            raise ValueError(f"unknown step policy {self.name!r}")


@attrs.frozen(slots=True)
class AlgorithmParameters:
    """A treatment algorithm as data.

    Attributes:
        eligibility_rule_set: Id of the eligibility rule set that lists the options and judges
            each candidate.
        options: The option tables (from that eligibility rule set).
        mpaa_representative: The drug that stands for a mycophenolate slot.
        cyclophosphamide_scheme: Scheme given to cyclophosphamide candidates.
        step_policy: Non-response and refractory step rule.
        maintenance_continuation: Met when a maintenance candidate adds a belimumab or CNI that
            the previous regimen did not contain.
        maintenance_without_response: Met when the previous regimen achieved no response.
        refractory_definition: Met when fewer failed courses than ``min_failed_courses`` are
            recorded (``None``: the source gives no count).
        min_failed_courses: Failed standard courses that define refractory disease.
        continue_after_triple: ACR: met when, after triple therapy with a complete response, a
            maintenance candidate is not the same regimen (``None``: not used).
        escalate_after_partial_dual: ACR: met when, after dual therapy with a partial response,
            a maintenance candidate is offered instead of escalation (``None``: not used).
        adherence: Step prerequisite (reported, not per candidate): met when dose and adherence
            were not checked (``None``: the source names no such step).
        adjuncts: Notes on adjunct therapy shown with every suggestion.
        triple_options: Ids of the initial options that count as triple therapy (for
            ``continue_after_triple``).
        dual_options: Ids of the initial options that count as dual therapy (for
            ``escalate_after_partial_dual``).
    """

    eligibility_rule_set: str
    options: OptionTables
    mpaa_representative: DrugName
    cyclophosphamide_scheme: CyclophosphamideScheme
    step_policy: StepPolicy
    maintenance_continuation: Rule
    maintenance_without_response: Rule
    refractory_definition: Rule | None
    min_failed_courses: int | None
    continue_after_triple: Rule | None
    escalate_after_partial_dual: Rule | None
    adherence: Rule | None
    adjuncts: tuple[str, ...]
    triple_options: tuple[str, ...] = ()
    dual_options: tuple[str, ...] = ()


LABEL_OPTION = Option(
    name="label_rule_set",
    default="us-labels",
    description=(
        "Drug-label rule set applied to every candidate besides the guideline's own: "
        "'us-labels' (default) or 'none' (guideline only)."
    ),
    choices=("us-labels", "none"),
)
"""The option every algorithm rule set declares."""


def _items(value: object, kind: type[Any]) -> tuple[Any, ...]:
    """``value`` as a tuple of ``kind`` instances, or `InputError`."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (tuple, list)):
        raise InputError(f"expected a sequence of {kind.__name__}, got {type(value).__name__}")
    for item in value:
        if not isinstance(item, kind):
            raise InputError(f"expected {kind.__name__}, got {type(item).__name__}")
    return tuple(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected a string, got {type(value).__name__}")
    return value


def _phase(value: object) -> TreatmentPhase:
    return to_enum(TreatmentPhase, value)


def _decisions(value: object) -> tuple[Decision, ...]:
    return _items(value, Decision)


def _criteria(value: object) -> tuple[Criterion, ...]:
    return _items(value, Criterion)


def _notes(value: object) -> tuple[str, ...]:
    return _items(value, str)


def _regimens(value: object) -> tuple[Regimen, ...]:
    return _items(value, Regimen)


def _regimen(value: object) -> Regimen:
    if not isinstance(value, Regimen):
        raise InputError(f"expected a Regimen, got {type(value).__name__}")
    return value


def _decision(value: object) -> Decision:
    if not isinstance(value, Decision):
        raise InputError(f"expected a Decision, got {type(value).__name__}")
    return value


def _opt_decision(value: object) -> Decision | None:
    return None if value is None else _decision(value)


_PHASE_SOURCES = ("explicit", "derived", "default")


def _phase_source(value: object) -> str:
    if value not in _PHASE_SOURCES:
        raise InputError(f"phase_source must be one of {', '.join(_PHASE_SOURCES)}, got {value!r}")
    return str(value)


@attrs.frozen(slots=True)
class Suggestion:
    """One candidate of an algorithm step: the structured regimen and its decision.

    Attributes:
        regimen: The candidate regimen (``regimen.drugs`` are `DrugName` members).
        decision: The decision on it (verdict: a `SuggestionStatus` value).
    """

    regimen: Regimen = attrs.field(converter=_regimen)
    decision: Decision = attrs.field(converter=_decision)

    @property
    def status(self) -> SuggestionStatus:
        """The decision's verdict as a `SuggestionStatus`."""
        return SuggestionStatus(self.decision.verdict)

    @property
    def drugs(self) -> tuple[DrugName, ...]:
        """The regimen's drugs, in order."""
        return self.regimen.drugs


@attrs.frozen(slots=True)
class RegimenSuggestions:
    """The candidates of one algorithm step, each a decision with its reasons.

    Attributes:
        rule_set_id: Algorithm rule-set id.
        rule_set_version: Its version.
        phase: The step.
        candidates: One decision per candidate regimen (verdict: a `SuggestionStatus`).
        prerequisites: Step-level criteria (e.g. adherence checked before changing therapy).
        notes: Adjunct-therapy notes and caveats.
        regimens: The candidate regimens as structured data, in the order of ``candidates``
            (see `suggestions`).
        phase_source: ``"explicit"`` (the caller's phase), ``"derived"`` (from
            ``phase_decision``) or ``"default"`` (neither given: initial).
        phase_decision: The phase classification passed in, if any.
        flags: Caveats on the step (e.g. ``phase-differs-from-classification``).
    """

    rule_set_id: str = attrs.field(converter=_text)
    rule_set_version: str = attrs.field(converter=_text)
    phase: TreatmentPhase = attrs.field(converter=_phase)
    candidates: tuple[Decision, ...] = attrs.field(converter=_decisions)
    prerequisites: tuple[Criterion, ...] = attrs.field(default=(), converter=_criteria)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    regimens: tuple[Regimen, ...] = attrs.field(default=(), converter=_regimens)
    phase_source: str = attrs.field(default="explicit", converter=_phase_source)
    phase_decision: Decision | None = attrs.field(default=None, converter=_opt_decision)
    flags: tuple[str, ...] = attrs.field(default=(), converter=_notes)

    def __attrs_post_init__(self) -> None:
        if self.regimens and len(self.regimens) != len(self.candidates):
            raise InputError("regimens must match candidates one to one")

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        """Each candidate as a `Suggestion` (structured regimen, decision, status)."""
        return tuple(
            Suggestion(regimen, decision)
            for regimen, decision in zip(self.regimens, self.candidates, strict=True)
        )

    @property
    def rule_set(self) -> str:
        """``"id@version"``."""
        return f"{self.rule_set_id}@{self.rule_set_version}"

    def with_status(self, *statuses: SuggestionStatus | str) -> tuple[Decision, ...]:
        """Candidates whose verdict is one of ``statuses``.

        Raises:
            InputError: a status is not a `SuggestionStatus` value.
        """
        try:
            wanted = {SuggestionStatus(s).value for s in statuses}
        except ValueError:
            known = ", ".join(s.value for s in SuggestionStatus)
            raise InputError(f"statuses {statuses!r}: each must be one of {known}") from None
        return tuple(c for c in self.candidates if c.verdict in wanted)

    @property
    def offered(self) -> tuple[Decision, ...]:
        """Candidates offered (with or without caution; not those pending confirmation)."""
        return self.with_status(SuggestionStatus.OFFERED, SuggestionStatus.OFFERED_WITH_CAUTION)

    @property
    def pending(self) -> tuple[Decision, ...]:
        """Candidates offered once facts are confirmed (see each one's ``facts_to_confirm``)."""
        return self.with_status(SuggestionStatus.OFFERED_PENDING)

    @property
    def excluded(self) -> tuple[Decision, ...]:
        """Candidates excluded."""
        return self.with_status(SuggestionStatus.EXCLUDED)

    def candidate(self, label: str) -> Decision:
        """The candidate decision whose subject is ``label``.

        Raises:
            UnknownCandidateError: no such candidate (an ``InputError`` and a ``KeyError``).
        """
        for decision in self.candidates:
            if decision.subject == label:
                return decision
        known = ", ".join(str(d.subject) for d in self.candidates) or "none"
        raise UnknownCandidateError(f"no candidate labelled {label!r}; candidates: {known}")

    def lines(self) -> list[str]:
        """Plain-text lines: one per candidate with its status and the reasons that count.

        Reasons are the criteria that are met or unknown: the step's own, and those of each
        eligibility decision (prefixed with its rule-set id).
        """
        out = [f"{self.rule_set} - {self.phase.value}:"]
        if self.phase_decision is not None:
            out.append(
                f"  phase: {self.phase_source} ({self.phase_decision.rule_set}: "
                f"{self.phase_decision.verdict})"
            )
        out += [f"  flag: {f}" for f in self.flags]
        for decision in self.candidates:
            reasons: list[str] = []
            for criterion in decision.criteria:
                if criterion.id.startswith("eligibility:"):
                    prefix = criterion.id.split(":", 1)[1]
                    reasons += [
                        f"{prefix}: {_reason(c)}"
                        for c in criterion.children
                        if c.outcome is not Outcome.NOT_MET
                    ]
                elif criterion.outcome is not Outcome.NOT_MET:
                    reasons.append(_reason(criterion))
            text = f"  {decision.subject}: {decision.verdict.replace('_', ' ')}"
            if reasons:
                text += " - " + "; ".join(reasons)
            out.append(text)
        for criterion in self.prerequisites:
            out.append(f"  prerequisite: {criterion.describe()}")
        out += [f"  note: {n}" for n in self.notes]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {
            "rule_set_id": self.rule_set_id,
            "rule_set_version": self.rule_set_version,
            "phase": self.phase.value,
            "candidates": [c.to_dict() for c in self.candidates],
            "regimens": [r.model_dump(mode="json") for r in self.regimens],
            "prerequisites": [c.to_dict() for c in self.prerequisites],
            "notes": list(self.notes),
            "phase_source": self.phase_source,
            "phase_decision": None
            if self.phase_decision is None
            else self.phase_decision.to_dict(),
            "flags": list(self.flags),
        }


def _reason(criterion: Criterion) -> str:
    text = criterion.label
    if criterion.outcome is Outcome.UNKNOWN:
        text += " (unknown)"
    return text


# ------------------------------------------------------------------------------ candidates


def _expand(
    p: AlgorithmParameters, option_slots: Sequence[Any], phase: TreatmentPhase
) -> list[Regimen]:
    choices: list[tuple[DrugName, ...]] = []
    for slot in option_slots:
        if p.mpaa_representative in slot.drugs:
            choices.append((p.mpaa_representative,))
        else:
            choices.append(tuple(slot.drugs))
    regimens = []
    for combo in product(*choices) if choices else [()]:
        drugs = (*combo, DrugName.GLUCOCORTICOIDS)
        scheme = p.cyclophosphamide_scheme if DrugName.CYCLOPHOSPHAMIDE in drugs else None
        regimens.append(Regimen(drugs=drugs, phase=phase, cyclophosphamide_scheme=scheme))
    return regimens


def candidates(
    p: AlgorithmParameters, phase: TreatmentPhase, context: PatientContext
) -> list[Regimen]:
    """Concrete candidate regimens for a step (initial: by class group; all groups if unknown)."""
    if phase is TreatmentPhase.INITIAL:
        group = class_group(context.isn_rps_classes)
        groups = (group,) if group is not None else CLASS_GROUPS
    else:
        groups = ("any",)
    seen: set[frozenset[DrugName]] = set()
    result: list[Regimen] = []
    for group in groups:
        for option in p.options.for_phase(phase, group):
            for regimen in _expand(p, option.slots, phase):
                if regimen.drug_set not in seen:
                    seen.add(regimen.drug_set)
                    result.append(regimen)
    return result


# ------------------------------------------------------------------------------ step rules


def _anchor(core: frozenset[DrugName]) -> frozenset[DrugName]:
    """The anchor of a core, with MMF and MPA counted as one (mycophenolate)."""
    anchor = core & ANCHORS
    if anchor & MPAA:
        return (anchor - MPAA) | {DrugName.MYCOPHENOLATE_MOFETIL}
    return anchor


def _last(context: PatientContext) -> PriorRegimen | None:
    return context.last_regimen


def _step_change(p: AlgorithmParameters, regimen: Regimen, context: PatientContext) -> Finding:
    rule = p.step_policy.rule
    last = _last(context)
    if last is None:
        missing = "prior_regimens"
        return flag_finding(rule, None, field=missing, detail="the regimen that failed is unknown")
    old, new = core_drugs(last), core_drugs(regimen)
    if p.step_policy.name == "switch_or_add":
        changes = _anchor(new) != _anchor(old) or (new > old)
        how = "switches the anchor drug or adds to the regimen that failed"
    else:
        changes = new != old and len(new) >= len(old)
        how = "is a different regimen with at least as many immunosuppressants"
    detail = f"candidate {how}: {'yes' if changes else 'no'} (failed: {last.label})"
    return flag_finding(
        rule, not changes, field="prior_regimens", detail=detail, observed=last.label
    )


def _maintenance(
    p: AlgorithmParameters, regimen: Regimen, context: PatientContext
) -> list[Finding]:
    last = _last(context)
    findings: list[Finding] = []
    if last is None:
        findings.append(flag_finding(p.maintenance_continuation, None, field="prior_regimens"))
        findings.append(flag_finding(p.maintenance_without_response, None, field="prior_regimens"))
        return findings
    added = (core_drugs(regimen) & ADD_ONS) - core_drugs(last)
    findings.append(
        flag_finding(
            p.maintenance_continuation,
            bool(added),
            field="prior_regimens",
            detail=f"previous regimen: {last.label}",
            observed=", ".join(sorted(d.value for d in added)) or "none",
        )
    )
    response = last.response
    findings.append(
        flag_finding(
            p.maintenance_without_response,
            None if response is None else response is ResponseCategory.NONE,
            field="prior_regimens.response",
            observed=response,
        )
    )
    old = core_drugs(last)
    initial = p.options.initial_proliferative
    was_triple = any(o.id in p.triple_options and o.matches(old) for o in initial)
    was_dual = any(o.id in p.dual_options and o.matches(old) for o in initial)
    if p.continue_after_triple is not None and was_triple:
        continued = _continued_core(old)
        findings.append(
            flag_finding(
                p.continue_after_triple,
                None
                if response is None
                else response is ResponseCategory.COMPLETE and core_drugs(regimen) != continued,
                field="prior_regimens.response",
                observed=response,
            )
        )
    if p.escalate_after_partial_dual is not None and was_dual:
        findings.append(
            flag_finding(
                p.escalate_after_partial_dual,
                None if response is None else response is ResponseCategory.PARTIAL,
                field="prior_regimens.response",
                observed=response,
            )
        )
    return findings


def _continued_core(old: frozenset[DrugName]) -> frozenset[DrugName]:
    """The triple continued into maintenance (cyclophosphamide replaced by MMF)."""
    if DrugName.CYCLOPHOSPHAMIDE in old:
        return (old - {DrugName.CYCLOPHOSPHAMIDE}) | {DrugName.MYCOPHENOLATE_MOFETIL}
    if old & MPAA:
        return (old - MPAA) | {DrugName.MYCOPHENOLATE_MOFETIL}
    return old


def _refractory(p: AlgorithmParameters, context: PatientContext) -> Finding | None:
    if p.refractory_definition is None or p.min_failed_courses is None:
        return None
    prior = context.prior_regimens
    if prior is None:
        return flag_finding(p.refractory_definition, None, field="prior_regimens")
    failed = sum(1 for r in prior if r.response is ResponseCategory.NONE)
    unknown = sum(1 for r in prior if r.response is None)
    if failed >= p.min_failed_courses:
        too_few: bool | None = False
    elif failed + unknown >= p.min_failed_courses:
        too_few = None
    else:
        too_few = True
    return flag_finding(
        p.refractory_definition,
        too_few,
        field="prior_regimens.response",
        observed=f"{failed} failed course(s) recorded",
        detail=f"refractory: at least {p.min_failed_courses} failed standard courses",
    )


def _eligibility_finding(decision: Decision) -> Finding:
    verdict = Eligibility(decision.verdict)
    floor: Eligibility | None = None
    if verdict in (Eligibility.NOT_EVALUABLE, Eligibility.ELIGIBLE_PENDING):
        severity = Eligibility(str(decision.detail("worst_case")))
        outcome = Outcome.UNKNOWN
        floor = Eligibility(str(decision.detail("best_case")))
    else:
        severity = verdict
        outcome = Outcome.NOT_MET if verdict is Eligibility.ELIGIBLE else Outcome.MET
    criterion = Criterion(
        id=f"eligibility:{decision.rule_set_id}",
        label=f"Restricted under {decision.rule_set} (caution or worse)",
        outcome=outcome,
        observed=decision.verdict,
        children=decision.criteria,
        evidence=(Evidence("rule_set", value=decision.rule_set),),
        note=f"{severity.value} if met"
        + (f"; missing: {', '.join(decision.missing_inputs)}" if decision.missing_inputs else ""),
    )
    return Finding(
        criterion,
        severity,
        decision.missing_inputs if outcome is Outcome.UNKNOWN else (),
        floor=floor,
    )


def evaluate_algorithm(
    rule_set: RuleSet,
    p: AlgorithmParameters,
    patient: object,
    phase: object,
    options: Mapping[str, Any],
) -> RegimenSuggestions:
    """Validate the inputs, resolve the options and run the algorithm for one step."""
    from lupus_nephritis.thresholds import resolve_options

    context = (
        patient
        if isinstance(patient, PatientContext)
        else PatientContext.model_validate(patient if patient is not None else {})
    )
    try:
        step = TreatmentPhase(phase)
    except ValueError:
        known = ", ".join(t.value for t in TreatmentPhase)
        raise InputError(f"phase {phase!r} is not one of: {known}") from None
    opts = resolve_options(rule_set.options, dict(options), rule_set_id=rule_set.id)
    return suggest(rule_set, p, context, step, opts)


def suggest(
    rule_set: RuleSet,
    p: AlgorithmParameters,
    context: PatientContext,
    phase: TreatmentPhase,
    options: Mapping[str, Any],
) -> RegimenSuggestions:
    """Run the algorithm for one step (inputs already validated)."""
    label_rule_set = options["label_rule_set"]
    unknown_caution = str(options.get("unknown_caution", "not_evaluable"))
    unknowns = str(options.get("unknowns", "actionable"))
    reading = {"unknown_caution": unknown_caution, "unknowns": unknowns}
    decisions: list[Decision] = []
    offered = candidates(p, phase, context)
    for regimen in offered:
        findings: list[Finding] = []
        if phase in (TreatmentPhase.NON_RESPONSE, TreatmentPhase.REFRACTORY):
            findings.append(_step_change(p, regimen, context))
        if phase is TreatmentPhase.REFRACTORY:
            refractory = _refractory(p, context)
            if refractory is not None:
                findings.append(refractory)
        if phase is TreatmentPhase.MAINTENANCE:
            findings += _maintenance(p, regimen, context)
        eligibility = [
            check_regimen_eligibility(regimen, context, p.eligibility_rule_set, **reading)
        ]
        if label_rule_set != "none":
            eligibility.append(
                check_regimen_eligibility(regimen, context, label_rule_set, **reading)
            )
        findings += [_eligibility_finding(d) for d in eligibility]
        verdict, certain, possible = decide(findings, **reading)
        missing = tuple(dict.fromkeys(m for f in findings for m in f.missing))
        own_unverified = (
            unverified_cautions(findings, unknown_caution)
            if verdict in (Eligibility.ELIGIBLE, Eligibility.ELIGIBLE_PENDING)
            else ()
        )
        waiting = pending(findings, **reading)
        flags = tuple(
            dict.fromkeys(
                [
                    *(flag for d in eligibility for flag in d.flags),
                    *(f"{UNVERIFIED_CAUTION_FLAG}:{c}" for c in own_unverified),
                    *(f"{PENDING_FLAG}:{f.criterion.id}" for f in waiting),
                ]
            )
        )
        decisions.append(
            Decision(
                rule_set_id=rule_set.id,
                rule_set_version=rule_set.version,
                kind=rule_set.kind.value,
                verdict=_STATUS[verdict],
                criteria=tuple(f.criterion for f in findings),
                missing_inputs=missing,
                flags=flags,
                policy=f"unknowns={unknowns}, unknown_caution={unknown_caution}",
                options=tuple(options.items()),
                details=(
                    ("phase", phase.value),
                    ("best_case", certain.value),
                    ("worst_case", possible.value),
                    *((("to_confirm", facts_to_confirm(waiting)),) if waiting else ()),
                    *((f"eligibility.{d.rule_set_id}", d.verdict) for d in eligibility),
                    *((f"severity.{f.criterion.id}", f.severity.value) for f in findings),
                ),
                source_ids=rule_set.source_ids,
                subject=regimen.label,
            )
        )
    prerequisites: tuple[Criterion, ...] = ()
    if p.adherence is not None and phase in (
        TreatmentPhase.NON_RESPONSE,
        TreatmentPhase.REFRACTORY,
    ):
        adherence = flag_finding(
            p.adherence,
            None if context.is_adherence_confirmed is None else not context.is_adherence_confirmed,
            field="is_adherence_confirmed",
        )
        prerequisites = (adherence.criterion,)
    notes = list(p.adjuncts)
    if phase is TreatmentPhase.INITIAL and class_group(context.isn_rps_classes) == "other":
        notes.append("no regimen is listed for ISN/RPS classes I, II or VI alone")
    notes.append("options with reasons, not a prescription")
    return RegimenSuggestions(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        phase=phase,
        candidates=tuple(decisions),
        prerequisites=prerequisites,
        notes=tuple(notes),
        regimens=tuple(offered),
    )


__all__ = [
    "ADD_ONS",
    "ANCHORS",
    "LABEL_OPTION",
    "AlgorithmParameters",
    "RegimenSuggestions",
    "StepPolicy",
    "Suggestion",
    "SuggestionStatus",
    "UnknownCandidateError",
    "candidates",
    "evaluate_algorithm",
    "suggest",
]
