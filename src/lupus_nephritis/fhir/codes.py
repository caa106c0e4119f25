"""FHIR terminology the reader understands: LOINC, UCUM, SNOMED CT and RxNorm, as cited data.

Every code the FHIR reader maps is in one of the tables below, each row with the source it was
checked against. A code that is not in a table is never guessed: the reader reports it in the
``unmapped`` list with the reason. The docs page "FHIR mapping" is generated from these tables
(`mapping_rows`).

Single source of truth for quantities: the LOINC codes that carry a measured quantity (UPCR,
24-hour protein, creatinine, cystatin C, eGFR, urine red cells, blood pressure) are the
``loinc`` codes of `lupus_nephritis.units.SPECS`; this module only annotates them (the
specimen a UPCR code implies, the equation an eGFR code names) and adds the codes that are not
quantities (casts, pregnancy status).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from lupus_nephritis.models import Specimen
from lupus_nephritis.regimens.models import DrugName, IsnRpsClass
from lupus_nephritis.steroids import Glucocorticoid
from lupus_nephritis.units import SPECS, Quantity

LOINC = "http://loinc.org"
"""FHIR system URI of LOINC."""
SNOMED = "http://snomed.info/sct"
"""FHIR system URI of SNOMED CT."""
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
"""FHIR system URI of RxNorm."""
UCUM = "http://unitsofmeasure.org"
"""FHIR system URI of UCUM."""
ICD10 = "http://hl7.org/fhir/sid/icd-10"
"""FHIR system URI of ICD-10 (WHO)."""
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
"""FHIR system URI of ICD-10-CM."""
GTS_ABBREVIATION = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
"""FHIR system URI of the HL7 v3 timing abbreviations (``BID``, ``TID`` ...)."""

# ---------------------------------------------------------------------------- observations


@attrs.frozen(slots=True)
class ObservationCode:
    """One LOINC code the reader maps, and what it becomes.

    Attributes:
        loinc: The LOINC code.
        target: The visit field it fills (``"upcr"``, ``"egfr"``, ``"has_red_cell_casts"``,
            ``"blood_pressure"``, ``"systolic"``, ``"diastolic"``, ``"is_pregnant"`` ...).
        display: Short name of the code (paraphrased LOINC long name).
        source_id: Where the code was checked.
        quantity: The library quantity its value is, for quantitative codes.
        specimen: The urine specimen the code implies (UPCR codes only; ``None`` when the code's
            LOINC system is plain "Urine", which does not say how the sample was collected).
        equation: The eGFR equation the code names (eGFR codes only; ``None`` when the code does
            not name one).
        note: Caveat shown in the docs table.
    """

    loinc: str
    target: str
    display: str
    source_id: str
    quantity: Quantity | None = None
    specimen: Specimen | None = None
    equation: str | None = None
    note: str = ""


_REF = "loinc"
_VITALS = "fhir-vital-signs"

# annotations of the quantity codes in units.SPECS (code -> (display, specimen, equation, note))
_QUANTITY_ANNOTATIONS: Mapping[str, tuple[str, Specimen | None, str | None, str]] = {
    "2890-2": (
        "Protein/Creatinine [Mass Ratio] in Urine",
        None,
        None,
        "LOINC system 'Urine' does not code the collection; specimen is left unreported "
        "unless the caller sets urine_upcr_specimen.",
    ),
    "34366-5": (
        "Protein/Creatinine [Ratio] in Urine",
        None,
        None,
        "Often reported in mg/mmol; specimen as for 2890-2.",
    ),
    "40486-3": ("Protein/Creatinine [Ratio] in 24 hour Urine", Specimen.H24, None, ""),
    "2889-4": ("Protein [Mass/time] in 24 hour Urine", None, None, ""),
    "2160-0": ("Creatinine [Mass/volume] in Serum or Plasma", None, None, ""),
    "38483-4": ("Creatinine [Mass/volume] in Blood", None, None, ""),
    "14682-9": ("Creatinine [Moles/volume] in Serum or Plasma", None, None, ""),
    "33863-2": ("Cystatin C [Mass/volume] in Serum or Plasma", None, None, ""),
    "98979-8": ("eGFR by creatinine (CKD-EPI 2021)", None, "ckd-epi-2021-cr", ""),
    "98980-6": (
        "eGFR by creatinine and cystatin C (CKD-EPI 2021)",
        None,
        "ckd-epi-2021-cr-cys",
        "",
    ),
    "50210-4": (
        "eGFR by cystatin C-based formula",
        None,
        None,
        "The code does not name the cystatin C equation.",
    ),
    "62238-1": (
        "eGFR by creatinine-based formula (CKD-EPI)",
        None,
        None,
        "The code does not carry the equation's year (laboratories used it for CKD-EPI 2009).",
    ),
    "88293-6": (
        "eGFR among blacks by creatinine-based formula (CKD-EPI)",
        None,
        "ckd-epi-2009-cr",
        "Race-specific, so the 2009 equation (2021 has no race term).",
    ),
    "88294-4": (
        "eGFR among non-blacks by creatinine-based formula (CKD-EPI)",
        None,
        "ckd-epi-2009-cr",
        "Race-specific, so the 2009 equation (2021 has no race term).",
    ),
    "33914-3": ("eGFR by creatinine-based formula (MDRD)", None, "mdrd", ""),
    "48642-3": ("eGFR among non-blacks by creatinine-based formula (MDRD)", None, "mdrd", ""),
    "48643-1": ("eGFR among blacks by creatinine-based formula (MDRD)", None, "mdrd", ""),
    "69405-9": (
        "Glomerular filtration rate/1.73 sq M.predicted",
        None,
        None,
        "The code names no formula (used by the FHIR specification's eGFR example).",
    ),
    "13945-1": ("Erythrocytes [#/area] in Urine sediment by Microscopy HPF", None, None, ""),
    "85354-9": ("Blood pressure panel with all children optional", None, None, ""),
    "8480-6": ("Systolic blood pressure", None, None, ""),
    "8462-4": ("Diastolic blood pressure", None, None, ""),
}

_TARGET_OF_QUANTITY: Mapping[Quantity, str] = {
    Quantity.UPCR: "upcr",
    Quantity.PROTEIN_24H: "protein_24h",
    Quantity.CREATININE: "creatinine",
    Quantity.CYSTATIN_C: "cystatin_c",
    Quantity.EGFR: "egfr",
    Quantity.URINE_RBC: "urine_rbc",
}

_BLOOD_PRESSURE_TARGETS: Mapping[str, str] = {
    "85354-9": "blood_pressure",
    "8480-6": "systolic",
    "8462-4": "diastolic",
}


def _quantity_codes() -> dict[str, ObservationCode]:
    table: dict[str, ObservationCode] = {}
    for quantity, spec in SPECS.items():
        for code in spec.loinc:
            display, specimen, equation, note = _QUANTITY_ANNOTATIONS[code]
            if quantity is Quantity.BLOOD_PRESSURE:
                target = _BLOOD_PRESSURE_TARGETS[code]
                source = _VITALS
            else:
                target = _TARGET_OF_QUANTITY[quantity]
                source = _REF
            table[code] = ObservationCode(
                code, target, display, source, quantity, specimen, equation, note
            )
    return table


OBSERVATION_CODES: Mapping[str, ObservationCode] = MappingProxyType(
    {
        **_quantity_codes(),
        "51790-4": ObservationCode(
            "51790-4",
            "has_red_cell_casts",
            "RBC casts [#/area] in Urine sediment by Microscopy HPF",
            _REF,
            note="A count > 0 (or a 'present'/'positive' answer) means casts were seen.",
        ),
        "49103-5": ObservationCode(
            "49103-5",
            "has_white_cell_casts",
            "WBC casts [#/area] in Urine sediment by Microscopy HPF",
            _REF,
            note="As for RBC casts.",
        ),
        "82810-3": ObservationCode(
            "82810-3",
            "is_pregnant",
            "Pregnancy status",
            _REF,
            note="Answer coded with SNOMED CT or LOINC answer codes (table below).",
        ),
    }
)
"""LOINC code -> what it maps to (quantity codes come from ``units.SPECS[...].loinc``)."""

# ------------------------------------------------------------- coded answers and conditions


@attrs.frozen(slots=True)
class CodedAnswer:
    """A code whose meaning is a yes/no finding.

    Attributes:
        system: Code system URI.
        code: The code.
        display: Its name.
        value: ``True`` for present / positive / pregnant, ``False`` for absent / negative /
            not pregnant.
        source_id: Where the code was checked.
    """

    system: str
    code: str
    display: str
    value: bool
    source_id: str


PRESENCE_ANSWERS: Mapping[tuple[str, str], CodedAnswer] = MappingProxyType(
    {
        (a.system, a.code): a
        for a in (
            CodedAnswer(SNOMED, "52101004", "Present (qualifier value)", True, "snomed-ct"),
            CodedAnswer(SNOMED, "10828004", "Positive (qualifier value)", True, "snomed-ct"),
            CodedAnswer(SNOMED, "2667000", "Absent (qualifier value)", False, "snomed-ct"),
            CodedAnswer(SNOMED, "260385009", "Negative (qualifier value)", False, "snomed-ct"),
        )
    }
)
"""Answers accepted for the cast observations (valueCodeableConcept)."""

PREGNANCY_ANSWERS: Mapping[tuple[str, str], CodedAnswer] = MappingProxyType(
    {
        (a.system, a.code): a
        for a in (
            CodedAnswer(SNOMED, "77386006", "Pregnant (finding)", True, "snomed-ct"),
            CodedAnswer(SNOMED, "60001007", "Not pregnant (finding)", False, "snomed-ct"),
            CodedAnswer(LOINC, "LA15173-0", "Pregnant", True, "loinc"),
            CodedAnswer(LOINC, "LA26683-5", "Not pregnant", False, "loinc"),
        )
    }
)
"""Answers accepted for the pregnancy-status observation (82810-3); ``Unknown`` is unmapped."""

PREGNANCY_CONDITIONS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        (SNOMED, "77386006"): "Pregnant (finding)",
        (ICD10CM, "Z33.1"): "Pregnant state, incidental",
        (ICD10, "Z33"): "Pregnant state, incidental",
    }
)
"""Condition codes that mean "pregnant" while the condition is active."""


@attrs.frozen(slots=True)
class ClassCode:
    """A Condition code that states the lupus nephritis class.

    Attributes:
        system: Code system URI.
        code: The code.
        display: Its name.
        isn_rps_class: The class it is read as.
        is_who_class: The concept names the WHO class (SNOMED CT has no ISN/RPS concepts); read
            as the same-numbered ISN/RPS class only when ``who_class_as_isn_rps`` is on.
        source_id: Where the code was checked.
    """

    system: str
    code: str
    display: str
    isn_rps_class: IsnRpsClass
    is_who_class: bool
    source_id: str


CLASS_CODES: Mapping[tuple[str, str], ClassCode] = MappingProxyType(
    {
        (c.system, c.code): c
        for c in (
            ClassCode(
                SNOMED,
                "73286009",
                "SLE glomerulonephritis syndrome, WHO class I",
                IsnRpsClass.I,
                True,
                "snomed-ct",
            ),
            ClassCode(
                SNOMED,
                "4676006",
                "SLE glomerulonephritis syndrome, WHO class II",
                IsnRpsClass.II,
                True,
                "snomed-ct",
            ),
            ClassCode(
                SNOMED,
                "76521009",
                "SLE glomerulonephritis syndrome, WHO class III",
                IsnRpsClass.III,
                True,
                "snomed-ct",
            ),
            ClassCode(
                SNOMED,
                "36402006",
                "SLE glomerulonephritis syndrome, WHO class IV",
                IsnRpsClass.IV,
                True,
                "snomed-ct",
            ),
            ClassCode(
                SNOMED,
                "52042003",
                "SLE glomerulonephritis syndrome, WHO class V",
                IsnRpsClass.V,
                True,
                "snomed-ct",
            ),
            ClassCode(
                SNOMED,
                "11013005",
                "SLE glomerulonephritis syndrome, WHO class VI",
                IsnRpsClass.VI,
                True,
                "snomed-ct",
            ),
        )
    }
)
"""Condition codes that carry a lupus nephritis class (SNOMED CT WHO-class concepts)."""

# ------------------------------------------------------------------------------ medications


@attrs.frozen(slots=True)
class DrugCode:
    """An RxNorm ingredient, a brand or an ingredient name the reader maps to a drug.

    Attributes:
        key: The RxCUI (``system`` RxNorm) or the lowercase name matched in text.
        system: ``RXNORM`` for codes, ``"text"`` for names matched in a CodeableConcept's text
            or a coding's display.
        drug: The lupus nephritis drug, or ``None`` for a glucocorticoid.
        glucocorticoid: The glucocorticoid, for glucocorticoid codes.
        display: Name of the ingredient.
        source_id: Where the code or name was checked.
    """

    key: str
    system: str
    drug: DrugName | None
    glucocorticoid: Glucocorticoid | None
    display: str
    source_id: str


def _rx(cui: str, display: str, drug: DrugName | Glucocorticoid) -> DrugCode:
    if isinstance(drug, Glucocorticoid):
        return DrugCode(cui, RXNORM, None, drug, display, "rxnorm")
    return DrugCode(cui, RXNORM, drug, None, display, "rxnorm")


def _name(name: str, drug: DrugName | Glucocorticoid, source_id: str) -> DrugCode:
    if isinstance(drug, Glucocorticoid):
        return DrugCode(name, "text", None, drug, name, source_id)
    return DrugCode(name, "text", drug, None, name, source_id)


_D = DrugName
_G = Glucocorticoid

RXNORM_CODES: Mapping[str, DrugCode] = MappingProxyType(
    {
        d.key: d
        for d in (
            _rx("1256", "azathioprine", _D.AZATHIOPRINE),
            _rx("3002", "cyclophosphamide", _D.CYCLOPHOSPHAMIDE),
            _rx("3008", "cyclosporine", _D.CYCLOSPORINE),
            _rx("42316", "tacrolimus", _D.TACROLIMUS),
            _rx("7145", "mycophenolic acid", _D.MYCOPHENOLIC_ACID),
            _rx("121191", "rituximab", _D.RITUXIMAB),
            _rx("5521", "hydroxychloroquine", _D.HYDROXYCHLOROQUINE),
            _rx("8640", "prednisone", _G.PREDNISONE),
            _rx("8638", "prednisolone", _G.PREDNISOLONE),
            _rx("6902", "methylprednisolone", _G.METHYLPREDNISOLONE),
            _rx("3264", "dexamethasone", _G.DEXAMETHASONE),
            _rx("5492", "hydrocortisone", _G.HYDROCORTISONE),
            _rx("10759", "triamcinolone", _G.TRIAMCINOLONE),
            _rx("1514", "betamethasone", _G.BETAMETHASONE),
            _rx("2878", "cortisone", _G.CORTISONE),
            _rx("22396", "deflazacort", _G.DEFLAZACORT),
        )
    }
)
"""RxNorm ingredient RxCUI -> drug. Only codes checked against a cited list are here;
mycophenolate mofetil, voclosporin, belimumab, obinutuzumab and anifrolumab are matched by
name (their RxCUIs could not be checked)."""

DRUG_NAMES: Mapping[str, DrugCode] = MappingProxyType(
    {
        d.key: d
        for d in (
            _name("mycophenolate mofetil", _D.MYCOPHENOLATE_MOFETIL, "cellcept-uspi"),
            _name("cellcept", _D.MYCOPHENOLATE_MOFETIL, "cellcept-uspi"),
            _name("mycophenolic acid", _D.MYCOPHENOLIC_ACID, "cellcept-uspi"),
            _name("mycophenolate sodium", _D.MYCOPHENOLIC_ACID, "cellcept-uspi"),
            _name("myfortic", _D.MYCOPHENOLIC_ACID, "cellcept-uspi"),
            _name("cyclophosphamide", _D.CYCLOPHOSPHAMIDE, "rxnorm"),
            _name("azathioprine", _D.AZATHIOPRINE, "rxnorm"),
            _name("voclosporin", _D.VOCLOSPORIN, "lupkynis-uspi"),
            _name("lupkynis", _D.VOCLOSPORIN, "lupkynis-uspi"),
            _name("tacrolimus", _D.TACROLIMUS, "rxnorm"),
            _name("cyclosporine", _D.CYCLOSPORINE, "rxnorm"),
            _name("ciclosporin", _D.CYCLOSPORINE, "rxnorm"),
            _name("belimumab", _D.BELIMUMAB, "benlysta-uspi"),
            _name("benlysta", _D.BELIMUMAB, "benlysta-uspi"),
            _name("rituximab", _D.RITUXIMAB, "rxnorm"),
            _name("obinutuzumab", _D.OBINUTUZUMAB, "gazyva-uspi-ln"),
            _name("gazyva", _D.OBINUTUZUMAB, "gazyva-uspi-ln"),
            _name("anifrolumab", _D.ANIFROLUMAB, "eular-2023-sle"),
            _name("hydroxychloroquine", _D.HYDROXYCHLOROQUINE, "rxnorm"),
            _name("prednisone", _G.PREDNISONE, "rxnorm"),
            _name("prednisolone", _G.PREDNISOLONE, "rxnorm"),
            _name("methylprednisolone", _G.METHYLPREDNISOLONE, "rxnorm"),
            _name("dexamethasone", _G.DEXAMETHASONE, "rxnorm"),
            _name("hydrocortisone", _G.HYDROCORTISONE, "rxnorm"),
            _name("triamcinolone", _G.TRIAMCINOLONE, "rxnorm"),
            _name("betamethasone", _G.BETAMETHASONE, "rxnorm"),
            _name("cortisone", _G.CORTISONE, "rxnorm"),
            _name("deflazacort", _G.DEFLAZACORT, "rxnorm"),
        )
    }
)
"""Lowercase ingredient or brand name -> drug, matched as whole words in the medication's text
or a coding's display. A bare "mycophenolate" (salt not stated) is ambiguous and unmapped."""

