from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest

import lupus_nephritis
from lupus_nephritis import registry
from lupus_nephritis.errors import LupusNephritisError, UnknownRuleSetError
from lupus_nephritis.registry import (
    RuleKind,
    RuleSet,
    get_rule_set,
    get_rule_set_of_kind,
    list_rule_sets,
    register,
)
from lupus_nephritis.sources import SOURCES, get_source, list_sources
from lupus_nephritis.steroids import (
    EQUIVALENCE_TABLES,
    Glucocorticoid,
    from_prednisone_equivalent,
    get_equivalence_table,
    prednisone_equivalent,
)


@pytest.fixture(autouse=True)
def _clean_registry() -> Iterator[None]:
    """Remove the throw-away rule sets these tests register."""
    yield
    for key in [k for k in registry._REGISTRY if k.startswith("zz-")]:
        del registry._REGISTRY[key]


@attrs.frozen
class _Params:
    value: int = 1


def _rule(rule_id: str, version: str = "1.0.0", **kw: object) -> RuleSet:
    return RuleSet(
        id=rule_id,
        version=version,
        title="t",
        kind=kw.get("kind", RuleKind.RESPONSE),  # type: ignore[arg-type]
        source_ids=("kdigo-2024-ln",),
        parameters=_Params(),
        description="d",
    )


def test_rule_set_validation() -> None:
    with pytest.raises(LupusNephritisError):
        _rule("Not_Kebab")
    with pytest.raises(LupusNephritisError):
        _rule("ok-id", version="1.0")
    with pytest.raises(LupusNephritisError):
        RuleSet("ok", "1.0.0", "t", RuleKind.RESPONSE, ("nope",), _Params(), "d")
    with pytest.raises(LupusNephritisError):
        RuleSet("ok", "1.0.0", "t", RuleKind.RESPONSE, (), _Params(), "d")


def test_versions_are_selectable_and_latest_is_default() -> None:
    register(_rule("zz-test-rule", "1.0.0"))
    register(_rule("zz-test-rule", "1.10.0"))
    register(_rule("zz-test-rule", "1.2.0"))
    assert get_rule_set("zz-test-rule").version == "1.10.0"
    assert get_rule_set("zz-test-rule@1.2.0").version == "1.2.0"
    assert get_rule_set("zz-test-rule", version="1.0.0").version == "1.0.0"
    assert [r.version for r in list_rule_sets(all_versions=True) if r.id == "zz-test-rule"] == [
        "1.0.0",
        "1.2.0",
        "1.10.0",
    ]
    with pytest.raises(UnknownRuleSetError, match="versions"):
        get_rule_set("zz-test-rule@9.9.9")
    with pytest.raises(UnknownRuleSetError):
        get_rule_set("zz-test-rule@1.0.0", version="1.2.0")
    with pytest.raises(UnknownRuleSetError, match="registered"):
        get_rule_set("no-such-rule")
    with pytest.raises(UnknownRuleSetError, match="not biopsy"):
        get_rule_set_of_kind("zz-test-rule", RuleKind.BIOPSY)
    assert get_rule_set_of_kind("zz-test-rule", RuleKind.RESPONSE).id == "zz-test-rule"


def test_reregistering_different_content_is_an_error() -> None:
    register(_rule("zz-other", "1.0.0"))
    register(_rule("zz-other", "1.0.0"))  # identical: fine
    changed = attrs.evolve(_rule("zz-other", "1.0.0"), title="changed")
    with pytest.raises(LupusNephritisError):
        register(changed)


def test_sources() -> None:
    assert get_source("kdigo-2024-ln").year == 2024
    assert get_source("aurora-1").link == "https://doi.org/10.1016/S0140-6736(21)00578-X"
    assert [s.id for s in list_sources()] == sorted(SOURCES)
    with pytest.raises(LupusNephritisError):
        get_source("nope")
    for source in SOURCES.values():
        assert source.citation and source.title
        assert source.kind in (
            "guideline",
            "trial",
            "label",
            "equation",
            "review",
            "cohort",
            "standard",
            "consensus",
        )


def test_public_all_is_complete_and_importable() -> None:
    for name in lupus_nephritis.__all__:
        assert getattr(lupus_nephritis, name) is not None, name
    assert "__version__" in lupus_nephritis.__all__
    assert set(dir(lupus_nephritis)) >= set(lupus_nephritis.__all__)
    with pytest.raises(AttributeError):
        lupus_nephritis.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    ("drug", "mg", "prednisone"),
    [
        ("prednisolone", "5", "5"),
        ("methylprednisolone", "4", "5"),
        ("triamcinolone", "4", "5"),
        ("dexamethasone", "0.75", "5"),
        ("hydrocortisone", "20", "5"),
        ("cortisone", "25", "5"),
        ("deflazacort", "6", "5"),
        ("betamethasone", "0.75", "5"),
    ],
)
def test_prednisone_equivalents(drug: str, mg: str, prednisone: str) -> None:
    from fractions import Fraction

    assert prednisone_equivalent(mg, drug) == Fraction(prednisone)
    assert from_prednisone_equivalent(prednisone, drug) == Fraction(mg)


def test_betamethasone_tables_disagree_and_are_named() -> None:
    from fractions import Fraction

    assert prednisone_equivalent("0.6", Glucocorticoid.BETAMETHASONE, table="conventional") == 5
    assert prednisone_equivalent("0.6", "betamethasone", table="fda-label") == Fraction(4)
    assert set(EQUIVALENCE_TABLES) == {"fda-label", "conventional"}
    with pytest.raises(LupusNephritisError):
        get_equivalence_table("nope")
    with pytest.raises(LupusNephritisError):
        prednisone_equivalent(5, "aspirin")
    with pytest.raises(LupusNephritisError):
        prednisone_equivalent(-5, "prednisone")


def test_inverse_equivalent_rejects_negative() -> None:
    with pytest.raises(LupusNephritisError):
        from_prednisone_equivalent(-5, "prednisone")


def test_bad_registry_queries_raise_documented_errors() -> None:
    with pytest.raises(UnknownRuleSetError):
        get_rule_set(None)  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleSetError):
        get_rule_set("kdigo-2024", version=3)  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleSetError, match="kinds"):
        list_rule_sets("nonsense")
