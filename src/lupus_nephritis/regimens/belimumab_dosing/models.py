"""Input models of the belimumab dosing check: one record per administration.

A record gives the date, the route (``iv`` or ``sc``) and the dose, either as the milligrams
given (``dose``, e.g. ``"700 mg"``; for an intravenous dose the body weight is then needed) or,
for an intravenous dose, as milligrams per kilogram (``dose_per_kg``, e.g. ``"10 mg/kg"``). The
body weight at the dose (``weight``) is optional; a patient weight can be passed to the check
instead. Records on the same day with the same route are one administration (the 400 mg
subcutaneous dose is two 200 mg injections); their doses add up.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import ClassVar

from pydantic import Field, model_validator

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.models import Dose, Measure, Weight
from lupus_nephritis.units import Quantity


class BelimumabRoute(str, Enum):
    """Route of a belimumab administration."""

    IV = "iv"
    """Intravenous infusion (weight-based, mg/kg)."""
    SC = "sc"
    """Subcutaneous injection (fixed dose, mg)."""


class DosePerKg(Measure):
    """A dose per kilogram of body weight (canonical ``mg/kg``; ``g/kg`` accepted)."""

    quantity: ClassVar[Quantity] = Quantity.DOSE_PER_KG


class BelimumabDose(FrozenModel):
    """One belimumab administration.

    Attributes:
        date: Day of the administration.
        route: ``iv`` or ``sc``.
        dose: Milligrams given (e.g. ``"700 mg"``), if recorded.
        dose_per_kg: For an intravenous dose, the dose per kg (e.g. ``"10 mg/kg"``), if
            recorded instead of the milligrams.
        weight: Body weight at the administration, if recorded.
        id: Identifier of the record, if any.
    """

    date: dt.date
    route: BelimumabRoute
    dose: Dose | None = Field(default=None, description="Milligrams given, e.g. '700 mg'.")
    dose_per_kg: DosePerKg | None = Field(
        default=None, description="Intravenous dose per kg, e.g. '10 mg/kg'."
    )
    weight: Weight | None = Field(default=None, description="Body weight at the dose.")
    id: str | None = None

    @model_validator(mode="after")
    def _check(self) -> BelimumabDose:
        if self.dose is not None and self.dose_per_kg is not None:
            raise ValueError("give the dose in mg or in mg/kg, not both")
        if self.route is BelimumabRoute.SC and self.dose_per_kg is not None:
            raise ValueError("subcutaneous belimumab is a fixed dose: give it in mg")
        return self


__all__ = ["BelimumabDose", "BelimumabRoute", "DosePerKg"]
