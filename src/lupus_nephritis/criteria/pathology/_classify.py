"""The ISN/RPS classification procedure shared by ``isn-rps-2003`` and ``isn-rps-2018``.

Steps (each recorded as a criterion of the decision):

1. ``adequacy``: at least ``min_glomeruli`` glomeruli sampled (option). Fewer gives the
   verdict ``insufficient_sample``; an unknown count is flagged ``sample-adequacy-unknown``
   and the classification proceeds.
2. ``class-vi``: at least 90% of glomeruli globally sclerosed, without residual activity.
3. ``class-iii`` / ``class-iv``: endocapillary and/or extracapillary glomerulonephritis
   involving more than 0% but less than 50% (III), or at least 50% (IV), of all glomeruli.
4. ``membranous``: global or segmental subepithelial deposits: class V alone, or combined
   with III/IV ("III+V", "IV+V"); option ``combined_v_rule`` can require a minimum extent.
5. ``mesangial`` and ``mesangial-deposits``: mesangial hypercellularity (2018: 4 or more
   nuclei) or matrix expansion with mesangial deposits is class II; mesangial deposits with
   no light-microscopy lesion of classes II-VI is class I.
6. 2003 only: IV-S / IV-G (50% or more of the *involved* glomeruli with segmental / global
   lesions) and the activity subclasses A, A/C, C for classes III and IV.

A datum needed at a step and missing gives the verdict ``not_evaluable`` with the missing
inputs; a missing datum that only decides a 2003 subclass leaves the subclass out of the
verdict and adds the flag ``subclass-not-evaluable``.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.criteria.pathology.models import KidneyBiopsy, SubepithelialDeposits
from lupus_nephritis.criteria.pathology.nih_indices import (
    compute_nih_activity_index,
    compute_nih_chronicity_index,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import Percent
from lupus_nephritis.registry import RuleKind
from lupus_nephritis.thresholds import Option, Threshold, combine, flag_criterion, resolve_options
from lupus_nephritis.units import as_integer

MISSING = "missing"

#: Verdicts that are not a class.
INSUFFICIENT_SAMPLE = "insufficient_sample"
NOT_EVALUABLE = "not_evaluable"
UNCLASSIFIED = "unclassified"


@attrs.frozen(slots=True)
class CountThreshold:
    """A minimum whole-number count (comparator ``>=``), as cited data.

    Attributes:
        id: Criterion id it produces.
        label: Human label.
        minimum: The lowest count that meets it.
        unit: What is counted (e.g. ``"nuclei"``).
        source_id: Source.
        note: Reading or confidence.
    """

    id: str
    label: str
    minimum: int
    unit: str
    source_id: str
    note: str | None = None

    def check(self, value: int | None, *, field: str) -> Criterion:
        """Compare ``value`` with the minimum (``None`` gives ``UNKNOWN``)."""
        return Criterion(
            id=self.id,
            label=self.label,
            outcome=Outcome.UNKNOWN if value is None else Outcome.from_bool(value >= self.minimum),
            observed=value,
            observed_unit=self.unit,
            comparator=">=",
            threshold=self.minimum,
            threshold_unit=self.unit,
            source_id=self.source_id,
            evidence=(
                Evidence(field, note=MISSING) if value is None else Evidence(field, value=value),
            ),
            note=MISSING if value is None else None,
        )


@attrs.frozen(slots=True)
class IsnRpsParameters:
    """Every threshold of an ISN/RPS version, as cited data.

    Attributes:
        class_vi: Globally sclerosed glomeruli, >= 90% of all glomeruli.
        class_iii: Involved glomeruli, > 0% of all glomeruli (some involvement).
        class_iv: Involved glomeruli, >= 50% of all glomeruli.
        combined_v_glomeruli: Glomeruli with membranous involvement, >= 50% (optional
            extent rule for III+V / IV+V).
        combined_v_capillary: Capillary surface involved in them, >= 50% (same rule).
        active_present: Glomeruli with active lesions, > 0% (2003 subclasses; residual activity
            for class VI when it is not stated).
        chronic_present: Glomeruli with chronic lesions, > 0% (2003 subclasses).
        iv_segmental: Involved glomeruli with segmental lesions, >= 50% (2003 IV-S), or None.
        iv_global: Involved glomeruli with global lesions, >= 50% (2003 IV-G), or None.
        mesangial_nuclei: Mesangial hypercellularity as a nuclei count (2018), or None.
        subclasses: Whether the version reports the 2003 subclasses.
    """

    class_vi: Threshold
    class_iii: Threshold
    class_iv: Threshold
    combined_v_glomeruli: Threshold
    combined_v_capillary: Threshold
    active_present: Threshold
    chronic_present: Threshold
    iv_segmental: Threshold | None
    iv_global: Threshold | None
    mesangial_nuclei: CountThreshold | None
    subclasses: bool


def common_options(source: str) -> tuple[Option, ...]:
    """Options of both ISN/RPS versions."""
    return (
        Option(
            name="min_glomeruli",
            default=10,
            description=(
                "Fewest glomeruli for an adequate sample; fewer gives 'insufficient_sample'. "
                "Default 10 (a summary of guidance; low-medium confidence, the primary text "
                "was not read). 0 disables the check."
            ),
            source_id=source,
        ),
        Option(
            name="combined_v_rule",
            default="any-membranous",
            description=(
                "When class V is added to III/IV. 'any-membranous' (default): whenever global "
                "or segmental subepithelial deposits are present (ISN/RPS 2003: 'both are "
                "diagnosed'); 'extent-50-50': only with membranous involvement of at least 50% "
                "of the capillary surface in at least 50% of glomeruli (one teaching source; "
                "low-medium confidence)."
            ),
            choices=("any-membranous", "extent-50-50"),
            source_id=source,
        ),
    )


IV_TIE_OPTION = Option(
    name="iv_tie_rule",
    default="unresolved",
    description=(
        "ISN/RPS 2003 defines IV-S and IV-G each as '>= 50% of involved glomeruli', so exactly "
        "50% segmental and 50% global meets both. 'unresolved' (default): the verdict gives "
        "class IV without S/G and flags 'iv-segmental-global-tie'; 'segmental' or 'global' "
        "picks one (still flagged)."
    ),
    choices=("unresolved", "segmental", "global"),
    source_id="isn-rps-2003",
)


# ----------------------------------------------------------------------------- helpers


def _as_biopsy(biopsy: KidneyBiopsy | Mapping[str, Any]) -> KidneyBiopsy:
    if isinstance(biopsy, KidneyBiopsy):
        return biopsy
    if isinstance(biopsy, Mapping):
        return KidneyBiopsy.model_validate(dict(biopsy))
    raise InputError(f"expected KidneyBiopsy or a mapping, got {type(biopsy).__name__}")


def _proportion(
    count: int | None,
    percent: Percent | None,
    denominator: int | None,
    *,
    count_field: str,
    percent_field: str,
    denominator_field: str,
) -> tuple[Fraction | None, tuple[Evidence, ...], str | None]:
    """A percentage from a given percentage, or exactly from a count and its denominator."""
    if percent is not None:
        return percent.canonical, (Evidence(percent_field, value=percent.value, unit="%"),), None
    if count is None:
        return None, (Evidence(count_field, note=MISSING),), MISSING
    if denominator is None:
        return (
            None,
            (Evidence(count_field, value=count), Evidence(denominator_field, note=MISSING)),
            MISSING,
        )
    if denominator == 0:
        return (
            None,
            (Evidence(count_field, value=count), Evidence(denominator_field, value=0)),
            f"undefined: {denominator_field} is 0",
        )
    return (
        Fraction(count * 100, denominator),
        (Evidence(count_field, value=count, note=f"of {denominator} ({denominator_field})"),),
        None,
    )


def _check(
    threshold: Threshold,
    proportion: tuple[Fraction | None, tuple[Evidence, ...], str | None],
    *,
    id: str | None = None,
) -> Criterion:
    value, evidence, note = proportion
    return threshold.check(value, evidence=evidence, note=note, id=id)


def _missing(criteria: list[Criterion]) -> tuple[str, ...]:
    seen: list[str] = []

    def walk(criterion: Criterion) -> None:
        if criterion.outcome is not Outcome.UNKNOWN:
            return
        for child in criterion.children:
            walk(child)
        for evidence in criterion.evidence:
            if evidence.note == MISSING and evidence.field not in seen:
                seen.append(evidence.field)

    for criterion in criteria:
        walk(criterion)
    return tuple(seen)


def _flag(
    id: str, label: str, value: bool | None, field: str, source: str, required: bool = True
) -> Criterion:
    evidence = Evidence(field, note=MISSING) if value is None else Evidence(field, value=value)
    return flag_criterion(
        id, label, value, required=required, source_id=source, evidence=(evidence,)
    )


def _min_glomeruli(value: object, rule_set_id: str) -> int:
    count = as_integer(value)
    if count is None or count < 0:
        raise OptionError(
            f"{rule_set_id}: option min_glomeruli={value!r} must be a whole number >= 0"
        )
    return count


def _residual_activity(
    model: KidneyBiopsy, active_present: Threshold
) -> tuple[bool | None, Evidence]:
    """Residual activity: stated, else derived with the ``active_present`` threshold.

    A count of active glomeruli is compared as given: the threshold is "more than 0%", and any
    positive count is a positive percentage of the glomeruli sampled.
    """
    if model.has_residual_activity is not None:
        return model.has_residual_activity, Evidence(
            "has_residual_activity", value=model.has_residual_activity
        )
    if model.glomeruli_active is not None:
        return active_present.holds(Fraction(model.glomeruli_active)), Evidence(
            "glomeruli_active", value=model.glomeruli_active, note="residual activity derived"
        )
    if model.percent_active is not None:
        return active_present.holds(model.percent_active.canonical), Evidence(
            "percent_active",
            value=model.percent_active.value,
            unit="%",
            note="residual activity derived",
        )
    return None, Evidence("has_residual_activity", note=MISSING)


# ----------------------------------------------------------------------------- procedure


@attrs.define
class _Run:
    params: IsnRpsParameters
    model: KidneyBiopsy
    opts: dict[str, Any]
    source: str
    criteria: list[Criterion] = attrs.field(factory=list)
    flags: list[str] = attrs.field(factory=list)
    details: dict[str, Any] = attrs.field(factory=dict)
    subclass_criteria: list[Criterion] = attrs.field(factory=list)

    def add(self, criterion: Criterion) -> Criterion:
        self.criteria.append(criterion)
        return criterion


def _segmental_global(run: _Run) -> str | None:
    """IV-S / IV-G (2003): ``"S"``, ``"G"`` or None (undetermined, flagged)."""
    params, model = run.params, run.model
    if params.iv_segmental is None or params.iv_global is None:
        return None
    involved = model.glomeruli_involved
    segmental, global_ = model.glomeruli_segmental, model.glomeruli_global
    derived_note = None
    if involved is not None and (segmental is None) != (global_ is None):
        if segmental is None and global_ is not None:
            segmental = involved - global_
        elif global_ is None and segmental is not None:
            global_ = involved - segmental
        derived_note = "one count derived: each involved glomerulus is segmental or global"
    seg = _check(
        params.iv_segmental,
        _proportion(
            segmental,
            model.percent_involved_segmental,
            involved,
            count_field="glomeruli_segmental",
            percent_field="percent_involved_segmental",
            denominator_field="glomeruli_involved",
        ),
    )
    glo = _check(
        params.iv_global,
        _proportion(
            global_,
            model.percent_involved_global,
            involved,
            count_field="glomeruli_global",
            percent_field="percent_involved_global",
            denominator_field="glomeruli_involved",
        ),
    )
    if derived_note:
        seg = attrs.evolve(seg, note=seg.note or derived_note)
        glo = attrs.evolve(glo, note=glo.note or derived_note)
    run.subclass_criteria += [seg, glo]
    if seg.outcome is Outcome.MET and glo.outcome is Outcome.NOT_MET:
        return "S"
    if glo.outcome is Outcome.MET and seg.outcome is Outcome.NOT_MET:
        return "G"
    if seg.outcome is Outcome.MET and glo.outcome is Outcome.MET:
        run.flags.append("iv-segmental-global-tie")
        tie = run.opts["iv_tie_rule"]
        return {"segmental": "S", "global": "G"}.get(tie)
    run.flags.append("subclass-not-evaluable")
    return None


def _activity_subclass(run: _Run) -> str | None:
    """A, A/C or C (2003) for classes III and IV, or None (undetermined, flagged)."""
    params, model = run.params, run.model
    total = model.glomeruli_total
    active = _check(
        params.active_present,
        _proportion(
            model.glomeruli_active,
            model.percent_active,
            total,
            count_field="glomeruli_active",
            percent_field="percent_active",
            denominator_field="glomeruli_total",
        ),
    )
    chronic = _check(
        params.chronic_present,
        _proportion(
            model.glomeruli_chronic,
            model.percent_chronic,
            total,
            count_field="glomeruli_chronic",
            percent_field="percent_chronic",
            denominator_field="glomeruli_total",
        ),
    )
    run.subclass_criteria += [active, chronic]
    a, c = active.outcome, chronic.outcome
    if a is Outcome.MET and c is Outcome.NOT_MET:
        return "A"
    if a is Outcome.MET and c is Outcome.MET:
        return "A/C"
    if a is Outcome.NOT_MET and c is Outcome.MET:
        return "C"
    if a is Outcome.NOT_MET and c is Outcome.NOT_MET:
        run.flags.append("no-active-or-chronic-lesions-recorded")
    if "subclass-not-evaluable" not in run.flags:
        run.flags.append("subclass-not-evaluable")
    return None


def _mesangial(run: _Run) -> Criterion:
    params, model, source = run.params, run.model, run.source
    if params.mesangial_nuclei is not None and model.mesangial_max_nuclei is not None:
        hyper = params.mesangial_nuclei.check(
            model.mesangial_max_nuclei, field="mesangial_max_nuclei"
        )
    else:
        hyper = _flag(
            "mesangial-hypercellularity",
            "Mesangial hypercellularity",
            model.has_mesangial_hypercellularity,
            "has_mesangial_hypercellularity",
            source,
        )
    matrix = _flag(
        "mesangial-matrix-expansion",
        "Mesangial matrix expansion",
        model.has_mesangial_matrix_expansion,
        "has_mesangial_matrix_expansion",
        source,
    )
    return combine(
        "mesangial",
        "Mesangial hypercellularity or matrix expansion",
        [hyper, matrix],
        mode="any",
        source_id=source,
    )


def _classify(run: _Run) -> str:
    params, model, source = run.params, run.model, run.source
    total = model.glomeruli_total
    minimum = run.opts["min_glomeruli"]
    adequacy = run.add(
        CountThreshold(
            id="adequacy",
            label=f"At least {minimum} glomeruli sampled",
            minimum=minimum,
            unit="glomeruli",
            source_id=source,
            note="option min_glomeruli",
        ).check(total, field="glomeruli_total")
    )
    if adequacy.outcome is Outcome.NOT_MET:
        return INSUFFICIENT_SAMPLE
    if adequacy.outcome is Outcome.UNKNOWN:
        run.flags.append("sample-adequacy-unknown")

    sclerosed = _proportion(
        model.glomeruli_globally_sclerosed,
        model.percent_globally_sclerosed,
        total,
        count_field="glomeruli_globally_sclerosed",
        percent_field="percent_globally_sclerosed",
        denominator_field="glomeruli_total",
    )
    run.details["percent_globally_sclerosed"] = sclerosed[0]
    residual, residual_evidence = _residual_activity(model, params.active_present)
    class_vi = run.add(
        combine(
            "class-vi",
            "Class VI: at least 90% of glomeruli globally sclerosed, no residual activity",
            [
                _check(params.class_vi, sclerosed),
                flag_criterion(
                    "no-residual-activity",
                    "No residual activity",
                    residual,
                    required=False,
                    source_id=params.class_vi.source_id,
                    evidence=(residual_evidence,),
                ),
            ],
            mode="all",
            source_id=params.class_vi.source_id,
        )
    )
    if class_vi.outcome is Outcome.MET:
        return "VI"
    if class_vi.outcome is Outcome.UNKNOWN:
        return NOT_EVALUABLE

    involved = _proportion(
        model.glomeruli_involved,
        model.percent_involved,
        total,
        count_field="glomeruli_involved",
        percent_field="percent_involved",
        denominator_field="glomeruli_total",
    )
    run.details["percent_involved"] = involved[0]
    some = run.add(_check(params.class_iii, involved))
    diffuse = run.add(_check(params.class_iv, involved))
    subepithelial = model.subepithelial_deposits
    membranous = run.add(
        Criterion(
            id="membranous",
            label="Global or segmental subepithelial deposits (membranous lesion)",
            outcome=(
                Outcome.UNKNOWN
                if subepithelial is None
                else Outcome.from_bool(subepithelial is SubepithelialDeposits.PRESENT)
            ),
            observed=None if subepithelial is None else subepithelial.value,
            comparator="==",
            threshold=SubepithelialDeposits.PRESENT.value,
            source_id=params.class_iii.source_id,
            evidence=(
                Evidence("subepithelial_deposits", note=MISSING)
                if subepithelial is None
                else Evidence("subepithelial_deposits", value=subepithelial.value),
            ),
            note=MISSING if subepithelial is None else None,
        )
    )
    if not some.outcome.is_known:
        return NOT_EVALUABLE
    if some.outcome is Outcome.MET:
        base = "IV" if diffuse.outcome is Outcome.MET else "III"
        if not membranous.outcome.is_known:
            return NOT_EVALUABLE
        with_v = membranous.outcome is Outcome.MET
        if with_v and run.opts["combined_v_rule"] == "extent-50-50":
            extent = run.add(
                combine(
                    "combined-v-extent",
                    "Membranous involvement of >= 50% of capillary surface in >= 50% of glomeruli",
                    [
                        _check(
                            params.combined_v_glomeruli,
                            _proportion(
                                None,
                                model.percent_glomeruli_membranous,
                                None,
                                count_field="percent_glomeruli_membranous",
                                percent_field="percent_glomeruli_membranous",
                                denominator_field="glomeruli_total",
                            ),
                        ),
                        _check(
                            params.combined_v_capillary,
                            _proportion(
                                None,
                                model.percent_capillary_surface_membranous,
                                None,
                                count_field="percent_capillary_surface_membranous",
                                percent_field="percent_capillary_surface_membranous",
                                denominator_field="glomeruli_total",
                            ),
                        ),
                    ],
                    mode="all",
                    source_id=params.combined_v_glomeruli.source_id,
                )
            )
            if not extent.outcome.is_known:
                return NOT_EVALUABLE
            if extent.outcome is Outcome.NOT_MET:
                with_v = False
                run.flags.append("membranous-below-combined-extent")
        run.details["class"] = base
        run.details["membranous"] = with_v
        label = base
        if params.subclasses:
            segmental_global = _segmental_global(run) if base == "IV" else None
            activity = _activity_subclass(run)
            run.details["segmental_global"] = segmental_global
            run.details["activity_subclass"] = activity
            if segmental_global:
                label += f"-{segmental_global}"
            if activity:
                label += f" ({activity})"
        return label + ("+V" if with_v else "")
    if membranous.outcome is Outcome.MET:
        run.details["class"] = "V"
        return "V"
    if not membranous.outcome.is_known:
        return NOT_EVALUABLE
    mesangial = run.add(_mesangial(run))
    deposits = run.add(
        _flag(
            "mesangial-deposits",
            "Mesangial immune deposits (immunofluorescence or EM)",
            model.has_mesangial_deposits,
            "has_mesangial_deposits",
            source,
        )
    )
    if deposits.outcome is Outcome.NOT_MET:
        run.flags.append("no-mesangial-immune-deposits")
        return UNCLASSIFIED
    if not deposits.outcome.is_known or not mesangial.outcome.is_known:
        return NOT_EVALUABLE
    result = "II" if mesangial.outcome is Outcome.MET else "I"
    run.details["class"] = result
    return result


def classify_biopsy(
    params: IsnRpsParameters,
    biopsy: KidneyBiopsy | Mapping[str, Any],
    *,
    rule_set_id: str,
    version: str,
    source_ids: tuple[str, ...],
    declared: tuple[Option, ...],
    options: Mapping[str, Any],
    with_nih: bool,
) -> Decision:
    """Apply one ISN/RPS version (see the module docstring for the steps)."""
    model = _as_biopsy(biopsy)
    opts = resolve_options(declared, dict(options), rule_set_id=rule_set_id)
    opts["min_glomeruli"] = _min_glomeruli(opts["min_glomeruli"], rule_set_id)
    run = _Run(params=params, model=model, opts=opts, source=source_ids[0])
    verdict = _classify(run)
    criteria = run.criteria + run.subclass_criteria
    missing: tuple[str, ...] = ()
    if verdict == NOT_EVALUABLE or "subclass-not-evaluable" in run.flags:
        missing = _missing(criteria)
    details: dict[str, Any] = {
        "class": run.details.get("class"),
        "glomeruli_total": model.glomeruli_total,
        "percent_globally_sclerosed": run.details.get("percent_globally_sclerosed"),
        "percent_involved": run.details.get("percent_involved"),
    }
    if params.subclasses:
        details["segmental_global"] = run.details.get("segmental_global")
        details["activity_subclass"] = run.details.get("activity_subclass")
    details["membranous"] = run.details.get("membranous")
    if with_nih:
        activity = compute_nih_activity_index(model)
        chronicity = compute_nih_chronicity_index(model)
        details["activity_index"] = activity.total
        details["chronicity_index"] = chronicity.total
    return Decision(
        rule_set_id=rule_set_id,
        rule_set_version=version,
        kind=RuleKind.PATHOLOGY.value,
        verdict=verdict,
        criteria=tuple(criteria),
        missing_inputs=missing,
        flags=tuple(dict.fromkeys(run.flags)),
        options=tuple(opts.items()),
        assessed_on=model.biopsy_date,
        details=tuple(details.items()),
        source_ids=source_ids,
    )


__all__ = [
    "INSUFFICIENT_SAMPLE",
    "IV_TIE_OPTION",
    "NOT_EVALUABLE",
    "UNCLASSIFIED",
    "CountThreshold",
    "IsnRpsParameters",
    "classify_biopsy",
    "common_options",
]
