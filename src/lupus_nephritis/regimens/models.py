"""Input models for regimen rules: the drugs, a regimen, and the patient context it is checked in.

* `DrugName`: the lupus nephritis (LN) drugs the library knows (the catalogue in
  `lupus_nephritis.regimens.catalogue` describes each). Short aliases are accepted at the
  boundary (``"mmf"``, ``"cyc"``, ``"aza"``, ``"tac"`` ...).
* `Regimen`: a combination of drugs for one treatment phase (initial, maintenance,
  non-response, refractory), with the cyclophosphamide scheme when cyclophosphamide is part of it.
* `PatientContext`: what eligibility rules read about the patient (eGFR, proteinuria,
  ISN/RPS class, pregnancy, blood pressure, CYP3A4 inhibitors, TPMT/NUDT15 status ...). Every
  field is optional: ``None`` means "not known", never "no", and rules report what they miss.

Measures reuse the core models (`EGFR`,
`UPCR`, `Protein24h`,
`BloodPressure`), so units are explicit and checked once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from lupus_nephritis._model import FrozenModel
from lupus_nephritis.decisions import ResponseCategory
from lupus_nephritis.models import EGFR, UPCR, BloodPressure, Number, Protein24h, Sex
from lupus_nephritis.units import Quantity, canonicalize


class _Frozen(FrozenModel):
    """Frozen, unknown fields rejected, library errors on bad input."""


class DrugName(str, Enum):
    """Drugs used in lupus nephritis that the library's rules know."""

    MYCOPHENOLATE_MOFETIL = "mycophenolate_mofetil"
    MYCOPHENOLIC_ACID = "mycophenolic_acid"
    CYCLOPHOSPHAMIDE = "cyclophosphamide"
    AZATHIOPRINE = "azathioprine"
    VOCLOSPORIN = "voclosporin"
    TACROLIMUS = "tacrolimus"
    CYCLOSPORINE = "cyclosporine"
    BELIMUMAB = "belimumab"
    RITUXIMAB = "rituximab"
    OBINUTUZUMAB = "obinutuzumab"
    ANIFROLUMAB = "anifrolumab"
    HYDROXYCHLOROQUINE = "hydroxychloroquine"
    GLUCOCORTICOIDS = "glucocorticoids"


#: Short names accepted wherever a `DrugName` is expected (case-insensitive).
DRUG_ALIASES: dict[str, DrugName] = {
    "mmf": DrugName.MYCOPHENOLATE_MOFETIL,
    "mpa": DrugName.MYCOPHENOLIC_ACID,
    "ec-mps": DrugName.MYCOPHENOLIC_ACID,
    "mycophenolate_sodium": DrugName.MYCOPHENOLIC_ACID,
    "cyc": DrugName.CYCLOPHOSPHAMIDE,
    "aza": DrugName.AZATHIOPRINE,
    "vcs": DrugName.VOCLOSPORIN,
    "tac": DrugName.TACROLIMUS,
    "csa": DrugName.CYCLOSPORINE,
    "ciclosporin": DrugName.CYCLOSPORINE,
    "rtx": DrugName.RITUXIMAB,
    "obz": DrugName.OBINUTUZUMAB,
    "hcq": DrugName.HYDROXYCHLOROQUINE,
    "gc": DrugName.GLUCOCORTICOIDS,
    "glucocorticoid": DrugName.GLUCOCORTICOIDS,
}


#: Short display names used in regimen labels.
DRUG_ABBREVIATIONS: dict[DrugName, str] = {
    DrugName.MYCOPHENOLATE_MOFETIL: "MMF",
    DrugName.MYCOPHENOLIC_ACID: "MPA",
    DrugName.CYCLOPHOSPHAMIDE: "CYC",
    DrugName.AZATHIOPRINE: "AZA",
    DrugName.VOCLOSPORIN: "voclosporin",
    DrugName.TACROLIMUS: "tacrolimus",
    DrugName.CYCLOSPORINE: "cyclosporine",
    DrugName.BELIMUMAB: "belimumab",
    DrugName.RITUXIMAB: "rituximab",
    DrugName.OBINUTUZUMAB: "obinutuzumab",
    DrugName.ANIFROLUMAB: "anifrolumab",
    DrugName.HYDROXYCHLOROQUINE: "HCQ",
    DrugName.GLUCOCORTICOIDS: "GC",
}


