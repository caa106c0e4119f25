"""Modified NIH activity and chronicity indices (ISN/RPS 2018 revision).

Rule set ``nih-activity-chronicity-2018``.

* **Activity index** (0-24): six components scored 0-3: endocapillary hypercellularity;
  neutrophils/karyorrhexis; fibrinoid necrosis (**x2**); hyaline deposits (wire loops and/or
  hyaline thrombi); cellular and/or fibrocellular crescents (**x2**); interstitial
  inflammation.
* **Chronicity index** (0-12): four components scored 0-3: total glomerulosclerosis (global
  and/or segmental); fibrous crescents; tubular atrophy; interstitial fibrosis.

A component is given as a score or as a percentage, scored by the 2018 bands: 0 when absent
(0%), 1 below 25%, 2 from 25% to 50% (both ends included), 3 above 50%. Glomerular items use
the percentage of glomeruli, tubulointerstitial items the percentage of cortex.

Results: `compute_nih_activity_index` and `compute_nih_chronicity_index` return a
frozen `NIHIndex` (total, bounds, component scores, missing components, rule-set id
and version), whose `NIHIndex.to_decision` gives the explained
`Decision`. With a component missing, ``total`` is None and
``minimum_possible`` / ``maximum_possible`` bound it (three-valued honesty: never a silent 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from lupus_nephritis.criteria.pathology.models import (
    ComponentValue,
    KidneyBiopsy,
    NIHActivityComponents,
    NIHChronicityComponents,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence
from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, resolve_options
from lupus_nephritis.units import fraction_to_decimal

RULE_SET_ID = "nih-activity-chronicity-2018"
VERSION = "1.0.0"
SOURCE = "isn-rps-2018"

#: Verdicts of the rule set's decision.
SCORED = "scored"
NOT_EVALUABLE = "not_evaluable"


@attrs.frozen(slots=True)
class NIHItem:
    """One index component, as cited data.

    Attributes:
        id: Component id (the input field name, with dashes).
        field: Input field name on the components model.
        label: Human label.
        weight: Multiplier of the 0-3 score (2 for fibrinoid necrosis and crescents).
        basis: What the percentage is of: ``"glomeruli"`` or ``"cortex"``.
        source_id: Source.
        note: Reading or confidence.
    """

    id: str
    field: str
    label: str
    weight: int
    basis: str
    source_id: str
    note: str | None = None


@attrs.frozen(slots=True)
class Bands:
    """The 2018 percentage bands, as thresholds (checked in this order).

    Attributes:
        absent: At or below 0% scores 0.
        band_1: Below 25% scores 1.
        band_2: At or below 50% scores 2 (so 25% and 50% both score 2); above scores 3.
    """

    absent: Threshold
    band_1: Threshold
    band_2: Threshold


@attrs.frozen(slots=True)
class Parameters:
    """Every component, weight, band and maximum of the modified NIH indices.

    Attributes:
        activity: The six activity components.
        chronicity: The four chronicity components.
        bands: Percentage bands.
        max_item_score: Highest score of one component (3).
        activity_maximum: Highest activity index (24).
        chronicity_maximum: Highest chronicity index (12).
    """

    activity: tuple[NIHItem, ...]
    chronicity: tuple[NIHItem, ...]
    bands: Bands
    max_item_score: int
    activity_maximum: int
    chronicity_maximum: int


def _item(field: str, label: str, basis: str, weight: int = 1, note: str | None = None) -> NIHItem:
    return NIHItem(
        id=field.replace("_", "-"),
        field=field,
        label=label,
        weight=weight,
        basis=basis,
        source_id=SOURCE,
        note=note,
    )


_DOUBLED = (
    "Weighted x2: the 2018 maximum of 24 needs two doubled items (6 x 3 = 18), and the original "
    "NIH table doubles fibrinoid necrosis and crescents (medium-high confidence)."
)

PARAMETERS = Parameters(
    activity=(
        _item("endocapillary_hypercellularity", "Endocapillary hypercellularity", "glomeruli"),
        _item("neutrophils_karyorrhexis", "Neutrophils and/or karyorrhexis", "glomeruli"),
        _item("fibrinoid_necrosis", "Fibrinoid necrosis", "glomeruli", 2, _DOUBLED),
        _item(
            "hyaline_deposits",
            "Hyaline deposits (wire loops and/or hyaline thrombi)",
            "glomeruli",
        ),
        _item(
            "cellular_fibrocellular_crescents",
            "Cellular and/or fibrocellular crescents",
            "glomeruli",
            2,
            _DOUBLED,
        ),
        _item("interstitial_inflammation", "Interstitial inflammation", "cortex"),
    ),
    chronicity=(
        _item(
            "glomerulosclerosis",
            "Total glomerulosclerosis (global and/or segmental)",
            "glomeruli",
        ),
        _item("fibrous_crescents", "Fibrous crescents", "glomeruli"),
        _item("tubular_atrophy", "Tubular atrophy", "cortex"),
        _item("interstitial_fibrosis", "Interstitial fibrosis", "cortex"),
    ),
    bands=Bands(
        absent=Threshold(
            id="nih-band-0",
            label="Absent (0%) scores 0",
            comparator="<=",
            value="0",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
        ),
        band_1=Threshold(
            id="nih-band-1",
            label="Below 25% scores 1",
            comparator="<",
            value="25",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'< 25%' (study table of the 2018 bands, high confidence).",
        ),
        band_2=Threshold(
            id="nih-band-2",
            label="25% to 50% scores 2 (above 50% scores 3)",
            comparator="<=",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Written '25-50%': read as inclusive at both ends (25% and 50% score 2); "
            "'> 50%' scores 3. The inclusion is implied, not explicit.",
        ),
    ),
    max_item_score=3,
    activity_maximum=24,
    chronicity_maximum=12,
)


def _check_maxima(params: Parameters) -> None:
    for name, items, maximum in (
        ("activity", params.activity, params.activity_maximum),
        ("chronicity", params.chronicity, params.chronicity_maximum),
    ):
        weighted = sum(i.weight for i in items) * params.max_item_score
        if weighted != maximum:  # pragma: no cover - guards the cited data
            raise LupusNephritisError(f"NIH {name}: weights give {weighted}, source says {maximum}")


_check_maxima(PARAMETERS)

OPTIONS = (
    Option(
        name="indices",
        default="both",
        description="Which indices the rule set's decision scores: both (default), or one.",
        choices=("both", "activity", "chronicity"),
        source_id=SOURCE,
    ),
)


# ----------------------------------------------------------------------------- results


@attrs.frozen(slots=True)
class NIHComponentScore:
    """The score of one component.

    Attributes:
        id: Component id.
        label: Human label.
        weight: Multiplier.
        score: Score 0-3 (None when the component is missing).
        weighted: ``score * weight`` (None when missing).
        percent: The percentage it was scored from, if given as a percentage.
        basis: ``"glomeruli"`` or ``"cortex"``.
        source_id: Source.
    """

    id: str
    label: str
    weight: int
    score: int | None
    weighted: int | None
    percent: Decimal | None
    basis: str
    source_id: str


@attrs.frozen(slots=True)
class NIHIndex:
    """A modified NIH index with its components (immutable).

    Attributes:
        index: ``"activity"`` or ``"chronicity"``.
        total: The weighted sum, or None when a component is missing.
        minimum_possible: Lowest total consistent with the known components (missing ones 0).
        maximum_possible: Highest total consistent with them (missing ones scored 3).
        maximum: The index's maximum (24 or 12).
        components: One score per component, in the published order.
        missing: Ids of the missing components.
        rule_set_id: ``"nih-activity-chronicity-2018"``.
        rule_set_version: Its version.
    """

    index: str
    total: int | None
    minimum_possible: int
    maximum_possible: int
    maximum: int
    components: tuple[NIHComponentScore, ...]
    missing: tuple[str, ...]
    rule_set_id: str = RULE_SET_ID
    rule_set_version: str = VERSION

    @property
    def is_complete(self) -> bool:
        """True when every component is known (``total`` is set)."""
        return self.total is not None

    def criteria(self) -> tuple[Criterion, ...]:
        """One criterion per component (``met`` = scored, ``unknown`` = missing)."""
        result = []
        for c in self.components:
            field = f"{self.index}.{c.id.replace('-', '_')}"
            if c.score is None:
                result.append(
                    Criterion(
                        id=c.id,
                        label=f"{c.label} (x{c.weight})",
                        outcome=Outcome.UNKNOWN,
                        source_id=c.source_id,
                        evidence=(Evidence(field, note="missing"),),
                        note="missing",
                    )
                )
                continue
            how = (
                f"{_pct(c.percent)}% of {c.basis} scores {c.score}"
                if c.percent is not None
                else f"score {c.score} given"
            )
            result.append(
                Criterion(
                    id=c.id,
                    label=f"{c.label} (x{c.weight})",
                    outcome=Outcome.MET,
                    observed=c.weighted,
                    source_id=c.source_id,
                    evidence=(
                        Evidence(
                            field,
                            value=c.percent if c.percent is not None else c.score,
                            unit="%" if c.percent is not None else None,
                        ),
                    ),
                    note=f"{how}; x{c.weight} = {c.weighted}",
                )
            )
        return tuple(result)

    def to_decision(self) -> Decision:
        """The index as an explained decision (verdict ``scored`` or ``not_evaluable``)."""
        return Decision(
            rule_set_id=self.rule_set_id,
            rule_set_version=self.rule_set_version,
            kind=RuleKind.PATHOLOGY.value,
            verdict=SCORED if self.is_complete else NOT_EVALUABLE,
            criteria=self.criteria(),
            missing_inputs=tuple(f"{self.index}.{m.replace('-', '_')}" for m in self.missing),
            details=_index_details(self),
            source_ids=(SOURCE,),
            subject=f"{self.index} index",
        )


def _pct(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _index_details(index: NIHIndex) -> tuple[tuple[str, Any], ...]:
    name = index.index
    return (
        (f"{name}_index", index.total),
        (f"{name}_index_min", index.minimum_possible),
        (f"{name}_index_max_possible", index.maximum_possible),
        (f"{name}_index_maximum", index.maximum),
    )


# ----------------------------------------------------------------------------- scoring


def score_percent(percent: Fraction, bands: Bands = PARAMETERS.bands) -> int:
    """Score a percentage 0-3 by the 2018 bands (exact comparison).

    Raises:
        InputError: the percentage is outside 0-100.
    """
    if not (0 <= percent <= 100):
        raise InputError(f"percentage {fraction_to_decimal(percent)} is outside 0-100")
    if bands.absent.holds(percent):
        return 0
    if bands.band_1.holds(percent):
        return 1
    if bands.band_2.holds(percent):
        return 2
    return 3


def _score(item: NIHItem, value: ComponentValue | None) -> NIHComponentScore:
    score: int | None = None
    percent: Decimal | None = None
    if value is not None and value.score is not None:
        score = value.score
    elif value is not None and value.percent is not None:
        score = score_percent(value.percent.canonical)
        percent = fraction_to_decimal(value.percent.canonical)
    return NIHComponentScore(
        id=item.id,
        label=item.label,
        weight=item.weight,
        score=score,
        weighted=None if score is None else score * item.weight,
        percent=percent,
        basis=item.basis,
        source_id=item.source_id,
    )


def _index(
    name: str, items: tuple[NIHItem, ...], components: Any, maximum: int, top: int
) -> NIHIndex:
    scores = tuple(
        _score(item, None if components is None else getattr(components, item.field))
        for item in items
    )
    known = sum(s.weighted for s in scores if s.weighted is not None)
    missing = tuple(s.id for s in scores if s.score is None)
    unknown_max = sum(s.weight * top for s in scores if s.score is None)
    return NIHIndex(
        index=name,
        total=None if missing else known,
        minimum_possible=known,
        maximum_possible=known + unknown_max,
        maximum=maximum,
        components=scores,
        missing=missing,
    )


def _activity_components(
    source: KidneyBiopsy | NIHActivityComponents | Mapping[str, Any] | None,
) -> NIHActivityComponents | None:
    if source is None or isinstance(source, NIHActivityComponents):
        return source
    if isinstance(source, KidneyBiopsy):
        return source.activity
    if isinstance(source, Mapping):
        return NIHActivityComponents.model_validate(dict(source))
    raise InputError(f"expected activity components, got {type(source).__name__}")


def _chronicity_components(
    source: KidneyBiopsy | NIHChronicityComponents | Mapping[str, Any] | None,
) -> NIHChronicityComponents | None:
    if source is None or isinstance(source, NIHChronicityComponents):
        return source
    if isinstance(source, KidneyBiopsy):
        return source.chronicity
    if isinstance(source, Mapping):
        return NIHChronicityComponents.model_validate(dict(source))
    raise InputError(f"expected chronicity components, got {type(source).__name__}")


def compute_nih_activity_index(
    components: KidneyBiopsy | NIHActivityComponents | Mapping[str, Any] | None,
) -> NIHIndex:
    """The modified NIH activity index (0-24).

    Args:
        components: `NIHActivityComponents`, a mapping validated into them (each value
            a score 0-3 or a percentage such as ``"30 %"``), or a `KidneyBiopsy`
            (its ``activity``).

    Returns:
        An `NIHIndex`; ``total`` is the weighted sum (fibrinoid necrosis and crescents
        x2), or None with ``missing`` listed when a component is absent.

    Raises:
        InputValidationError: a component is out of range (score not 0-3, percentage not
            0-100) or malformed.
        InputError: ``components`` has an unsupported type.

    Example:
        >>> from lupus_nephritis.criteria.pathology.nih_indices import (
        ...     compute_nih_activity_index,
        ... )
        >>> compute_nih_activity_index({
        ...     "endocapillary_hypercellularity": "60 %", "neutrophils_karyorrhexis": 1,
        ...     "fibrinoid_necrosis": "10 %", "hyaline_deposits": 0,
        ...     "cellular_fibrocellular_crescents": "25 %", "interstitial_inflammation": 1,
        ... }).total
        11
    """
    return _index(
        "activity",
        PARAMETERS.activity,
        _activity_components(components),
        PARAMETERS.activity_maximum,
        PARAMETERS.max_item_score,
    )


def compute_nih_chronicity_index(
    components: KidneyBiopsy | NIHChronicityComponents | Mapping[str, Any] | None,
) -> NIHIndex:
    """The modified NIH chronicity index (0-12).

    Args:
        components: `NIHChronicityComponents`, a mapping validated into them, or a
            `KidneyBiopsy` (its ``chronicity``).

    Returns:
        An `NIHIndex` (``total`` None with ``missing`` listed when incomplete).

    Raises:
        InputValidationError: a component is out of range or malformed.
        InputError: ``components`` has an unsupported type.
    """
    return _index(
        "chronicity",
        PARAMETERS.chronicity,
        _chronicity_components(components),
        PARAMETERS.chronicity_maximum,
        PARAMETERS.max_item_score,
    )


def _as_biopsy(biopsy: KidneyBiopsy | Mapping[str, Any]) -> KidneyBiopsy:
    if isinstance(biopsy, KidneyBiopsy):
        return biopsy
    if isinstance(biopsy, Mapping):
        return KidneyBiopsy.model_validate(dict(biopsy))
    raise InputError(f"expected KidneyBiopsy or a mapping, got {type(biopsy).__name__}")


def evaluate(biopsy: KidneyBiopsy | Mapping[str, Any], **options: Any) -> Decision:
    """Score the modified NIH indices of a biopsy as one explained decision.

    Args:
        biopsy: A `KidneyBiopsy` (or mapping) with ``activity`` and/or ``chronicity``.
        **options: ``indices`` (``"both"``, ``"activity"``, ``"chronicity"``).

    Returns:
        A decision with verdict ``scored`` (every requested index complete) or
        ``not_evaluable`` (missing components listed); details hold each total and bounds.

    Raises:
        OptionError: an option is unknown or invalid.
        InputValidationError: the mapping is not a valid biopsy.
    """
    model = _as_biopsy(biopsy)
    opts = resolve_options(OPTIONS, dict(options), rule_set_id=RULE_SET_ID)
    wanted = opts["indices"]
    indices: list[NIHIndex] = []
    if wanted in ("both", "activity"):
        indices.append(compute_nih_activity_index(model))
    if wanted in ("both", "chronicity"):
        indices.append(compute_nih_chronicity_index(model))
    complete = all(i.is_complete for i in indices)
    return Decision(
        rule_set_id=RULE_SET_ID,
        rule_set_version=VERSION,
        kind=RuleKind.PATHOLOGY.value,
        verdict=SCORED if complete else NOT_EVALUABLE,
        criteria=tuple(c for i in indices for c in i.criteria()),
        missing_inputs=tuple(
            f"{i.index}.{m.replace('-', '_')}" for i in indices for m in i.missing
        ),
        options=tuple(opts.items()),
        assessed_on=model.biopsy_date,
        details=tuple(d for i in indices for d in _index_details(i)),
        source_ids=(SOURCE,),
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version=VERSION,
        title="Modified NIH activity and chronicity indices (ISN/RPS 2018)",
        kind=RuleKind.PATHOLOGY,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Activity index 0-24: endocapillary hypercellularity, neutrophils/karyorrhexis, "
            "fibrinoid necrosis (x2), hyaline deposits, cellular/fibrocellular crescents (x2) "
            "and interstitial inflammation, each scored 0-3. Chronicity index 0-12: total "
            "glomerulosclerosis, fibrous crescents, tubular atrophy and interstitial fibrosis, "
            "each 0-3. A component given as a percentage (of glomeruli, or of cortex for "
            "tubulointerstitial items) scores 0 when absent, 1 below 25%, 2 from 25% to 50%, "
            "3 above 50%."
        ),
        options=OPTIONS,
        notes=(
            "Band edges: the source writes '< 25% / 25-50% / > 50%'; exactly 25% and exactly "
            "50% are read as band 2 (implied by '25-50%', not stated explicitly).",
            "Which items are doubled (fibrinoid necrosis, crescents) rests on the 2018 maximum "
            "of 24 and the original NIH table (medium-high confidence); the maxima 24 and 12 "
            "are high confidence and are checked against the weights at import.",
            "A missing component is never scored 0: the total is then unknown, reported with "
            "its possible range (minimum with missing items at 0, maximum at 3).",
            "A score given directly is taken as the pathologist's reading; a percentage is "
            "scored by the bands with exact arithmetic.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = [
    "NOT_EVALUABLE",
    "OPTIONS",
    "PARAMETERS",
    "RULE_SET",
    "RULE_SET_ID",
    "SCORED",
    "Bands",
    "NIHComponentScore",
    "NIHIndex",
    "NIHItem",
    "Parameters",
    "compute_nih_activity_index",
    "compute_nih_chronicity_index",
    "evaluate",
    "score_percent",
]
