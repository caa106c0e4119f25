"""Shared building blocks of the biopsy-indication rule sets (no rule set is defined here).

Every rule set builds its criteria from these helpers and the core primitives:

* measurement checks (`check_measure`) and yes/no inputs (`check_flag`) that
  record what they read, or that the input was missing, as
  `Evidence`;
* `GradeThreshold` (a dipstick grade cut) and `MonthsThreshold` (a treatment
  duration in calendar months), cited data like `Threshold`;
* `any_known`: a criterion decided by whichever of several *alternative sources of the
  same fact* is known (e.g. a reported persistence and the earlier values): met if any known
  source says met, not met if every known source says not met, unknown if none is known;
* `make_decision`: the verdict rule shared by every biopsy rule set. ``indicated`` if any
  sufficient criterion is met; ``not_indicated`` only if every sufficient criterion is not
  met; otherwise ``insufficient_data`` with the missing inputs (Kleene disjunction).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import BiopsyIndication, Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.logic import Outcome, any_of
from lupus_nephritis.models import DipstickGrade, Measure, Specimen
from lupus_nephritis.registry import RuleKind
from lupus_nephritis.thresholds import Threshold, combine, flag_criterion, percent_reduction
from lupus_nephritis.units import format_decimal, to_decimal

#: Evidence note marking an input that was needed but absent.
MISSING = "missing"

#: Rule-set note shared by the rule sets that accept several measures of proteinuria.
ALTERNATIVES_NOTE = (
    "Alternative measurements of one fact (24-hour protein, UPCR, dipstick; a reported "
    "statement and the values behind it) are decided by the known ones: met if any known one "
    "meets its own threshold, not met if every known one does not. A missing alternative does "
    "not hold the verdict open (the sources name the measurements as interchangeable ways of "
    "establishing the fact, e.g. '0.5 g/24 h or UPCR 500 mg/g', so one measurement below its "
    "threshold answers the question); a missing datum with no known alternative does. "
    "Persistence is the exception: earlier values below the threshold do not refute it (the "
    "proteinuria may be new), so without an earlier value meeting the threshold or the "
    "caller's is_proteinuria_persistent it stays unknown and a repeat measurement is asked for."
)


# ----------------------------------------------------------------------------- cited data


@attrs.frozen(slots=True)
class GradeThreshold:
    """A minimum urine dipstick protein grade, as cited data.

    Attributes:
        id: Criterion id it produces.
        label: Human label.
        minimum: The lowest grade that meets the threshold (comparator ``>=``).
        source_id: Source of the threshold.
        note: Paraphrase of the source wording, or the reading chosen.
    """

    id: str
    label: str
    minimum: DipstickGrade = attrs.field(converter=DipstickGrade)
    source_id: str
    note: str | None = None

    def check(self, grade: DipstickGrade | None, *, on: date | None) -> Criterion:
        """Compare ``grade`` with the minimum (``None`` gives ``UNKNOWN``)."""
        if grade is None:
            outcome = Outcome.UNKNOWN
            evidence = (Evidence("dipstick_protein", note=MISSING),)
        else:
            outcome = Outcome.from_bool(grade.rank >= self.minimum.rank)
            evidence = (Evidence("dipstick_protein", date=on, value=grade.value),)
        return Criterion(
            id=self.id,
            label=self.label,
            outcome=outcome,
            observed=None if grade is None else grade.value,
            comparator=">=",
            threshold=self.minimum.value,
            source_id=self.source_id,
            evidence=evidence,
            note=None if grade is not None else MISSING,
        )


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the day is clamped to the month's end)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def completed_months(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (consistent with `add_months`)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@attrs.frozen(slots=True)
class MonthsThreshold:
    """A minimum duration in calendar months (e.g. "at least 6 months of treatment").

    Attributes:
        id: Criterion id it produces.
        label: Human label.
        months: The number of months; met when ``end >= start + months`` (calendar months,
            the day clamped to the end of shorter months), i.e. comparator ``>=``.
        source_id: Source of the threshold.
        note: Paraphrase of the source wording, or the reading chosen.
    """

    id: str
    label: str
    months: int
    source_id: str
    note: str | None = None

    def check(self, start: date | None, end: date | None) -> Criterion:
        """Whether ``end`` is at least ``months`` calendar months after ``start``."""
        evidence: list[Evidence] = []
        if start is None:
            evidence.append(Evidence("treatment_start", note=MISSING))
        else:
            evidence.append(Evidence("treatment_start", date=start))
        if end is None:
            evidence.append(Evidence("assessed_on", note=MISSING))
        else:
            evidence.append(Evidence("assessed_on", date=end))
        if start is None or end is None:
            return Criterion(
                id=self.id,
                label=self.label,
                outcome=Outcome.UNKNOWN,
                observed_unit="mo",
                comparator=">=",
                threshold=self.months,
                threshold_unit="mo",
                source_id=self.source_id,
                evidence=tuple(evidence),
                note=MISSING,
            )
        reached = end >= add_months(start, self.months)
        return Criterion(
            id=self.id,
            label=self.label,
            outcome=Outcome.from_bool(reached),
            observed=completed_months(start, end),
            observed_unit="mo",
            comparator=">=",
            threshold=self.months,
            threshold_unit="mo",
            source_id=self.source_id,
            evidence=tuple(evidence),
            note=f"{self.months} months after {start.isoformat()} is "
            f"{add_months(start, self.months).isoformat()}",
        )


# ----------------------------------------------------------------------------- inputs


def coerce_findings(findings: BiopsyFindings | Mapping[str, Any]) -> BiopsyFindings:
    """Return ``findings`` as a `BiopsyFindings` (validating a mapping).

    Raises:
        InputValidationError: the mapping is not valid findings.
        InputError: ``findings`` is neither findings nor a mapping.
    """
    if isinstance(findings, BiopsyFindings):
        return findings
    if isinstance(findings, Mapping):
        return BiopsyFindings.model_validate(dict(findings))
    raise InputError(
        f"expected BiopsyFindings or a mapping of findings, got {type(findings).__name__}"
    )


def decimal_option(
    value: object,
    *,
    name: str,
    rule_set_id: str,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    exclusive_minimum: bool = False,
) -> Decimal | None:
    """Read a numeric option (``None`` stays ``None``), checking its range.

    Raises:
        OptionError: not a finite number, or out of range.
    """
    if value is None:
        return None
    try:
        number = to_decimal(value, what=name)
    except InputError as exc:
        raise OptionError(f"{rule_set_id}: option {name}: {exc}") from None
    too_low = minimum is not None and (number <= minimum if exclusive_minimum else number < minimum)
    if too_low or (maximum is not None and number > maximum):
        bound = f"{'above' if exclusive_minimum else 'at least'} {minimum}"
        raise OptionError(
            f"{rule_set_id}: option {name}={value!r} is out of range ({bound}"
            + (f", at most {maximum})" if maximum is not None else ")")
        )
    return number


# ----------------------------------------------------------------------------- criteria


def measure_evidence(
    field: str, measure: Measure, on: date | None, note: str | None = None
) -> Evidence:
    """Evidence for one measurement read as given."""
    return Evidence(field, date=on, value=measure.value, unit=measure.unit, note=note)


def specimen_note(measure: Measure) -> str | None:
    """``"spot specimen"``-style note for a UPCR (None for other measures)."""
    specimen = getattr(measure, "specimen", None)
    if isinstance(specimen, Specimen):
        return f"{specimen.value} specimen"
    return None


def check_measure(
    threshold: Threshold,
    measure: Measure | None,
    field: str,
    *,
    on: date | None,
    id: str | None = None,
    label: str | None = None,
    unusable: str | None = None,
) -> Criterion:
    """Check a measurement against a cited threshold.

    Args:
        threshold: The threshold (its unit is the one the source states).
        measure: The measurement, or None when missing.
        field: Input field name (reported as missing when ``measure`` is None).
        on: Date of the measurement, if known.
        id: Override of the criterion id.
        label: Override of the label.
        unusable: When set, the measurement exists but the rule cannot use it (e.g. not a
            first-morning void); the criterion is unknown and the reason is recorded.
    """
    if measure is None or unusable is not None:
        evidence = (
            Evidence(field, note=MISSING)
            if measure is None
            else Evidence(field, date=on, value=measure.value, unit=measure.unit, note=MISSING),
        )
        note = MISSING if unusable is None else f"{MISSING}: {unusable}"
        return threshold.check(None, evidence=evidence, id=id, label=label, note=note)
    return threshold.check(
        measure.canonical,
        evidence=(measure_evidence(field, measure, on, specimen_note(measure)),),
        id=id,
        label=label,
    )


def check_flag(
    id: str,
    label: str,
    value: bool | None,
    *,
    field: str,
    source_id: str | None,
    required: bool = True,
    note: str | None = None,
) -> Criterion:
    """A yes/no input: met when ``value == required``; unknown (and reported missing) if None."""
    evidence = (
        Evidence(field, value=value) if value is not None else Evidence(field, note=MISSING),
    )
    return flag_criterion(
        id, label, value, required=required, source_id=source_id, evidence=evidence, note=note
    )


def any_known(
    id: str,
    label: str,
    children: Sequence[Criterion],
    *,
    source_id: str | None,
    note: str | None = None,
) -> Criterion:
    """Alternative sources of one fact: decided by the known ones.

    Met if any known child is met; not met if at least one child is known and every known
    child is not met; unknown if no child is known. Used where children are different ways of
    establishing the *same* fact (a reported statement and the measurements behind it), never
    for independent findings (those use `combine`).
    """
    known = [c.outcome for c in children if c.outcome.is_known]
    outcome = any_of(known) if known else Outcome.UNKNOWN
    return Criterion(
        id=id,
        label=label,
        outcome=outcome,
        comparator="any known",
        source_id=source_id,
        children=tuple(children),
        note=note,
    )


def cellular_casts(findings: BiopsyFindings, *, id: str, source_id: str) -> Criterion:
    """Red- or white-cell casts seen (Kleene OR of the two inputs)."""
    return combine(
        id,
        "Cellular (red- or white-cell) casts",
        [
            check_flag(
                f"{id}-red",
                "Red-cell casts",
                findings.has_red_cell_casts,
                field="has_red_cell_casts",
                source_id=source_id,
            ),
            check_flag(
                f"{id}-white",
                "White-cell casts",
                findings.has_white_cell_casts,
                field="has_white_cell_casts",
                source_id=source_id,
            ),
        ],
        mode="any",
        source_id=source_id,
    )


def alternative_measures(
    id: str,
    label: str,
    children: Sequence[Criterion],
    *,
    source_id: str | None,
) -> Criterion:
    """Proteinuria by alternative measurements (24-hour protein, UPCR, dipstick).

    The measurements are different ways of establishing one fact (the level of proteinuria),
    so the known ones decide (`any_known`): met if any known measurement meets its
    threshold, not met if every known one does not; a missing alternative does not hold the
    criterion open. Each measurement keeps its own threshold and unit (no conversion).
    """
    return any_known(
        id,
        label,
        children,
        source_id=source_id,
        note="alternative measurements: the known ones decide",
    )


def not_otherwise_explained(
    findings: BiopsyFindings, *, id: str, source_id: str, label: str | None = None
) -> Criterion:
    """No cause other than lupus explains reduced kidney function.

    Not met when ``explaining_causes`` lists a cause; met when ``are_other_causes_excluded`` is
    True; unknown otherwise.
    """
    text = label or "No cause other than lupus explains the kidney function"
    if findings.explaining_causes:
        causes = "; ".join(findings.explaining_causes)
        return Criterion(
            id=id,
            label=text,
            outcome=Outcome.NOT_MET,
            observed=causes,
            source_id=source_id,
            evidence=(Evidence("explaining_causes", value=causes),),
            note=f"explained by: {causes}",
        )
    return check_flag(
        id,
        text,
        findings.are_other_causes_excluded,
        field="are_other_causes_excluded",
        source_id=source_id,
    )


def decline_threshold(percent: Decimal, source_id: str) -> Threshold:
    """The optional numeric eGFR decline (no source sets one; see ``egfr_decline_percent``)."""
    return Threshold(
        id="egfr-decline-percent",
        label=f"eGFR at least {format_decimal(percent)}% below the highest earlier value",
        comparator=">=",
        value=percent,
        unit="%",
        quantity="percent",
        source_id=source_id,
        note="Library option egfr_decline_percent: no source sets a size of decline.",
    )


def egfr_decline(
    findings: BiopsyFindings,
    *,
    id: str,
    label: str,
    source_id: str,
    percent: Decimal | None,
) -> Criterion:
    """Kidney function falling with no cause other than lupus.

    Decided by the known of: the reported ``has_unexplained_decline``; and, when ``percent`` is
    set, the eGFR history (latest value at least ``percent``% below the highest earlier one)
    combined with `not_otherwise_explained`. Any ``explaining_causes`` make it not met.
    """
    reported = check_flag(
        f"{id}-reported",
        "Unexplained fall in kidney function reported",
        findings.has_unexplained_decline,
        field="has_unexplained_decline",
        source_id=source_id,
    )
    children = [reported]
    if percent is not None:
        threshold = decline_threshold(percent, source_id)
        history = findings.egfr_history
        if len(history) >= 2:
            latest = history[-1]
            peak = max(history[:-1], key=lambda r: r.egfr.canonical)
            reduction = percent_reduction(peak.egfr.canonical, latest.egfr.canonical)
            computed = threshold.check(
                reduction,
                id=f"{id}-computed-fall",
                evidence=(
                    Evidence(
                        "egfr_history",
                        date=peak.date,
                        value=peak.egfr.value,
                        unit=peak.egfr.unit,
                        note="highest earlier value",
                    ),
                    Evidence(
                        "egfr_history",
                        date=latest.date,
                        value=latest.egfr.value,
                        unit=latest.egfr.unit,
                        note="latest value",
                    ),
                ),
                note=None if reduction is not None else "undefined: highest earlier eGFR is 0",
            )
        else:
            computed = threshold.check(
                None,
                id=f"{id}-computed-fall",
                evidence=(Evidence("egfr_history", note=MISSING),),
                note=f"{MISSING}: at least two dated eGFR values are needed",
            )
        children.append(
            combine(
                f"{id}-computed",
                "eGFR history shows a fall not otherwise explained",
                [
                    computed,
                    not_otherwise_explained(
                        findings, id=f"{id}-not-otherwise-explained", source_id=source_id
                    ),
                ],
                mode="all",
                source_id=source_id,
            )
        )
    criterion = any_known(id, label, children, source_id=source_id)
    if findings.explaining_causes and criterion.outcome is not Outcome.NOT_MET:
        causes = "; ".join(findings.explaining_causes)
        criterion = attrs.evolve(criterion, outcome=Outcome.NOT_MET, note=f"explained by: {causes}")
    return criterion


def low_egfr_not_explained(
    findings: BiopsyFindings,
    threshold: Threshold,
    *,
    id: str,
    label: str,
    source_id: str,
) -> Criterion:
    """Current eGFR below ``threshold`` and not otherwise explained (Kleene AND)."""
    egfr = findings.current_egfr
    return combine(
        id,
        label,
        [
            check_measure(threshold, egfr, "egfr", on=findings.assessed_on),
            not_otherwise_explained(
                findings, id=f"{id}-not-otherwise-explained", source_id=source_id
            ),
        ],
        mode="all",
        source_id=source_id,
    )


def repeat_checks(
    threshold: Threshold,
    measures: Iterable[Measure],
    field: str,
    *,
    usable: Callable[[Measure], bool] | None = None,
    prefix: str | None = None,
) -> list[Criterion]:
    """Check earlier measurements against ``threshold`` (unusable ones are skipped).

    Criterion ids are ``[<prefix>-]<threshold id>-earlier-<n>`` (n counts from 1).
    """
    checks: list[Criterion] = []
    head = f"{prefix}-{threshold.id}" if prefix else threshold.id
    for index, measure in enumerate(measures):
        if usable is not None and not usable(measure):
            continue
        checks.append(
            threshold.check(
                measure.canonical,
                id=f"{head}-earlier-{index + 1}",
                label=f"Earlier value {index + 1}: {threshold.label}",
                evidence=(Evidence(field, value=measure.value, unit=measure.unit, note="earlier"),),
            )
        )
    return checks


def persistence(
    findings: BiopsyFindings,
    repeats: Sequence[Criterion],
    *,
    id: str,
    label: str,
    source_id: str,
    fields: tuple[str, ...] = ("previous_upcr", "previous_protein_24h"),
) -> Criterion:
    """Proteinuria confirmed on repeat testing, from the statement and/or earlier values.

    Decided by the known of: ``is_proteinuria_persistent`` and "an earlier value also meets the
    threshold". An earlier value meeting the threshold establishes persistence (met); earlier
    values that all fall below it do **not** refute it: the proteinuria may be new and simply
    not yet confirmed, which a guideline answers with a repeat measurement, not with "no
    biopsy". So that branch is then unknown (a repeat measurement is reported missing), and
    only the caller's ``is_proteinuria_persistent=False`` makes persistence not met.
    """
    reported = check_flag(
        f"{id}-reported",
        "Persistence on repeat testing reported",
        findings.is_proteinuria_persistent,
        field="is_proteinuria_persistent",
        source_id=source_id,
    )
    if any(c.outcome is Outcome.MET for c in repeats):
        earlier = combine(
            f"{id}-earlier",
            "An earlier measurement also meets the threshold",
            repeats,
            mode="any",
            source_id=source_id,
        )
    elif repeats:
        earlier = Criterion(
            id=f"{id}-earlier",
            label="An earlier measurement also meets the threshold",
            outcome=Outcome.UNKNOWN,
            comparator="any",
            source_id=source_id,
            children=tuple(repeats),
            evidence=tuple(Evidence(f, note=MISSING) for f in fields),
            note=f"{MISSING}: no earlier value meets the threshold, which does not refute "
            "persistence (the proteinuria may be new); a confirming repeat measurement is needed",
        )
    else:
        earlier = Criterion(
            id=f"{id}-earlier",
            label="An earlier measurement also meets the threshold",
            outcome=Outcome.UNKNOWN,
            source_id=source_id,
            evidence=tuple(Evidence(f, note=MISSING) for f in fields),
            note=f"{MISSING}: no (usable) earlier measurement given",
        )
    return any_known(id, label, [reported, earlier], source_id=source_id)


# ----------------------------------------------------------------------------- verdict


def missing_inputs(criteria: Iterable[Criterion]) -> tuple[str, ...]:
    """Inputs whose absence left a criterion unknown (walks unknown branches only)."""
    seen: list[str] = []

    def walk(criterion: Criterion) -> None:
        if criterion.outcome is not Outcome.UNKNOWN:
            return
        for child in criterion.children:
            walk(child)
        for evidence in criterion.evidence:
            if evidence.note and evidence.note.startswith(MISSING) and evidence.field not in seen:
                seen.append(evidence.field)

    for criterion in criteria:
        walk(criterion)
    return tuple(seen)


def indication(sufficient: Sequence[Criterion]) -> BiopsyIndication:
    """Indicated if any sufficient criterion is met; not indicated if all are not met."""
    outcome = any_of(c.outcome for c in sufficient)
    if outcome is Outcome.MET:
        return BiopsyIndication.INDICATED
    if outcome is Outcome.NOT_MET:
        return BiopsyIndication.NOT_INDICATED
    return BiopsyIndication.INSUFFICIENT_DATA


def make_decision(
    *,
    rule_set_id: str,
    version: str,
    source_ids: tuple[str, ...],
    findings: BiopsyFindings,
    sufficient: Sequence[Criterion],
    supporting: Sequence[Criterion] = (),
    flags: Iterable[str] = (),
    options: Mapping[str, Any],
) -> Decision:
    """Assemble the decision of a biopsy rule set from its sufficient and supporting criteria.

    Details: ``sufficient`` (ids of the criteria any of which indicates a biopsy) and
    ``fired`` (ids of those met). Missing inputs are listed when the verdict is
    ``insufficient_data``.
    """
    verdict = indication(sufficient)
    fired = [c.id for c in sufficient if c.outcome is Outcome.MET]
    missing = missing_inputs(sufficient) if verdict is BiopsyIndication.INSUFFICIENT_DATA else ()
    details: list[tuple[str, Any]] = [
        ("sufficient", ", ".join(c.id for c in sufficient)),
        ("fired", ", ".join(fired) if fired else None),
    ]
    if supporting:
        details.append(("supporting", ", ".join(c.id for c in supporting)))
    unique_flags: list[str] = []
    for flag in flags:
        if flag not in unique_flags:
            unique_flags.append(flag)
    return Decision(
        rule_set_id=rule_set_id,
        rule_set_version=version,
        kind=RuleKind.BIOPSY.value,
        verdict=verdict,
        criteria=(*sufficient, *supporting),
        missing_inputs=missing,
        flags=tuple(unique_flags),
        options=tuple(options.items()),
        assessed_on=findings.assessed_on,
        details=tuple(details),
        source_ids=source_ids,
    )


__all__ = [
    "ALTERNATIVES_NOTE",
    "MISSING",
    "GradeThreshold",
    "MonthsThreshold",
    "add_months",
    "alternative_measures",
    "any_known",
    "cellular_casts",
    "check_flag",
    "check_measure",
    "coerce_findings",
    "completed_months",
    "decimal_option",
    "egfr_decline",
    "indication",
    "low_egfr_not_explained",
    "make_decision",
    "missing_inputs",
    "not_otherwise_explained",
    "persistence",
    "repeat_checks",
]
