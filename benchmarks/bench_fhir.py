"""Per-call cost of the FHIR and CDS Hooks faces relative to validating the same course as JSON.

Plain ``timeit`` script. The reference, ``TreatmentCourse.model_validate (dict)``, validates
the course that ``examples/fhir/ln-patient-bundle.json`` describes, written by hand as a dict.
The library rows read the bundle (``read_fhir``), build the course, and render the order-sign
cards of ``examples/cds/order-sign-request.json`` without HTTP (``order_cards``: reading the
prefetch, the patient context, two eligibility rule sets and the cards).

Run ``python benchmarks/bench_fhir.py`` or call :func:`run` for
``(name, microseconds_per_call, ratio_to_reference)`` rows.
"""

from __future__ import annotations

import json
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import lupus_nephritis  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lupus_nephritis.cds.service import ORDER_SIGN, ServiceConfig, order_cards
from lupus_nephritis.fhir import read_fhir
from lupus_nephritis.models import TreatmentCourse

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5
BUNDLE = json.loads((ROOT / "examples" / "fhir" / "ln-patient-bundle.json").read_text())
REQUEST = json.loads((ROOT / "examples" / "cds" / "order-sign-request.json").read_text())
COURSE = read_fhir(BUNDLE).to_course().model_dump(mode="json")


def _per_call(function: Callable[[], Any], number: int) -> float:
    return min(timeit.repeat(function, number=number, repeat=REPEAT)) / number * 1e6


def run() -> list[tuple[str, float, float]]:
    """Rows ``(name, microseconds per call, ratio to the JSON validation)``."""
    config = ServiceConfig()
    resources = list(REQUEST["prefetch"].values())
    reference = _per_call(lambda: TreatmentCourse.model_validate(COURSE), 200)
    rows = [("TreatmentCourse.model_validate (dict)", reference, 1.0)]
    for name, function, number in (
        ("read_fhir (example bundle, 20 resources)", lambda: read_fhir(BUNDLE), 100),
        ("read_fhir + to_course", lambda: read_fhir(BUNDLE).to_course(), 100),
        (
            "order_cards (order-sign example, 2 rule sets)",
            lambda: order_cards(REQUEST, resources, config, ORDER_SIGN),
            20,
        ),
    ):
        value = _per_call(function, number)
        rows.append((name, value, value / reference))
    return rows


if __name__ == "__main__":
    for label, value, ratio in run():
        print(f"{label:48} {value:12.2f} {ratio:8.2f}x")
