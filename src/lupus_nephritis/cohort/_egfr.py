"""The eGFR equations of `lupus_nephritis.egfr` as polars expressions.

Each builder reproduces its scalar function operation by operation, in the same order and
with the same float constants (imported from `lupus_nephritis.egfr`, never restated), so
the frame and the scalar path compute the same IEEE-754 doubles where the platform's ``pow``,
``log`` and ``exp`` are the ones Python uses (the equivalence tests check this). The validation
of the scalar functions is reproduced too: instead of raising, a row gets a reason code
(``invalid-input``, ``implausible``, ``out-of-domain``, ``missing-input``) and a null eGFR.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import polars as pl

from lupus_nephritis import egfr as E  # noqa: N812 - short name for the constants module

INVALID = "invalid-input"
IMPLAUSIBLE = "implausible"
OUT_OF_DOMAIN = "out-of-domain"
MISSING = "missing-input"


@attrs.frozen
class EgfrInputs:
    """Column expressions an equation may read (floats in the scalar functions' units).

    Attributes:
        creatinine: Serum creatinine, mg/dL.
        age: Age in years.
        sex: ``"female"`` / ``"male"``.
        cystatin_c: Cystatin C, mg/L.
        is_black: Legacy race flag (boolean).
        height: Height, cm.
    """

    creatinine: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Float64))
    age: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Float64))
    sex: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.String))
    cystatin_c: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Float64))
    is_black: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Boolean))
    height: pl.Expr = attrs.field(factory=lambda: pl.lit(None, dtype=pl.Float64))


Result = tuple[pl.Expr, pl.Expr]
"""``(egfr, reason)``: the value (null when not computed) and the reason it was not."""


def _lit(value: float) -> pl.Expr:
    return pl.lit(value, dtype=pl.Float64)


def true_div(numerator: pl.Expr, denominator: pl.Expr | float) -> pl.Expr:
    """IEEE division ``numerator / denominator``, also when the denominator is a constant.

    polars evaluates a division by a constant (a scalar or broadcast column) as a
    multiplication by its reciprocal, which can differ from true division in the last bit;
    adding ``numerator * 0.0`` (exactly zero for the finite values used here) makes the
    denominator a column, so polars divides exactly as Python does.
    """
    divisor = _lit(denominator) if isinstance(denominator, float) else denominator
    return numerator / (divisor + numerator * 0.0)


def _creatinine_error(scr: pl.Expr) -> pl.Expr:
    return (
        pl.when(scr <= 0.0)
        .then(pl.lit(INVALID))
        .when(scr >= E.CREATININE_MAX_MG_DL)
        .then(pl.lit(IMPLAUSIBLE))
        .when(scr < E.CREATININE_MIN_MG_DL)
        .then(pl.lit(IMPLAUSIBLE))
    )


def _cystatin_error(scys: pl.Expr) -> pl.Expr:
    return (
        pl.when(scys <= 0.0)
        .then(pl.lit(INVALID))
        .when(scys > E.CYSTATIN_C_MAX_MG_L)
        .then(pl.lit(IMPLAUSIBLE))
    )


def _height_error(height: pl.Expr) -> pl.Expr:
    return (
        pl.when(height <= 0.0)
        .then(pl.lit(INVALID))
        .when(height < E.HEIGHT_METRES_SUSPECT_BELOW)
        .then(pl.lit(IMPLAUSIBLE))
        .when((height < E.HEIGHT_MIN_CM) | (height > E.HEIGHT_MAX_CM))
        .then(pl.lit(IMPLAUSIBLE))
    )


def _age_error(age: pl.Expr, info: E.EquationInfo) -> pl.Expr:
    out_of_range = age < info.min_age
    if info.max_age is not None:
        out_of_range = out_of_range | (age > info.max_age)
    return (
        pl.when(age < 0.0)
        .then(pl.lit(INVALID))
        .when(out_of_range)
        .then(pl.lit(OUT_OF_DOMAIN))
        .when(age > E.AGE_MAX_PLAUSIBLE)
        .then(pl.lit(IMPLAUSIBLE))
    )


def _sex_error(sex: pl.Expr) -> pl.Expr:
    return pl.when(~sex.is_in(["female", "male"])).then(pl.lit(INVALID))


def _first_error(*checks: tuple[pl.Expr, pl.Expr]) -> pl.Expr:
    """The first failing check (in the scalar function's order); missing inputs first."""
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    for value, error in reversed(checks):
        reason = (
            pl.when(value.is_null()).then(pl.lit(MISSING)).otherwise(pl.coalesce(error, reason))
        )
    return reason


def _by_sex(sex: pl.Expr, male: float, female: float) -> pl.Expr:
    return pl.when(sex == "male").then(_lit(male)).otherwise(_lit(female))


def _result(value: pl.Expr, reason: pl.Expr) -> Result:
    return pl.when(reason.is_null()).then(value), reason


def ckd_epi_2021_cr(i: EgfrInputs) -> Result:
    """CKD-EPI 2021 creatinine (see `lupus_nephritis.egfr.egfr_ckd_epi_2021`)."""
    info = E.EQUATIONS["ckd-epi-2021-cr"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
    )
    ratio = true_div(
        i.creatinine, _by_sex(i.sex, E.CKD_EPI_2021_CR_KAPPA_MALE, E.CKD_EPI_2021_CR_KAPPA_FEMALE)
    )
    alpha = _by_sex(i.sex, E.CKD_EPI_2021_CR_ALPHA_MALE, E.CKD_EPI_2021_CR_ALPHA_FEMALE)
    constant = _by_sex(i.sex, E._C21_M, E._C21_F)
    age_term = _lit(E.CKD_EPI_2021_CR_AGE_BASE).pow(i.age)
    value = (
        pl.when(ratio < 1.0)
        .then(constant * ratio.pow(alpha) * age_term)
        .otherwise(constant * ratio.pow(E.CKD_EPI_2021_CR_UPPER_EXPONENT) * age_term)
    )
    return _result(value, reason)


def ckd_epi_2021_cr_cys(i: EgfrInputs) -> Result:
    """CKD-EPI 2021 creatinine-cystatin C."""
    info = E.EQUATIONS["ckd-epi-2021-cr-cys"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.cystatin_c, _cystatin_error(i.cystatin_c)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
    )
    ratio = true_div(
        i.creatinine,
        _by_sex(i.sex, E.CKD_EPI_2021_CR_CYS_KAPPA_MALE, E.CKD_EPI_2021_CR_CYS_KAPPA_FEMALE),
    )
    alpha = _by_sex(i.sex, E.CKD_EPI_2021_CR_CYS_ALPHA_MALE, E.CKD_EPI_2021_CR_CYS_ALPHA_FEMALE)
    constant = _by_sex(i.sex, E._CC21_M, E._CC21_F)
    cr_term = (
        pl.when(ratio < 1.0)
        .then(ratio.pow(alpha))
        .otherwise(ratio.pow(E.CKD_EPI_2021_CR_CYS_CR_UPPER_EXPONENT))
    )
    cys_ratio = true_div(i.cystatin_c, E.CKD_EPI_2021_CR_CYS_CYS_KAPPA)
    cys_term = (
        pl.when(cys_ratio < 1.0)
        .then(cys_ratio.pow(E.CKD_EPI_2021_CR_CYS_CYS_LOWER_EXPONENT))
        .otherwise(cys_ratio.pow(E.CKD_EPI_2021_CR_CYS_CYS_UPPER_EXPONENT))
    )
    value = constant * cr_term * cys_term * _lit(E.CKD_EPI_2021_CR_CYS_AGE_BASE).pow(i.age)
    return _result(value, reason)


def ckd_epi_2009_cr(i: EgfrInputs) -> Result:
    """CKD-EPI 2009 creatinine (legacy race coefficient from ``is_black``)."""
    info = E.EQUATIONS["ckd-epi-2009-cr"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
        (i.is_black, pl.lit(None, dtype=pl.String)),
    )
    ratio = true_div(
        i.creatinine, _by_sex(i.sex, E.CKD_EPI_2009_CR_KAPPA_MALE, E.CKD_EPI_2009_CR_KAPPA_FEMALE)
    )
    alpha = _by_sex(i.sex, E.CKD_EPI_2009_CR_ALPHA_MALE, E.CKD_EPI_2009_CR_ALPHA_FEMALE)
    plain = _by_sex(i.sex, E._C09_M, E._C09_F)
    black = _by_sex(
        i.sex,
        E._C09_M * E.CKD_EPI_2009_CR_BLACK_FACTOR,
        E._C09_F * E.CKD_EPI_2009_CR_BLACK_FACTOR,
    )
    constant = pl.when(i.is_black).then(black).otherwise(plain)
    age_term = _lit(E.CKD_EPI_2009_CR_AGE_BASE).pow(i.age)
    value = (
        pl.when(ratio < 1.0)
        .then(constant * ratio.pow(alpha) * age_term)
        .otherwise(constant * ratio.pow(E.CKD_EPI_2009_CR_UPPER_EXPONENT) * age_term)
    )
    return _result(value, reason)


def mdrd_idms(i: EgfrInputs) -> Result:
    """MDRD Study IDMS-traceable (legacy race coefficient from ``is_black``)."""
    info = E.EQUATIONS["mdrd-idms"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
        (i.is_black, pl.lit(None, dtype=pl.String)),
    )
    plain = _by_sex(i.sex, E._MDRD_M, E._MDRD_F)
    black = _by_sex(i.sex, E._MDRD_M * E.MDRD_BLACK_FACTOR, E._MDRD_F * E.MDRD_BLACK_FACTOR)
    constant = pl.when(i.is_black).then(black).otherwise(plain)
    value = constant * i.creatinine.pow(E.MDRD_CREATININE_EXPONENT) * i.age.pow(E.MDRD_AGE_EXPONENT)
    return _result(value, reason)


def ckd_epi_2012_cys(i: EgfrInputs) -> Result:
    """CKD-EPI 2012 cystatin C."""
    info = E.EQUATIONS["ckd-epi-2012-cys"]
    reason = _first_error(
        (i.cystatin_c, _cystatin_error(i.cystatin_c)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
    )
    constant = _by_sex(i.sex, E._C12_M, E._C12_F)
    ratio = true_div(i.cystatin_c, E.CKD_EPI_2012_CYS_KAPPA)
    age_term = _lit(E.CKD_EPI_2012_CYS_AGE_BASE).pow(i.age)
    value = (
        pl.when(ratio < 1.0)
        .then(constant * ratio.pow(E.CKD_EPI_2012_CYS_LOWER_EXPONENT) * age_term)
        .otherwise(constant * ratio.pow(E.CKD_EPI_2012_CYS_UPPER_EXPONENT) * age_term)
    )
    return _result(value, reason)


def schwartz_bedside_2009(i: EgfrInputs) -> Result:
    """Bedside Schwartz 2009 (age optional: checked only when present)."""
    info = E.EQUATIONS["schwartz-bedside-2009"]
    age_check = pl.when(i.age.is_not_null()).then(_age_error(i.age, info))
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.height, _height_error(i.height)),
        (pl.lit(0.0), age_check),
    )
    value = true_div(_lit(E.SCHWARTZ_BEDSIDE_2009_K) * i.height, i.creatinine)
    return _result(value, reason)


def ckid_u25_2021_cr(i: EgfrInputs) -> Result:
    """CKiD U25 2021 creatinine."""
    info = E.EQUATIONS["ckid-u25-2021-cr"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.height, _height_error(i.height)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
    )
    offset = i.age - E.CKID_U25_PIVOT_AGE
    male = (
        pl.when(i.age < E.CKID_U25_PIVOT_AGE)
        .then(_lit(E.CKID_U25_K_MALE) * _lit(E.CKID_U25_CHILD_BASE_MALE).pow(offset))
        .when(i.age < E.CKID_U25_ADULT_AGE)
        .then(_lit(E.CKID_U25_K_MALE) * _lit(E.CKID_U25_ADOLESCENT_BASE_MALE).pow(offset))
        .otherwise(_lit(E.CKID_U25_ADULT_K_MALE))
    )
    female = (
        pl.when(i.age < E.CKID_U25_PIVOT_AGE)
        .then(_lit(E.CKID_U25_K_FEMALE) * _lit(E.CKID_U25_CHILD_BASE_FEMALE).pow(offset))
        .when(i.age < E.CKID_U25_ADULT_AGE)
        .then(_lit(E.CKID_U25_K_FEMALE) * _lit(E.CKID_U25_ADOLESCENT_BASE_FEMALE).pow(offset))
        .otherwise(_lit(E.CKID_U25_ADULT_K_FEMALE))
    )
    k = pl.when(i.sex == "male").then(male).otherwise(female)
    value = true_div(k * true_div(i.height, E._CM_PER_M), i.creatinine)
    return _result(value, reason)


def _ekfc_child_q(age: pl.Expr, c: tuple[float, ...]) -> pl.Expr:
    c0, c1, c2, c3, c4 = (_lit(v) for v in c)
    ln_q = c0 + c1 * age + c2 * age.log() + c3 * age * age + c4 * age * age * age
    return true_div(ln_q.exp(), E.CREATININE_MOLAR_MASS_UMOL_L_PER_MG_DL)


def ekfc_2021(i: EgfrInputs) -> Result:
    """EKFC 2021 creatinine."""
    info = E.EQUATIONS["ekfc-2021"]
    reason = _first_error(
        (i.creatinine, _creatinine_error(i.creatinine)),
        (i.age, _age_error(i.age, info)),
        (i.sex, _sex_error(i.sex)),
    )
    adult = i.age > E.EKFC_Q_POLYNOMIAL_MAX_AGE
    q = (
        pl.when(i.sex == "male")
        .then(
            pl.when(adult)
            .then(_lit(E.EKFC_Q_ADULT_MALE_MG_DL))
            .otherwise(_ekfc_child_q(i.age, E.EKFC_LN_Q_MALE))
        )
        .otherwise(
            pl.when(adult)
            .then(_lit(E.EKFC_Q_ADULT_FEMALE_MG_DL))
            .otherwise(_ekfc_child_q(i.age, E.EKFC_LN_Q_FEMALE))
        )
    )
    ratio = true_div(i.creatinine, q)
    base = (
        pl.when(ratio < 1.0)
        .then(_lit(E.EKFC_CONSTANT) * ratio.pow(E.EKFC_LOWER_EXPONENT))
        .otherwise(_lit(E.EKFC_CONSTANT) * ratio.pow(E.EKFC_UPPER_EXPONENT))
    )
    value = (
        pl.when(i.age > E.EKFC_AGE_PIVOT)
        .then(base * _lit(E.EKFC_AGE_BASE).pow(i.age - E.EKFC_AGE_PIVOT))
        .otherwise(base)
    )
    return _result(value, reason)


#: Equation id -> expression builder (every equation of `lupus_nephritis.egfr.EQUATIONS`).
BUILDERS: dict[str, Callable[[EgfrInputs], Result]] = {
    "ckd-epi-2021-cr": ckd_epi_2021_cr,
    "ckd-epi-2021-cr-cys": ckd_epi_2021_cr_cys,
    "ckd-epi-2009-cr": ckd_epi_2009_cr,
    "mdrd-idms": mdrd_idms,
    "ckd-epi-2012-cys": ckd_epi_2012_cys,
    "schwartz-bedside-2009": schwartz_bedside_2009,
    "ckid-u25-2021-cr": ckid_u25_2021_cr,
    "ekfc-2021": ekfc_2021,
}

#: Which inputs each equation reads (for missing-input reporting and the derive_egfr face).
INPUTS: dict[str, tuple[str, ...]] = {
    "ckd-epi-2021-cr": ("creatinine", "age", "sex"),
    "ckd-epi-2021-cr-cys": ("creatinine", "cystatin_c", "age", "sex"),
    "ckd-epi-2009-cr": ("creatinine", "age", "sex", "is_black"),
    "mdrd-idms": ("creatinine", "age", "sex", "is_black"),
    "ckd-epi-2012-cys": ("cystatin_c", "age", "sex"),
    "schwartz-bedside-2009": ("creatinine", "height"),
    "ckid-u25-2021-cr": ("creatinine", "height", "age", "sex"),
    "ekfc-2021": ("creatinine", "age", "sex"),
}

__all__ = ["BUILDERS", "INPUTS", "EgfrInputs", "Result", "true_div"]
