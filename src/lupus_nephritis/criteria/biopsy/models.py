"""Input model of the biopsy-indication rule sets: what the urine and kidney function show.

`BiopsyFindings` gathers, for one assessment, everything any biopsy-indication rule set
reads: proteinuria (a UPCR with its specimen, a 24-hour protein, a dipstick grade with the
urine specific gravity, earlier measurements or a persistence statement), the urine sediment,
kidney function (eGFR, a dated eGFR history, an "unexplained decline" statement, causes other
than lupus that explain reduced function) and, for the ACR 2024 repeat-biopsy rule, the
treatment and remission state.

Every field is optional: ``None`` means "not known", which the rule sets report as missing,
never as a negative finding. The model is frozen and rejects unknown fields; build it from a
plain mapping with ``BiopsyFindings.model_validate(data)`` or from a
`Visit` with `BiopsyFindings.from_visit`.

A UPCR (a ratio) and a 24-hour protein excretion (a mass per day) are different quantities
and are never converted into each other; each rule set says which one it reads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator, model_validator

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.models import (
    EGFR,
    UPCR,
    DipstickGrade,
    Number,
    Percent,
    Protein24h,
    UrineRBC,
    Visit,
)

_SG_MIN = Decimal("1.000")
_SG_MAX = Decimal("1.060")


class _Frozen(FrozenModel):
    """Frozen, unknown fields rejected, library errors on bad input."""


class EGFRReading(_Frozen):
    """One dated eGFR value of the history.

    Attributes:
        date: Date of the measurement.
        egfr: The eGFR (mL/min/{1.73_m2}).
    """

    date: date
    egfr: EGFR


class BiopsyFindings(_Frozen):
    """Urine, kidney-function and treatment findings assessed for a kidney-biopsy indication.

    Attributes:
        assessed_on: Date of the assessment (the current measurements' date).
        upcr: The current urine protein-to-creatinine ratio, with its specimen
            (``spot``, ``first_morning`` or ``24h``) when known.
        protein_24h: The current 24-hour urine protein excretion.
        dipstick_protein: Urine dipstick protein grade.
        urine_specific_gravity: Urine specific gravity of the dipstick sample (1.000-1.060).
        previous_upcr: Earlier UPCR values of the same episode (used to decide whether
            proteinuria is persistent / reproducible / confirmed on repeat testing).
        previous_protein_24h: Earlier 24-hour protein values of the same episode.
        is_proteinuria_persistent: The caller's statement that proteinuria was confirmed on repeat
            testing (True), was not (False), or unknown (None). Used with or instead of the
            earlier values.
        urine_rbc: Urine red blood cells per high-power field.
        acanthocytes: Acanthocytes as a percentage of urine red cells.
        has_red_cell_casts: Red-cell casts seen.
        has_white_cell_casts: White-cell casts seen.
        has_glomerular_haematuria: The caller's own assessment that the haematuria is glomerular
            (e.g. by phase-contrast microscopy); when None, rules that need it derive it from
            ``acanthocytes`` and ``has_red_cell_casts``.
        is_sediment_confirmed: Haematuria / casts seen on at least two tests (ACR 2012).
        egfr: The current eGFR (if None, the latest value of ``egfr_history`` is used).
        egfr_history: Dated eGFR values (any order; kept sorted by date).
        has_unexplained_decline: Kidney function is falling and no cause other than lupus explains
            it (True); it is not falling, or the fall is explained (False); unknown (None).
        has_impaired_kidney_function: Kidney function judged abnormal for the patient (for
            KDIGO 2024: eGFR below the level expected for age).
        are_other_causes_excluded: Causes of reduced kidney function other than lupus were looked
            for and excluded.
        explaining_causes: Causes other than lupus nephritis that explain reduced or falling
            kidney function (e.g. ``"volume depletion"``, ``"NSAID"``); any entry makes every
            "unexplained" kidney-function criterion not met.
        is_in_remission: Treated lupus nephritis currently in remission (ACR 2024 repeat biopsy).
        is_flare_suspected: A flare is suspected (more proteinuria, haematuria and/or worse kidney
            function) (ACR 2024 repeat biopsy).
        treatment_start: Start of the current appropriate treatment for lupus nephritis.
        has_persistent_abnormalities: Proteinuria, haematuria and/or falling kidney function
            ongoing or worsening on treatment (ACR 2024 repeat biopsy).
    """

    assessed_on: date | None = None
    upcr: UPCR | None = None
    protein_24h: Protein24h | None = None
    dipstick_protein: DipstickGrade | None = None
    urine_specific_gravity: Number | None = Field(
        default=None, description="Urine specific gravity (1.000-1.060)."
    )
    previous_upcr: tuple[UPCR, ...] = ()
    previous_protein_24h: tuple[Protein24h, ...] = ()
    is_proteinuria_persistent: bool | None = None
    urine_rbc: UrineRBC | None = None
    acanthocytes: Percent | None = Field(
        default=None, description="Acanthocytes as a percentage of urine red cells."
    )
    has_red_cell_casts: bool | None = None
    has_white_cell_casts: bool | None = None
    has_glomerular_haematuria: bool | None = None
    is_sediment_confirmed: bool | None = None
    egfr: EGFR | None = None
    egfr_history: tuple[EGFRReading, ...] = ()
    has_unexplained_decline: bool | None = None
    has_impaired_kidney_function: bool | None = None
    are_other_causes_excluded: bool | None = None
    explaining_causes: tuple[str, ...] = ()
    is_in_remission: bool | None = None
    is_flare_suspected: bool | None = None
    treatment_start: date | None = None
    has_persistent_abnormalities: bool | None = None

    @field_validator("urine_specific_gravity")
    @classmethod
    def _specific_gravity(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and not (_SG_MIN <= value <= _SG_MAX):
            raise ValueError(
                f"urine specific gravity {value} outside 1.000-1.060 (give it as e.g. 1.015, "
                "not as 1015)"
            )
        return value

    @field_validator("egfr_history")
    @classmethod
    def _sorted_history(cls, history: tuple[EGFRReading, ...]) -> tuple[EGFRReading, ...]:
        return tuple(sorted(history, key=lambda r: r.date))

    @field_validator("explaining_causes")
    @classmethod
    def _causes(cls, causes: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(c.strip() for c in causes)
        if any(not c for c in cleaned):
            raise ValueError("explaining_causes entries must be non-empty text")
        return cleaned

    @model_validator(mode="after")
    def _consistent(self) -> BiopsyFindings:
        if self.explaining_causes and self.has_unexplained_decline:
            raise ValueError(
                "has_unexplained_decline=True contradicts explaining_causes "
                f"{list(self.explaining_causes)}: a decline with another cause is not unexplained"
            )
        if self.explaining_causes and self.are_other_causes_excluded:
            raise ValueError(
                "are_other_causes_excluded=True contradicts explaining_causes "
                f"{list(self.explaining_causes)}"
            )
        if (
            self.treatment_start is not None
            and self.assessed_on is not None
            and self.treatment_start > self.assessed_on
        ):
            raise ValueError(
                f"treatment_start ({self.treatment_start}) is after assessed_on "
                f"({self.assessed_on})"
            )
        return self

    @property
    def current_egfr(self) -> EGFR | None:
        """``egfr``, or else the latest value of ``egfr_history`` (None if neither)."""
        if self.egfr is not None:
            return self.egfr
        if self.egfr_history:
            return self.egfr_history[-1].egfr
        return None

    @property
    def has_cellular_casts(self) -> bool | None:
        """Red or white cell casts: True if either is seen, None if not decidable."""
        if self.has_red_cell_casts or self.has_white_cell_casts:
            return True
        if self.has_red_cell_casts is None or self.has_white_cell_casts is None:
            return None
        return False

    @classmethod
    def from_visit(cls, visit: Visit, **extra: Any) -> BiopsyFindings:
        """Build findings from a `Visit` plus extra fields.

        Copies the visit's date (as ``assessed_on``), UPCR, 24-hour protein, dipstick grade,
        specific gravity, urine RBC, acanthocytes, casts and eGFR; ``extra`` supplies the rest
        (e.g. ``has_unexplained_decline=True``) and wins over the visit's values.

        Raises:
            InputValidationError: the combined fields are not valid findings.
        """
        data: dict[str, Any] = {
            "assessed_on": visit.date,
            "upcr": visit.upcr,
            "protein_24h": visit.protein_24h,
            "dipstick_protein": visit.dipstick_protein,
            "urine_specific_gravity": visit.urine_specific_gravity,
            "urine_rbc": visit.urine_rbc,
            "acanthocytes": visit.acanthocytes,
            "has_red_cell_casts": visit.has_red_cell_casts,
            "has_white_cell_casts": visit.has_white_cell_casts,
            "egfr": visit.egfr,
        }
        data.update(extra)
        return cls.model_validate(data)


__all__ = ["BiopsyFindings", "EGFRReading"]
