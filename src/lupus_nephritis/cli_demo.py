"""Demo lines for the eGFR equations (used by ``lupus-nephritis demo``)."""

from __future__ import annotations

from lupus_nephritis import egfr


def demo_lines() -> list[str]:
    """A 50-year-old man and woman with creatinine 1.1 mg/dL under the adult equations."""
    lines = []
    for sex in ("male", "female"):
        cr2021 = egfr.egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex=sex)
        cr2009 = egfr.egfr_ckd_epi_2009(creatinine_mg_dl=1.1, age=50, sex=sex, is_black=False)
        ekfc = egfr.egfr_ekfc_2021(creatinine_mg_dl=1.1, age=50, sex=sex)
        lines.append(
            f"{sex}, 50 y, creatinine 1.1 mg/dL: CKD-EPI 2021 {cr2021:.1f}; "
            f"CKD-EPI 2009 {cr2009:.1f}; EKFC {ekfc:.1f} mL/min/1.73 m2"
        )
    child = egfr.egfr_schwartz_bedside_2009(creatinine_mg_dl=0.4, height_cm=100)
    lines.append(
        f"child, 100 cm, creatinine 0.4 mg/dL: bedside Schwartz {child:.2f} mL/min/1.73 m2"
    )
    return lines
