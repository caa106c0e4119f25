"""Shared engine of the eligibility rule sets: rules with a severity, findings, the verdict.

Every eligibility rule is a small function that returns a `Finding`: a
`Criterion` whose outcome ``met`` means *the finding that
triggers the rule's severity is present* (for example "baseline eGFR at or below 45"), together
with that severity. The verdict combines the findings by severity, the worst winning::

    contraindicated > not_recommended > caution > eligible

Unknown findings (a missing input) are read by the option ``unknowns``
(`UNKNOWNS_OPTION`, declared by every eligibility and algorithm rule set):

* ``actionable`` (default): a verdict a clinician can act on. When a decisive finding is
  already met (severity ``not_recommended`` or ``contraindicated``) that verdict stands
  whatever is unknown (unknowns could only make it worse; ``worst_case`` says how bad). When
  nothing decisive is met but unknown findings could make the verdict worse, the verdict is
  ``eligible_pending``: eligible (or ``caution``, see ``best_case``) once the facts in
  ``to_confirm`` are confirmed; each such criterion is flagged ``pending:<criterion id>``.
* ``strict``: the plain three-valued reading: any unknown finding worse than what is certain
  gives ``not_evaluable`` (the behaviour of version 1.0.0 of every eligibility rule set).

In both, a certain verdict with no unknown that could worsen it stands (a regimen already
contraindicated stays contraindicated whatever is missing). The decision records the severity of
every criterion (details ``severity.<criterion id>``), the best and worst case, and the inputs
that were missing.

The option ``unknown_caution`` (`UNKNOWN_CAUTION_OPTION`, declared by every eligibility
and algorithm rule set) decides what an unknown finding whose severity is only ``caution`` does:
``not_evaluable`` (default, the strict three-valued reading above) or ``flag`` (it cannot block
the verdict; the decision is flagged ``unverified-caution:<criterion id>``, the input stays in
``missing_inputs`` and ``worst_case`` still says ``caution``). Unknown findings that could make
the verdict ``not_recommended`` or ``contraindicated`` always give ``not_evaluable``.

Regimen options (what a guideline lists for a phase) are data: a `RegimenOption` is a
tuple of `Slot` (each slot filled by exactly one of its drugs) with the preference the
source gives it (``eligible`` for a listed option, ``caution`` for a less-preferred
alternative). Glucocorticoids and hydroxychloroquine are adjuncts and are not matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from lupus_nephritis.decisions import Criterion, Decision, Eligibility, Evidence
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome, all_of, any_of
from lupus_nephritis.models import Measure
from lupus_nephritis.regimens.catalogue import ADJUNCTS, CNI, MPAA
from lupus_nephritis.regimens.models import (
    CyclophosphamideScheme,
    DrugName,
    IsnRpsClass,
    PatientContext,
    Regimen,
    TreatmentPhase,
)
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Option, Threshold

SEVERITY_ORDER: tuple[Eligibility, ...] = (
    Eligibility.ELIGIBLE,
    Eligibility.CAUTION,
    Eligibility.NOT_RECOMMENDED,
    Eligibility.CONTRAINDICATED,
)
"""Eligibility verdicts from least to most severe (``not_evaluable`` is not a severity)."""


def rank(severity: Eligibility) -> int:
    """Position of ``severity`` in `SEVERITY_ORDER`.

    Raises:
        InputError: ``not_evaluable`` is not a severity.
    """
    try:
        return SEVERITY_ORDER.index(severity)
    except ValueError:
        raise InputError(f"{severity.value} is not a severity") from None


UNKNOWNS_CHOICES: tuple[str, ...] = ("actionable", "strict")
"""Choices of the ``unknowns`` option."""

UNKNOWNS_OPTION = Option(
    name="unknowns",
    default="actionable",
    description=(
        "How unknown criteria (missing inputs) shape the verdict. 'actionable' (default): a "
        "decisive criterion that is met (not_recommended or contraindicated) decides whatever "
        "is unknown, since the unknowns could only make it worse; otherwise unknowns that could "
        "worsen the verdict give 'eligible_pending' with the facts to confirm (details "
        "to_confirm, flags pending:<criterion id>). 'strict': any unknown criterion that could "
        "worsen the verdict gives 'not_evaluable' (the plain three-valued reading; the "
        "behaviour of version 1.0.0). No unknown is ever read as a negative finding: the "
        "pending facts are listed, and worst_case states what they could lead to."
    ),
    choices=UNKNOWNS_CHOICES,
)
"""Shared option: how unknown criteria affect the verdict (actionable or strict)."""

PENDING_FLAG = "pending"
"""Flag prefix for criteria left unknown in an ``eligible_pending`` verdict."""

DECISIVE: frozenset[Eligibility] = frozenset(
    {Eligibility.NOT_RECOMMENDED, Eligibility.CONTRAINDICATED}
)
"""Severities that decide a verdict whatever else is unknown (under ``unknowns='actionable'``)."""

UNKNOWN_CAUTION_CHOICES: tuple[str, ...] = ("not_evaluable", "flag")
"""Choices of the ``unknown_caution`` option."""

UNKNOWN_CAUTION_OPTION = Option(
    name="unknown_caution",
    default="not_evaluable",
    description=(
        "What an unknown criterion whose severity is only 'caution' does (e.g. "
        "is_live_vaccine_planned not recorded for voclosporin): 'not_evaluable' (default; the "
        "strict three-valued reading, since the missing input could lower 'eligible' to "
        "'caution') or 'flag' (it cannot block the verdict; the decision is flagged "
        "'unverified-caution:<criterion id>', the input stays in missing_inputs and worst_case "
        "still says 'caution'). Unknown criteria that could make the verdict 'not_recommended' "
        "or 'contraindicated' always give 'not_evaluable'."
    ),
    choices=UNKNOWN_CAUTION_CHOICES,
)
"""Shared option: how an unknown caution-level criterion affects the verdict."""

UNVERIFIED_CAUTION_FLAG = "unverified-caution"
"""Flag prefix for caution-level criteria left unknown under ``unknown_caution='flag'``."""


def worst(severities: Iterable[Eligibility]) -> Eligibility:
    """The most severe of ``severities`` (``eligible`` when there are none)."""
    result = Eligibility.ELIGIBLE
    for severity in severities:
        if rank(severity) > rank(result):
            result = severity
    return result


@attrs.frozen(slots=True)
class Rule:
    """One eligibility rule: what it checks, the severity it triggers, and its source.

    Attributes:
        id: Criterion id (stable; traces and docs key on it).
        label: What the finding is, phrased so that "met" triggers the severity.
        severity: The verdict the rule triggers when its finding is present.
        source_id: Source of the rule.
        note: Paraphrase of the source, the reading chosen, ambiguities.
    """

    id: str
    label: str
    severity: Eligibility = attrs.field(converter=Eligibility)
    source_id: str
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.severity is Eligibility.NOT_EVALUABLE:
            raise InputError(f"rule {self.id}: not_evaluable is not a severity")


@attrs.frozen(slots=True)
class Finding:
    """A criterion with the severity it triggers and the inputs it missed.

    Attributes:
        criterion: The criterion (met = the severity is triggered).
        severity: The severity a met criterion triggers.
        missing: Inputs whose absence left the criterion unknown.
        floor: For an unknown criterion made of others (another rule set's decision), the
            severity already certain whatever the unknowns turn out to be (``None``: none).
    """

    criterion: Criterion
    severity: Eligibility
    missing: tuple[str, ...] = ()
    floor: Eligibility | None = None


def _certain(findings: Sequence[Finding]) -> Eligibility:
    """The worst severity already certain: met findings, and floors of unknown ones."""
    return worst(
        [
            *(f.severity for f in findings if f.criterion.outcome is Outcome.MET),
            *(
                f.floor
                for f in findings
                if f.floor is not None and f.criterion.outcome is Outcome.UNKNOWN
            ),
        ]
    )


def _note(severity: Eligibility, detail: str | None, missing: Sequence[str] = ()) -> str:
    text = f"{severity.value} if met"
    if detail:
        text += f"; {detail}"
    if missing:
        text += f"; missing: {', '.join(missing)}"
    return text


def flag_finding(
    rule: Rule,
    value: bool | None,
    *,
    field: str | Sequence[str],
    detail: str | None = None,
    observed: object = None,
    severity: Eligibility | None = None,
) -> Finding:
    """A yes/no finding: ``True`` -> met, ``False`` -> not met, ``None`` -> unknown.

    Args:
        rule: The rule.
        value: Whether the finding is present (``None`` when the input is missing).
        field: The input(s) read (listed as missing when ``value`` is ``None``).
        detail: Extra explanation for the note.
        observed: What to show as observed (defaults to ``value``).
        severity: Override of the rule's severity (for rules whose severity depends on data).
    """
    fields = (field,) if isinstance(field, str) else tuple(field)
    level = severity or rule.severity
    missing = fields if value is None else ()
    outcome = Outcome.from_bool(value)
    shown = value if observed is None else observed
    evidence = () if value is None else (Evidence("/".join(fields), value=_evidence_value(shown)),)
    criterion = Criterion(
        id=rule.id,
        label=rule.label,
        outcome=outcome,
        observed=_scalar_or_text(shown),
        source_id=rule.source_id,
        evidence=evidence,
        note=_note(level, detail or rule.note, missing),
    )
    return Finding(criterion, level, missing)


def _evidence_value(value: object) -> Any:
    if isinstance(value, (bool, str)) or value is None:
        return value
    return str(value.value) if hasattr(value, "value") else str(value)


def _scalar_or_text(value: object) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return str(value)


def regimen_finding(rule: Rule, present: bool, *, detail: str | None = None) -> Finding:
    """A finding decided by the regimen alone (always known)."""
    return flag_finding(rule, present, field="regimen", detail=detail)


def threshold_finding(
    rule: Rule,
    threshold: Threshold,
    measure: Measure | None,
    *,
    field: str,
    detail: str | None = None,
) -> Finding:
    """A finding decided by comparing a measure with a threshold (met = threshold holds).

    The criterion takes the rule's id and label; comparison is exact in the threshold's unit.
    """
    missing = (field,) if measure is None else ()
    evidence: tuple[Evidence, ...] = ()
    canonical = None
    if measure is not None:
        canonical = measure.canonical
        note = getattr(measure, "equation", None) or getattr(measure, "specimen", None)
        evidence = (
            Evidence(
                field,
                value=measure.value,
                unit=measure.unit,
                note=None if note is None else f"{_evidence_value(note)}",
            ),
        )
    criterion = threshold.check(
        canonical,
        evidence=evidence,
        note=_note(rule.severity, detail or rule.note or threshold.note, missing),
        id=rule.id,
        label=rule.label,
    )
    return Finding(criterion, rule.severity, missing)


def value_threshold_finding(
    rule: Rule,
    threshold: Threshold,
    value: Any,
    *,
    field: str,
    unit: str,
    detail: str | None = None,
) -> Finding:
    """Like `threshold_finding` for a plain number already in ``threshold``'s quantity.

    ``value`` is in ``unit`` (an accepted unit of the threshold's quantity); ``None`` = missing.
    """
    from fractions import Fraction

    from lupus_nephritis.units import factor

    missing = (field,) if value is None else ()
    canonical = None
    evidence: tuple[Evidence, ...] = ()
    if value is not None:
        canonical = Fraction(value) * factor(threshold.quantity, unit)
        evidence = (Evidence(field, value=value, unit=unit),)
    criterion = threshold.check(
        canonical,
        evidence=evidence,
        note=_note(rule.severity, detail or rule.note or threshold.note, missing),
        id=rule.id,
        label=rule.label,
    )
    return Finding(criterion, rule.severity, missing)


def combined_finding(
    rule: Rule,
    children: Sequence[Criterion],
    *,
    mode: str,
    missing: Sequence[str] = (),
    detail: str | None = None,
) -> Finding:
    """A finding made of sub-criteria combined with Kleene ``any`` or ``all``.

    ``missing`` names the inputs the children lacked; they are reported only when the combined
    outcome is unknown.
    """
    from lupus_nephritis.thresholds import combine

    if mode not in ("any", "all"):
        raise InputError(f"mode must be 'any' or 'all', not {mode!r}")
    criterion = combine(
        rule.id,
        rule.label,
        children,
        mode="any" if mode == "any" else "all",
        source_id=rule.source_id,
    )
    lacking = tuple(missing) if criterion.outcome is Outcome.UNKNOWN else ()
    criterion = attrs.evolve(criterion, note=_note(rule.severity, detail or rule.note, lacking))
    return Finding(criterion, rule.severity, lacking)


def gate(finding: Finding, applies: bool | None, *, field: str, why: str) -> Finding | None:
    """Restrict a finding to where it applies (Kleene AND of ``applies`` and the finding).

    Returns ``None`` when the finding does not apply; when applicability is unknown, a met or
    unknown finding becomes unknown (``field`` is added to the missing inputs).
    """
    if applies is False:
        return None
    if applies is True or finding.criterion.outcome is Outcome.NOT_MET:
        return finding
    criterion = finding.criterion
    missing = tuple(dict.fromkeys((*finding.missing, field)))
    note = _note(finding.severity, f"applies only {why}", missing)
    return Finding(
        attrs.evolve(criterion, outcome=Outcome.UNKNOWN, note=note), finding.severity, missing
    )


def tri_any(values: Iterable[bool | None]) -> bool | None:
    """Kleene OR of optional booleans."""
    return _to_bool(any_of(Outcome.from_bool(v) for v in values))


def tri_all(values: Iterable[bool | None]) -> bool | None:
    """Kleene AND of optional booleans."""
    return _to_bool(all_of(Outcome.from_bool(v) for v in values))


def _to_bool(outcome: Outcome) -> bool | None:
    if outcome is Outcome.UNKNOWN:
        return None
    return outcome is Outcome.MET


# ------------------------------------------------------------------------------- options


@attrs.frozen(slots=True)
class Slot:
    """A place in a regimen option, filled by exactly one of ``drugs``."""

    name: str
    drugs: tuple[DrugName, ...]


MPAA_SLOT = Slot("MPAA", tuple(sorted(MPAA, key=list(DrugName).index)))
"""Mycophenolate mofetil or mycophenolic acid."""
CNI_SLOT = Slot("CNI", tuple(sorted(CNI, key=list(DrugName).index)))
"""Voclosporin, tacrolimus or cyclosporine."""
CYC_SLOT = Slot("cyclophosphamide", (DrugName.CYCLOPHOSPHAMIDE,))
AZA_SLOT = Slot("azathioprine", (DrugName.AZATHIOPRINE,))
BELIMUMAB_SLOT = Slot("belimumab", (DrugName.BELIMUMAB,))
RITUXIMAB_SLOT = Slot("rituximab", (DrugName.RITUXIMAB,))
ANTI_CD20_SLOT = Slot("anti-CD20", (DrugName.RITUXIMAB, DrugName.OBINUTUZUMAB))
VOCLOSPORIN_SLOT = Slot("voclosporin", (DrugName.VOCLOSPORIN,))
MMF_SLOT = Slot("MMF", (DrugName.MYCOPHENOLATE_MOFETIL,))


@attrs.frozen(slots=True)
class RegimenOption:
    """A regimen a source lists for a phase, as slots, with the source's preference.

    Attributes:
        id: Stable id (e.g. ``"mpaa+belimumab"``).
        slots: The immunosuppressive core (glucocorticoids and hydroxychloroquine are adjuncts
            and not matched); an empty tuple is "glucocorticoids alone".
        preference: ``eligible`` (listed) or ``caution`` (a less-preferred alternative).
        source_id: Source listing the option.
        note: What the source says about it.
        requires: Adjuncts the regimen must contain besides its core (e.g. glucocorticoids for
            an option that is "glucocorticoids alone").
    """

    id: str
    slots: tuple[Slot, ...]
    preference: Eligibility = attrs.field(converter=Eligibility)
    source_id: str
    note: str | None = None
    requires: tuple[DrugName, ...] = ()

    def __attrs_post_init__(self) -> None:
        seen: set[DrugName] = set()
        for slot in self.slots:
            if seen & set(slot.drugs):
                raise InputError(f"option {self.id}: slots overlap")
            seen |= set(slot.drugs)
        if self.preference not in (Eligibility.ELIGIBLE, Eligibility.CAUTION):
            raise InputError(f"option {self.id}: preference must be eligible or caution")

    def matches(self, core: frozenset[DrugName]) -> bool:
        """Whether a regimen core fills every slot with exactly one drug and nothing else."""
        if len(core) != len(self.slots):
            return False
        return all(len(core & set(slot.drugs)) == 1 for slot in self.slots)

    def matches_regimen(self, regimen: Regimen) -> bool:
        """Whether a regimen's core matches and the regimen has every required adjunct."""
        return self.matches(core_drugs(regimen)) and all(regimen.has(d) for d in self.requires)


def core_drugs(regimen: Regimen) -> frozenset[DrugName]:
    """The immunosuppressive core of a regimen (without glucocorticoids/hydroxychloroquine)."""
    return regimen.drug_set - ADJUNCTS


def match_option(options: Sequence[RegimenOption], regimen: Regimen) -> RegimenOption | None:
    """The first option the regimen matches (core and required adjuncts), if any."""
    for option in options:
        if option.matches_regimen(regimen):
            return option
    return None


CLASS_GROUPS = ("proliferative", "pure_v", "other")
"""Class groups regimen lists are keyed by."""


def class_group(classes: Sequence[IsnRpsClass] | None) -> str | None:
    """``proliferative`` (III or IV, +/- V), ``pure_v``, ``other`` (I, II, VI), or ``None``."""
    if classes is None:
        return None
    present = set(classes)
    if present & {IsnRpsClass.III, IsnRpsClass.IV}:
        return "proliferative"
    if IsnRpsClass.V in present:
        return "pure_v"
    return "other"


@attrs.frozen(slots=True)
class OptionTables:
    """The regimens a source lists, per phase (initial split by class group).

    Attributes:
        initial_proliferative: Initial therapy, class III/IV (+/- V).
        initial_pure_v: Initial therapy, pure class V.
        maintenance: Maintenance (subsequent) therapy.
        non_response: After an inadequate response.
        refractory: Refractory disease.
    """

    initial_proliferative: tuple[RegimenOption, ...]
    initial_pure_v: tuple[RegimenOption, ...]
    maintenance: tuple[RegimenOption, ...]
    non_response: tuple[RegimenOption, ...]
    refractory: tuple[RegimenOption, ...]

    def for_phase(self, phase: TreatmentPhase, group: str) -> tuple[RegimenOption, ...]:
        """The options of ``phase`` (``group`` matters for initial therapy only)."""
        if phase is TreatmentPhase.MAINTENANCE:
            return self.maintenance
        if phase is TreatmentPhase.NON_RESPONSE:
            return self.non_response
        if phase is TreatmentPhase.REFRACTORY:
            return self.refractory
        if group == "proliferative":
            return self.initial_proliferative
        if group == "pure_v":
            return self.initial_pure_v
        return ()


def listing_finding(
    rule: Rule, tables: OptionTables, regimen: Regimen, context: PatientContext, *, source: str
) -> tuple[Finding, RegimenOption | None]:
    """Whether the regimen is among the options the source lists for its phase (and class).

    Met (severity ``rule.severity``) when it is not listed; met with ``caution`` when it is a
    less-preferred alternative; not met when it is a listed option. For initial therapy the
    list depends on the ISN/RPS class: with the class unknown, the finding is unknown unless
    every class group gives the same answer.
    """
    phase = regimen.phase
    if phase is TreatmentPhase.INITIAL:
        group = class_group(context.isn_rps_classes)
        groups = (group,) if group is not None else CLASS_GROUPS
    else:
        groups = ("any",)
    answers: dict[str, RegimenOption | None] = {
        g: match_option(tables.for_phase(phase, g), regimen) for g in groups
    }

    def level(option: RegimenOption | None) -> Eligibility:
        return rule.severity if option is None else option.preference

    levels = {g: level(o) for g, o in answers.items()}
    distinct = set(levels.values())
    scope = f"{phase.value}" + (f", {groups[0]}" if len(groups) == 1 and groups[0] != "any" else "")
    if len(distinct) == 1:
        only = next(iter(answers.values()))
        severity = next(iter(distinct))
        if only is None:
            detail = f"not among the regimens {source} lists for {scope}"
            if groups == ("other",):
                detail += " (its regimen lists cover ISN/RPS classes III, IV and V)"
            observed = "not listed"
        else:
            detail = f"listed by {source} as {only.id} ({only.preference.value})"
            if only.note:
                detail += f": {only.note}"
            observed = only.id
        outcome = Outcome.NOT_MET if severity is Eligibility.ELIGIBLE else Outcome.MET
        label = rule.label
        if only is not None and outcome is Outcome.MET:
            label = f"{rule.label}: listed only as a less-preferred option ({only.id})"
        criterion = Criterion(
            id=rule.id,
            label=label,
            outcome=outcome,
            observed=observed,
            source_id=only.source_id if only is not None else rule.source_id,
            evidence=(Evidence("regimen", value=regimen.label, note=phase.value),),
            note=_note(severity if outcome is Outcome.MET else rule.severity, detail),
        )
        return Finding(criterion, severity, ()), only
    worst_level = worst(distinct)
    per_group = "; ".join(f"{g}: {(o.id if o else 'not listed')}" for g, o in answers.items())
    criterion = Criterion(
        id=rule.id,
        label=rule.label,
        outcome=Outcome.UNKNOWN,
        source_id=rule.source_id,
        evidence=(Evidence("regimen", value=regimen.label, note=phase.value),),
        note=_note(
            worst_level, f"depends on the ISN/RPS class ({per_group})", ("isn_rps_classes",)
        ),
    )
    return Finding(criterion, worst_level, ("isn_rps_classes",)), None


def scheme_finding(
    rule: Rule, regimen: Regimen, schemes: Sequence[CyclophosphamideScheme]
) -> Finding | None:
    """Cyclophosphamide given by one of ``schemes`` (``None`` without cyclophosphamide)."""
    if not regimen.has(DrugName.CYCLOPHOSPHAMIDE):
        return None
    scheme = regimen.cyclophosphamide_scheme
    value = None if scheme is None else scheme in schemes
    return flag_finding(rule, value, field="cyclophosphamide_scheme", observed=scheme)


def glucocorticoid_finding(rule: Rule, regimen: Regimen) -> Finding | None:
    """An initial-type regimen (initial, non-response, refractory) without glucocorticoids."""
    if not regimen.phase.is_initial_type:
        return None
    return regimen_finding(rule, not regimen.has(DrugName.GLUCOCORTICOIDS))


def hydroxychloroquine_flags(regimen: Regimen, flag: str) -> list[str]:
    """``[flag]`` when the regimen does not include hydroxychloroquine."""
    return [] if regimen.has(DrugName.HYDROXYCHLOROQUINE) else [flag]


# ------------------------------------------------------------------------------ pregnancy


@attrs.frozen(slots=True)
class PregnancyRules:
    """Pregnancy rules for the teratogenic anchors, shared by every eligibility rule set."""

    mpaa_pregnant: Rule
    mpaa_planning: Rule
    cyclophosphamide_pregnant: Rule
    cyclophosphamide_planning: Rule


PREGNANCY_RULES = PregnancyRules(
    mpaa_pregnant=Rule(
        "mycophenolate-pregnancy",
        "Mycophenolate (MMF or MPA) during pregnancy",
        Eligibility.CONTRAINDICATED,
        "cellcept-uspi",
        "Embryo-fetal toxicity (boxed warning; contraindicated in pregnancy in ex-US labels); "
        "azathioprine is the pregnancy-compatible switch (KDIGO 2024, 1B).",
    ),
    mpaa_planning=Rule(
        "mycophenolate-pregnancy-planning",
        "Mycophenolate (MMF or MPA) while planning a pregnancy",
        Eligibility.NOT_RECOMMENDED,
        "cellcept-uspi",
        "Stop at least 6 weeks before conception and switch to azathioprine (KDIGO 2024, 1B); "
        "men: condoms during therapy and for 90 days after.",
    ),
    cyclophosphamide_pregnant=Rule(
        "cyclophosphamide-pregnancy",
        "Cyclophosphamide during pregnancy",
        Eligibility.CONTRAINDICATED,
        "cyclophosphamide-label",
        "Embryo-fetal toxicity.",
    ),
    cyclophosphamide_planning=Rule(
        "cyclophosphamide-pregnancy-planning",
        "Cyclophosphamide while planning a pregnancy",
        Eligibility.NOT_RECOMMENDED,
        "cyclophosphamide-label",
        "Avoid pregnancy during and for 12 months after (women), 6 months after (men); risk of "
        "infertility and premature ovarian insufficiency.",
    ),
)


def pregnancy_findings(
    rules: PregnancyRules, regimen: Regimen, context: PatientContext
) -> list[Finding]:
    """Mycophenolate and cyclophosphamide in pregnancy or when a pregnancy is planned."""
    findings: list[Finding] = []
    if regimen.has(*MPAA):
        findings.append(flag_finding(rules.mpaa_pregnant, context.pregnant, field="is_pregnant"))
        findings.append(
            flag_finding(
                rules.mpaa_planning, context.is_planning_pregnancy, field="is_planning_pregnancy"
            )
        )
    if regimen.has(DrugName.CYCLOPHOSPHAMIDE):
        findings.append(
            flag_finding(rules.cyclophosphamide_pregnant, context.pregnant, field="is_pregnant")
        )
        findings.append(
            flag_finding(
                rules.cyclophosphamide_planning,
                context.is_planning_pregnancy,
                field="is_planning_pregnancy",
            )
        )
    return findings


# ------------------------------------------------------------------------------- decision


def _check_unknown_caution(unknown_caution: str) -> None:
    if unknown_caution not in UNKNOWN_CAUTION_CHOICES:
        raise InputError(
            f"unknown_caution={unknown_caution!r} is not one of: "
            + ", ".join(UNKNOWN_CAUTION_CHOICES)
        )


def _check_unknowns(unknowns: str) -> None:
    if unknowns not in UNKNOWNS_CHOICES:
        raise InputError(f"unknowns={unknowns!r} is not one of: " + ", ".join(UNKNOWNS_CHOICES))


def _blocking(
    findings: Sequence[Finding], certain: Eligibility, unknown_caution: str
) -> list[Finding]:
    """Unknown findings that could make the verdict worse than ``certain``."""
    return [
        f
        for f in findings
        if f.criterion.outcome is Outcome.UNKNOWN
        and rank(f.severity) > rank(certain)
        and not (unknown_caution == "flag" and f.severity is Eligibility.CAUTION)
    ]


def pending(
    findings: Sequence[Finding],
    *,
    unknown_caution: str = "not_evaluable",
    unknowns: str = "actionable",
) -> tuple[Finding, ...]:
    """The unknown findings an ``eligible_pending`` verdict waits for (empty otherwise)."""
    verdict, certain, _ = decide(findings, unknown_caution=unknown_caution, unknowns=unknowns)
    if verdict is not Eligibility.ELIGIBLE_PENDING:
        return ()
    return tuple(_blocking(findings, certain, unknown_caution))


def unverified_cautions(findings: Sequence[Finding], unknown_caution: str) -> tuple[str, ...]:
    """Ids of the unknown caution-level findings that ``unknown_caution='flag'`` lets pass.

    Empty under the default ``not_evaluable``.
    """
    _check_unknown_caution(unknown_caution)
    if unknown_caution != "flag":
        return ()
    return tuple(
        dict.fromkeys(
            f.criterion.id
            for f in findings
            if f.criterion.outcome is Outcome.UNKNOWN and f.severity is Eligibility.CAUTION
        )
    )


def decide(
    findings: Sequence[Finding],
    *,
    unknown_caution: str = "not_evaluable",
    unknowns: str = "actionable",
) -> tuple[Eligibility, Eligibility, Eligibility]:
    """Combine findings: ``(verdict, best case, worst case)``.

    The best case is the worst severity already certain (met findings); the worst case adds
    every unknown finding. The verdict is the best case when no unknown finding could make it
    worse. Otherwise, under ``unknowns="actionable"`` (default) it is still the best case when
    that is decisive (``not_recommended`` or ``contraindicated``), else ``eligible_pending``;
    under ``unknowns="strict"`` it is ``not_evaluable``. With ``unknown_caution="flag"`` an
    unknown finding whose severity is ``caution`` does not count as able to make the verdict
    worse (it is reported by `unverified_cautions` instead); the worst case still
    includes it.

    Raises:
        InputError: ``unknown_caution`` is not ``not_evaluable`` or ``flag``, or ``unknowns``
            is not ``actionable`` or ``strict``.
    """
    _check_unknown_caution(unknown_caution)
    _check_unknowns(unknowns)
    certain = _certain(findings)
    unknown = [f.severity for f in findings if f.criterion.outcome is Outcome.UNKNOWN]
    possible = worst([certain, *unknown])
    if not _blocking(findings, certain, unknown_caution):
        verdict = certain
    elif unknowns == "strict":
        verdict = Eligibility.NOT_EVALUABLE
    elif certain in DECISIVE:
        verdict = certain
    else:
        verdict = Eligibility.ELIGIBLE_PENDING
    return verdict, certain, possible


def make_decision(
    rule_set: RuleSet,
    regimen: Regimen,
    findings: Sequence[Finding],
    *,
    options: Mapping[str, Any],
    flags: Iterable[str] = (),
    policy: str | None = None,
    details: Iterable[tuple[str, Any]] = (),
) -> Decision:
    """Build the eligibility decision of ``rule_set`` for ``regimen`` from its findings.

    ``options["unknowns"]`` (default ``actionable``) and ``options["unknown_caution"]``
    (default ``not_evaluable``) are applied as in `decide`; they are recorded in the
    decision's ``policy`` together with ``policy``.
    """
    unknown_caution = str(options.get("unknown_caution", "not_evaluable"))
    unknowns = str(options.get("unknowns", "actionable"))
    verdict, certain, possible = decide(
        findings, unknown_caution=unknown_caution, unknowns=unknowns
    )
    unverified = unverified_cautions(findings, unknown_caution)
    if verdict not in (Eligibility.ELIGIBLE, Eligibility.ELIGIBLE_PENDING):
        unverified = ()
    waiting = pending(findings, unknown_caution=unknown_caution, unknowns=unknowns)
    flags = (
        *flags,
        *(f"{UNVERIFIED_CAUTION_FLAG}:{c}" for c in unverified),
        *(f"{PENDING_FLAG}:{f.criterion.id}" for f in waiting),
    )
    policy = ", ".join(
        p for p in (policy, f"unknowns={unknowns}", f"unknown_caution={unknown_caution}") if p
    )
    missing = tuple(dict.fromkeys(m for f in findings for m in f.missing))
    all_details: list[tuple[str, Any]] = [
        ("phase", regimen.phase.value),
        ("best_case", certain.value),
        ("worst_case", possible.value),
        *((("to_confirm", facts_to_confirm(waiting)),) if waiting else ()),
        *details,
        *((f"severity.{f.criterion.id}", f.severity.value) for f in findings),
    ]
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=verdict,
        criteria=tuple(f.criterion for f in findings),
        missing_inputs=missing,
        flags=tuple(dict.fromkeys(flags)),
        policy=policy,
        options=tuple(options.items()),
        details=tuple(all_details),
        source_ids=rule_set.source_ids,
        subject=regimen.label,
    )


def facts_to_confirm(findings: Sequence[Finding]) -> str:
    """The inputs ``findings`` lack, comma-separated, in order (the ``to_confirm`` detail)."""
    return ", ".join(dict.fromkeys(m for f in findings for m in (f.missing or (f.criterion.id,))))


def parse_inputs(regimen: object, context: object) -> tuple[Regimen, PatientContext]:
    """Validate a regimen and a patient context given as models or plain mappings."""
    reg = regimen if isinstance(regimen, Regimen) else Regimen.model_validate(regimen)
    ctx = (
        context
        if isinstance(context, PatientContext)
        else PatientContext.model_validate(context if context is not None else {})
    )
    return reg, ctx


__all__ = [
    "ANTI_CD20_SLOT",
    "AZA_SLOT",
    "BELIMUMAB_SLOT",
    "CLASS_GROUPS",
    "CNI_SLOT",
    "CYC_SLOT",
    "DECISIVE",
    "MMF_SLOT",
    "MPAA_SLOT",
    "PENDING_FLAG",
    "PREGNANCY_RULES",
    "RITUXIMAB_SLOT",
    "SEVERITY_ORDER",
    "UNKNOWNS_CHOICES",
    "UNKNOWNS_OPTION",
    "UNKNOWN_CAUTION_CHOICES",
    "UNKNOWN_CAUTION_OPTION",
    "UNVERIFIED_CAUTION_FLAG",
    "VOCLOSPORIN_SLOT",
    "Finding",
    "OptionTables",
    "PregnancyRules",
    "RegimenOption",
    "Rule",
    "Slot",
    "class_group",
    "combined_finding",
    "core_drugs",
    "decide",
    "facts_to_confirm",
    "flag_finding",
    "gate",
    "glucocorticoid_finding",
    "hydroxychloroquine_flags",
    "listing_finding",
    "make_decision",
    "match_option",
    "parse_inputs",
    "pending",
    "pregnancy_findings",
    "rank",
    "regimen_finding",
    "scheme_finding",
    "threshold_finding",
    "tri_all",
    "tri_any",
    "unverified_cautions",
    "value_threshold_finding",
    "worst",
]
