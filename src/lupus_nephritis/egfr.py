"""Estimated glomerular filtration rate (eGFR) equations.

Every function takes keyword-only arguments and returns eGFR in mL/min/1.73 m² as a plain
``float`` (unrounded: round for display only, and say how; see the project's reference notes
on half-up versus half-even rounding).

Units
    * Serum creatinine (``creatinine_mg_dl``) in **mg/dL**, IDMS-traceable. Convert µmol/L with
      `creatinine_umol_l_to_mg_dl` (1 mg/dL = 88.4 µmol/L by default, the factor of the
      CKD-EPI publications and laboratories; ``conversion="molar-mass"`` gives 88.4017 from the
      creatinine molar
      mass 113.12 g/mol).
    * Serum cystatin C (``cystatin_c_mg_l``) in **mg/L**, standardised (ERM-DA471/IFCC).
    * Height (``height_cm``) in **cm**; age in **years** (fractions allowed).
    * ``sex`` is ``"female"`` or ``"male"`` (lowercase). A ``str`` enum whose values are
      those strings is accepted too.

Equations (``Scr`` creatinine in mg/dL, ``Scys`` cystatin C in mg/L, ``[F]`` applies to
females only). All age ranges are closed intervals (both ends accepted).

CKD-EPI 2021 creatinine (race-free; Inker, NEJM 2021), ages ≥ 18
    142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [F];
    κ = 0.7 (F) / 0.9 (M) mg/dL; α = −0.241 (F) / −0.302 (M).

CKD-EPI 2021 creatinine–cystatin C (Inker, NEJM 2021), ages ≥ 18
    135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 ×
    max(Scys/0.8, 1)^−0.778 × 0.9961^age × 0.963 [F];
    κ = 0.7 (F) / 0.9 (M); α = −0.219 (F) / −0.144 (M).

CKD-EPI 2009 creatinine (Levey, Ann Intern Med 2009) — **legacy**, ages ≥ 18
    141 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.209 × 0.993^age × 1.018 [F] × 1.159 [Black];
    κ = 0.7 (F) / 0.9 (M); α = −0.329 (F) / −0.411 (M).
    The race coefficient (1.159) was removed by the 2021 refit and is not recommended for
    clinical use. It is kept only so that eGFR values of legacy trials and cohorts, which
    were computed with it, can be reproduced. ``is_black`` is therefore a *required*
    keyword with no default: the caller must decide explicitly.

MDRD Study 4-variable, IDMS-traceable (Levey, Clin Chem 2007) — **legacy**, ages ≥ 18
    175 × Scr^−1.154 × age^−0.203 × 0.742 [F] × 1.212 [Black].
    The re-expression of the 1999/2000 equation (constant 186) for creatinine standardised to
    isotope-dilution mass spectrometry. Superseded by CKD-EPI; kept so that eGFR values of
    legacy registries and laboratory reports computed with it can be reproduced. As for
    CKD-EPI 2009, ``is_black`` is a required keyword with no default. The equation is known
    to underestimate GFR above 60 mL/min/1.73 m² (laboratories reported such values as
    "> 60"); the function returns the number unchanged.

CKD-EPI 2012 cystatin C (Inker, NEJM 2012), ages ≥ 18
    133 × min(Scys/0.8, 1)^−0.499 × max(Scys/0.8, 1)^−1.328 × 0.996^age × 0.932 [F].
    The age base is 0.996 as on the NKF page and in the 2012 paper; some restatements
    (e.g. egfr.app) print 0.9962, which differs by about 0.5–1 mL/min/1.73 m².

Bedside Schwartz 2009 (Schwartz, JASN 2009), children aged 1–18
    0.413 × height(cm) / Scr. Age is not in the formula; when ``age`` is given it is
    checked against 1–18 years.

CKiD U25 creatinine (Pierce, Kidney Int 2021), ages 1–25
    K × height(m) / Scr, with K depending on sex and age:
    males 39.0 × 1.008^(age−12) below 12, 39.0 × 1.045^(age−12) from 12 to below 18,
    50.8 from 18; females 36.1 × 1.008^(age−12), 36.1 × 1.023^(age−12), 41.4.
    The K curve is continuous at 12 and almost continuous at 18 (50.79 → 50.8 males,
    41.37 → 41.4 females, the published rounding of the end-points).
    The CKiD U25 **cystatin C** equation is deliberately not implemented: the project's
    reference notes only support a sex-only K at medium confidence, while the published
    equation has age-dependent K values that have not been verified for this library.

EKFC creatinine (Pottel, Ann Intern Med 2021), ages 2–120
    107.3 × (Scr/Q)^α × 0.990^(age−40) [only if age > 40];
    α = −0.322 if Scr/Q < 1, else −1.132.
    Q (the median creatinine of healthy people) is 0.70 mg/dL (F) / 0.90 mg/dL (M) for
    age > 25. For 2 ≤ age ≤ 25, Q in µmol/L is
    males   ln Q = 3.200 + 0.259·age − 0.543·ln(age) − 0.00763·age² + 0.0000790·age³,
    females ln Q = 3.080 + 0.177·age − 0.223·ln(age) − 0.00596·age² + 0.0000686·age³,
    converted to mg/dL with 88.4017 (10 000 / 113.12; a coefficient conversion inside the
    equation, whatever convention the measured creatinine uses). The polynomial does not meet
    the adult Q exactly at 25 (males 80.9 vs 79.6 µmol/L, females 62.4 vs 61.9 µmol/L), so
    EKFC has a small step (about 1–2 %) between age 25 and just above 25. Some
    implementations use the adult Q as 62/80 µmol/L rather than 0.70/0.90 mg/dL; this module
    uses the mg/dL values.
    The polynomial coefficients and the ≤ 25 cut-off agree with two independent public
    implementations of the equation; the project's reference notes only say "age-dependent
    Q below 18 years", without the coefficients.

Validation
    Every numeric argument must be a real number (``int``, ``float`` or a
    `numbers.Real` such as ``numpy.float64``; never ``bool`` or ``str``) and finite,
    otherwise `InputError`. Creatinine must be > 0 and
    < 30 mg/dL; values ≥ 30 raise `ImplausibleValueError`
    (they are almost surely µmol/L), and so do values below 0.01 mg/dL (lower than any
    assay reports; this floor also keeps every result finite). Cystatin C must be > 0 and
    ≤ 15 mg/L; height must be within 20–250 cm (a height below 3 is reported as probably
    metres); age must be ≥ 0 and ≤ 130 years. An age outside the equation's validated
    range raises `OutOfDomainError`, whose message names
    the range. No other exception type is raised on purpose.

Metadata
    `EQUATIONS` maps each equation id to an `EquationInfo` (title, function,
    source id, age range, coefficients, notes). The coefficient strings are built from the
    same module-level constants the formulas use, so documentation cannot drift from code.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from lupus_nephritis.errors import ImplausibleValueError, InputError, OutOfDomainError
from lupus_nephritis.units import (
    CREATININE_MOLAR_MASS_G_PER_MOL,
    DEFAULT_CREATININE_CONVERSION,
    CreatinineConversion,
    is_binary_float_scalar,
    to_decimal,
)
from lupus_nephritis.units import CREATININE_UMOL_L_PER_MG_DL as _UMOL_PER_MG_DL_BY_CONVERSION

# --------------------------------------------------------------------------- units and limits

#: Creatinine molar mass, g/mol.
CREATININE_MOLAR_MASS_G_MOL: Final = float(CREATININE_MOLAR_MASS_G_PER_MOL)
#: µmol/L per mg/dL of creatinine under the default conversion (88.4; the factors are data in
#: `lupus_nephritis.units.CREATININE_UMOL_L_PER_MG_DL`).
CREATININE_UMOL_L_PER_MG_DL: Final = float(
    _UMOL_PER_MG_DL_BY_CONVERSION[DEFAULT_CREATININE_CONVERSION]
)
#: µmol/L per mg/dL from the molar mass: 10 000 / 113.12 = 88.4017. EKFC's paediatric Q
#: (published in µmol/L) is converted with it, as in the first release.
CREATININE_MOLAR_MASS_UMOL_L_PER_MG_DL: Final = float(
    _UMOL_PER_MG_DL_BY_CONVERSION[CreatinineConversion.MOLAR_MASS]
)

#: Lowest creatinine accepted, mg/dL (below any assay's reporting limit).
CREATININE_MIN_MG_DL: Final = 0.01
#: Creatinine must be strictly below this, mg/dL (higher values are almost surely µmol/L).
CREATININE_MAX_MG_DL: Final = 30.0
#: Highest cystatin C accepted, mg/L.
CYSTATIN_C_MAX_MG_L: Final = 15.0
#: Height range accepted, cm (inclusive).
HEIGHT_MIN_CM: Final = 20.0
HEIGHT_MAX_CM: Final = 250.0
#: A height below this is taken to be in metres.
HEIGHT_METRES_SUSPECT_BELOW: Final = 3.0
#: Highest plausible human age, years (applies to equations without a validated maximum).
AGE_MAX_PLAUSIBLE: Final = 130.0

#: Lowest creatinine accepted by `creatinine_umol_l_to_mg_dl`, µmol/L.
CREATININE_UMOL_L_MIN: Final = 5.0
#: Creatinine in µmol/L must be strictly below this (= 30 mg/dL).
CREATININE_UMOL_L_MAX: Final = CREATININE_MAX_MG_DL * CREATININE_UMOL_L_PER_MG_DL

_CM_PER_M: Final = 100.0

# --------------------------------------------------------------------------- CKD-EPI 2021 cr

CKD_EPI_2021_CR_CONSTANT: Final = 142.0
CKD_EPI_2021_CR_KAPPA_FEMALE: Final = 0.7
CKD_EPI_2021_CR_KAPPA_MALE: Final = 0.9
CKD_EPI_2021_CR_ALPHA_FEMALE: Final = -0.241
CKD_EPI_2021_CR_ALPHA_MALE: Final = -0.302
CKD_EPI_2021_CR_UPPER_EXPONENT: Final = -1.200
CKD_EPI_2021_CR_AGE_BASE: Final = 0.9938
CKD_EPI_2021_CR_FEMALE_FACTOR: Final = 1.012
CKD_EPI_MIN_AGE: Final = 18.0

_C21_F: Final = CKD_EPI_2021_CR_CONSTANT * CKD_EPI_2021_CR_FEMALE_FACTOR
_C21_M: Final = CKD_EPI_2021_CR_CONSTANT

# --------------------------------------------------------------------------- CKD-EPI 2021 cr-cys

CKD_EPI_2021_CR_CYS_CONSTANT: Final = 135.0
CKD_EPI_2021_CR_CYS_KAPPA_FEMALE: Final = 0.7
CKD_EPI_2021_CR_CYS_KAPPA_MALE: Final = 0.9
CKD_EPI_2021_CR_CYS_ALPHA_FEMALE: Final = -0.219
CKD_EPI_2021_CR_CYS_ALPHA_MALE: Final = -0.144
CKD_EPI_2021_CR_CYS_CR_UPPER_EXPONENT: Final = -0.544
CKD_EPI_2021_CR_CYS_CYS_KAPPA: Final = 0.8
CKD_EPI_2021_CR_CYS_CYS_LOWER_EXPONENT: Final = -0.323
CKD_EPI_2021_CR_CYS_CYS_UPPER_EXPONENT: Final = -0.778
CKD_EPI_2021_CR_CYS_AGE_BASE: Final = 0.9961
CKD_EPI_2021_CR_CYS_FEMALE_FACTOR: Final = 0.963

_CC21_F: Final = CKD_EPI_2021_CR_CYS_CONSTANT * CKD_EPI_2021_CR_CYS_FEMALE_FACTOR
_CC21_M: Final = CKD_EPI_2021_CR_CYS_CONSTANT

# --------------------------------------------------------------------------- CKD-EPI 2009 cr

CKD_EPI_2009_CR_CONSTANT: Final = 141.0
CKD_EPI_2009_CR_KAPPA_FEMALE: Final = 0.7
CKD_EPI_2009_CR_KAPPA_MALE: Final = 0.9
CKD_EPI_2009_CR_ALPHA_FEMALE: Final = -0.329
CKD_EPI_2009_CR_ALPHA_MALE: Final = -0.411
CKD_EPI_2009_CR_UPPER_EXPONENT: Final = -1.209
CKD_EPI_2009_CR_AGE_BASE: Final = 0.993
CKD_EPI_2009_CR_FEMALE_FACTOR: Final = 1.018
#: Legacy race coefficient (removed by CKD-EPI 2021).
CKD_EPI_2009_CR_BLACK_FACTOR: Final = 1.159

_C09_F: Final = CKD_EPI_2009_CR_CONSTANT * CKD_EPI_2009_CR_FEMALE_FACTOR
_C09_M: Final = CKD_EPI_2009_CR_CONSTANT

# --------------------------------------------------------------------------- MDRD (IDMS, 175)

MDRD_IDMS_CONSTANT: Final = 175.0
MDRD_CREATININE_EXPONENT: Final = -1.154
MDRD_AGE_EXPONENT: Final = -0.203
MDRD_FEMALE_FACTOR: Final = 0.742
#: Legacy race coefficient of the MDRD Study equation.
MDRD_BLACK_FACTOR: Final = 1.212
MDRD_MIN_AGE: Final = 18.0

_MDRD_F: Final = MDRD_IDMS_CONSTANT * MDRD_FEMALE_FACTOR
_MDRD_M: Final = MDRD_IDMS_CONSTANT

# --------------------------------------------------------------------------- CKD-EPI 2012 cys

CKD_EPI_2012_CYS_CONSTANT: Final = 133.0
CKD_EPI_2012_CYS_KAPPA: Final = 0.8
CKD_EPI_2012_CYS_LOWER_EXPONENT: Final = -0.499
CKD_EPI_2012_CYS_UPPER_EXPONENT: Final = -1.328
#: Age base per the NKF page and the 2012 paper (some restatements use 0.9962).
CKD_EPI_2012_CYS_AGE_BASE: Final = 0.996
CKD_EPI_2012_CYS_FEMALE_FACTOR: Final = 0.932

_C12_F: Final = CKD_EPI_2012_CYS_CONSTANT * CKD_EPI_2012_CYS_FEMALE_FACTOR
_C12_M: Final = CKD_EPI_2012_CYS_CONSTANT

# --------------------------------------------------------------------------- bedside Schwartz

SCHWARTZ_BEDSIDE_2009_K: Final = 0.413
SCHWARTZ_MIN_AGE: Final = 1.0
SCHWARTZ_MAX_AGE: Final = 18.0

# --------------------------------------------------------------------------- CKiD U25

CKID_U25_PIVOT_AGE: Final = 12.0
CKID_U25_ADULT_AGE: Final = 18.0
CKID_U25_K_MALE: Final = 39.0
CKID_U25_CHILD_BASE_MALE: Final = 1.008
CKID_U25_ADOLESCENT_BASE_MALE: Final = 1.045
CKID_U25_ADULT_K_MALE: Final = 50.8
CKID_U25_K_FEMALE: Final = 36.1
CKID_U25_CHILD_BASE_FEMALE: Final = 1.008
CKID_U25_ADOLESCENT_BASE_FEMALE: Final = 1.023
CKID_U25_ADULT_K_FEMALE: Final = 41.4
CKID_U25_MIN_AGE: Final = 1.0
CKID_U25_MAX_AGE: Final = 25.0

# --------------------------------------------------------------------------- EKFC

EKFC_CONSTANT: Final = 107.3
EKFC_LOWER_EXPONENT: Final = -0.322
EKFC_UPPER_EXPONENT: Final = -1.132
EKFC_AGE_PIVOT: Final = 40.0
EKFC_AGE_BASE: Final = 0.990
EKFC_Q_ADULT_FEMALE_MG_DL: Final = 0.70
EKFC_Q_ADULT_MALE_MG_DL: Final = 0.90
#: Up to and including this age Q comes from the paediatric polynomial.
EKFC_Q_POLYNOMIAL_MAX_AGE: Final = 25.0
#: ln Q (µmol/L) = c0 + c1·age + c2·ln(age) + c3·age² + c4·age³.
EKFC_LN_Q_MALE: Final = (3.200, 0.259, -0.543, -0.00763, 0.0000790)
EKFC_LN_Q_FEMALE: Final = (3.080, 0.177, -0.223, -0.00596, 0.0000686)
EKFC_MIN_AGE: Final = 2.0
EKFC_MAX_AGE: Final = 120.0


# --------------------------------------------------------------------------- metadata


@attrs.frozen
class EquationInfo:
    """Metadata of one eGFR equation, used for documentation and provenance.

    Attributes:
        id: Stable equation id, e.g. ``"ckd-epi-2021-cr"``.
        title: Human title.
        function_name: Name of the function in this module that computes it.
        source_id: Id of the publication in `lupus_nephritis.sources`.
        min_age: Lowest validated age, years (inclusive).
        max_age: Highest validated age, years (inclusive), or ``None`` if unbounded.
        coefficients: ``(name, value)`` pairs, built from the module constants.
        notes: Ambiguities and implementation choices.
    """

    id: str
    title: str
    function_name: str
    source_id: str
    min_age: float
    max_age: float | None
    coefficients: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


def _fmt(value: float) -> str:
    """Format a constant so that it parses back to exactly the same float."""
    text = f"{value:g}"
    return text if float(text) == value else repr(value)


def _ln_q_text(coefficients: tuple[float, ...]) -> str:
    """Render the EKFC ln-Q polynomial, e.g. ``3.2 + 0.259 age - 0.543 ln(age) ...``."""
    terms = ("", " age", " ln(age)", " age^2", " age^3")
    text = _fmt(coefficients[0])
    for coefficient, term in zip(coefficients[1:], terms[1:], strict=True):
        sign = "-" if coefficient < 0 else "+"
        text += f" {sign} {_fmt(abs(coefficient))}{term}"
    return text


def _ckid_k_text(k: float, base: float) -> str:
    return f"{_fmt(k)} x {_fmt(base)}^(age-{_fmt(CKID_U25_PIVOT_AGE)})"


_CKD_EPI_2021_CR = EquationInfo(
    id="ckd-epi-2021-cr",
    title="CKD-EPI 2021 creatinine (race-free)",
    function_name="egfr_ckd_epi_2021",
    source_id="ckd-epi-2021",
    min_age=CKD_EPI_MIN_AGE,
    max_age=None,
    coefficients=(
        ("constant", _fmt(CKD_EPI_2021_CR_CONSTANT)),
        ("kappa female", f"{_fmt(CKD_EPI_2021_CR_KAPPA_FEMALE)} mg/dL"),
        ("kappa male", f"{_fmt(CKD_EPI_2021_CR_KAPPA_MALE)} mg/dL"),
        ("alpha female", _fmt(CKD_EPI_2021_CR_ALPHA_FEMALE)),
        ("alpha male", _fmt(CKD_EPI_2021_CR_ALPHA_MALE)),
        ("exponent of max(Scr/kappa, 1)", _fmt(CKD_EPI_2021_CR_UPPER_EXPONENT)),
        ("age base (per year)", _fmt(CKD_EPI_2021_CR_AGE_BASE)),
        ("female factor", _fmt(CKD_EPI_2021_CR_FEMALE_FACTOR)),
    ),
    notes=(
        "Race-free refit of CKD-EPI 2009; recommended by NKF-ASN for adults.",
        f"No upper age limit is validated; ages above {_fmt(AGE_MAX_PLAUSIBLE)} years are "
        "rejected as implausible.",
    ),
)

_CKD_EPI_2021_CR_CYS = EquationInfo(
    id="ckd-epi-2021-cr-cys",
    title="CKD-EPI 2021 creatinine-cystatin C (race-free)",
    function_name="egfr_ckd_epi_2021_cr_cys",
    source_id="ckd-epi-2021",
    min_age=CKD_EPI_MIN_AGE,
    max_age=None,
    coefficients=(
        ("constant", _fmt(CKD_EPI_2021_CR_CYS_CONSTANT)),
        ("kappa female", f"{_fmt(CKD_EPI_2021_CR_CYS_KAPPA_FEMALE)} mg/dL"),
        ("kappa male", f"{_fmt(CKD_EPI_2021_CR_CYS_KAPPA_MALE)} mg/dL"),
        ("alpha female", _fmt(CKD_EPI_2021_CR_CYS_ALPHA_FEMALE)),
        ("alpha male", _fmt(CKD_EPI_2021_CR_CYS_ALPHA_MALE)),
        ("exponent of max(Scr/kappa, 1)", _fmt(CKD_EPI_2021_CR_CYS_CR_UPPER_EXPONENT)),
        ("cystatin C knot", f"{_fmt(CKD_EPI_2021_CR_CYS_CYS_KAPPA)} mg/L"),
        ("exponent of min(Scys/0.8, 1)", _fmt(CKD_EPI_2021_CR_CYS_CYS_LOWER_EXPONENT)),
        ("exponent of max(Scys/0.8, 1)", _fmt(CKD_EPI_2021_CR_CYS_CYS_UPPER_EXPONENT)),
        ("age base (per year)", _fmt(CKD_EPI_2021_CR_CYS_AGE_BASE)),
        ("female factor", _fmt(CKD_EPI_2021_CR_CYS_FEMALE_FACTOR)),
    ),
    notes=(
        "Coefficients as restated by egfr.app (reference confidence medium-high).",
        f"No upper age limit is validated; ages above {_fmt(AGE_MAX_PLAUSIBLE)} years are "
        "rejected as implausible.",
    ),
)

_CKD_EPI_2009_CR = EquationInfo(
    id="ckd-epi-2009-cr",
    title="CKD-EPI 2009 creatinine (legacy, with race coefficient)",
    function_name="egfr_ckd_epi_2009",
    source_id="ckd-epi-2009",
    min_age=CKD_EPI_MIN_AGE,
    max_age=None,
    coefficients=(
        ("constant", _fmt(CKD_EPI_2009_CR_CONSTANT)),
        ("kappa female", f"{_fmt(CKD_EPI_2009_CR_KAPPA_FEMALE)} mg/dL"),
        ("kappa male", f"{_fmt(CKD_EPI_2009_CR_KAPPA_MALE)} mg/dL"),
        ("alpha female", _fmt(CKD_EPI_2009_CR_ALPHA_FEMALE)),
        ("alpha male", _fmt(CKD_EPI_2009_CR_ALPHA_MALE)),
        ("exponent of max(Scr/kappa, 1)", _fmt(CKD_EPI_2009_CR_UPPER_EXPONENT)),
        ("age base (per year)", _fmt(CKD_EPI_2009_CR_AGE_BASE)),
        ("female factor", _fmt(CKD_EPI_2009_CR_FEMALE_FACTOR)),
        ("Black race factor (legacy)", _fmt(CKD_EPI_2009_CR_BLACK_FACTOR)),
    ),
    notes=(
        "Legacy equation: the race coefficient was removed by CKD-EPI 2021. Use only to "
        "reproduce eGFR values of trials and cohorts that were computed with it.",
        "is_black is a required argument with no default.",
        "SI-unit restatements use kappa 62/80 umol/L (the NKF calculator) instead of the exact "
        "61.9/79.6; this function works in mg/dL with kappa 0.7/0.9.",
    ),
)

_MDRD_IDMS = EquationInfo(
    id="mdrd-idms",
    title="MDRD Study 4-variable, IDMS-traceable (legacy, with race coefficient)",
    function_name="egfr_mdrd_idms",
    source_id="mdrd-idms-2007",
    min_age=MDRD_MIN_AGE,
    max_age=None,
    coefficients=(
        ("constant (IDMS-traceable creatinine)", _fmt(MDRD_IDMS_CONSTANT)),
        ("creatinine exponent", _fmt(MDRD_CREATININE_EXPONENT)),
        ("age exponent", _fmt(MDRD_AGE_EXPONENT)),
        ("female factor", _fmt(MDRD_FEMALE_FACTOR)),
        ("Black race factor (legacy)", _fmt(MDRD_BLACK_FACTOR)),
    ),
    notes=(
        "Legacy equation, superseded by CKD-EPI: use only to reproduce eGFR values of "
        "registries and laboratory reports computed with it.",
        "Constant 175 for IDMS-traceable creatinine; the original (non-standardised) "
        "equation used 186 and is not implemented.",
        "is_black is a required argument with no default.",
        "Known to underestimate GFR above 60 mL/min/1.73 m2 (laboratories reported '> 60'); "
        "the value is returned unchanged.",
        f"Validated for adults (>= {_fmt(MDRD_MIN_AGE)} years); no upper age limit, ages "
        f"above {_fmt(AGE_MAX_PLAUSIBLE)} are rejected as implausible.",
    ),
)

_CKD_EPI_2012_CYS = EquationInfo(
    id="ckd-epi-2012-cys",
    title="CKD-EPI 2012 cystatin C",
    function_name="egfr_ckd_epi_2012_cys",
    source_id="ckd-epi-2012-cys",
    min_age=CKD_EPI_MIN_AGE,
    max_age=None,
    coefficients=(
        ("constant", _fmt(CKD_EPI_2012_CYS_CONSTANT)),
        ("cystatin C knot", f"{_fmt(CKD_EPI_2012_CYS_KAPPA)} mg/L"),
        ("exponent of min(Scys/0.8, 1)", _fmt(CKD_EPI_2012_CYS_LOWER_EXPONENT)),
        ("exponent of max(Scys/0.8, 1)", _fmt(CKD_EPI_2012_CYS_UPPER_EXPONENT)),
        ("age base (per year)", _fmt(CKD_EPI_2012_CYS_AGE_BASE)),
        ("female factor", _fmt(CKD_EPI_2012_CYS_FEMALE_FACTOR)),
    ),
    notes=(
        f"Age base {_fmt(CKD_EPI_2012_CYS_AGE_BASE)} per the NKF page and the 2012 paper; "
        "some restatements (e.g. egfr.app) use 0.9962, about 0.5-1 mL/min/1.73 m2 apart.",
    ),
)

_SCHWARTZ_BEDSIDE_2009 = EquationInfo(
    id="schwartz-bedside-2009",
    title="Bedside Schwartz 2009 (children)",
    function_name="egfr_schwartz_bedside_2009",
    source_id="schwartz-2009",
    min_age=SCHWARTZ_MIN_AGE,
    max_age=SCHWARTZ_MAX_AGE,
    coefficients=(("k (height in cm, Scr in mg/dL)", _fmt(SCHWARTZ_BEDSIDE_2009_K)),),
    notes=(
        "Age is not in the formula; when given it is checked against the range.",
        "Equivalent to k = 36.5 with creatinine in umol/L.",
    ),
)

_CKID_U25_2021_CR = EquationInfo(
    id="ckid-u25-2021-cr",
    title="CKiD U25 2021 creatinine",
    function_name="egfr_ckid_u25_2021",
    source_id="ckid-u25",
    min_age=CKID_U25_MIN_AGE,
    max_age=CKID_U25_MAX_AGE,
    coefficients=(
        (
            f"K male, age < {_fmt(CKID_U25_PIVOT_AGE)}",
            _ckid_k_text(CKID_U25_K_MALE, CKID_U25_CHILD_BASE_MALE),
        ),
        (
            f"K male, {_fmt(CKID_U25_PIVOT_AGE)} <= age < {_fmt(CKID_U25_ADULT_AGE)}",
            _ckid_k_text(CKID_U25_K_MALE, CKID_U25_ADOLESCENT_BASE_MALE),
        ),
        (f"K male, age >= {_fmt(CKID_U25_ADULT_AGE)}", _fmt(CKID_U25_ADULT_K_MALE)),
        (
            f"K female, age < {_fmt(CKID_U25_PIVOT_AGE)}",
            _ckid_k_text(CKID_U25_K_FEMALE, CKID_U25_CHILD_BASE_FEMALE),
        ),
        (
            f"K female, {_fmt(CKID_U25_PIVOT_AGE)} <= age < {_fmt(CKID_U25_ADULT_AGE)}",
            _ckid_k_text(CKID_U25_K_FEMALE, CKID_U25_ADOLESCENT_BASE_FEMALE),
        ),
        (f"K female, age >= {_fmt(CKID_U25_ADULT_AGE)}", _fmt(CKID_U25_ADULT_K_FEMALE)),
        ("height unit", "m"),
    ),
    notes=(
        "eGFR = K x height(m) / Scr(mg/dL).",
        "The piecewise K is continuous at 12 and within 0.1 of continuous at 18 (published "
        "end-points 50.8 / 41.4 are rounded).",
        "The CKiD U25 cystatin C equation is not implemented (its age-dependent K values "
        "were not verified for this library).",
    ),
)

_EKFC_2021 = EquationInfo(
    id="ekfc-2021",
    title="EKFC 2021 creatinine (full age spectrum)",
    function_name="egfr_ekfc_2021",
    source_id="ekfc-2021",
    min_age=EKFC_MIN_AGE,
    max_age=EKFC_MAX_AGE,
    coefficients=(
        ("constant", _fmt(EKFC_CONSTANT)),
        ("exponent when Scr/Q < 1", _fmt(EKFC_LOWER_EXPONENT)),
        ("exponent when Scr/Q >= 1", _fmt(EKFC_UPPER_EXPONENT)),
        (f"age base (per year above {_fmt(EKFC_AGE_PIVOT)})", _fmt(EKFC_AGE_BASE)),
        (
            f"Q female, age > {_fmt(EKFC_Q_POLYNOMIAL_MAX_AGE)}",
            f"{_fmt(EKFC_Q_ADULT_FEMALE_MG_DL)} mg/dL",
        ),
        (
            f"Q male, age > {_fmt(EKFC_Q_POLYNOMIAL_MAX_AGE)}",
            f"{_fmt(EKFC_Q_ADULT_MALE_MG_DL)} mg/dL",
        ),
        (
            f"ln Q male (umol/L), age <= {_fmt(EKFC_Q_POLYNOMIAL_MAX_AGE)}",
            _ln_q_text(EKFC_LN_Q_MALE),
        ),
        (
            f"ln Q female (umol/L), age <= {_fmt(EKFC_Q_POLYNOMIAL_MAX_AGE)}",
            _ln_q_text(EKFC_LN_Q_FEMALE),
        ),
    ),
    notes=(
        "Paediatric Q (umol/L) is converted to mg/dL with 88.4017 (10 000 / 113.12), a "
        "coefficient conversion inside the equation, independent of the creatinine_conversion "
        "choice for measured values.",
        "The paediatric polynomial does not meet the adult Q exactly at 25 years (males 80.9 "
        "vs 79.6 umol/L, females 62.4 vs 61.9 umol/L): a step of about 1-2 % above age 25.",
        "Some implementations use adult Q 62/80 umol/L instead of 0.70/0.90 mg/dL.",
        "Ethnicity-specific Q values (2023) are not implemented.",
    ),
)

#: Every equation of this module, by id.
EQUATIONS: Final[Mapping[str, EquationInfo]] = MappingProxyType(
    {
        info.id: info
        for info in (
            _CKD_EPI_2021_CR,
            _CKD_EPI_2021_CR_CYS,
            _CKD_EPI_2009_CR,
            _MDRD_IDMS,
            _CKD_EPI_2012_CYS,
            _SCHWARTZ_BEDSIDE_2009,
            _CKID_U25_2021_CR,
            _EKFC_2021,
        )
    }
)

# --------------------------------------------------------------------------- validation (slow path)
#
# Each public function first tries a single cheap test per argument: exact type float or int,
# and two plain comparisons (both False for NaN). Only when that test fails does it call one of
# the helpers below, which work out the precise error (or accept an unusual but valid value
# such as numpy.float64 or Fraction). For speed, the fast-path bounds are written as literals
# (a module-global load costs about as much as the comparison itself); they repeat
# CREATININE_MIN_MG_DL, CREATININE_MAX_MG_DL, CYSTATIN_C_MAX_MG_L, HEIGHT_MIN_CM,
# HEIGHT_MAX_CM, AGE_MAX_PLAUSIBLE and each EquationInfo's min_age/max_age, and the tests probe
# every function exactly at and just beyond each bound so the two cannot drift apart. Ages get
# separate float and int comparisons because int-vs-float comparison is slow in CPython.


def _real(value: object, name: str) -> float:
    """Return ``value`` as a finite float or raise InputError."""
    if type(value) is float:
        result = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(
            f"{name} must be a real number (int or float), got {type(value).__name__}: {value!r}"
        )
    else:
        try:
            # a float32/float16 is read as its shortest decimal (the boundary policy), so
            # numpy.float32(1.1) gives the same eGFR as 1.1
            result = float(to_decimal(value)) if is_binary_float_scalar(value) else float(value)
        except (OverflowError, ValueError, TypeError, InputError):
            raise InputError(f"{name} is not representable as a finite float: {value!r}") from None
    if not math.isfinite(result):
        raise InputError(f"{name} must be finite, got {result!r}")
    return result


def _creatinine(value: object) -> float:
    scr = _real(value, "creatinine_mg_dl")
    if scr <= 0.0:
        raise InputError(f"creatinine_mg_dl must be > 0 mg/dL, got {scr:g}")
    if scr >= CREATININE_MAX_MG_DL:
        raise ImplausibleValueError(
            f"creatinine_mg_dl={scr:g} is implausible (must be < {_fmt(CREATININE_MAX_MG_DL)} "
            f"mg/dL): {scr:g} mg/dL is almost surely µmol/L "
            f"(= {scr / CREATININE_UMOL_L_PER_MG_DL:.2f} mg/dL); convert it with "
            "creatinine_umol_l_to_mg_dl()"
        )
    if scr < CREATININE_MIN_MG_DL:
        raise ImplausibleValueError(
            f"creatinine_mg_dl={scr:g} is implausible: below {_fmt(CREATININE_MIN_MG_DL)} mg/dL, "
            "lower than any creatinine assay reports"
        )
    return scr


def _cystatin(value: object) -> float:
    scys = _real(value, "cystatin_c_mg_l")
    if scys <= 0.0:
        raise InputError(f"cystatin_c_mg_l must be > 0 mg/L, got {scys:g}")
    if scys > CYSTATIN_C_MAX_MG_L:
        raise ImplausibleValueError(
            f"cystatin_c_mg_l={scys:g} is implausible (must be <= "
            f"{_fmt(CYSTATIN_C_MAX_MG_L)} mg/L); check that the unit is mg/L"
        )
    return scys


def _height(value: object) -> float:
    height = _real(value, "height_cm")
    if height <= 0.0:
        raise InputError(f"height_cm must be > 0 cm, got {height:g}")
    if height < HEIGHT_METRES_SUSPECT_BELOW:
        raise ImplausibleValueError(
            f"height_cm={height:g} looks like metres (= {height * _CM_PER_M:g} cm); "
            "pass the height in centimetres"
        )
    if not HEIGHT_MIN_CM <= height <= HEIGHT_MAX_CM:
        raise ImplausibleValueError(
            f"height_cm={height:g} is implausible (must be within "
            f"{_fmt(HEIGHT_MIN_CM)}-{_fmt(HEIGHT_MAX_CM)} cm)"
        )
    return height


def _age(value: object, info: EquationInfo) -> float:
    age = _real(value, "age")
    if age < 0.0:
        raise InputError(f"age must be >= 0 years, got {age:g}")
    lo, hi = info.min_age, info.max_age
    if age < lo or (hi is not None and age > hi):
        span = f"{_fmt(lo)}-{_fmt(hi)} years" if hi is not None else f">= {_fmt(lo)} years"
        raise OutOfDomainError(
            f"{info.title} is validated for ages {span} (inclusive); got age={age:g}"
        )
    if age > AGE_MAX_PLAUSIBLE:
        raise ImplausibleValueError(
            f"age={age:g} years is implausible (must be <= {_fmt(AGE_MAX_PLAUSIBLE)})"
        )
    return age


def _sex_error(value: object) -> InputError:
    return InputError(f'sex must be "female" or "male" (lowercase), got {value!r}')


def _is_black_error(value: object) -> InputError:
    return InputError(f"is_black must be a bool (True or False), got {value!r}")


# --------------------------------------------------------------------------- unit conversion


def creatinine_umol_l_to_mg_dl(
    value: float, *, conversion: CreatinineConversion | str | None = None
) -> float:
    """Convert serum creatinine from µmol/L to mg/dL.

    By default 1 mg/dL = 88.4 µmol/L, the factor the CKD-EPI and KDIGO publications and
    laboratories state (so 176.8 µmol/L is exactly 2.0 mg/dL); ``conversion="molar-mass"``
    divides by 88.4017 (10 000 / 113.12, from the creatinine molar mass 113.12 g/mol).

    Args:
        value: Creatinine in µmol/L; must be ≥ 5 µmol/L and below 30 mg/dL once converted
            (2652 µmol/L).
        conversion: A `CreatinineConversion` (or its value);
            None = the default ``"88.4"``.

    Returns:
        Creatinine in mg/dL.

    Raises:
        InputError: ``value`` is not a finite real number, is ≤ 0, or ``conversion`` is
            unknown.
        ImplausibleValueError: ``value`` is below 5 µmol/L (probably already mg/dL, or
            mmol/L) or at least 30 mg/dL once converted.
    """
    if conversion is None:
        factor = CREATININE_UMOL_L_PER_MG_DL
    else:
        try:
            chosen = CreatinineConversion(conversion)
        except ValueError:
            known = ", ".join(c.value for c in CreatinineConversion)
            raise InputError(
                f"conversion {conversion!r} is not a creatinine conversion; choose one of {known}"
            ) from None
        factor = float(_UMOL_PER_MG_DL_BY_CONVERSION[chosen])
    maximum = CREATININE_MAX_MG_DL * factor
    if (type(value) is float or type(value) is int) and CREATININE_UMOL_L_MIN <= value < maximum:
        return value / factor
    umol = _real(value, "creatinine (µmol/L)")
    if umol <= 0.0:
        raise InputError(f"creatinine must be > 0 µmol/L, got {umol:g}")
    if umol < CREATININE_UMOL_L_MIN:
        raise ImplausibleValueError(
            f"creatinine {umol:g} µmol/L is implausible (below {_fmt(CREATININE_UMOL_L_MIN)} "
            "µmol/L); it is probably already in mg/dL (or in mmol/L)"
        )
    if umol >= maximum:
        raise ImplausibleValueError(
            f"creatinine {umol:g} µmol/L is implausible (must be < "
            f"{_fmt(maximum)} µmol/L = {_fmt(CREATININE_MAX_MG_DL)} mg/dL)"
        )
    return umol / factor


# --------------------------------------------------------------------------- equations


def egfr_ckd_epi_2021(*, creatinine_mg_dl: float, age: float, sex: str) -> float:
    """CKD-EPI 2021 race-free creatinine equation.

    142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female], with
    κ = 0.7/0.9 mg/dL and α = −0.241/−0.302 (female/male).

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable).
        age: Age in years; validated from 18 years.
        sex: ``"female"`` or ``"male"``.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, or ``sex`` is invalid.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL (probably µmol/L) or < 0.01 mg/dL, or
            age > 130.
        OutOfDomainError: Age below 18 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    if not (
        (type(age) is float and age >= 18.0 and age <= 130.0)
        or (type(age) is int and age >= 18 and age <= 130)
    ):
        age = _age(age, _CKD_EPI_2021_CR)
    if sex == "male":
        ratio = scr / CKD_EPI_2021_CR_KAPPA_MALE
        alpha = CKD_EPI_2021_CR_ALPHA_MALE
        constant = _C21_M
    elif sex == "female":
        ratio = scr / CKD_EPI_2021_CR_KAPPA_FEMALE
        alpha = CKD_EPI_2021_CR_ALPHA_FEMALE
        constant = _C21_F
    else:
        raise _sex_error(sex)
    egfr: float
    if ratio < 1.0:
        egfr = constant * ratio**alpha * CKD_EPI_2021_CR_AGE_BASE**age
    else:
        egfr = constant * ratio**CKD_EPI_2021_CR_UPPER_EXPONENT * CKD_EPI_2021_CR_AGE_BASE**age
    return egfr


