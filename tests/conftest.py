"""Shared pytest configuration: hypothesis profiles.

The default profile keeps CI fast and deterministic (derandomised). Run the slow, thorough
profile separately: ``HYPOTHESIS_PROFILE=slow pytest``; the long fuzz of every public callable
with ``HYPOTHESIS_PROFILE=fuzz pytest tests/faces/test_fuzz_public.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "slow",
    deadline=None,
    max_examples=2000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=3000,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
