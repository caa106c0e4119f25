"""Tests of lupus_nephritis.egfr.

The reference functions below are independent literal transcriptions of the published
formulas (numbers typed from the project's reference notes, with min()/max() as printed),
so a typo in a module constant or a slip in the library's branch form shows up as a
mismatch. No test is timed: hypothesis deadlines are disabled.
"""

from __future__ import annotations

import enum
import inspect
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lupus_nephritis import egfr
from lupus_nephritis.egfr import (
    EQUATIONS,
    EquationInfo,
    creatinine_umol_l_to_mg_dl,
    egfr_ckd_epi_2009,
    egfr_ckd_epi_2012_cys,
    egfr_ckd_epi_2021,
    egfr_ckd_epi_2021_cr_cys,
    egfr_ckid_u25_2021,
    egfr_ekfc_2021,
    egfr_mdrd_idms,
    egfr_schwartz_bedside_2009,
)
from lupus_nephritis.errors import (
    ImplausibleValueError,
    InputError,
    LupusNephritisError,
    OutOfDomainError,
)
from lupus_nephritis.sources import SOURCES

NO_DEADLINE = settings(deadline=None)

# --------------------------------------------------------------------------- references

#: creatinine: 10 000 / molar mass 113.12 g/mol = 88.4017 umol/L per mg/dL (EKFC's Q, and the
#: "molar-mass" conversion)
UMOL_PER_MG_DL = 10000 / 113.12
#: the default conversion of measured creatinine: 1 mg/dL = 88.4 umol/L
CONVENTIONAL_UMOL_PER_MG_DL = 88.4


def ref_ckd_epi_2021(scr: float, age: float, female: bool) -> float:
    k = 0.7 if female else 0.9
    a = -0.241 if female else -0.302
    return float(
        142
        * min(scr / k, 1) ** a
        * max(scr / k, 1) ** -1.200
        * 0.9938**age
        * (1.012 if female else 1.0)
    )


def ref_ckd_epi_2021_cr_cys(scr: float, scys: float, age: float, female: bool) -> float:
    k = 0.7 if female else 0.9
    a = -0.219 if female else -0.144
    return float(
        135
        * min(scr / k, 1) ** a
        * max(scr / k, 1) ** -0.544
        * min(scys / 0.8, 1) ** -0.323
        * max(scys / 0.8, 1) ** -0.778
        * 0.9961**age
        * (0.963 if female else 1.0)
    )


def ref_ckd_epi_2009(scr: float, age: float, female: bool, black: bool) -> float:
    k = 0.7 if female else 0.9
    a = -0.329 if female else -0.411
    return float(
        141
        * min(scr / k, 1) ** a
        * max(scr / k, 1) ** -1.209
        * 0.993**age
        * (1.018 if female else 1.0)
        * (1.159 if black else 1.0)
    )


def ref_mdrd_idms(scr: float, age: float, female: bool, black: bool) -> float:
    return float(
        175 * scr**-1.154 * age**-0.203 * (0.742 if female else 1.0) * (1.212 if black else 1.0)
    )


def ref_ckd_epi_2012_cys(scys: float, age: float, female: bool) -> float:
    return float(
        133
        * min(scys / 0.8, 1) ** -0.499
        * max(scys / 0.8, 1) ** -1.328
        * 0.996**age
        * (0.932 if female else 1.0)
    )


def ref_ckid_k(age: float, female: bool) -> float:
    if female:
        if age < 12:
            return float(36.1 * 1.008 ** (age - 12))
        if age < 18:
            return float(36.1 * 1.023 ** (age - 12))
        return 41.4
    if age < 12:
        return float(39.0 * 1.008 ** (age - 12))
    if age < 18:
        return float(39.0 * 1.045 ** (age - 12))
    return 50.8


def ref_ekfc_q_mg_dl(age: float, female: bool) -> float:
    if age > 25:
        return 0.70 if female else 0.90
    if female:
        ln_q = 3.080 + 0.177 * age - 0.223 * math.log(age) - 0.00596 * age**2 + 0.0000686 * age**3
    else:
        ln_q = 3.200 + 0.259 * age - 0.543 * math.log(age) - 0.00763 * age**2 + 0.0000790 * age**3
    return math.exp(ln_q) / UMOL_PER_MG_DL


def ref_ekfc(scr: float, age: float, female: bool) -> float:
    ratio = scr / ref_ekfc_q_mg_dl(age, female)
    alpha = -0.322 if ratio < 1 else -1.132
    return float(107.3 * ratio**alpha * (0.990 ** (age - 40) if age > 40 else 1.0))


# --------------------------------------------------------------------------- call adapters

CallFn = Callable[..., float]

#: equation id -> (function, valid keyword arguments)
BASE: dict[str, tuple[CallFn, dict[str, Any]]] = {
    "ckd-epi-2021-cr": (egfr_ckd_epi_2021, {"creatinine_mg_dl": 1.0, "age": 50.0, "sex": "male"}),
    "ckd-epi-2021-cr-cys": (
        egfr_ckd_epi_2021_cr_cys,
        {"creatinine_mg_dl": 1.0, "cystatin_c_mg_l": 1.0, "age": 50.0, "sex": "male"},
    ),
    "ckd-epi-2009-cr": (
        egfr_ckd_epi_2009,
        {"creatinine_mg_dl": 1.0, "age": 50.0, "sex": "male", "is_black": False},
    ),
    "mdrd-idms": (
        egfr_mdrd_idms,
        {"creatinine_mg_dl": 1.0, "age": 50.0, "sex": "male", "is_black": False},
    ),
    "ckd-epi-2012-cys": (
        egfr_ckd_epi_2012_cys,
        {"cystatin_c_mg_l": 1.0, "age": 50.0, "sex": "male"},
    ),
    "schwartz-bedside-2009": (
        egfr_schwartz_bedside_2009,
        {"creatinine_mg_dl": 0.5, "height_cm": 120.0, "age": 8.0},
    ),
    "ckid-u25-2021-cr": (
        egfr_ckid_u25_2021,
        {"creatinine_mg_dl": 0.6, "height_cm": 140.0, "age": 10.0, "sex": "male"},
    ),
    "ekfc-2021": (egfr_ekfc_2021, {"creatinine_mg_dl": 1.0, "age": 50.0, "sex": "male"}),
}