AMBIGUOUS_DRUG_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "mycophenolate": "mycophenolate without its salt: mofetil (MMF) or sodium/acid (MPA)?",
    }
)
"""Names that are recognised but do not identify one drug (reported, never guessed)."""

STRONG_CYP3A4_INHIBITORS: Mapping[str, str] = MappingProxyType(
    {
        "ketoconazole": "lupkynis-uspi",
        "itraconazole": "lupkynis-uspi",
        "clarithromycin": "lupkynis-uspi",
    }
)
"""Strong CYP3A4 inhibitors named by the voclosporin label (matched by name). Finding one sets
``cyp3a4_inhibitor="strong"``; not finding one leaves it unknown (the list is not exhaustive)."""

# --------------------------------------------------------------------------- routes, timing

ROUTES: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        (SNOMED, "26643006"): "oral",
        (SNOMED, "47625008"): "iv",
        (SNOMED, "78421000"): "im",
    }
)
"""SNOMED CT route codes -> the dose record's route."""

ROUTE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "oral": "oral",
        "po": "oral",
        "by mouth": "oral",
        "oral route": "oral",
        "intravenous": "iv",
        "intravenous route": "iv",
        "iv": "iv",
        "intramuscular": "im",
        "intramuscular route": "im",
        "im": "im",
    }
)
"""Route texts (lowercase) -> route."""

