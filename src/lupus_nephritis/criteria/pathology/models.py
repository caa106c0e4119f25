"""Input models of the pathology rule sets: a kidney biopsy's glomerular counts and lesions.

`KidneyBiopsy` holds what an ISN/RPS classification reads: the number of glomeruli
sampled, how many are globally sclerosed, how many are *involved* by endocapillary and/or
extracapillary glomerulonephritis (active or inactive), the extent of those lesions
(segmental or global), active and chronic lesions, mesangial findings, subepithelial
(membranous) deposits, and the modified NIH index components.

Each glomerular proportion can be given as a **count** (preferred: the percentage is computed
exactly) or as a **percentage** (when the report gives only that), never both. Counting rule
of ISN/RPS 2003: involved glomeruli include those sclerosed by lupus nephritis and exclude
glomeruli sclerosed by separate (ischaemic) vascular disease; the denominator is every
glomerulus sampled.

NIH components (`NIHActivityComponents`, `NIHChronicityComponents`) take either
a score 0-3 (an ``int``) or a percentage (``"30 %"`` or ``{"value": 30, "unit": "%"}``) of
glomeruli (glomerular items) or of cortex (tubulointerstitial items).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field, model_validator

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.models import Percent
from lupus_nephritis.units import as_integer

Count = Annotated[int, Field(ge=0, strict=True)]
"""A number of glomeruli (a non-negative ``int``; booleans and floats are refused)."""

Score = Annotated[int, Field(ge=0, le=3, strict=True)]
"""An NIH component score, 0 to 3."""


class _Frozen(FrozenModel):
    """Frozen, unknown fields rejected, library errors on bad input."""


class SubepithelialDeposits(str, Enum):
    """Subepithelial immune deposits of the glomerular capillary walls.

    ``absent``: none. ``isolated``: a few isolated deposits seen on immunofluorescence or
    electron microscopy but not on light microscopy (compatible with class II).
    ``present``: global or segmental subepithelial deposits (or their sequelae) on light
    microscopy and on immunofluorescence or electron microscopy (membranous, class V).
    """

    ABSENT = "absent"
    ISOLATED = "isolated"
    PRESENT = "present"


class ComponentValue(_Frozen):
    """One NIH component: a score 0-3, or the percentage it is scored from (not both).

    Accepts an ``int`` (the score), a percentage (``"30 %"``, a ``Percent`` or
    ``{"value": 30, "unit": "%"}``) or ``{"score": 2}`` / ``{"percent": "30 %"}``.

    Attributes:
        score: The score, 0 (absent) to 3.
        percent: The percentage of glomeruli (glomerular items) or of cortex
            (tubulointerstitial items) affected.
    """

    score: Score | None = None
    percent: Percent | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("an NIH component is a score 0-3 or a percentage, not a boolean")
        score = as_integer(data)
        if score is not None:
            return {"score": score}
        if isinstance(data, (str, Percent)):
            return {"percent": data}
        if isinstance(data, (float, Decimal)):
            raise ValueError(
                f"ambiguous NIH component {data!r}: give an int score 0-3 or a percentage "
                "with its unit (e.g. '30 %')"
            )
        if isinstance(data, dict) and set(data) == {"value", "unit"}:
            return {"percent": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> ComponentValue:
        if (self.score is None) == (self.percent is None):
            raise ValueError("give exactly one of score (0-3) or percent")
        return self


class NIHActivityComponents(_Frozen):
    """The six components of the modified NIH activity index (2018).

    Attributes:
        endocapillary_hypercellularity: % of glomeruli, or score.
        neutrophils_karyorrhexis: Neutrophils and/or karyorrhexis, % of glomeruli, or score.
        fibrinoid_necrosis: % of glomeruli, or score (weighted x2).
        hyaline_deposits: Wire loops and/or hyaline thrombi, % of glomeruli, or score.
        cellular_fibrocellular_crescents: % of glomeruli, or score (weighted x2).
        interstitial_inflammation: % of cortex, or score.
    """

    endocapillary_hypercellularity: ComponentValue | None = None
    neutrophils_karyorrhexis: ComponentValue | None = None
    fibrinoid_necrosis: ComponentValue | None = None
    hyaline_deposits: ComponentValue | None = None
    cellular_fibrocellular_crescents: ComponentValue | None = None
    interstitial_inflammation: ComponentValue | None = None


class NIHChronicityComponents(_Frozen):
    """The four components of the modified NIH chronicity index (2018).

    Attributes:
        glomerulosclerosis: Total (global and/or segmental) glomerulosclerosis, % of
            glomeruli, or score.
        fibrous_crescents: % of glomeruli, or score.
        tubular_atrophy: % of cortex, or score.
        interstitial_fibrosis: % of cortex, or score.
    """

    glomerulosclerosis: ComponentValue | None = None
    fibrous_crescents: ComponentValue | None = None
    tubular_atrophy: ComponentValue | None = None
    interstitial_fibrosis: ComponentValue | None = None


#: (count field, percent field) pairs that express one glomerular proportion.
PROPORTIONS: tuple[tuple[str, str], ...] = (
    ("glomeruli_globally_sclerosed", "percent_globally_sclerosed"),
    ("glomeruli_involved", "percent_involved"),
    ("glomeruli_segmental", "percent_involved_segmental"),
    ("glomeruli_global", "percent_involved_global"),
    ("glomeruli_active", "percent_active"),
    ("glomeruli_chronic", "percent_chronic"),
)


class KidneyBiopsy(_Frozen):
    """Light-microscopy, immunofluorescence and electron-microscopy findings of one biopsy.

    Attributes:
        biopsy_date: Date of the biopsy.
        glomeruli_total: Glomeruli sampled (all of them, sclerosed ones included).
        glomeruli_globally_sclerosed: Globally sclerosed glomeruli.
        percent_globally_sclerosed: ... or their percentage of all glomeruli.
        glomeruli_involved: Glomeruli involved by endocapillary and/or extracapillary
            glomerulonephritis, active or inactive (ISN/RPS counting rule: include glomeruli
            sclerosed by lupus nephritis, exclude ischaemic ones).
        percent_involved: ... or their percentage of all glomeruli.
        glomeruli_segmental: Involved glomeruli whose lesions are segmental (less than half of
            the tuft).
        percent_involved_segmental: ... or their percentage of the involved glomeruli.
        glomeruli_global: Involved glomeruli whose lesions are global.
        percent_involved_global: ... or their percentage of the involved glomeruli.
        glomeruli_active: Glomeruli with active lesions (lesions of involved glomeruli, so
            never more than ``glomeruli_involved``).
        percent_active: ... or their percentage of all glomeruli.
        glomeruli_chronic: Glomeruli with chronic (sclerotic) lesions.
        percent_chronic: ... or their percentage of all glomeruli.
        has_residual_activity: Active lesions present anywhere (class VI requires none); when None,
            derived from ``glomeruli_active`` / ``percent_active``.
        has_mesangial_deposits: Mesangial immune deposits on immunofluorescence (or EM).
        has_mesangial_hypercellularity: Mesangial hypercellularity (the pathologist's reading).
        mesangial_max_nuclei: Most nuclei fully surrounded by matrix in one mesangial area
            (hilar region excluded); the 2018 definition of hypercellularity is 4 or more.
        has_mesangial_matrix_expansion: Mesangial matrix expansion.
        subepithelial_deposits: Subepithelial deposits (absent / isolated / present).
        percent_glomeruli_membranous: Glomeruli with membranous (subepithelial) involvement,
            % of glomeruli (for the optional extent rule of combined class V).
        percent_capillary_surface_membranous: Capillary surface area involved by the
            membranous lesion in those glomeruli, %.
        activity: Modified NIH activity components.
        chronicity: Modified NIH chronicity components.
    """

    biopsy_date: date | None = None
    glomeruli_total: Count | None = None
    glomeruli_globally_sclerosed: Count | None = None
    percent_globally_sclerosed: Percent | None = None
    glomeruli_involved: Count | None = None
    percent_involved: Percent | None = None
    glomeruli_segmental: Count | None = None
    percent_involved_segmental: Percent | None = None
    glomeruli_global: Count | None = None
    percent_involved_global: Percent | None = None
    glomeruli_active: Count | None = None
    percent_active: Percent | None = None
    glomeruli_chronic: Count | None = None
    percent_chronic: Percent | None = None
    has_residual_activity: bool | None = None
    has_mesangial_deposits: bool | None = None
    has_mesangial_hypercellularity: bool | None = None
    mesangial_max_nuclei: Count | None = None
    has_mesangial_matrix_expansion: bool | None = None
    subepithelial_deposits: SubepithelialDeposits | None = None
    percent_glomeruli_membranous: Percent | None = None
    percent_capillary_surface_membranous: Percent | None = None
    activity: NIHActivityComponents | None = None
    chronicity: NIHChronicityComponents | None = None

    @model_validator(mode="after")
    def _consistent(self) -> KidneyBiopsy:
        for count_field, percent_field in PROPORTIONS:
            if getattr(self, count_field) is not None and getattr(self, percent_field) is not None:
                raise ValueError(
                    f"give {count_field} or {percent_field}, not both (the percentage is "
                    "computed from the count)"
                )
        total = self.glomeruli_total
        if total is not None:
            for field in (
                "glomeruli_globally_sclerosed",
                "glomeruli_involved",
                "glomeruli_active",
                "glomeruli_chronic",
            ):
                value = getattr(self, field)
                if value is not None and value > total:
                    raise ValueError(f"{field} ({value}) exceeds glomeruli_total ({total})")
        involved = self.glomeruli_involved
        segmental = self.glomeruli_segmental
        global_ = self.glomeruli_global
        if involved is not None:
            for field, value in (("glomeruli_segmental", segmental), ("glomeruli_global", global_)):
                if value is not None and value > involved:
                    raise ValueError(f"{field} ({value}) exceeds glomeruli_involved ({involved})")
            if segmental is not None and global_ is not None and segmental + global_ > involved:
                raise ValueError(
                    f"glomeruli_segmental + glomeruli_global ({segmental + global_}) exceeds "
                    f"glomeruli_involved ({involved}): each involved glomerulus is one or the other"
                )
        seg_pct, glo_pct = self.percent_involved_segmental, self.percent_involved_global
        if (
            seg_pct is not None
            and glo_pct is not None
            and seg_pct.canonical + glo_pct.canonical > 100
        ):
            raise ValueError(
                f"percent_involved_segmental + percent_involved_global "
                f"({seg_pct.value} + {glo_pct.value}) exceeds 100%: each involved glomerulus "
                "is one or the other"
            )
        if self.glomeruli_active is not None and self.glomeruli_involved is not None:
            too_many_active = self.glomeruli_active > self.glomeruli_involved
        else:
            active = _share(self.glomeruli_active, self.percent_active, total)
            involved_share = _share(self.glomeruli_involved, self.percent_involved, total)
            too_many_active = (
                active is not None and involved_share is not None and active > involved_share
            )
        if too_many_active:
            raise ValueError(
                "more glomeruli with active lesions than glomeruli involved by endo-/"
                "extracapillary glomerulonephritis (glomeruli_active / percent_active exceeds "
                "glomeruli_involved / percent_involved): active lesions are lesions of involved "
                "glomeruli"
            )
        return self


def _share(count: int | None, percent: Percent | None, total: int | None) -> Fraction | None:
    """A proportion of all glomeruli in percent, from a percentage or a count (None if unknown)."""
    if percent is not None:
        return percent.canonical
    if count is not None and total:
        return Fraction(count * 100, total)
    return None


__all__ = [
    "PROPORTIONS",
    "ComponentValue",
    "Count",
    "KidneyBiopsy",
    "NIHActivityComponents",
    "NIHChronicityComponents",
    "Score",
    "SubepithelialDeposits",
]