def egfr_ckd_epi_2021_cr_cys(
    *, creatinine_mg_dl: float, cystatin_c_mg_l: float, age: float, sex: str
) -> float:
    """CKD-EPI 2021 race-free creatinine–cystatin C equation.

    135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 ×
    max(Scys/0.8, 1)^−0.778 × 0.9961^age × 0.963 [female], with κ = 0.7/0.9 mg/dL and
    α = −0.219/−0.144 (female/male).

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable).
        cystatin_c_mg_l: Serum cystatin C, mg/L (standardised).
        age: Age in years; validated from 18 years.
        sex: ``"female"`` or ``"male"``.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, or ``sex`` is invalid.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL, cystatin C > 15 mg/L,
            or age > 130.
        OutOfDomainError: Age below 18 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    scys = cystatin_c_mg_l
    if not ((type(scys) is float or type(scys) is int) and scys > 0.0 and scys <= 15.0):
        scys = _cystatin(scys)
    if not (
        (type(age) is float and age >= 18.0 and age <= 130.0)
        or (type(age) is int and age >= 18 and age <= 130)
    ):
        age = _age(age, _CKD_EPI_2021_CR_CYS)
    if sex == "male":
        ratio = scr / CKD_EPI_2021_CR_CYS_KAPPA_MALE
        alpha = CKD_EPI_2021_CR_CYS_ALPHA_MALE
        constant = _CC21_M
    elif sex == "female":
        ratio = scr / CKD_EPI_2021_CR_CYS_KAPPA_FEMALE
        alpha = CKD_EPI_2021_CR_CYS_ALPHA_FEMALE
        constant = _CC21_F
    else:
        raise _sex_error(sex)
    cr_term = ratio**alpha if ratio < 1.0 else ratio**CKD_EPI_2021_CR_CYS_CR_UPPER_EXPONENT
    cys_ratio = scys / CKD_EPI_2021_CR_CYS_CYS_KAPPA
    cys_term = (
        cys_ratio**CKD_EPI_2021_CR_CYS_CYS_LOWER_EXPONENT
        if cys_ratio < 1.0
        else cys_ratio**CKD_EPI_2021_CR_CYS_CYS_UPPER_EXPONENT
    )
    egfr: float = constant * cr_term * cys_term * CKD_EPI_2021_CR_CYS_AGE_BASE**age
    return egfr


def egfr_ckd_epi_2009(*, creatinine_mg_dl: float, age: float, sex: str, is_black: bool) -> float:
    """CKD-EPI 2009 creatinine equation (legacy, with the race coefficient).

    141 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.209 × 0.993^age × 1.018 [female] ×
    1.159 [Black], with κ = 0.7/0.9 mg/dL and α = −0.329/−0.411 (female/male).

    This equation is superseded by `egfr_ckd_epi_2021`, which removed the race
    coefficient. It is provided only to reproduce eGFR values of legacy trials and cohorts
    that were computed with it; ``is_black`` has no default so the choice is explicit.

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable).
        age: Age in years; validated from 18 years.
        sex: ``"female"`` or ``"male"``.
        is_black: Whether to apply the legacy 1.159 race coefficient (a ``bool``).

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, ``sex`` is invalid,
            or ``is_black`` is not a ``bool``.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL, or age > 130.
        OutOfDomainError: Age below 18 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    if not (
        (type(age) is float and age >= 18.0 and age <= 130.0)
        or (type(age) is int and age >= 18 and age <= 130)
    ):
        age = _age(age, _CKD_EPI_2009_CR)
    if sex == "male":
        ratio = scr / CKD_EPI_2009_CR_KAPPA_MALE
        alpha = CKD_EPI_2009_CR_ALPHA_MALE
        constant = _C09_M
    elif sex == "female":
        ratio = scr / CKD_EPI_2009_CR_KAPPA_FEMALE
        alpha = CKD_EPI_2009_CR_ALPHA_FEMALE
        constant = _C09_F
    else:
        raise _sex_error(sex)
    if is_black is True:
        constant *= CKD_EPI_2009_CR_BLACK_FACTOR
    elif is_black is not False:
        raise _is_black_error(is_black)
    egfr: float
    if ratio < 1.0:
        egfr = constant * ratio**alpha * CKD_EPI_2009_CR_AGE_BASE**age
    else:
        egfr = constant * ratio**CKD_EPI_2009_CR_UPPER_EXPONENT * CKD_EPI_2009_CR_AGE_BASE**age
    return egfr