TIMING_ABBREVIATIONS: Mapping[str, int] = MappingProxyType({"QD": 1, "BID": 2, "TID": 3, "QID": 4})
"""HL7 v3 timing abbreviations (``Timing.code``) -> administrations per day."""

PERIOD_UNIT_DAYS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"h": (1, 24), "d": (1, 1), "wk": (7, 1)}
)
"""UCUM period units of ``Timing.repeat.periodUnit`` -> days per unit as ``(num, den)``."""

DURATION_UNIT_DAYS: Mapping[str, int] = MappingProxyType({"d": 1, "wk": 7})
"""Units of ``Timing.repeat.boundsDuration`` the reader accepts -> days per unit."""


# ------------------------------------------------------------------------------ docs table


def mapping_rows() -> list[tuple[str, str, str, str, str, str]]:
    """Every mapping as ``(kind, system, code, meaning, maps to, source id)`` rows (docs)."""
    rows: list[tuple[str, str, str, str, str, str]] = []
    for item in OBSERVATION_CODES.values():
        meaning = item.display + (f" ({item.note})" if item.note else "")
        target = item.target
        if item.specimen is not None:
            target += f", specimen {item.specimen.value}"
        if item.equation is not None:
            target += f", equation {item.equation}"
        if item.quantity is not None:
            units = ", ".join(f"`{u}`" for u in SPECS[item.quantity].factors)
            target += f"; UCUM {units}"
        rows.append(("Observation", "LOINC", item.loinc, meaning, target, item.source_id))
    for answer in (*PRESENCE_ANSWERS.values(), *PREGNANCY_ANSWERS.values()):
        system = "SNOMED CT" if answer.system == SNOMED else "LOINC"
        rows.append(
            ("answer", system, answer.code, answer.display, str(answer.value), answer.source_id)
        )
    for (system, code), display in PREGNANCY_CONDITIONS.items():
        name = {SNOMED: "SNOMED CT", ICD10CM: "ICD-10-CM", ICD10: "ICD-10"}[system]
        source = "snomed-ct" if system == SNOMED else "fhir-r4"
        rows.append(("Condition", name, code, display, "is_pregnant (active)", source))
    for klass in CLASS_CODES.values():
        rows.append(
            (
                "Condition",
                "SNOMED CT",
                klass.code,
                klass.display,
                f"isn_rps_classes {klass.isn_rps_class.value} (WHO class)",
                klass.source_id,
            )
        )
    for drug in (*RXNORM_CODES.values(), *DRUG_NAMES.values()):
        if drug.drug is not None:
            target = drug.drug.value
        else:
            target = f"glucocorticoid {drug.glucocorticoid.value if drug.glucocorticoid else ''}"
        system = "RxNorm" if drug.system == RXNORM else "name"
        rows.append(("Medication", system, drug.key, drug.display, target, drug.source_id))
    for name, source_id in STRONG_CYP3A4_INHIBITORS.items():
        rows.append(("Medication", "name", name, name, "cyp3a4_inhibitor strong", source_id))
    for (_system, route_code), route in ROUTES.items():
        rows.append(("route", "SNOMED CT", route_code, route, route, "snomed-ct"))
    for abbreviation, per_day in TIMING_ABBREVIATIONS.items():
        rows.append(("timing", "v3 GTS", abbreviation, f"{per_day} a day", str(per_day), "fhir-r4"))
    return rows