ALL_IDS = list(BASE)
CREATININE_IDS = [i for i, (_, kw) in BASE.items() if "creatinine_mg_dl" in kw]
CYSTATIN_IDS = [i for i, (_, kw) in BASE.items() if "cystatin_c_mg_l" in kw]
HEIGHT_IDS = [i for i, (_, kw) in BASE.items() if "height_cm" in kw]
SEX_IDS = [i for i, (_, kw) in BASE.items() if "sex" in kw]
ADULT_IDS = [
    "ckd-epi-2021-cr",
    "ckd-epi-2021-cr-cys",
    "ckd-epi-2009-cr",
    "mdrd-idms",
    "ckd-epi-2012-cys",
]


def call(eq_id: str, **override: Any) -> float:
    fn, kwargs = BASE[eq_id]
    return fn(**{**kwargs, **override})


def numeric_params(eq_id: str) -> list[str]:
    return [k for k in BASE[eq_id][1] if k not in ("sex", "is_black")]


class Sex(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"


# --------------------------------------------------------------------------- published vectors


def test_ckd_epi_2021_male_50_scr_1_1() -> None:
    value = egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex="male")
    assert value == pytest.approx(81.78, abs=0.01)
    assert round(value) == 82


@pytest.mark.parametrize(
    ("umol", "sex", "expected", "rounded"),
    [
        (200, "male", 30.40, 30),
        (200, "female", 22.75, 23),
        (100, "male", 69.83, 70),
        (100, "female", 52.27, 52),
    ],
)
def test_ckd_epi_2021_age_70_si_vectors(umol: int, sex: str, expected: float, rounded: int) -> None:
    scr = creatinine_umol_l_to_mg_dl(umol)
    value = egfr_ckd_epi_2021(creatinine_mg_dl=scr, age=70, sex=sex)
    assert value == pytest.approx(expected, abs=0.01)
    assert round(value) == rounded


def test_ckd_epi_2009_male_53_scr_111_umol() -> None:
    scr = creatinine_umol_l_to_mg_dl(111)
    value = egfr_ckd_epi_2009(creatinine_mg_dl=scr, age=53, sex="male", is_black=False)
    assert value == pytest.approx(64.96, abs=0.01)
    assert round(value) == 65


def test_schwartz_bedside_100_cm_scr_0_4() -> None:
    value = egfr_schwartz_bedside_2009(creatinine_mg_dl=0.4, height_cm=100)
    assert value == pytest.approx(103.25, abs=0.01)


# --------------------------------------------------------------------------- CKD-EPI knots


@pytest.mark.parametrize(
    ("scr", "published", "decimals"),
    # third-party worked examples (R package tabletools, calculate_egfr_mdrd), male, 50 years
    [(0.6, 142.6, 1), (1.0, 79, 0), (2.0, 35.5, 1)],
)
def test_mdrd_idms_male_50_published_vectors(scr: float, published: float, decimals: int) -> None:
    value = egfr_mdrd_idms(creatinine_mg_dl=scr, age=50, sex="male", is_black=False)
    assert round(value, decimals) == published
    assert value == pytest.approx(ref_mdrd_idms(scr, 50, False, False), rel=1e-14)


def test_mdrd_idms_mdcalc_vectors_from_the_admiral_test_suite() -> None:
    # pharmaverse/admiral tests (expected values from the MDCalc MDRD calculator)
    male = egfr_mdrd_idms(creatinine_mg_dl=1.09, age=55, sex="male", is_black=False)
    assert round(male, 1) == 70.2
    scr = creatinine_umol_l_to_mg_dl(85)
    female_black = egfr_mdrd_idms(creatinine_mg_dl=scr, age=65, sex="female", is_black=True)
    assert round(female_black, 1) == 70.6


def test_mdrd_idms_at_creatinine_1_and_age_1_is_the_constant() -> None:
    # Scr = 1 mg/dL and age 1 would give exactly 175; at the adult floor age 18:
    at_18 = egfr_mdrd_idms(creatinine_mg_dl=1.0, age=18, sex="male", is_black=False)
    assert at_18 == pytest.approx(175 * 18**-0.203, rel=1e-15)


def test_mdrd_idms_female_and_race_factors() -> None:
    kwargs: dict[str, Any] = {"creatinine_mg_dl": 1.3, "age": 62}
    male = egfr_mdrd_idms(**kwargs, sex="male", is_black=False)
    female = egfr_mdrd_idms(**kwargs, sex="female", is_black=False)
    black_female = egfr_mdrd_idms(**kwargs, sex="female", is_black=True)
    assert female / male == pytest.approx(0.742, rel=1e-15)
    assert black_female / female == pytest.approx(1.212, rel=1e-15)


def test_mdrd_idms_is_black_is_required_without_default() -> None:
    parameter = inspect.signature(egfr_mdrd_idms).parameters["is_black"]
    assert parameter.default is inspect.Parameter.empty
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize(
    ("age", "outcome"), [(17.999, "out"), (18, "ok"), (18.0, "ok"), (130, "ok"), (130.001, "bad")]
)
def test_mdrd_idms_age_domain_at_its_bounds(age: float, outcome: str) -> None:
    kwargs: dict[str, Any] = {"creatinine_mg_dl": 1.0, "age": age, "sex": "male", "is_black": False}
    if outcome == "ok":
        assert egfr_mdrd_idms(**kwargs) > 0
    elif outcome == "out":
        with pytest.raises(OutOfDomainError, match=r"MDRD.*>= 18 years"):
            egfr_mdrd_idms(**kwargs)
    else:
        with pytest.raises(ImplausibleValueError, match="age"):
            egfr_mdrd_idms(**kwargs)


def test_mdrd_idms_is_registered_as_an_equation_rule_set() -> None:
    from lupus_nephritis.registry import get_rule_set

    rule_set = get_rule_set("mdrd-idms")
    assert rule_set.kind.value == "equation"
    assert rule_set.source_ids == ("mdrd-idms-2007",)
    assert rule_set.evaluate is egfr_mdrd_idms
    assert rule_set.parameters.constant_idms_traceable_creatinine == "175"