def parse_drug(value: object) -> DrugName:
    """Read a drug name or alias (``"mmf"``, ``"Voclosporin"``) as a `DrugName`.

    Raises:
        ValueError: the name is not a known drug (pydantic turns this into a ValidationError).
    """
    if isinstance(value, DrugName):
        return value
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_")
        if key in DRUG_ALIASES:
            return DRUG_ALIASES[key]
        try:
            return DrugName(key)
        except ValueError:
            pass
    known = ", ".join(d.value for d in DrugName)
    raise ValueError(f"unknown drug {value!r}; known: {known} (aliases: {', '.join(DRUG_ALIASES)})")


def _drug_tuple(value: Any) -> Any:
    if isinstance(value, (str, DrugName)):
        value = (value,)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return tuple(parse_drug(v) for v in items)
    return value


def _case_free(name: str) -> str:
    """A regular expression matching ``name`` in any letter case, spaces for underscores."""
    parts = []
    for char in name:
        if char.isalpha():
            parts.append(f"[{char.lower()}{char.upper()}]")
        elif char in "_ ":
            parts.append("[_ ]")
        else:
            parts.append(re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", char))
    return "".join(parts)


def _drug_schema() -> dict[str, Any]:
    names = sorted({*(d.value for d in DrugName), *DRUG_ALIASES}, key=lambda n: (-len(n), n))
    return {
        "type": "string",
        "pattern": r"^\s*(?:" + "|".join(_case_free(n) for n in names) + r")\s*$",
        "description": (
            "A drug name ("
            + ", ".join(d.value for d in DrugName)
            + ") or alias ("
            + ", ".join(DRUG_ALIASES)
            + "), in any letter case."
        ),
        "examples": ["mycophenolate_mofetil", "mmf", "Voclosporin"],
    }


_DRUG_SCHEMA = _drug_schema()
_DRUGS_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "array", "items": _DRUG_SCHEMA, "minItems": 1}, _DRUG_SCHEMA],
    "description": "One drug, or a list of drugs (names or aliases).",
}

DrugList = Annotated[tuple[DrugName, ...], WithJsonSchema(_DRUGS_SCHEMA)]
"""Drugs as a list (or one name); the schema lists the names and aliases the parser accepts."""


class TreatmentPhase(str, Enum):
    """The step of treatment a regimen is for.

    ``initial`` is also called induction, ``maintenance`` subsequent therapy. ``non_response``
    is the step after an inadequate response to initial therapy; ``refractory`` the step after
    repeated failure. Rules treat ``non_response`` and ``refractory`` regimens as a new course of
    initial-type therapy (for example, glucocorticoids are expected with them).
    """

    INITIAL = "initial"
    MAINTENANCE = "maintenance"
    NON_RESPONSE = "non_response"
    REFRACTORY = "refractory"

    @property
    def is_initial_type(self) -> bool:
        """True for initial, non-response and refractory regimens."""
        return self is not TreatmentPhase.MAINTENANCE


class CyclophosphamideScheme(str, Enum):
    """How cyclophosphamide is given (see the catalogue for the doses)."""

    EURO_LUPUS = "euro_lupus"
    """Low-dose IV (Euro-Lupus): 500 mg every 2 weeks for 6 doses."""
    NIH = "nih"
    """High-dose IV (NIH type): 0.5-1 g/m2 monthly."""
    ORAL = "oral"
    """Daily oral cyclophosphamide."""


class IsnRpsClass(str, Enum):
    """ISN/RPS lupus nephritis class (classes may coexist, e.g. IV + V)."""

    I = "I"  # noqa: E741 - the class is called I
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"
    VI = "VI"


