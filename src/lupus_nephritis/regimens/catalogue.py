"""Catalogue of lupus nephritis drugs: class, mechanism, routes and cited dosing facts.

Frozen data, one `Drug` per `DrugName`. Each
dosing entry (`LabelDose`) names its source id and the confidence of the fact base
behind it; the catalogue holds dosing *facts*, it does not compute doses. Where the sources give
no dose (rituximab, cyclosporine and anifrolumab in LN) the entry has none.

The mycophenolate equivalence (enteric-coated mycophenolic acid 720 mg is therapeutically
equivalent to mycophenolate mofetil 1000 mg) is exact data here, with converters
`mmf_to_mpa` and `mpa_to_mmf`. The two products are not interchangeable without the
prescriber's advice; the conversion is for comparing doses.

Glucocorticoid doses, equivalences and tapers live in `lupus_nephritis.steroids` and the
glucocorticoid regimen modules, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

import attrs

from lupus_nephritis.errors import InputError
from lupus_nephritis.models import Dose
from lupus_nephritis.regimens.models import DrugName, parse_drug
from lupus_nephritis.units import to_decimal, to_fraction

Confidence = Literal["high", "medium", "low"]


class DrugClass(str, Enum):
    """Pharmacological class of an LN drug."""

    MYCOPHENOLIC_ACID_ANALOGUE = "mycophenolic_acid_analogue"
    ALKYLATING_AGENT = "alkylating_agent"
    PURINE_ANTIMETABOLITE = "purine_antimetabolite"
    CALCINEURIN_INHIBITOR = "calcineurin_inhibitor"
    ANTI_BAFF_ANTIBODY = "anti_baff_antibody"
    ANTI_CD20_ANTIBODY = "anti_cd20_antibody"
    ANTI_IFNAR_ANTIBODY = "anti_type_i_interferon_receptor_antibody"
    ANTIMALARIAL = "antimalarial"
    GLUCOCORTICOID = "glucocorticoid"


class Route(str, Enum):
    """Route of administration."""

    ORAL = "oral"
    IV = "iv"
    SC = "sc"


def _opt_decimal(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value, what="dose")


@attrs.frozen(slots=True)
class LabelDose:
    """One cited dosing fact.

    Attributes:
        id: Stable id within the drug (e.g. ``"euro-lupus"``).
        label: Short name (e.g. ``"Euro-Lupus low-dose IV"``).
        route: Route of administration.
        text: The dosing fact in words (paraphrased from the source).
        amount: Dose per administration (lower bound of a range), in ``unit``.
        amount_max: Upper bound when the source gives a range.
        unit: Unit of ``amount`` (``"mg"``, ``"g"``, ``"mg/kg"``, ``"g/m2"``, ``"mg/kg/d"``).
        frequency: How often (e.g. ``"twice daily"``, ``"every 2 weeks"``).
        course: Length of the course, when the source gives one (e.g. ``"6 doses"``).
        source_id: Source of the fact.
        confidence: Confidence of the fact base (``high``/``medium``/``low``).
        note: Caveats.
    """

    id: str
    label: str
    route: Route
    text: str
    source_id: str
    confidence: Confidence
    amount: Decimal | None = attrs.field(default=None, converter=_opt_decimal)
    amount_max: Decimal | None = attrs.field(default=None, converter=_opt_decimal)
    unit: str | None = None
    frequency: str | None = None
    course: str | None = None
    note: str | None = None


@attrs.frozen(slots=True)
class Drug:
    """A catalogue entry.

    Attributes:
        name: The drug.
        title: Display name.
        drug_class: Pharmacological class.
        mechanism: Mechanism of action in a sentence (``None`` where the sources give none).
        routes: Routes used in LN.
        doses: Cited dosing facts.
        ln_label_status: What the fact base says about a lupus nephritis indication.
        source_ids: Sources of the entry.
        notes: Caveats, NOT FOUND items and ambiguities.
    """

    name: DrugName
    title: str
    drug_class: DrugClass
    mechanism: str | None
    routes: tuple[Route, ...]
    doses: tuple[LabelDose, ...]
    ln_label_status: str
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def dose(self, dose_id: str) -> LabelDose:
        """The dosing fact ``dose_id``.

        Raises:
            InputError: no such dosing fact for this drug.
        """
        for dose in self.doses:
            if dose.id == dose_id:
                return dose
        known = ", ".join(d.id for d in self.doses) or "none"
        raise InputError(f"{self.name.value}: no dosing fact {dose_id!r}; known: {known}")


_D = DrugName

_CATALOGUE: tuple[Drug, ...] = (
    Drug(
        name=_D.MYCOPHENOLATE_MOFETIL,
        title="Mycophenolate mofetil (MMF)",
        drug_class=DrugClass.MYCOPHENOLIC_ACID_ANALOGUE,
        mechanism=(
            "Prodrug of mycophenolic acid, which inhibits inosine monophosphate dehydrogenase "
            "and so the de novo purine synthesis lymphocytes depend on."
        ),
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "kdigo-2024-initial",
                "KDIGO 2024 initial therapy",
                Route.ORAL,
                "1.0 to 1.5 g twice daily (2 to 3 g/day) as initial therapy.",
                "kdigo-2024-ln",
                "medium",
                amount="1.0",
                amount_max="1.5",
                unit="g",
                frequency="twice daily",
            ),
            LabelDose(
                "eular-2019-initial",
                "EULAR/ERA-EDTA 2019 initial therapy",
                Route.ORAL,
                "2 to 3 g/day as initial therapy (or mycophenolic acid at an equivalent dose).",
                "eular-2019-ln",
                "high",
                amount="2",
                amount_max="3",
                unit="g",
                frequency="per day",
            ),
            LabelDose(
                "aurora-background",
                "Background with voclosporin (AURORA 1)",
                Route.ORAL,
                "1 g twice daily (target 2 g/day) as background therapy with voclosporin.",
                "aurora-1",
                "high",
                amount="1",
                unit="g",
                frequency="twice daily",
            ),
            LabelDose(
                "multitarget",
                "Multitarget with tacrolimus",
                Route.ORAL,
                "1.0 g/day together with tacrolimus 4 mg/day (multitarget induction).",
                "multitarget-2015",
                "high",
                amount="1.0",
                unit="g",
                frequency="per day",
            ),
            LabelDose(
                "maintain-maintenance",
                "Maintenance (MAINTAIN)",
                Route.ORAL,
                "2 g/day as maintenance from week 12 after Euro-Lupus cyclophosphamide.",
                "maintain",
                "medium",
                amount="2",
                unit="g",
                frequency="per day",
            ),
            LabelDose(
                "renal-impairment-cap",
                "Severe chronic renal impairment (transplant label)",
                Route.ORAL,
                "With GFR below 25 mL/min/1.73 m2, no more than 1 g twice daily (transplant "
                "label).",
                "cellcept-uspi",
                "high",
                amount="1",
                unit="g",
                frequency="twice daily",
                note="A transplant-label statement; no LN-specific renal dosing was found.",
            ),
        ),
        ln_label_status=(
            "No LN indication in the US label (used off-label as guideline standard of care); "
            "boxed warning for embryo-fetal toxicity, malignancies and serious infections; REMS."
        ),
        source_ids=("cellcept-uspi", "kdigo-2024-ln", "eular-2019-ln", "aurora-1"),
        notes=(
            "Contraindicated in pregnancy (ex-US labels; US boxed warning). Stop at least 6 "
            "weeks before conception and switch to azathioprine (KDIGO 2024, 1B).",
            "Contraception: women during therapy and for 6 weeks after stopping; men condoms "
            "during therapy and for at least 90 days after.",
            "Pregnancy testing: current MHRA/EU rule is two tests (sensitivity 25 mIU/mL or "
            "better) 8-10 days apart, the second just before starting; the 2007 US rule (one "
            "test within 1 week) is historical. US section 8.3 wording NOT FOUND.",
        ),
    ),
    Drug(
        name=_D.MYCOPHENOLIC_ACID,
        title="Mycophenolic acid (enteric-coated mycophenolate sodium, MPA)",
        drug_class=DrugClass.MYCOPHENOLIC_ACID_ANALOGUE,
        mechanism=(
            "Inhibits inosine monophosphate dehydrogenase and so the de novo purine synthesis "
            "lymphocytes depend on."
        ),
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "kdigo-2024-initial",
                "KDIGO 2024 initial therapy",
                Route.ORAL,
                "0.72 to 1.08 g twice daily as initial therapy.",
                "kdigo-2024-ln",
                "medium",
                amount="0.72",
                amount_max="1.08",
                unit="g",
                frequency="twice daily",
            ),
        ),
        ln_label_status=(
            "No LN indication in the US label; same pregnancy warnings and REMS as MMF."
        ),
        source_ids=("cellcept-uspi", "mpa-mmf-equivalence", "kdigo-2024-ln"),
        notes=(
            "720 mg is therapeutically equivalent to MMF 1000 mg (transplant data); NOBILITY "
            "used MPA 360 mg for MMF 500 mg. Not interchangeable without prescriber advice.",
        ),
    ),
    Drug(
        name=_D.CYCLOPHOSPHAMIDE,
        title="Cyclophosphamide (CYC)",
        drug_class=DrugClass.ALKYLATING_AGENT,
        mechanism="Alkylating agent that cross-links DNA and depletes proliferating lymphocytes.",
        routes=(Route.IV, Route.ORAL),
        doses=(
            LabelDose(
                "euro-lupus",
                "Euro-Lupus low-dose IV",
                Route.IV,
                "500 mg IV every 2 weeks for 6 doses (3 g in total), then azathioprine or MPAA.",
                "euro-lupus",
                "high",
                amount="500",
                unit="mg",
                frequency="every 2 weeks",
                course="6 doses (3 g in total)",
            ),
            LabelDose(
                "nih",
                "NIH high-dose IV",
                Route.IV,
                "0.5 to 1.0 g/m2 IV monthly for 6 doses (some protocols then continue every "
                "3 months).",
                "kdigo-2024-ln",
                "medium",
                amount="0.5",
                amount_max="1.0",
                unit="g/m2",
                frequency="monthly",
                course="6 doses",
                note="The quarterly continuation comes from a low-confidence secondary source.",
            ),
            LabelDose(
                "oral",
                "Oral daily",
                Route.ORAL,
                "1.0 to 1.5 mg/kg/day for 2 to 3 months (at most 150 mg/day).",
                "kdigo-2024-ln",
                "medium",
                amount="1.0",
                amount_max="1.5",
                unit="mg/kg/d",
                frequency="daily",
                course="2 to 3 months",
            ),
        ),
        ln_label_status="No LN indication; guideline standard of care (off-label).",
        source_ids=("cyclophosphamide-label", "euro-lupus", "kdigo-2024-ln"),
        notes=(
            "Contraindicated in breastfeeding and urinary outflow obstruction (UK SmPC); "
            "embryo-fetal and reproductive toxicity (US).",
            "Contraception: women avoid pregnancy during and 12 months after; men 6 months.",
            "No guideline maximum cumulative dose was found; the often-quoted 36 g figure is a "
            "historic one-year oral exposure, not a risk threshold, and is not used as a rule.",
        ),
    ),
    Drug(
        name=_D.AZATHIOPRINE,
        title="Azathioprine (AZA)",
        drug_class=DrugClass.PURINE_ANTIMETABOLITE,
        mechanism="Purine analogue (a 6-mercaptopurine prodrug) that inhibits lymphocyte "
        "proliferation.",
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "maintain-maintenance",
                "Maintenance (MAINTAIN)",
                Route.ORAL,
                "2 mg/kg/day as maintenance from week 12 after Euro-Lupus cyclophosphamide.",
                "maintain",
                "medium",
                amount="2",
                unit="mg/kg/d",
                frequency="daily",
            ),
        ),
        ln_label_status="No LN indication; maintenance alternative, compatible with pregnancy.",
        source_ids=("azathioprine-uspi", "maintain", "kdigo-2024-ln"),
        notes=(
            "TPMT or NUDT15 homozygous deficiency: consider an alternative; heterozygous: "
            "reduce the dose. CPIC numeric reductions for azathioprine NOT FOUND.",
        ),
    ),
    Drug(
        name=_D.VOCLOSPORIN,
        title="Voclosporin (LUPKYNIS)",
        drug_class=DrugClass.CALCINEURIN_INHIBITOR,
        mechanism=(
            "Calcineurin inhibitor (a cyclosporine analogue) that dampens T-cell activation and "
            "stabilises podocytes; predictable pharmacokinetics, no drug-level monitoring."
        ),
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "standard",
                "Standard",
                Route.ORAL,
                "23.7 mg (3 x 7.9 mg) twice daily on an empty stomach, about 12 hours apart, with "
                "MMF and glucocorticoids.",
                "lupkynis-uspi",
                "high",
                amount="23.7",
                unit="mg",
                frequency="twice daily",
            ),
            LabelDose(
                "severe-renal-impairment",
                "Baseline eGFR below 30 (if used)",
                Route.ORAL,
                "Start at 15.8 mg twice daily when used with baseline eGFR below 30.",
                "lupkynis-uspi",
                "high",
                amount="15.8",
                unit="mg",
                frequency="twice daily",
            ),
            LabelDose(
                "hepatic-impairment",
                "Child-Pugh A or B",
                Route.ORAL,
                "15.8 mg twice daily in mild or moderate hepatic impairment (Child-Pugh C: not "
                "recommended).",
                "lupkynis-uspi",
                "high",
                amount="15.8",
                unit="mg",
                frequency="twice daily",
            ),
            LabelDose(
                "moderate-cyp3a4-inhibitor",
                "With a moderate CYP3A4 inhibitor",
                Route.ORAL,
                "15.8 mg in the morning and 7.9 mg in the evening with a moderate CYP3A4 "
                "inhibitor (strong inhibitors contraindicated).",
                "lupkynis-uspi",
                "high",
                amount="15.8",
                unit="mg",
                frequency="morning (plus 7.9 mg evening)",
            ),
        ),
        ln_label_status=(
            "US: adults with active LN with background immunosuppression; EU: classes III, IV, "
            "V with MMF."
        ),
        source_ids=("lupkynis-uspi", "lupkynis-eu-smpc"),
        notes=(
            "eGFR-based dose changes: see the lupkynis-us-egfr-dosing and "
            "lupkynis-eu-egfr-dosing rule sets.",
            "Eligibility: us-labels (US label) and eu-smpc (EU product information: with MMF, "
            "classes III, IV, V, adults up to 75 years).",
            "The 2024 US label removed 'not established beyond one year'.",
        ),
    ),
    Drug(
        name=_D.TACROLIMUS,
        title="Tacrolimus",
        drug_class=DrugClass.CALCINEURIN_INHIBITOR,
        mechanism="Calcineurin inhibitor; needs drug-level monitoring (variable pharmacokinetics).",
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "multitarget",
                "Multitarget with MMF",
                Route.ORAL,
                "4 mg/day together with MMF 1 g/day (multitarget induction).",
                "multitarget-2015",
                "high",
                amount="4",
                unit="mg",
                frequency="per day",
            ),
        ),
        ln_label_status="LN regulatory indication NOT FOUND; guideline option with MPAA.",
        source_ids=("multitarget-2015", "kdigo-2024-ln"),
    ),
    Drug(
        name=_D.CYCLOSPORINE,
        title="Cyclosporine (ciclosporin)",
        drug_class=DrugClass.CALCINEURIN_INHIBITOR,
        mechanism="Calcineurin inhibitor; needs drug-level monitoring (variable pharmacokinetics).",
        routes=(Route.ORAL,),
        doses=(),
        ln_label_status="LN indication NOT FOUND; ACR 2024 names it among the CNIs.",
        source_ids=("acr-2024-ln", "seed-review-2024"),
        notes=("No LN dosing in the fact base.",),
    ),
    Drug(
        name=_D.BELIMUMAB,
        title="Belimumab (BENLYSTA)",
        drug_class=DrugClass.ANTI_BAFF_ANTIBODY,
        mechanism=(
            "Human monoclonal antibody against soluble B-cell activating factor (BAFF), reducing "
            "B-cell survival and differentiation into plasma cells."
        ),
        routes=(Route.IV, Route.SC),
        doses=(
            LabelDose(
                "iv",
                "IV (age 5 and over)",
                Route.IV,
                "10 mg/kg every 2 weeks for 3 doses, then every 4 weeks (1-hour infusion).",
                "benlysta-uspi",
                "high",
                amount="10",
                unit="mg/kg",
                frequency="every 2 weeks x 3, then every 4 weeks",
            ),
            LabelDose(
                "sc-adult-ln",
                "SC (adult LN)",
                Route.SC,
                "400 mg (2 x 200 mg) weekly for 4 doses, then 200 mg weekly. Switching from IV "
                "is allowed after 2 or more IV doses, starting SC 1 to 2 weeks after the last IV "
                "dose.",
                "benlysta-uspi",
                "high",
                amount="400",
                unit="mg",
                frequency="weekly x 4, then 200 mg weekly",
            ),
        ),
        ln_label_status="US: patients aged 5 and over with active LN receiving standard therapy.",
        source_ids=("benlysta-uspi", "bliss-ln"),
        notes=(
            "Dose records are checked against this schedule by the benlysta-us-ln-dosing "
            "rule set (check_belimumab_dosing).",
            "Paediatric SC LN weight bands NOT FOUND (the SLE bands are not applied to LN).",
            "Limitation of use: severe active CNS lupus. The older 'not with other biologics or "
            "IV cyclophosphamide' limitation is historical (pre-current label).",
            "Contraception during and for at least 4 months after the last dose.",
        ),
    ),
    Drug(
        name=_D.RITUXIMAB,
        title="Rituximab",
        drug_class=DrugClass.ANTI_CD20_ANTIBODY,
        mechanism=(
            "Type I anti-CD20 monoclonal antibody; depletes B cells by complement-dependent and "
            "antibody-dependent cytotoxicity and direct cell death."
        ),
        routes=(Route.IV,),
        doses=(),
        ln_label_status="Not approved for LN (off-label; guidelines list it for refractory LN).",
        source_ids=("seed-review-2024", "lunar"),
        notes=("LN dosing not in the fact base.",),
    ),
    Drug(
        name=_D.OBINUTUZUMAB,
        title="Obinutuzumab (GAZYVA)",
        drug_class=DrugClass.ANTI_CD20_ANTIBODY,
        mechanism=(
            "Humanised type II anti-CD20 antibody with stronger antibody-dependent cytotoxicity "
            "and tissue B-cell depletion than rituximab."
        ),
        routes=(Route.IV,),
        doses=(
            LabelDose(
                "ln",
                "LN (US label pattern)",
                Route.IV,
                "1000 mg IV; four doses in the first year, then twice yearly.",
                "gazyva-uspi-ln",
                "medium",
                amount="1000",
                unit="mg",
                frequency="4 doses in year 1, then twice yearly",
                note="Exact label weeks NOT FOUND; REGENCY gave day 1 and weeks 2, 24, 26, "
                "(50), 52.",
            ),
        ),
        ln_label_status="US (October 2025): adults with active LN receiving standard therapy.",
        source_ids=("gazyva-uspi-ln", "regency", "nobility"),
        notes=("Boxed warnings (class): hepatitis B reactivation, PML.",),
    ),
    Drug(
        name=_D.ANIFROLUMAB,
        title="Anifrolumab",
        drug_class=DrugClass.ANTI_IFNAR_ANTIBODY,
        mechanism="Monoclonal antibody against the type I interferon receptor.",
        routes=(Route.IV,),
        doses=(),
        ln_label_status="Not approved for LN; TULIP-LN missed its primary endpoint.",
        source_ids=("seed-review-2024", "tulip-ln"),
        notes=("LN dosing not in the fact base.",),
    ),
    Drug(
        name=_D.HYDROXYCHLOROQUINE,
        title="Hydroxychloroquine (HCQ)",
        drug_class=DrugClass.ANTIMALARIAL,
        mechanism=None,
        routes=(Route.ORAL,),
        doses=(
            LabelDose(
                "eular-2023",
                "EULAR 2023 target",
                Route.ORAL,
                "Target 5 mg/kg real body weight per day (EULAR 2019: no more than 5 mg/kg/day).",
                "eular-2023-sle",
                "high",
                amount="5",
                unit="mg/kg/d",
                frequency="daily",
            ),
        ),
        ln_label_status="Adjunct for all patients unless contraindicated (KDIGO 2024, 1C).",
        source_ids=("kdigo-2024-ln", "eular-2023-sle", "eular-2019-ln"),
        notes=("KDIGO teaching material: reduce by more than 25% if eGFR below 30 (low-medium).",),
    ),
    Drug(
        name=_D.GLUCOCORTICOIDS,
        title="Glucocorticoids",
        drug_class=DrugClass.GLUCOCORTICOID,
        mechanism="Broad anti-inflammatory and immunosuppressive corticosteroid action.",
        routes=(Route.IV, Route.ORAL),
        doses=(),
        ln_label_status="Part of every guideline initial regimen.",
        source_ids=("kdigo-2024-ln", "acr-2024-ln", "eular-2023-sle"),
        notes=(
            "Pulses, starting doses, tapers and equivalences: lupus_nephritis.steroids and the "
            "glucocorticoid regimen modules.",
        ),
    ),
)

CATALOGUE: Mapping[DrugName, Drug] = MappingProxyType({d.name: d for d in _CATALOGUE})
"""Every drug, by name."""

# ------------------------------------------------------------------------------- groups

MPAA: frozenset[DrugName] = frozenset({_D.MYCOPHENOLATE_MOFETIL, _D.MYCOPHENOLIC_ACID})
"""Mycophenolic acid analogues."""
CNI: frozenset[DrugName] = frozenset({_D.VOCLOSPORIN, _D.TACROLIMUS, _D.CYCLOSPORINE})
"""Calcineurin inhibitors."""
ANTI_CD20: frozenset[DrugName] = frozenset({_D.RITUXIMAB, _D.OBINUTUZUMAB})
"""Anti-CD20 antibodies."""
BACKGROUND_IMMUNOSUPPRESSANTS: frozenset[DrugName] = MPAA | {_D.CYCLOPHOSPHAMIDE, _D.AZATHIOPRINE}
"""Conventional immunosuppressants that make up 'standard' background therapy."""
ADJUNCTS: frozenset[DrugName] = frozenset({_D.GLUCOCORTICOIDS, _D.HYDROXYCHLOROQUINE})
"""Drugs that are not part of a regimen's immunosuppressive core when options are matched."""


