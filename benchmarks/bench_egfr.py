"""Per-call cost of the eGFR functions relative to a bare CKD-EPI 2021 function.

Plain ``timeit`` script (no extra dependencies). The reference, ``bare_ckd_epi_2021``, is
a hand-written CKD-EPI 2021 creatinine function with *no validation*, called positionally,
whose arithmetic is identical to the library's (same branch form, same pre-multiplied
female constant), so the ratio measures only what the library adds: keyword-only calling
and input validation. A second hand-written variant, written literally from the published
formula with ``min()``/``max()``, is listed for context (it is about 3x slower than the
reference), and so is a keyword-only wrapper of the reference, which shows how much of the
ratio is the keyword-only calling convention rather than validation.

Run ``python benchmarks/bench_egfr.py`` to print the table, or call :func:`run` to get
``(name, ns_per_call, ratio_to_bare)`` rows. The target is a ratio of at most 1.5 for the
library's CKD-EPI 2021.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

try:
    from lupus_nephritis import egfr
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from lupus_nephritis import egfr

REPEAT = 5
NUMBER = 100_000
ROUNDS = 5  # interleaved rounds; the best of all REPEAT x ROUNDS timings is kept


def bare_ckd_epi_2021(scr: float, age: float, sex: str) -> float:
    """CKD-EPI 2021 creatinine, no validation, same arithmetic as the library."""
    if sex == "male":
        ratio = scr / 0.9
        alpha = -0.302
        constant = 142.0
    else:
        ratio = scr / 0.7
        alpha = -0.241
        constant = 142.0 * 1.012
    egfr_value: float
    if ratio < 1.0:
        egfr_value = constant * ratio**alpha * 0.9938**age
    else:
        egfr_value = constant * ratio**-1.2 * 0.9938**age
    return egfr_value


def bare_ckd_epi_2021_kw(*, creatinine_mg_dl: float, age: float, sex: str) -> float:
    """The reference body behind the library's keyword-only signature (isolates call cost)."""
    if sex == "male":
        ratio = creatinine_mg_dl / 0.9
        alpha = -0.302
        constant = 142.0
    else:
        ratio = creatinine_mg_dl / 0.7
        alpha = -0.241
        constant = 142.0 * 1.012
    egfr_value: float
    if ratio < 1.0:
        egfr_value = constant * ratio**alpha * 0.9938**age
    else:
        egfr_value = constant * ratio**-1.2 * 0.9938**age
    return egfr_value


def bare_ckd_epi_2021_minmax(scr: float, age: float, sex: str) -> float:
    """CKD-EPI 2021 creatinine transcribed literally from the published formula."""
    female = sex == "female"
    kappa = 0.7 if female else 0.9
    alpha = -0.241 if female else -0.302
    ratio = scr / kappa
    value: float = (142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938**age) * (
        1.012 if female else 1.0
    )
    return value


# name -> statement; every statement is timed with the same globals.
CASES: dict[str, str] = {
    "bare_ckd_epi_2021 (reference)": "bare(1.1, 50.0, 'male')",
    "bare_ckd_epi_2021 (keyword-only, no validation)": (
        "bare_kw(creatinine_mg_dl=1.1, age=50.0, sex='male')"
    ),
    "bare_ckd_epi_2021_minmax": "bare_minmax(1.1, 50.0, 'male')",
    "egfr_ckd_epi_2021": "egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50.0, sex='male')",
    "egfr_ckd_epi_2021 (int age, female)": (
        "egfr_ckd_epi_2021(creatinine_mg_dl=0.8, age=50, sex='female')"
    ),
    "egfr_ckd_epi_2021_cr_cys": (
        "egfr_ckd_epi_2021_cr_cys(creatinine_mg_dl=1.1, cystatin_c_mg_l=1.0, age=50.0, sex='male')"
    ),
    "egfr_ckd_epi_2009": (
        "egfr_ckd_epi_2009(creatinine_mg_dl=1.1, age=50.0, sex='male', is_black=False)"
    ),
    "egfr_ckd_epi_2012_cys": "egfr_ckd_epi_2012_cys(cystatin_c_mg_l=1.0, age=50.0, sex='male')",
    "egfr_schwartz_bedside_2009": (
        "egfr_schwartz_bedside_2009(creatinine_mg_dl=0.5, height_cm=120.0)"
    ),
    "egfr_ckid_u25_2021": (
        "egfr_ckid_u25_2021(creatinine_mg_dl=0.6, height_cm=140.0, age=10.0, sex='male')"
    ),
    "egfr_ekfc_2021 (adult)": "egfr_ekfc_2021(creatinine_mg_dl=1.1, age=50.0, sex='male')",
    "egfr_ekfc_2021 (child, Q polynomial)": (
        "egfr_ekfc_2021(creatinine_mg_dl=0.5, age=10.0, sex='female')"
    ),
    "creatinine_umol_l_to_mg_dl": "creatinine_umol_l_to_mg_dl(97.0)",
}

REFERENCE = "bare_ckd_epi_2021 (reference)"


def run() -> list[tuple[str, float, float]]:
    """Time every case and return ``(name, ns_per_call, ratio_to_reference)`` rows."""
    # Every callable is a plain global name in the timing namespace (no attribute lookup).
    namespace: dict[str, object] = {name: getattr(egfr, name) for name in egfr.__all__}
    namespace["bare"] = bare_ckd_epi_2021
    namespace["bare_minmax"] = bare_ckd_epi_2021_minmax
    namespace["bare_kw"] = bare_ckd_epi_2021_kw
    best = dict.fromkeys(CASES, float("inf"))
    for _ in range(ROUNDS):  # interleave cases so drifting machine load hits all alike
        for name, stmt in CASES.items():
            timings = timeit.repeat(stmt, globals=namespace, number=NUMBER, repeat=REPEAT)
            best[name] = min(best[name], min(timings) / NUMBER * 1e9)
    reference = best[REFERENCE]
    return [(name, ns, ns / reference) for name, ns in best.items()]


def _print_table(rows: list[tuple[str, float, float]]) -> None:
    width = max(len(name) for name, _, _ in rows)
    print(f"{'function':<{width}}  {'ns/call':>8}  {'ratio':>6}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 6}")
    for name, ns, ratio in rows:
        print(f"{name:<{width}}  {ns:8.1f}  {ratio:6.2f}")


if __name__ == "__main__":
    _print_table(run())
