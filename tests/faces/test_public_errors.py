"""Bad input to any public function raises a documented error, nothing else.

Documented errors: the package's own ``LupusNephritisError`` hierarchy only (input-model
failures arrive as ``InputValidationError``, a library error that is also a pydantic
``ValidationError``). Never a bare pydantic error, ``TypeError``, ``KeyError``,
``ZeroDivisionError``, ``AttributeError`` or an arbitrary exception from deep inside.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lupus_nephritis as ln
from lupus_nephritis.errors import LupusNephritisError

DOCUMENTED = (LupusNephritisError,)

junk_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.dates().map(lambda d: d.isoformat()),
)
junk = st.recursive(
    junk_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "start_date",
                    "date",
                    "visits",
                    "baseline",
                    "upcr",
                    "egfr",
                    "value",
                    "unit",
                    "drugs",
                    "phase",
                    "glomeruli_total",
                    "specimen",
                    "x",
                ]
            ),
            children,
            max_size=4,
        ),
    ),
    max_leaves=8,
)

CALLS: dict[str, Callable[[Any], object]] = {
    "classify_renal_response": lambda x: ln.classify_renal_response(x),
    "compare_renal_response": lambda x: ln.compare_renal_response(x),
    "detect_renal_flares": lambda x: ln.detect_renal_flares(x),
    "assess_biopsy_indication": lambda x: ln.assess_biopsy_indication(x),
    "classify_isn_rps": lambda x: ln.classify_isn_rps(x),
    "compute_nih_activity_index": lambda x: ln.compute_nih_activity_index(x),
    "compute_nih_chronicity_index": lambda x: ln.compute_nih_chronicity_index(x),
    "check_regimen_eligibility": lambda x: ln.check_regimen_eligibility(x, x),
    "suggest_regimens": lambda x: ln.suggest_regimens(x),
    "voclosporin_dose_action": lambda x: ln.voclosporin_dose_action(x, x),
    "check_glucocorticoid_taper": lambda x: ln.check_glucocorticoid_taper(x, at=x),
    "check_glucocorticoid_exposure": lambda x: ln.check_glucocorticoid_exposure(x),
    "check_treatment_duration": lambda x: ln.check_treatment_duration(x),
    "egfr_ckd_epi_2021": lambda x: ln.egfr_ckd_epi_2021(creatinine_mg_dl=x, age=x, sex=x),
    "prednisone_equivalent": lambda x: ln.prednisone_equivalent(x, x),
    "get_rule_set": lambda x: ln.get_rule_set(x),
    "convert": lambda x: ln.convert(x, x, x, quantity=x),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=60)
@given(value=junk)
def test_public_function_raises_only_documented_errors(name: str, value: Any) -> None:
    try:
        CALLS[name](value)
    except DOCUMENTED:
        return


def _public_functions() -> list[str]:
    return sorted(
        name
        for name in ln.__all__
        if name != "__version__" and inspect.isfunction(getattr(ln, name))
    )


@pytest.mark.parametrize("name", _public_functions())
@settings(max_examples=25)
@given(value=junk)
def test_every_public_function_given_junk_raises_only_documented_errors(
    name: str, value: Any
) -> None:
    function = getattr(ln, name)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.default is not parameter.empty or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        if parameter.kind is parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    try:
        function(*args, **kwargs)
    except DOCUMENTED:
        return


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: ln.all_of(None), ln.InputError),
        (lambda: ln.all_of([ln.Outcome.MET, True]), ln.InputError),
        (lambda: ln.any_of([ln.Outcome.NOT_MET, "met"]), ln.InputError),
        (lambda: ln.negate(None), ln.InputError),
        (lambda: ln.percent_reduction({}, 1), ln.InputError),
        (lambda: ln.percent_of("80", "x"), ln.InputError),
        (lambda: ln.percent_change(float("nan"), 1), ln.InputError),
        (lambda: ln.explain_decision({"verdict": "complete"}), ln.InputError),
        (lambda: ln.get_source(["kdigo-2024-ln"]), ln.LupusNephritisError),
        (lambda: ln.prednisone_equivalent(10, "prednisolone", table=[]), ln.OptionError),
        (lambda: ln.get_rule_set("kdigo-2024").option("no-such-option"), ln.OptionError),
    ],
)
def test_public_helpers_reject_bad_input_with_package_errors(
    call: Callable[[], object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        call()


def test_percentages_of_plain_numbers_are_exact() -> None:
    # floats are read through their shortest decimal, so 68 of 80 is exactly 85 %
    # (binary floats would give 19.999999999999986 % and 80.00000000000001 %)
    assert ln.percent_of(80.0, 68.0) == 85
    assert ln.percent_reduction(0.7, 0.56) == 20
    assert ln.percent_of(0.7, 0.56) == 80
    assert ln.percent_change("80", "68") == -15