def get_drug(name: DrugName | str) -> Drug:
    """The catalogue entry of ``name`` (a `DrugName` or an alias such as ``"mmf"``).

    Args:
        name: A `DrugName`, its value, or an accepted alias (e.g. ``"mmf"``).

    Returns:
        The drug's catalogue entry (class, mechanism, route and cited label facts).

    Raises:
        InputError: unknown drug.
    """
    try:
        return CATALOGUE[parse_drug(name)]
    except ValueError as exc:
        raise InputError(str(exc)) from None


def list_drugs() -> tuple[Drug, ...]:
    """Every catalogue entry, in `DrugName` order.

    Returns:
        One `Drug` per `DrugName`.
    """
    return tuple(CATALOGUE[name] for name in DrugName)


def drugs_in_class(drug_class: DrugClass | str) -> tuple[Drug, ...]:
    """The drugs of a pharmacological class.

    Raises:
        InputError: unknown class.
    """
    try:
        wanted = DrugClass(drug_class)
    except ValueError:
        known = ", ".join(c.value for c in DrugClass)
        raise InputError(f"unknown drug class {drug_class!r}; known: {known}") from None
    return tuple(d for d in list_drugs() if d.drug_class is wanted)


# -------------------------------------------------------------------------- equivalence


@attrs.frozen(slots=True)
class DoseEquivalence:
    """Two doses of two drugs taken as therapeutically equivalent.

    Attributes:
        drug: The drug converted from.
        drug_mg: Its dose, mg.
        equivalent_drug: The drug converted to.
        equivalent_mg: The equivalent dose, mg.
        source_id: Source.
        note: Scope and caveats.
    """

    drug: DrugName
    drug_mg: Decimal
    equivalent_drug: DrugName
    equivalent_mg: Decimal
    source_id: str
    note: str

    @property
    def factor(self) -> Fraction:
        """Milligrams of ``equivalent_drug`` per milligram of ``drug`` (exact)."""
        return Fraction(self.equivalent_mg) / Fraction(self.drug_mg)