def render_mapping() -> str:
    """The "FHIR mapping" docs page (Markdown), generated from the tables of this module."""
    from lupus_nephritis.sources import SOURCES

    lines = [
        "# FHIR mapping",
        "",
        "Generated from `lupus_nephritis.fhir.codes`: every code the FHIR reader maps, what it",
        "becomes, and the source it was checked against. A code that is not here is never",
        "guessed: `read_fhir` reports it in `unmapped` with the resource, code, unit and reason.",
        "Quantity codes are the `loinc` codes of `lupus_nephritis.units.SPECS` (one source of",
        "truth); their values must carry one of the listed UCUM units.",
        "",
        "| kind | system | code | meaning | maps to | source |",
        "|---|---|---|---|---|---|",
    ]
    for kind, system, code, meaning, target, source_id in mapping_rows():
        source = SOURCES[source_id]
        cell = f"[`{source_id}`]({source.link})" if source.link else f"`{source_id}`"
        clean = meaning.replace("|", "/")
        lines.append(f"| {kind} | {system} | `{code}` | {clean} | {target} | {cell} |")
    lines += [
        "",
        "## Not mapped, on purpose",
        "",
        "- **ATC codes**: L04AA06 covers both mycophenolate mofetil and mycophenolic acid, and",
        "  several biologics were re-coded since 2022; medications are matched by RxNorm",
        "  ingredient or by name instead.",
        "- **RxNorm codes of mycophenolate mofetil, voclosporin, belimumab, obinutuzumab and",
        "  anifrolumab** could not be checked against a cited list; these drugs are matched by",
        "  ingredient or brand name in the medication's text or coding display.",
        "- **Urine dipstick protein**, complement and anti-dsDNA: the rule sets the reader feeds",
        "  do not read them from FHIR yet.",
        "- **Censored values** (`<0.2`), ranges and free-text results: reported, never",
        "  turned into numbers.",
        "",
    ]
    return "\n".join(lines)


__all__ = [
    "AMBIGUOUS_DRUG_NAMES",
    "CLASS_CODES",
    "DRUG_NAMES",
    "DURATION_UNIT_DAYS",
    "GTS_ABBREVIATION",
    "ICD10",
    "ICD10CM",
    "LOINC",
    "OBSERVATION_CODES",
    "PERIOD_UNIT_DAYS",
    "PREGNANCY_ANSWERS",
    "PREGNANCY_CONDITIONS",
    "PRESENCE_ANSWERS",
    "ROUTES",
    "ROUTE_NAMES",
    "RXNORM",
    "RXNORM_CODES",
    "SNOMED",
    "STRONG_CYP3A4_INHIBITORS",
    "TIMING_ABBREVIATIONS",
    "UCUM",
    "ClassCode",
    "CodedAnswer",
    "DrugCode",
    "ObservationCode",
    "mapping_rows",
    "render_mapping",
]