def egfr_mdrd_idms(*, creatinine_mg_dl: float, age: float, sex: str, is_black: bool) -> float:
    """MDRD Study 4-variable equation for IDMS-traceable creatinine (legacy).

    175 × Scr^−1.154 × age^−0.203 × 0.742 [female] × 1.212 [Black].

    Superseded by the CKD-EPI equations; provided to reproduce eGFR values of legacy
    registries and laboratory reports. ``is_black`` has no default so the choice is explicit.

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable).
        age: Age in years; validated from 18 years.
        sex: ``"female"`` or ``"male"``.
        is_black: Whether to apply the legacy 1.212 race coefficient (a ``bool``).

    Returns:
        eGFR in mL/min/1.73 m² (values above 60 are known to be biased low; returned as is).

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, ``sex`` is invalid,
            or ``is_black`` is not a ``bool``.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL, or age > 130.
        OutOfDomainError: Age below 18 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    if not (
        (type(age) is float and age >= 18.0 and age <= 130.0)
        or (type(age) is int and age >= 18 and age <= 130)
    ):
        age = _age(age, _MDRD_IDMS)
    if sex == "male":
        constant = _MDRD_M
    elif sex == "female":
        constant = _MDRD_F
    else:
        raise _sex_error(sex)
    if is_black is True:
        constant *= MDRD_BLACK_FACTOR
    elif is_black is not False:
        raise _is_black_error(is_black)
    egfr: float = constant * scr**MDRD_CREATININE_EXPONENT * age**MDRD_AGE_EXPONENT
    return egfr


def egfr_ckd_epi_2012_cys(*, cystatin_c_mg_l: float, age: float, sex: str) -> float:
    """CKD-EPI 2012 cystatin C equation.

    133 × min(Scys/0.8, 1)^−0.499 × max(Scys/0.8, 1)^−1.328 × 0.996^age × 0.932 [female].
    The age base 0.996 follows the NKF page and the 2012 paper; some restatements print
    0.9962.

    Args:
        cystatin_c_mg_l: Serum cystatin C, mg/L (standardised).
        age: Age in years; validated from 18 years.
        sex: ``"female"`` or ``"male"``.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, or ``sex`` is invalid.
        ImplausibleValueError: Cystatin C > 15 mg/L, or age > 130.
        OutOfDomainError: Age below 18 years.
    """
    scys = cystatin_c_mg_l
    if not ((type(scys) is float or type(scys) is int) and scys > 0.0 and scys <= 15.0):
        scys = _cystatin(scys)
    if not (
        (type(age) is float and age >= 18.0 and age <= 130.0)
        or (type(age) is int and age >= 18 and age <= 130)
    ):
        age = _age(age, _CKD_EPI_2012_CYS)
    if sex == "male":
        constant = _C12_M
    elif sex == "female":
        constant = _C12_F
    else:
        raise _sex_error(sex)
    ratio = scys / CKD_EPI_2012_CYS_KAPPA
    egfr: float
    if ratio < 1.0:
        egfr = constant * ratio**CKD_EPI_2012_CYS_LOWER_EXPONENT * CKD_EPI_2012_CYS_AGE_BASE**age
    else:
        egfr = constant * ratio**CKD_EPI_2012_CYS_UPPER_EXPONENT * CKD_EPI_2012_CYS_AGE_BASE**age
    return egfr


def egfr_schwartz_bedside_2009(
    *, creatinine_mg_dl: float, height_cm: float, age: float | None = None
) -> float:
    """Bedside Schwartz 2009 equation for children: 0.413 × height(cm) / Scr(mg/dL).

    Age is not part of the formula. When ``age`` is given it is checked against the
    validated range, 1–18 years inclusive; when it is ``None`` no age check is made and
    the caller is responsible for applying the equation to children only.

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable, enzymatic).
        height_cm: Height in centimetres.
        age: Optional age in years, used only for the range check.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number or is ≤ 0.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL, or height outside
            20–250 cm (below 3 is reported as probably metres).
        OutOfDomainError: ``age`` given and outside 1–18 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    height = height_cm
    if not ((type(height) is float or type(height) is int) and height >= 20.0 and height <= 250.0):
        height = _height(height)
    if age is not None and not (
        (type(age) is float and age >= 1.0 and age <= 18.0)
        or (type(age) is int and age >= 1 and age <= 18)
    ):
        _age(age, _SCHWARTZ_BEDSIDE_2009)
    return SCHWARTZ_BEDSIDE_2009_K * height / scr


