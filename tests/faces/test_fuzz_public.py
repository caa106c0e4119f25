"""Fuzz every public callable: junk in any argument raises only documented errors.

Every name in ``lupus_nephritis.__all__`` that can be called (functions, constructors of
public classes, and the parsers ``Decision.from_dict`` / ``from_json``, ``Criterion.from_dict``
and the input models' ``model_validate`` / ``model_validate_json``) is called with each
required argument drawn independently from a mix of junk (wrong types, NaN, huge numbers,
nested containers) and plausible values (registered ids, units, quantities, a valid course), so
that calls get past the first check. The only exceptions allowed are the library's own
(``LupusNephritisError``), and ``ValueError`` from an enum looked up by a value it does not
have (the enum's own contract). Error classes are raised and caught, not called, so they are
not fuzzed.

The normal suite runs a few examples per callable. The long fuzz profile runs thousands:

    HYPOTHESIS_PROFILE=fuzz pytest tests/faces/test_fuzz_public.py
"""

from __future__ import annotations

import enum
import inspect
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import lupus_nephritis as ln
from lupus_nephritis.errors import LupusNephritisError

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
EXAMPLES = 12 if PROFILE == "default" else settings().max_examples

COURSE = {
    "start_date": "2024-01-01",
    "baseline": {"date": "2024-01-01", "upcr": "3 g/g", "egfr": "80 mL/min/{1.73_m2}"},
    "visits": [{"date": "2024-12-30", "upcr": "0.4 g/g", "egfr": "82 mL/min/{1.73_m2}"}],
}

junk_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.text(max_size=12),
    st.binary(max_size=4),
    st.dates(),
    st.sampled_from([object(), type, print, Ellipsis, frozenset({1}), 1j]),
)
plausible = st.sampled_from(
    [
        "kdigo-2024",
        "aurora-1",
        "us-labels",
        "kdigo-2024-gc-reduced",
        "ckd-epi-2021-cr",
        "g/g",
        "mg/mmol",
        "umol/L",
        "upcr",
        "creatinine",
        "prednisolone",
        "voclosporin",
        "female",
        "2024-06-01",
        "0.5",
        52,
        Decimal("45"),
        COURSE,
        {"drugs": ["mmf", "voclosporin", "gc"]},
        {"egfr": "42 mL/min/{1.73_m2}"},
        {"value": "0.8", "unit": "g/g"},
        ["kdigo-2024", "eular-2012"],
    ]
)
junk = st.recursive(
    st.one_of(junk_scalars, plausible),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), children, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ["start_date", "date", "visits", "baseline", "upcr", "egfr", "value", "unit"]
            ),
            children,
            max_size=4,
        ),
    ),
    max_leaves=6,
)


def _public() -> dict[str, Callable[..., Any]]:
    calls: dict[str, Callable[..., Any]] = {}
    for name in ln.__all__:
        if name == "__version__":
            continue
        value = getattr(ln, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            continue  # error classes are raised by the library and caught, not called
        if inspect.isclass(value) and issubclass(value, BaseModel):
            calls[f"{name}.model_validate"] = value.model_validate
            calls[f"{name}.model_validate_json"] = value.model_validate_json
            calls[name] = value
        elif callable(value):
            calls[name] = value
    calls["Decision.from_dict"] = ln.Decision.from_dict
    calls["Decision.from_json"] = ln.Decision.from_json
    calls["Criterion.from_dict"] = ln.Criterion.from_dict
    return calls


CALLS = _public()


def _documented(call: Callable[..., Any], error: BaseException) -> bool:
    if isinstance(error, LupusNephritisError):
        return True
    # an enum given a bad value says so with ValueError (the enum's own contract)
    return inspect.isclass(call) and issubclass(call, enum.Enum) and type(error) is ValueError


def _parameters(call: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(call)
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"
    ]


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_fuzz_public_callable(name: str, data: st.DataObject) -> None:
    call = CALLS[name]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if inspect.isclass(call) and issubclass(call, enum.Enum):
        # look-up by value (the functional API that builds new enums is not ours)
        parameters: list[inspect.Parameter] = []
        args.append(data.draw(junk, label="value"))
    else:
        parameters = _parameters(call)
    for parameter in parameters:
        optional = parameter.default is not parameter.empty
        if optional and not data.draw(st.booleans(), label=f"give {parameter.name}"):
            continue
        value = data.draw(junk, label=parameter.name)
        if parameter.kind is parameter.KEYWORD_ONLY or optional:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    try:
        call(*args, **kwargs)
    except Exception as error:
        if not _documented(call, error):
            raise