class Cyp3a4Inhibition(str, Enum):
    """Strongest CYP3A4 inhibitor the patient takes (``none`` when none)."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    STRONG = "strong"


class GenotypeStatus(str, Enum):
    """TPMT or NUDT15 status (genotype or phenotype)."""

    NORMAL = "normal"
    HETEROZYGOUS = "heterozygous"
    """Intermediate activity (one non-functional allele)."""
    HOMOZYGOUS = "homozygous"
    """Deficient (two non-functional alleles, or poor activity)."""


class HepaticImpairment(str, Enum):
    """Hepatic impairment by Child-Pugh class (``none`` when there is none)."""

    NONE = "none"
    CHILD_PUGH_A = "child_pugh_a"
    CHILD_PUGH_B = "child_pugh_b"
    CHILD_PUGH_C = "child_pugh_c"


class Regimen(_Frozen):
    """A combination of LN drugs for one treatment phase.

    Attributes:
        drugs: The drugs (at least one, no repeats); aliases such as ``"mmf"`` are accepted.
        phase: The treatment step the regimen is for.
        name: Optional display name (default: the drugs joined by ``" + "``).
        cyclophosphamide_scheme: How cyclophosphamide is given, when it is part of the regimen
            (``None`` = not stated; rules that depend on it report it missing).
    """

    drugs: DrugList = Field(min_length=1)
    phase: TreatmentPhase = TreatmentPhase.INITIAL
    name: str | None = None
    cyclophosphamide_scheme: CyclophosphamideScheme | None = None

    @field_validator("drugs", mode="before")
    @classmethod
    def _parse_drugs(cls, value: Any) -> Any:
        return _drug_tuple(value)

    @model_validator(mode="after")
    def _check(self) -> Regimen:
        if len(set(self.drugs)) != len(self.drugs):
            raise ValueError("a regimen lists each drug once")
        if self.cyclophosphamide_scheme is not None and DrugName.CYCLOPHOSPHAMIDE not in self.drugs:
            raise ValueError("cyclophosphamide_scheme given but cyclophosphamide is not a drug")
        return self

    def has(self, *drugs: DrugName) -> bool:
        """True if any of ``drugs`` is part of the regimen."""
        return any(d in self.drugs for d in drugs)

    @property
    def drug_set(self) -> frozenset[DrugName]:
        """The drugs as a set."""
        return frozenset(self.drugs)

    @property
    def label(self) -> str:
        """``name`` or the drugs' short names joined by ``" + "`` (e.g. ``"MMF + belimumab + GC"``).

        Cyclophosphamide shows its scheme when given (``"CYC (euro_lupus)"``).
        """
        if self.name:
            return self.name
        parts = []
        for drug in self.drugs:
            text = DRUG_ABBREVIATIONS[drug]
            if drug is DrugName.CYCLOPHOSPHAMIDE and self.cyclophosphamide_scheme is not None:
                text += f" ({self.cyclophosphamide_scheme.value})"
            parts.append(text)
        return " + ".join(parts)


class PriorRegimen(Regimen):
    """A regimen already given, with the renal response it achieved.

    Attributes:
        response: Response to this regimen (``complete``, ``partial``, ``none``), ``None`` if
            not assessed or still in progress.
    """

    response: ResponseCategory | None = None

    @field_validator("response")
    @classmethod
    def _response(cls, value: ResponseCategory | None) -> ResponseCategory | None:
        if value is ResponseCategory.NOT_EVALUABLE:
            return None
        return value


def _classes(value: Any) -> Any:
    if isinstance(value, str):
        value = [p for p in value.replace("+", " ").replace(",", " ").split() if p]
    return value


_CLASS = "(?:VI|V|IV|III|II|I)"
_CLASSES_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "items": {"enum": [c.value for c in IsnRpsClass]}, "minItems": 1},
        {
            "type": "string",
            "pattern": rf"^\s*{_CLASS}(?:[\s,+]+{_CLASS})*\s*$",
            "examples": ["IV+V", "III, V"],
        },
        {"type": "null"},
    ],
    "description": "ISN/RPS classes: a list, or one string such as 'IV+V'.",
}


class PatientContext(_Frozen):
    """What regimen rules read about the patient. ``None`` everywhere means "not known".

    Attributes:
        id: Patient identifier, if any.
        sex: Sex; when ``male``, pregnancy-related fields are taken as "no" if not given.
        age_years: Age in years.
        egfr: eGFR at the decision (for a drug not yet started this is its baseline eGFR).
        upcr: Urine protein-to-creatinine ratio at the decision.
        protein_24h: 24-hour urine protein at the decision.
        blood_pressure: Blood pressure at the decision.
        has_hypertensive_emergency: Whether a hypertensive emergency is present.
        isn_rps_classes: Biopsy ISN/RPS classes (e.g. ``["IV", "V"]`` or ``"IV+V"``).
        is_pregnant: Pregnant now.
        is_planning_pregnancy: Planning a pregnancy.
        is_breastfeeding: Breastfeeding.
        is_of_childbearing_potential: A woman who could become pregnant (not postmenopausal or
            sterile).
        is_using_contraception: Uses effective contraception.
        cyp3a4_inhibitor: Strongest CYP3A4 inhibitor taken (``none`` if none).
        takes_strong_cyp3a4_inducer: Takes a strong CYP3A4 inducer.
        is_live_vaccine_planned: A live vaccine is planned during treatment.
        tpmt: TPMT status.
        nudt15: NUDT15 status.
        has_severe_active_cns_lupus: Severe active central nervous system lupus.
        hepatic_impairment: Hepatic impairment (Child-Pugh class).
        has_extrarenal_activity: Active extrarenal lupus manifestations.
        is_mpaa_intolerant: Intolerant of mycophenolic acid analogues (MMF/MPA).
        hypersensitive_to: Drugs the patient had serious hypersensitivity (e.g. anaphylaxis) to;
            ``[]`` = none known, ``None`` = not recorded.
        has_soya_or_peanut_anaphylaxis: Previous anaphylaxis to soya or peanut (a product may
            contain soya lecithin).
        prior_regimens: Regimens already given, oldest first; the last one is the current or
            most recent course. ``[]`` = treatment-naive, ``None`` = unknown.
        is_adherence_confirmed: Dose and adherence to the current regimen were checked.
    """

    id: str | None = None
    sex: Sex | None = None
    age_years: Number | None = None
    egfr: EGFR | None = None
    upcr: UPCR | None = None
    protein_24h: Protein24h | None = None
    blood_pressure: BloodPressure | None = None
    has_hypertensive_emergency: bool | None = None
    isn_rps_classes: Annotated[tuple[IsnRpsClass, ...] | None, WithJsonSchema(_CLASSES_SCHEMA)] = (
        None
    )
    is_pregnant: bool | None = None
    is_planning_pregnancy: bool | None = None
    is_breastfeeding: bool | None = None
    is_of_childbearing_potential: bool | None = None
    is_using_contraception: bool | None = None
    cyp3a4_inhibitor: Cyp3a4Inhibition | None = None
    takes_strong_cyp3a4_inducer: bool | None = None
    is_live_vaccine_planned: bool | None = None
    tpmt: GenotypeStatus | None = None
    nudt15: GenotypeStatus | None = None
    has_severe_active_cns_lupus: bool | None = None
    hepatic_impairment: HepaticImpairment | None = None
    has_extrarenal_activity: bool | None = None
    is_mpaa_intolerant: bool | None = None
    hypersensitive_to: Annotated[
        tuple[DrugName, ...] | None,
        WithJsonSchema(
            {"anyOf": [*_DRUGS_SCHEMA["anyOf"], {"type": "array", "maxItems": 0}, {"type": "null"}]}
        ),
    ] = None
    has_soya_or_peanut_anaphylaxis: bool | None = None
    prior_regimens: tuple[PriorRegimen, ...] | None = None
    is_adherence_confirmed: bool | None = None

    @field_validator("age_years")
    @classmethod
    def _age(cls, value: Decimal | None) -> Decimal | None:
        if value is not None:
            canonicalize(value, "a", quantity=Quantity.AGE, what="age")
        return value

    @field_validator("isn_rps_classes", mode="before")
    @classmethod
    def _parse_classes(cls, value: Any) -> Any:
        return _classes(value)

    @field_validator("isn_rps_classes")
    @classmethod
    def _unique_classes(cls, value: tuple[IsnRpsClass, ...] | None) -> Any:
        if value is None:
            return None
        if not value:
            raise ValueError("isn_rps_classes: give at least one class, or None if unknown")
        order = list(IsnRpsClass)
        return tuple(sorted(set(value), key=order.index))

    @field_validator("hypersensitive_to", mode="before")
    @classmethod
    def _parse_allergies(cls, value: Any) -> Any:
        return _drug_tuple(value)

    @model_validator(mode="after")
    def _check(self) -> PatientContext:
        if self.sex is Sex.MALE and (
            self.is_pregnant or self.is_breastfeeding or self.is_of_childbearing_potential
        ):
            raise ValueError(
                "pregnancy, breastfeeding or childbearing potential given for a male patient"
            )
        return self

    def _female_only(self, value: bool | None) -> bool | None:
        if value is None and self.sex is Sex.MALE:
            return False
        return value

    @property
    def pregnant(self) -> bool | None:
        """``is_pregnant``, taken as False for a male patient when not given."""
        return self._female_only(self.is_pregnant)

    @property
    def breastfeeding(self) -> bool | None:
        """``is_breastfeeding``, taken as False for a male patient when not given."""
        return self._female_only(self.is_breastfeeding)

    @property
    def last_regimen(self) -> PriorRegimen | None:
        """The most recent prior regimen (``None`` if none or unknown)."""
        if not self.prior_regimens:
            return None
        return self.prior_regimens[-1]


__all__ = [
    "DRUG_ABBREVIATIONS",
    "DRUG_ALIASES",
    "CyclophosphamideScheme",
    "Cyp3a4Inhibition",
    "DrugName",
    "GenotypeStatus",
    "HepaticImpairment",
    "IsnRpsClass",
    "PatientContext",
    "PriorRegimen",
    "Regimen",
    "TreatmentPhase",
    "parse_drug",
]