def egfr_ckid_u25_2021(*, creatinine_mg_dl: float, height_cm: float, age: float, sex: str) -> float:
    """CKiD U25 2021 creatinine equation: K × height(m) / Scr(mg/dL).

    K depends on sex and age: males 39.0 × 1.008^(age−12) below 12 years,
    39.0 × 1.045^(age−12) from 12 to below 18, and 50.8 from 18; females
    36.1 × 1.008^(age−12), 36.1 × 1.023^(age−12) and 41.4. The cystatin C form of CKiD U25
    is not implemented.

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable, enzymatic).
        height_cm: Height in centimetres (converted to metres by the function).
        age: Age in years; validated for 1–25 years inclusive.
        sex: ``"female"`` or ``"male"``.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, or ``sex`` is invalid.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL, or height outside
            20–250 cm (below 3 is reported as probably metres).
        OutOfDomainError: Age outside 1–25 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    height = height_cm
    if not ((type(height) is float or type(height) is int) and height >= 20.0 and height <= 250.0):
        height = _height(height)
    if not (
        (type(age) is float and age >= 1.0 and age <= 25.0)
        or (type(age) is int and age >= 1 and age <= 25)
    ):
        age = _age(age, _CKID_U25_2021_CR)
    k: float
    if sex == "male":
        if age < CKID_U25_PIVOT_AGE:
            k = CKID_U25_K_MALE * CKID_U25_CHILD_BASE_MALE ** (age - CKID_U25_PIVOT_AGE)
        elif age < CKID_U25_ADULT_AGE:
            k = CKID_U25_K_MALE * CKID_U25_ADOLESCENT_BASE_MALE ** (age - CKID_U25_PIVOT_AGE)
        else:
            k = CKID_U25_ADULT_K_MALE
    elif sex == "female":
        if age < CKID_U25_PIVOT_AGE:
            k = CKID_U25_K_FEMALE * CKID_U25_CHILD_BASE_FEMALE ** (age - CKID_U25_PIVOT_AGE)
        elif age < CKID_U25_ADULT_AGE:
            k = CKID_U25_K_FEMALE * CKID_U25_ADOLESCENT_BASE_FEMALE ** (age - CKID_U25_PIVOT_AGE)
        else:
            k = CKID_U25_ADULT_K_FEMALE
    else:
        raise _sex_error(sex)
    return k * (height / _CM_PER_M) / scr


def _ekfc_child_q_mg_dl(age: float, coefficients: tuple[float, ...]) -> float:
    """Paediatric EKFC Q in mg/dL from the ln-Q polynomial (Q in µmol/L)."""
    c0, c1, c2, c3, c4 = coefficients
    ln_q = c0 + c1 * age + c2 * math.log(age) + c3 * age * age + c4 * age * age * age
    return math.exp(ln_q) / CREATININE_MOLAR_MASS_UMOL_L_PER_MG_DL


def egfr_ekfc_2021(*, creatinine_mg_dl: float, age: float, sex: str) -> float:
    """EKFC 2021 full-age-spectrum creatinine equation.

    107.3 × (Scr/Q)^α × 0.990^(age−40) [only if age > 40], α = −0.322 if Scr/Q < 1 else
    −1.132. Q is 0.70/0.90 mg/dL (female/male) above 25 years; from 2 to 25 years it comes
    from the published sex-specific polynomial in age (ln Q, Q in µmol/L).

    Args:
        creatinine_mg_dl: Serum creatinine, mg/dL (IDMS-traceable).
        age: Age in years; validated for 2–120 years inclusive.
        sex: ``"female"`` or ``"male"``.

    Returns:
        eGFR in mL/min/1.73 m².

    Raises:
        InputError: An argument is not a finite real number, is ≤ 0, or ``sex`` is invalid.
        ImplausibleValueError: Creatinine ≥ 30 mg/dL or < 0.01 mg/dL.
        OutOfDomainError: Age outside 2–120 years.
    """
    scr = creatinine_mg_dl
    if not ((type(scr) is float or type(scr) is int) and scr >= 0.01 and scr < 30.0):
        scr = _creatinine(scr)
    if not (
        (type(age) is float and age >= 2.0 and age <= 120.0)
        or (type(age) is int and age >= 2 and age <= 120)
    ):
        age = _age(age, _EKFC_2021)
    if sex == "male":
        if age > EKFC_Q_POLYNOMIAL_MAX_AGE:
            q = EKFC_Q_ADULT_MALE_MG_DL
        else:
            q = _ekfc_child_q_mg_dl(age, EKFC_LN_Q_MALE)
    elif sex == "female":
        if age > EKFC_Q_POLYNOMIAL_MAX_AGE:
            q = EKFC_Q_ADULT_FEMALE_MG_DL
        else:
            q = _ekfc_child_q_mg_dl(age, EKFC_LN_Q_FEMALE)
    else:
        raise _sex_error(sex)
    ratio = scr / q
    result: float
    if ratio < 1.0:
        result = EKFC_CONSTANT * ratio**EKFC_LOWER_EXPONENT
    else:
        result = EKFC_CONSTANT * ratio**EKFC_UPPER_EXPONENT
    if age > EKFC_AGE_PIVOT:
        result *= EKFC_AGE_BASE ** (age - EKFC_AGE_PIVOT)
    return result


__all__ = [
    "EQUATIONS",
    "EquationInfo",
    "creatinine_umol_l_to_mg_dl",
    "egfr_ckd_epi_2009",
    "egfr_ckd_epi_2012_cys",
    "egfr_ckd_epi_2021",
    "egfr_ckd_epi_2021_cr_cys",
    "egfr_ckid_u25_2021",
    "egfr_ekfc_2021",
    "egfr_mdrd_idms",
    "egfr_schwartz_bedside_2009",
]