MPA_MMF_EQUIVALENCE = DoseEquivalence(
    drug=_D.MYCOPHENOLIC_ACID,
    drug_mg=Decimal("720"),
    equivalent_drug=_D.MYCOPHENOLATE_MOFETIL,
    equivalent_mg=Decimal("1000"),
    source_id="mpa-mmf-equivalence",
    note=(
        "Enteric-coated mycophenolate sodium 720 mg is therapeutically equivalent to MMF "
        "1000 mg (transplant data; used by EULAR 2019 and NOBILITY: 360 mg for 500 mg). The "
        "products are not interchangeable without prescriber advice."
    ),
)


_MASS_UNITS: Mapping[str, Fraction] = MappingProxyType({"mg": Fraction(1), "g": Fraction(1000)})
"""Units a mycophenolate amount may carry, with exact factors to milligrams."""


def _mg(amount: object, what: str) -> Fraction:
    """An amount in mg from a bare number (mg), ``"1.44 g"``, a mapping or a `Dose`.

    No upper plausibility limit is applied (a bare number has none either); the value must be
    finite and not negative and the unit ``mg`` or ``g``.
    """
    if isinstance(amount, Dose):
        return amount.canonical
    unit = "mg"
    value: object = amount
    if isinstance(amount, Mapping):
        if set(amount) != {"value", "unit"}:
            raise InputError(f"{what}: give {{'value': ..., 'unit': 'mg' or 'g'}}, not {amount!r}")
        value, unit = amount["value"], amount["unit"]
    elif isinstance(amount, str) and " " in amount.strip():
        value, unit = amount.strip().split(None, 1)
    if not isinstance(unit, str) or unit.strip() not in _MASS_UNITS:
        raise InputError(f"{what}: unit {unit!r} is not accepted; use 'mg' or 'g'")
    number = to_fraction(value, what=what)
    if number < 0:
        raise InputError(f"{what}: must not be negative")
    return number * _MASS_UNITS[unit.strip()]