@pytest.mark.parametrize(("sex", "kappa"), [("male", 0.9), ("female", 0.7)])
def test_ckd_epi_2021_at_kappa(sex: str, kappa: float) -> None:
    female_factor = 1.012 if sex == "female" else 1.0
    expected = 142 * 0.9938**40 * female_factor  # both min/max terms are 1 at Scr = kappa
    at = egfr_ckd_epi_2021(creatinine_mg_dl=kappa, age=40, sex=sex)
    assert at == pytest.approx(expected, rel=1e-12)
    below = egfr_ckd_epi_2021(creatinine_mg_dl=kappa - 0.01, age=40, sex=sex)
    above = egfr_ckd_epi_2021(creatinine_mg_dl=kappa + 0.01, age=40, sex=sex)
    assert below > at > above
    alpha = -0.241 if sex == "female" else -0.302
    assert below == pytest.approx(expected * ((kappa - 0.01) / kappa) ** alpha, rel=1e-12)
    assert above == pytest.approx(expected * ((kappa + 0.01) / kappa) ** -1.2, rel=1e-12)
    # continuity: both branches meet at kappa
    eps = 1e-9
    left = egfr_ckd_epi_2021(creatinine_mg_dl=kappa - eps, age=40, sex=sex)
    right = egfr_ckd_epi_2021(creatinine_mg_dl=kappa + eps, age=40, sex=sex)
    assert left == pytest.approx(at, rel=1e-7)
    assert right == pytest.approx(at, rel=1e-7)


@pytest.mark.parametrize(("sex", "kappa"), [("male", 0.9), ("female", 0.7)])
@pytest.mark.parametrize("black", [False, True])
def test_ckd_epi_2009_at_kappa(sex: str, kappa: float, black: bool) -> None:
    expected = 141 * 0.993**40 * (1.018 if sex == "female" else 1.0) * (1.159 if black else 1.0)
    at = egfr_ckd_epi_2009(creatinine_mg_dl=kappa, age=40, sex=sex, is_black=black)
    assert at == pytest.approx(expected, rel=1e-12)
    alpha = -0.329 if sex == "female" else -0.411
    below = egfr_ckd_epi_2009(creatinine_mg_dl=kappa - 0.01, age=40, sex=sex, is_black=black)
    above = egfr_ckd_epi_2009(creatinine_mg_dl=kappa + 0.01, age=40, sex=sex, is_black=black)
    assert below == pytest.approx(expected * ((kappa - 0.01) / kappa) ** alpha, rel=1e-12)
    assert above == pytest.approx(expected * ((kappa + 0.01) / kappa) ** -1.209, rel=1e-12)
    eps = 1e-9
    for scr in (kappa - eps, kappa + eps):
        value = egfr_ckd_epi_2009(creatinine_mg_dl=scr, age=40, sex=sex, is_black=black)
        assert value == pytest.approx(at, rel=1e-7)


@pytest.mark.parametrize(("sex", "kappa"), [("male", 0.9), ("female", 0.7)])
def test_ckd_epi_2021_cr_cys_at_both_knots(sex: str, kappa: float) -> None:
    expected = 135 * 0.9961**40 * (0.963 if sex == "female" else 1.0)

    def f(scr: float, scys: float) -> float:
        return egfr_ckd_epi_2021_cr_cys(creatinine_mg_dl=scr, cystatin_c_mg_l=scys, age=40, sex=sex)

    assert f(kappa, 0.8) == pytest.approx(expected, rel=1e-12)
    alpha = -0.219 if sex == "female" else -0.144
    assert f(kappa - 0.01, 0.8) == pytest.approx(
        expected * ((kappa - 0.01) / kappa) ** alpha, rel=1e-12
    )
    assert f(kappa + 0.01, 0.8) == pytest.approx(
        expected * ((kappa + 0.01) / kappa) ** -0.544, rel=1e-12
    )
    assert f(kappa, 0.79) == pytest.approx(expected * (0.79 / 0.8) ** -0.323, rel=1e-12)
    assert f(kappa, 0.81) == pytest.approx(expected * (0.81 / 0.8) ** -0.778, rel=1e-12)
    eps = 1e-9
    for scr, scys in (
        (kappa - eps, 0.8),
        (kappa + eps, 0.8),
        (kappa, 0.8 - eps),
        (kappa, 0.8 + eps),
    ):
        assert f(scr, scys) == pytest.approx(expected, rel=1e-7)


@pytest.mark.parametrize("sex", ["male", "female"])
def test_ckd_epi_2012_cys_at_knot(sex: str) -> None:
    expected = 133 * 0.996**40 * (0.932 if sex == "female" else 1.0)

    def f(scys: float) -> float:
        return egfr_ckd_epi_2012_cys(cystatin_c_mg_l=scys, age=40, sex=sex)

    assert f(0.8) == pytest.approx(expected, rel=1e-12)
    assert f(0.79) == pytest.approx(expected * (0.79 / 0.8) ** -0.499, rel=1e-12)
    assert f(0.81) == pytest.approx(expected * (0.81 / 0.8) ** -1.328, rel=1e-12)
    assert f(0.8 - 1e-9) == pytest.approx(expected, rel=1e-7)
    assert f(0.8 + 1e-9) == pytest.approx(expected, rel=1e-7)


def test_ckd_epi_2012_cys_uses_0_996_not_0_9962() -> None:
    value = egfr_ckd_epi_2012_cys(cystatin_c_mg_l=0.8, age=60, sex="male")
    assert value == pytest.approx(133 * 0.996**60, rel=1e-12)
    assert value != pytest.approx(133 * 0.9962**60, rel=1e-6)


def test_ckd_epi_2009_race_coefficient_is_1_159() -> None:
    kwargs: dict[str, Any] = {"creatinine_mg_dl": 1.3, "age": 61, "sex": "female"}
    black = egfr_ckd_epi_2009(**kwargs, is_black=True)
    other = egfr_ckd_epi_2009(**kwargs, is_black=False)
    assert black / other == pytest.approx(1.159, rel=1e-12)