def mpa_to_mmf(amount: object) -> Fraction:
    """MMF milligrams equivalent to a mycophenolic acid dose (720 mg MPA = 1000 mg MMF), exact.

    Args:
        amount: MPA dose in mg (a number), or a dose with a unit (``"1.44 g"``, a
            `Dose` or ``{"value": 720, "unit": "mg"}``).

    Raises:
        InputError: not a finite, non-negative amount.
    """
    return _mg(amount, "mycophenolic acid dose") * MPA_MMF_EQUIVALENCE.factor


def mmf_to_mpa(amount: object) -> Fraction:
    """Mycophenolic acid milligrams equivalent to an MMF dose (1000 mg MMF = 720 mg MPA), exact.

    Args:
        amount: MMF dose in mg (a number), or a dose with a unit (``"2 g"``).

    Raises:
        InputError: not a finite, non-negative amount.
    """
    return _mg(amount, "mycophenolate mofetil dose") / MPA_MMF_EQUIVALENCE.factor


def convert_mycophenolate(
    amount: object, from_drug: DrugName | str, to_drug: DrugName | str
) -> Fraction:
    """Convert a mycophenolate dose between MMF and MPA (or to itself), exact, in mg.

    Args:
        amount: The dose of ``from_drug``: a bare number (mg), a string such as
            ``"1.44 g"``, a ``{"value": ..., "unit": "mg" | "g"}`` mapping or a ``Dose``;
            finite and not negative.
        from_drug: ``mycophenolate_mofetil`` or ``mycophenolic_acid`` (or an alias).
        to_drug: ``mycophenolate_mofetil`` or ``mycophenolic_acid`` (or an alias).

    Returns:
        The equivalent dose of ``to_drug`` in mg, exact (720 mg MPA ~ 1000 mg MMF).

    Raises:
        InputError: a drug is not MMF or MPA, or the amount is invalid.
    """
    try:
        source, target = parse_drug(from_drug), parse_drug(to_drug)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if source not in MPAA or target not in MPAA:
        raise InputError(
            "mycophenolate conversion is between mycophenolate_mofetil and mycophenolic_acid only"
        )
    if source is target:
        return _mg(amount, f"{source.value} dose")
    if source is _D.MYCOPHENOLIC_ACID:
        return mpa_to_mmf(amount)
    return mmf_to_mpa(amount)


__all__ = [
    "ADJUNCTS",
    "ANTI_CD20",
    "BACKGROUND_IMMUNOSUPPRESSANTS",
    "CATALOGUE",
    "CNI",
    "MPAA",
    "MPA_MMF_EQUIVALENCE",
    "DoseEquivalence",
    "Drug",
    "DrugClass",
    "LabelDose",
    "Route",
    "convert_mycophenolate",
    "drugs_in_class",
    "get_drug",
    "list_drugs",
    "mmf_to_mpa",
    "mpa_to_mmf",
]