def test_ckd_epi_2009_is_black_is_required_without_default() -> None:
    parameter = inspect.signature(egfr_ckd_epi_2009).parameters["is_black"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


def test_all_parameters_are_keyword_only() -> None:
    for fn, _ in BASE.values():
        for parameter in inspect.signature(fn).parameters.values():
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (fn.__name__, parameter)


# --------------------------------------------------------------------------- vs references

GRID_SCR = [0.2, 0.5, 0.69, 0.7, 0.71, 0.89, 0.9, 0.91, 1.1, 2.0, 5.5, 12.0, 29.9]
GRID_SCYS = [0.3, 0.79, 0.8, 0.81, 1.4, 3.0, 9.0]
GRID_ADULT_AGE = [18, 25.5, 40, 63.2, 90, 130]


@pytest.mark.parametrize("female", [False, True])
def test_creatinine_equations_match_references_on_grid(female: bool) -> None:
    sex = "female" if female else "male"
    for scr in GRID_SCR:
        for age in GRID_ADULT_AGE:
            assert egfr_ckd_epi_2021(creatinine_mg_dl=scr, age=age, sex=sex) == pytest.approx(
                ref_ckd_epi_2021(scr, age, female), rel=1e-12
            )
            for black in (False, True):
                value = egfr_ckd_epi_2009(creatinine_mg_dl=scr, age=age, sex=sex, is_black=black)
                assert value == pytest.approx(ref_ckd_epi_2009(scr, age, female, black), rel=1e-12)
                value = egfr_mdrd_idms(creatinine_mg_dl=scr, age=age, sex=sex, is_black=black)
                assert value == pytest.approx(ref_mdrd_idms(scr, age, female, black), rel=1e-12)
            if age <= 120:
                value = egfr_ekfc_2021(creatinine_mg_dl=scr, age=age, sex=sex)
                assert value == pytest.approx(ref_ekfc(scr, age, female), rel=1e-12)
            for scys in GRID_SCYS:
                value = egfr_ckd_epi_2021_cr_cys(
                    creatinine_mg_dl=scr, cystatin_c_mg_l=scys, age=age, sex=sex
                )
                assert value == pytest.approx(
                    ref_ckd_epi_2021_cr_cys(scr, scys, age, female), rel=1e-12
                )


@pytest.mark.parametrize("female", [False, True])
def test_cystatin_equation_matches_reference_on_grid(female: bool) -> None:
    sex = "female" if female else "male"
    for scys in GRID_SCYS:
        for age in GRID_ADULT_AGE:
            value = egfr_ckd_epi_2012_cys(cystatin_c_mg_l=scys, age=age, sex=sex)
            assert value == pytest.approx(ref_ckd_epi_2012_cys(scys, age, female), rel=1e-12)


@pytest.mark.parametrize("female", [False, True])
def test_paediatric_equations_match_references_on_grid(female: bool) -> None:
    sex = "female" if female else "male"
    for scr in (0.1, 0.3, 0.6, 1.0, 4.0):
        for height in (50.0, 100.0, 153.5, 190.0):
            for age in (1, 2, 5.5, 11.99, 12, 15, 17.99, 18, 22, 25):
                value = egfr_ckid_u25_2021(creatinine_mg_dl=scr, height_cm=height, age=age, sex=sex)
                expected = ref_ckid_k(age, female) * (height / 100) / scr
                assert value == pytest.approx(expected, rel=1e-12)
                if age >= 2:
                    value = egfr_ekfc_2021(creatinine_mg_dl=scr, age=age, sex=sex)
                    assert value == pytest.approx(ref_ekfc(scr, age, female), rel=1e-12)
            value = egfr_schwartz_bedside_2009(creatinine_mg_dl=scr, height_cm=height)
            assert value == pytest.approx(0.413 * height / scr, rel=1e-12)


# --------------------------------------------------------------------------- CKiD U25 K


def ckid_k(age: float, sex: str) -> float:
    # with height 100 cm (1 m) and Scr 1 mg/dL, eGFR equals K
    return egfr_ckid_u25_2021(creatinine_mg_dl=1.0, height_cm=100.0, age=age, sex=sex)


@pytest.mark.parametrize(
    ("sex", "k12", "k18", "k18_left", "k1"),
    [
        ("male", 39.0, 50.8, 39.0 * 1.045**6, 39.0 * 1.008**-11),
        ("female", 36.1, 41.4, 36.1 * 1.023**6, 36.1 * 1.008**-11),
    ],
)
def test_ckid_u25_k_at_knots(sex: str, k12: float, k18: float, k18_left: float, k1: float) -> None:
    assert ckid_k(12, sex) == pytest.approx(k12, rel=1e-12)
    assert ckid_k(12.0, sex) == pytest.approx(k12, rel=1e-12)
    assert ckid_k(12 - 1e-9, sex) == pytest.approx(k12, rel=1e-8)  # continuous at 12
    assert ckid_k(12 + 1e-9, sex) == pytest.approx(k12, rel=1e-8)
    assert ckid_k(18, sex) == pytest.approx(k18, rel=1e-12)
    assert ckid_k(25, sex) == pytest.approx(k18, rel=1e-12)
    assert ckid_k(18 - 1e-9, sex) == pytest.approx(k18_left, rel=1e-8)
    assert abs(k18_left - k18) < 0.05  # published end-points are rounded to 0.1
    assert ckid_k(1, sex) == pytest.approx(k1, rel=1e-12)


def test_ckid_u25_k_published_end_points() -> None:
    # reference notes: K rises from 35.7 (M) / 33.1 (F) at age 1
    assert round(ckid_k(1, "male"), 1) == 35.7
    assert round(ckid_k(1, "female"), 1) == 33.1


def test_ckid_u25_uses_height_in_metres() -> None:
    value = egfr_ckid_u25_2021(creatinine_mg_dl=0.5, height_cm=150.0, age=20, sex="male")
    assert value == pytest.approx(50.8 * 1.5 / 0.5, rel=1e-12)


# --------------------------------------------------------------------------- EKFC knots


@pytest.mark.parametrize(("sex", "q"), [("male", 0.90), ("female", 0.70)])
def test_ekfc_scr_over_q_knot(sex: str, q: float) -> None:
    assert egfr_ekfc_2021(creatinine_mg_dl=q, age=40, sex=sex) == pytest.approx(107.3, rel=1e-12)
    assert egfr_ekfc_2021(creatinine_mg_dl=q - 0.01, age=40, sex=sex) == pytest.approx(
        107.3 * ((q - 0.01) / q) ** -0.322, rel=1e-12
    )
    assert egfr_ekfc_2021(creatinine_mg_dl=q + 0.01, age=40, sex=sex) == pytest.approx(
        107.3 * ((q + 0.01) / q) ** -1.132, rel=1e-12
    )
    for scr in (q - 1e-9, q + 1e-9):
        assert egfr_ekfc_2021(creatinine_mg_dl=scr, age=40, sex=sex) == pytest.approx(
            107.3, rel=1e-7
        )


@pytest.mark.parametrize("sex", ["male", "female"])
def test_ekfc_age_40_knot(sex: str) -> None:
    at_40 = egfr_ekfc_2021(creatinine_mg_dl=1.2, age=40, sex=sex)
    assert egfr_ekfc_2021(creatinine_mg_dl=1.2, age=30, sex=sex) == at_40  # flat 25 < age <= 40
    assert egfr_ekfc_2021(creatinine_mg_dl=1.2, age=40 + 1e-9, sex=sex) == pytest.approx(
        at_40, rel=1e-9
    )
    assert egfr_ekfc_2021(creatinine_mg_dl=1.2, age=41, sex=sex) == pytest.approx(
        at_40 * 0.990, rel=1e-12
    )
    assert egfr_ekfc_2021(creatinine_mg_dl=1.2, age=40.5, sex=sex) == pytest.approx(
        at_40 * 0.990**0.5, rel=1e-12
    )
    assert egfr_ekfc_2021(creatinine_mg_dl=1.2, age=80, sex=sex) == pytest.approx(
        at_40 * 0.990**40, rel=1e-12
    )


@pytest.mark.parametrize(("sex", "q_umol_at_25"), [("male", 80.87), ("female", 62.44)])
def test_ekfc_child_q_polynomial_and_step_at_25(sex: str, q_umol_at_25: float) -> None:
    female = sex == "female"
    q25 = ref_ekfc_q_mg_dl(25, female)
    assert q25 * UMOL_PER_MG_DL == pytest.approx(q_umol_at_25, abs=0.01)
    # Scr = Q gives exactly the constant
    assert egfr_ekfc_2021(creatinine_mg_dl=q25, age=25, sex=sex) == pytest.approx(107.3, rel=1e-12)
    q10 = ref_ekfc_q_mg_dl(10, female)
    assert egfr_ekfc_2021(creatinine_mg_dl=q10, age=10, sex=sex) == pytest.approx(107.3, rel=1e-12)
    # small documented step between the polynomial at 25 and the adult Q just above 25
    at_25 = egfr_ekfc_2021(creatinine_mg_dl=1.0, age=25, sex=sex)
    above = egfr_ekfc_2021(creatinine_mg_dl=1.0, age=25.001, sex=sex)
    assert at_25 != above
    assert abs(at_25 - above) / at_25 < 0.03


# --------------------------------------------------------------------------- sex handling


@pytest.mark.parametrize("eq_id", SEX_IDS)
def test_str_enum_sex_is_accepted(eq_id: str) -> None:
    assert call(eq_id, sex=Sex.FEMALE) == call(eq_id, sex="female")
    assert call(eq_id, sex=Sex.MALE) == call(eq_id, sex="male")
    assert call(eq_id, sex="female") != call(eq_id, sex="male")


@pytest.mark.parametrize("eq_id", SEX_IDS)
@pytest.mark.parametrize("bad", ["Male", "FEMALE", "f", "m", "", "other", None, 1, True, b"male"])
def test_invalid_sex_raises_input_error(eq_id: str, bad: object) -> None:
    with pytest.raises(InputError, match="sex"):
        call(eq_id, sex=bad)


@pytest.mark.parametrize("eq_id", ["ckd-epi-2009-cr", "mdrd-idms"])
@pytest.mark.parametrize("bad", [1, 0, None, "yes", "True", 1.0])
def test_is_black_must_be_bool(eq_id: str, bad: object) -> None:
    with pytest.raises(InputError, match="is_black"):
        call(eq_id, is_black=bad)


# --------------------------------------------------------------------------- numeric validation

BAD_NUMBERS: list[tuple[object, type[Exception]]] = [
    (float("nan"), InputError),
    (float("inf"), InputError),
    (float("-inf"), InputError),
    (-1.0, InputError),
    (-1, InputError),
    (0, InputError),
    (0.0, InputError),
    (True, InputError),
    (False, InputError),
    ("1.0", InputError),
    (None, InputError),
    (10**400, InputError),
    ([1.0], InputError),
]


@pytest.mark.parametrize("eq_id", ALL_IDS)
@pytest.mark.parametrize(("bad", "error"), BAD_NUMBERS)
def test_every_numeric_argument_rejects_bad_values(
    eq_id: str, bad: object, error: type[Exception]
) -> None:
    for name in numeric_params(eq_id):
        if bad is None and eq_id == "schwartz-bedside-2009" and name == "age":
            continue  # age is optional there: None means "not given"
        with pytest.raises(error, match=name if name != "creatinine_mg_dl" else "creatinine"):
            call(eq_id, **{name: bad})


@pytest.mark.parametrize("eq_id", CREATININE_IDS)
def test_creatinine_bounds(eq_id: str) -> None:
    assert call(eq_id, creatinine_mg_dl=0.01) > 0
    assert call(eq_id, creatinine_mg_dl=29.999) > 0
    assert call(eq_id, creatinine_mg_dl=2) > 0  # int accepted
    with pytest.raises(ImplausibleValueError, match="µmol/L"):
        call(eq_id, creatinine_mg_dl=30.0)
    with pytest.raises(ImplausibleValueError, match="µmol/L"):
        call(eq_id, creatinine_mg_dl=30)
    with pytest.raises(ImplausibleValueError, match="below"):
        call(eq_id, creatinine_mg_dl=0.0099)
    with pytest.raises(InputError, match="> 0"):
        call(eq_id, creatinine_mg_dl=-0.5)


@pytest.mark.parametrize("eq_id", CREATININE_IDS)
def test_implausible_creatinine_message_suggests_umol(eq_id: str) -> None:
    with pytest.raises(ImplausibleValueError) as info:
        call(eq_id, creatinine_mg_dl=88)
    message = str(info.value)
    assert "88 mg/dL is almost surely µmol/L" in message
    assert "= 1.00 mg/dL" in message


@pytest.mark.parametrize("eq_id", CYSTATIN_IDS)
def test_cystatin_bounds(eq_id: str) -> None:
    assert call(eq_id, cystatin_c_mg_l=15.0) > 0
    assert call(eq_id, cystatin_c_mg_l=15) > 0
    assert call(eq_id, cystatin_c_mg_l=1e-6) > 0
    with pytest.raises(ImplausibleValueError, match="mg/L"):
        call(eq_id, cystatin_c_mg_l=15.01)
    with pytest.raises(ImplausibleValueError, match="mg/L"):
        call(eq_id, cystatin_c_mg_l=16)
    with pytest.raises(InputError, match="> 0"):
        call(eq_id, cystatin_c_mg_l=0.0)


@pytest.mark.parametrize("eq_id", HEIGHT_IDS)
def test_height_bounds(eq_id: str) -> None:
    for ok in (20.0, 20, 250.0, 250):
        assert call(eq_id, height_cm=ok) > 0
    for bad in (19.99, 19, 250.01, 251, 5.0):
        with pytest.raises(ImplausibleValueError, match="height_cm"):
            call(eq_id, height_cm=bad)
    with pytest.raises(ImplausibleValueError, match="metres"):
        call(eq_id, height_cm=1.2)
    with pytest.raises(InputError, match="> 0"):
        call(eq_id, height_cm=0.0)


# The age bounds in each function's fast path are literals; these tests pin them to the
# EquationInfo metadata, for float and int ages, at each bound and just beyond it.


@pytest.mark.parametrize("eq_id", ALL_IDS)
def test_age_range_matches_metadata(eq_id: str) -> None:
    info = EQUATIONS[eq_id]
    lo = info.min_age
    assert call(eq_id, age=lo) > 0
    assert call(eq_id, age=int(lo)) > 0
    for below in (lo - 0.001, int(lo) - 1, math.nextafter(lo, -math.inf)):
        with pytest.raises(OutOfDomainError, match=f"{lo:g}"):
            call(eq_id, age=below)
    hi = info.max_age
    if hi is None:
        assert call(eq_id, age=130.0) > 0
        assert call(eq_id, age=130) > 0
        for above in (130.001, 131, math.nextafter(130.0, math.inf)):
            with pytest.raises(ImplausibleValueError, match="130"):
                call(eq_id, age=above)
    else:
        assert call(eq_id, age=hi) > 0
        assert call(eq_id, age=int(hi)) > 0
        for above in (hi + 0.001, int(hi) + 1, math.nextafter(hi, math.inf)):
            with pytest.raises(OutOfDomainError, match=f"{hi:g}"):
                call(eq_id, age=above)


@pytest.mark.parametrize("eq_id", ALL_IDS)
def test_negative_age_is_input_error(eq_id: str) -> None:
    with pytest.raises(InputError, match="age"):
        call(eq_id, age=-1.0)


def test_expected_age_ranges() -> None:
    ranges = {eq_id: (info.min_age, info.max_age) for eq_id, info in EQUATIONS.items()}
    assert ranges == {
        "ckd-epi-2021-cr": (18.0, None),
        "ckd-epi-2021-cr-cys": (18.0, None),
        "ckd-epi-2009-cr": (18.0, None),
        "mdrd-idms": (18.0, None),
        "ckd-epi-2012-cys": (18.0, None),
        "schwartz-bedside-2009": (1.0, 18.0),
        "ckid-u25-2021-cr": (1.0, 25.0),
        "ekfc-2021": (2.0, 120.0),
    }


def test_schwartz_age_is_optional() -> None:
    without = egfr_schwartz_bedside_2009(creatinine_mg_dl=0.5, height_cm=120.0)
    with_age = egfr_schwartz_bedside_2009(creatinine_mg_dl=0.5, height_cm=120.0, age=8)
    assert without == with_age == pytest.approx(0.413 * 120 / 0.5)
    with pytest.raises(OutOfDomainError, match="1-18"):
        egfr_schwartz_bedside_2009(creatinine_mg_dl=0.5, height_cm=170.0, age=30)


def test_out_of_domain_message_names_range() -> None:
    with pytest.raises(OutOfDomainError, match=r"CKD-EPI 2021.*>= 18 years.*17"):
        egfr_ckd_epi_2021(creatinine_mg_dl=1.0, age=17, sex="male")
    with pytest.raises(OutOfDomainError, match=r"CKiD U25.*1-25 years"):
        egfr_ckid_u25_2021(creatinine_mg_dl=1.0, height_cm=170.0, age=26, sex="male")
    with pytest.raises(OutOfDomainError, match=r"EKFC.*2-120 years"):
        egfr_ekfc_2021(creatinine_mg_dl=1.0, age=1.5, sex="male")


# --------------------------------------------------------------------------- other numeric types


@pytest.mark.parametrize("eq_id", ALL_IDS)
def test_real_number_types_are_accepted_and_result_is_plain_float(eq_id: str) -> None:
    class MyFloat(float):
        pass

    expected = call(eq_id)
    for name in numeric_params(eq_id):
        value = BASE[eq_id][1][name]
        for converted in (MyFloat(value), Fraction(value)):
            result = call(eq_id, **{name: converted})
            assert type(result) is float
            assert result == pytest.approx(expected, rel=1e-12)


def test_decimal_is_rejected() -> None:
    from decimal import Decimal

    with pytest.raises(InputError, match="real number"):
        egfr_ckd_epi_2021(creatinine_mg_dl=Decimal("1.0"), age=50, sex="male")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- unit conversion


def test_creatinine_umol_l_to_mg_dl() -> None:
    # default: 1 mg/dL = 88.4 umol/L, so 176.8 umol/L is exactly 2.0 mg/dL
    assert creatinine_umol_l_to_mg_dl(88.4) == 1.0
    assert creatinine_umol_l_to_mg_dl(176.8) == 2.0
    assert creatinine_umol_l_to_mg_dl(884) == pytest.approx(10.0, rel=1e-15)
    from_fraction = creatinine_umol_l_to_mg_dl(Fraction(442, 5))  # type: ignore[arg-type]
    assert from_fraction == pytest.approx(1.0, rel=1e-15)
    assert egfr.CREATININE_UMOL_L_PER_MG_DL == CONVENTIONAL_UMOL_PER_MG_DL
    # the molar mass: 88.4017 umol/L per mg/dL
    molar = creatinine_umol_l_to_mg_dl(UMOL_PER_MG_DL, conversion="molar-mass")
    assert molar == pytest.approx(1.0, rel=1e-15)
    at_edge = creatinine_umol_l_to_mg_dl(176.8, conversion="molar-mass")
    assert at_edge == pytest.approx(1.9999616, rel=1e-12)
    assert at_edge < 2.0
    exact = 10_000 / egfr.CREATININE_MOLAR_MASS_G_MOL
    assert pytest.approx(exact, rel=1e-15) == egfr.CREATININE_MOLAR_MASS_UMOL_L_PER_MG_DL


def test_creatinine_umol_l_to_mg_dl_rejects_an_unknown_conversion() -> None:
    with pytest.raises(InputError, match="molar-mass"):
        creatinine_umol_l_to_mg_dl(88.4, conversion="exact")


def test_ckd_epi_2021_si_band_edge_differs_only_by_the_conversion() -> None:
    # 176.8 umol/L is 2.0 mg/dL under the default and 1.99996 mg/dL under the molar mass
    default = egfr_ckd_epi_2021(
        creatinine_mg_dl=creatinine_umol_l_to_mg_dl(176.8), age=50, sex="male"
    )
    assert default == egfr_ckd_epi_2021(creatinine_mg_dl=2.0, age=50, sex="male")
    molar = egfr_ckd_epi_2021(
        creatinine_mg_dl=creatinine_umol_l_to_mg_dl(176.8, conversion="molar-mass"),
        age=50,
        sex="male",
    )
    assert molar > default
    assert molar == pytest.approx(default, rel=1e-4)


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        (float("nan"), InputError, "finite"),
        (float("inf"), InputError, "finite"),
        (0, InputError, "> 0"),
        (-88.4, InputError, "> 0"),
        (True, InputError, "real number"),
        ("88.4", InputError, "real number"),
        (1.1, ImplausibleValueError, "mg/dL"),
        (4.99, ImplausibleValueError, "mg/dL"),
        (2652.0, ImplausibleValueError, "30 mg/dL"),
        (10**400, InputError, "finite float"),
    ],
)
def test_creatinine_umol_l_to_mg_dl_validation(
    bad: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        creatinine_umol_l_to_mg_dl(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("conversion", "factor"), [(None, CONVENTIONAL_UMOL_PER_MG_DL), ("molar-mass", UMOL_PER_MG_DL)]
)
def test_conversion_bounds_match_mg_dl_bounds(conversion: str | None, factor: float) -> None:
    assert creatinine_umol_l_to_mg_dl(5.0, conversion=conversion) == pytest.approx(5.0 / factor)
    top = math.nextafter(30.0 * factor, 0.0)
    scr = creatinine_umol_l_to_mg_dl(top, conversion=conversion)
    assert egfr_ckd_epi_2021(creatinine_mg_dl=scr, age=50, sex="male")
    with pytest.raises(ImplausibleValueError, match="30 mg/dL"):
        creatinine_umol_l_to_mg_dl(30.0 * factor, conversion=conversion)
    with pytest.raises(ImplausibleValueError):
        creatinine_umol_l_to_mg_dl(4.999, conversion=conversion)


# --------------------------------------------------------------------------- metadata


def test_equation_ids_and_functions() -> None:
    assert set(EQUATIONS) == set(BASE)
    for eq_id, info in EQUATIONS.items():
        assert isinstance(info, EquationInfo)
        assert info.id == eq_id
        assert getattr(egfr, info.function_name) is BASE[eq_id][0]
        assert info.function_name in egfr.__all__
        assert info.source_id in SOURCES
        assert info.title
        assert info.coefficients
        assert all(isinstance(n, str) and isinstance(v, str) for n, v in info.coefficients)


def test_equation_info_is_frozen() -> None:
    info = EQUATIONS["ckd-epi-2021-cr"]
    with pytest.raises(AttributeError):
        info.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        EQUATIONS["x"] = info  # type: ignore[index]


def test_source_ids_are_the_expected_ones() -> None:
    assert {info.source_id for info in EQUATIONS.values()} == {
        "ckd-epi-2021",
        "ckd-epi-2009",
        "mdrd-idms-2007",
        "ckd-epi-2012-cys",
        "schwartz-2009",
        "ckid-u25",
        "ekfc-2021",
    }


def _coefficient(eq_id: str, name: str) -> float:
    value = dict(EQUATIONS[eq_id].coefficients)[name]
    return float(value.split()[0])


@pytest.mark.parametrize(
    ("eq_id", "name", "expected"),
    [
        ("ckd-epi-2021-cr", "constant", 142),
        ("ckd-epi-2021-cr", "kappa female", 0.7),
        ("ckd-epi-2021-cr", "alpha male", -0.302),
        ("ckd-epi-2021-cr", "exponent of max(Scr/kappa, 1)", -1.2),
        ("ckd-epi-2021-cr", "age base (per year)", 0.9938),
        ("ckd-epi-2021-cr", "female factor", 1.012),
        ("ckd-epi-2021-cr-cys", "constant", 135),
        ("ckd-epi-2021-cr-cys", "alpha female", -0.219),
        ("ckd-epi-2021-cr-cys", "exponent of max(Scys/0.8, 1)", -0.778),
        ("ckd-epi-2021-cr-cys", "age base (per year)", 0.9961),
        ("ckd-epi-2009-cr", "constant", 141),
        ("ckd-epi-2009-cr", "alpha male", -0.411),
        ("ckd-epi-2009-cr", "Black race factor (legacy)", 1.159),
        ("ckd-epi-2012-cys", "age base (per year)", 0.996),
        ("ckd-epi-2012-cys", "exponent of max(Scys/0.8, 1)", -1.328),
        ("schwartz-bedside-2009", "k (height in cm, Scr in mg/dL)", 0.413),
        ("ckid-u25-2021-cr", "K male, age >= 18", 50.8),
        ("ckid-u25-2021-cr", "K female, age >= 18", 41.4),
        ("ekfc-2021", "constant", 107.3),
        ("ekfc-2021", "exponent when Scr/Q >= 1", -1.132),
        ("ekfc-2021", "Q male, age > 25", 0.9),
    ],
)
def test_coefficients_document_the_published_values(eq_id: str, name: str, expected: float) -> None:
    assert _coefficient(eq_id, name) == expected


def test_coefficients_are_generated_from_the_module_constants(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every documented number parses back to exactly a module constant
    constants = {
        value for name, value in vars(egfr).items() if name.isupper() and isinstance(value, float)
    }
    for name, value in vars(egfr).items():
        if name.isupper() and isinstance(value, tuple):
            constants.update(v for v in value if isinstance(v, float))
    for info in EQUATIONS.values():
        for _, text in info.coefficients:
            for token in text.replace("^(age-", " ").replace(")", " ").split():
                try:
                    number = float(token)
                except ValueError:
                    continue
                assert number in constants or -number in constants, (info.id, text)


def test_notes_record_known_ambiguities() -> None:
    assert any("0.9962" in note for note in EQUATIONS["ckd-epi-2012-cys"].notes)
    assert any("race" in note for note in EQUATIONS["ckd-epi-2009-cr"].notes)
    assert any("cystatin" in note for note in EQUATIONS["ckid-u25-2021-cr"].notes)
    assert egfr.__doc__ is not None
    assert "legacy" in egfr.__doc__


# --------------------------------------------------------------------------- properties

scr_st = st.floats(min_value=0.01, max_value=30.0, exclude_max=True)
scys_st = st.floats(min_value=0.01, max_value=15.0)
height_st = st.floats(min_value=20.0, max_value=250.0)
adult_age_st = st.floats(min_value=18.0, max_value=130.0)
sex_st = st.sampled_from(["female", "male"])


def _creatinine_call(eq_id: str, age: float, sex: str) -> Callable[[float], float]:
    def f(scr: float) -> float:
        return call(
            eq_id, creatinine_mg_dl=scr, age=age, **({"sex": sex} if eq_id in SEX_IDS else {})
        )

    return f


def _age_for(eq_id: str, fraction: float) -> float:
    info = EQUATIONS[eq_id]
    hi = info.max_age if info.max_age is not None else 130.0
    return info.min_age + fraction * (hi - info.min_age)


@NO_DEADLINE
@given(
    eq_id=st.sampled_from(CREATININE_IDS),
    a=scr_st,
    b=scr_st,
    age_fraction=st.floats(0.0, 1.0),
    sex=sex_st,
)
def test_egfr_strictly_decreases_as_creatinine_rises(
    eq_id: str, a: float, b: float, age_fraction: float, sex: str
) -> None:
    low, high = min(a, b), max(a, b)
    assume(high > low * (1 + 1e-9))
    f = _creatinine_call(eq_id, _age_for(eq_id, age_fraction), sex)
    assert f(low) > f(high)


@NO_DEADLINE
@given(
    eq_id=st.sampled_from(ADULT_IDS),
    a=adult_age_st,
    b=adult_age_st,
    sex=sex_st,
    scr=scr_st,
    scys=scys_st,
)
def test_adult_egfr_strictly_decreases_with_age(
    eq_id: str, a: float, b: float, sex: str, scr: float, scys: float
) -> None:
    young, old = min(a, b), max(a, b)
    assume(old - young > 1e-3)
    kwargs = {
        k: v
        for k, v in {"creatinine_mg_dl": scr, "cystatin_c_mg_l": scys}.items()
        if k in BASE[eq_id][1]
    }
    assert call(eq_id, age=young, sex=sex, **kwargs) > call(eq_id, age=old, sex=sex, **kwargs)


@NO_DEADLINE
@given(
    a=st.floats(min_value=25.001, max_value=120.0),
    b=st.floats(min_value=25.001, max_value=120.0),
    sex=sex_st,
    scr=scr_st,
)
def test_ekfc_adult_egfr_does_not_increase_with_age(
    a: float, b: float, sex: str, scr: float
) -> None:
    young, old = min(a, b), max(a, b)
    f_young = egfr_ekfc_2021(creatinine_mg_dl=scr, age=young, sex=sex)
    f_old = egfr_ekfc_2021(creatinine_mg_dl=scr, age=old, sex=sex)
    assert f_young >= f_old
    if old > 40 and old - max(young, 40) > 1e-3:
        assert f_young > f_old


@NO_DEADLINE
@given(
    eq_id=st.sampled_from(ALL_IDS),
    scr=scr_st,
    scys=scys_st,
    height=height_st,
    age_fraction=st.floats(0.0, 1.0),
    sex=sex_st,
    black=st.booleans(),
)
def test_finite_and_positive_over_the_valid_domain(
    eq_id: str,
    scr: float,
    scys: float,
    height: float,
    age_fraction: float,
    sex: str,
    black: bool,
) -> None:
    candidates = {
        "creatinine_mg_dl": scr,
        "cystatin_c_mg_l": scys,
        "height_cm": height,
        "age": _age_for(eq_id, age_fraction),
        "sex": sex,
        "is_black": black,
    }
    kwargs = {k: v for k, v in candidates.items() if k in BASE[eq_id][1]}
    value = call(eq_id, **kwargs)
    assert type(value) is float
    assert math.isfinite(value)
    assert value > 0


def outcome(fn: Callable[[], float]) -> float | LupusNephritisError:
    """The result of ``fn()``, or the package error it raised (anything else propagates)."""
    try:
        return fn()
    except LupusNephritisError as exc:
        return exc


def check_result_or_input_error(result: float | LupusNephritisError) -> None:
    if isinstance(result, LupusNephritisError):
        assert isinstance(result, InputError)  # every documented error is an InputError
        assert str(result)
    else:
        assert type(result) is float
        assert math.isfinite(result)
        assert result > 0


@NO_DEADLINE
@given(
    eq_id=st.sampled_from(ALL_IDS),
    scr=st.floats(allow_nan=True, allow_infinity=True),
    scys=st.floats(allow_nan=True, allow_infinity=True),
    height=st.floats(allow_nan=True, allow_infinity=True),
    age=st.floats(allow_nan=True, allow_infinity=True),
    sex=st.sampled_from(["female", "male", "x"]),
    black=st.booleans(),
)
def test_arbitrary_floats_give_a_result_or_a_documented_error(
    eq_id: str, scr: float, scys: float, height: float, age: float, sex: str, black: bool
) -> None:
    candidates = {
        "creatinine_mg_dl": scr,
        "cystatin_c_mg_l": scys,
        "height_cm": height,
        "age": age,
        "sex": sex,
        "is_black": black,
    }
    kwargs = {k: v for k, v in candidates.items() if k in BASE[eq_id][1]}
    check_result_or_input_error(outcome(lambda: call(eq_id, **kwargs)))


anything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.none(),
    st.text(max_size=5),
    st.fractions(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(["female", "male", Sex.FEMALE, Sex.MALE]),
)


@NO_DEADLINE
@given(eq_id=st.sampled_from(ALL_IDS), data=st.data())
def test_arbitrary_objects_raise_only_package_errors(eq_id: str, data: st.DataObject) -> None:
    kwargs = {name: data.draw(anything, label=name) for name in BASE[eq_id][1]}
    check_result_or_input_error(outcome(lambda: call(eq_id, **kwargs)))


@NO_DEADLINE
@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_conversion_gives_a_result_or_a_documented_error(value: float) -> None:
    result = outcome(lambda: creatinine_umol_l_to_mg_dl(value))
    check_result_or_input_error(result)
    if isinstance(result, float):
        assert 0.05 < result < 30.0
        assert result == pytest.approx(value / CONVENTIONAL_UMOL_PER_MG_DL, rel=1e-15)
