"""The shared eligibility engine: severities, verdict combination, option matching, gating."""

from __future__ import annotations

import pytest
from _regimen_fixtures import ctx, reg

from lupus_nephritis.decisions import Criterion, Eligibility
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.eligibility._common import (
    CNI_SLOT,
    MPAA_SLOT,
    UNKNOWN_CAUTION_OPTION,
    Finding,
    RegimenOption,
    Rule,
    class_group,
    core_drugs,
    decide,
    flag_finding,
    gate,
    match_option,
    rank,
    tri_all,
    tri_any,
    unverified_cautions,
    worst,
)
from lupus_nephritis.regimens.models import DrugName, IsnRpsClass

E = Eligibility


def finding(outcome: Outcome, severity: Eligibility) -> Finding:
    return Finding(Criterion(id="x", label="x", outcome=outcome), severity)


def test_severity_order_and_worst() -> None:
    assert [rank(s) for s in (E.ELIGIBLE, E.CAUTION, E.NOT_RECOMMENDED, E.CONTRAINDICATED)] == [
        0,
        1,
        2,
        3,
    ]
    assert worst([]) is E.ELIGIBLE
    assert worst([E.CAUTION, E.CONTRAINDICATED, E.NOT_RECOMMENDED]) is E.CONTRAINDICATED
    with pytest.raises(InputError):
        rank(E.NOT_EVALUABLE)


def test_rule_refuses_not_evaluable_as_severity() -> None:
    with pytest.raises(InputError):
        Rule("x", "x", E.NOT_EVALUABLE, "kdigo-2024-ln")


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], (E.ELIGIBLE, E.ELIGIBLE, E.ELIGIBLE)),
        ([(Outcome.MET, E.CAUTION)], (E.CAUTION, E.CAUTION, E.CAUTION)),
        ([(Outcome.NOT_MET, E.CONTRAINDICATED)], (E.ELIGIBLE, E.ELIGIBLE, E.ELIGIBLE)),
        (
            [(Outcome.UNKNOWN, E.CAUTION)],
            (E.NOT_EVALUABLE, E.ELIGIBLE, E.CAUTION),
        ),
        (
            [(Outcome.MET, E.NOT_RECOMMENDED), (Outcome.UNKNOWN, E.CAUTION)],
            (E.NOT_RECOMMENDED, E.NOT_RECOMMENDED, E.NOT_RECOMMENDED),
        ),
        (
            [(Outcome.MET, E.NOT_RECOMMENDED), (Outcome.UNKNOWN, E.NOT_RECOMMENDED)],
            (E.NOT_RECOMMENDED, E.NOT_RECOMMENDED, E.NOT_RECOMMENDED),
        ),
        (
            [(Outcome.MET, E.NOT_RECOMMENDED), (Outcome.UNKNOWN, E.CONTRAINDICATED)],
            (E.NOT_EVALUABLE, E.NOT_RECOMMENDED, E.CONTRAINDICATED),
        ),
    ],
)
def test_decide_worst_certain_wins_unless_unknown_could_be_worse(
    findings: list[tuple[Outcome, Eligibility]],
    expected: tuple[Eligibility, Eligibility, Eligibility],
) -> None:
    # the strict three-valued reading (version 1.0.0 of every eligibility rule set)
    assert decide([finding(o, s) for o, s in findings], unknowns="strict") == expected


P = E.ELIGIBLE_PENDING


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], (E.ELIGIBLE, E.ELIGIBLE, E.ELIGIBLE)),
        ([(Outcome.MET, E.CAUTION)], (E.CAUTION, E.CAUTION, E.CAUTION)),
        ([(Outcome.UNKNOWN, E.CAUTION)], (P, E.ELIGIBLE, E.CAUTION)),
        ([(Outcome.UNKNOWN, E.CONTRAINDICATED)], (P, E.ELIGIBLE, E.CONTRAINDICATED)),
        (
            [(Outcome.MET, E.CAUTION), (Outcome.UNKNOWN, E.NOT_RECOMMENDED)],
            (P, E.CAUTION, E.NOT_RECOMMENDED),
        ),
        (
            [(Outcome.MET, E.NOT_RECOMMENDED), (Outcome.UNKNOWN, E.CAUTION)],
            (E.NOT_RECOMMENDED, E.NOT_RECOMMENDED, E.NOT_RECOMMENDED),
        ),
        (  # decisive: not recommended whatever the unknown contraindication turns out to be
            [(Outcome.MET, E.NOT_RECOMMENDED), (Outcome.UNKNOWN, E.CONTRAINDICATED)],
            (E.NOT_RECOMMENDED, E.NOT_RECOMMENDED, E.CONTRAINDICATED),
        ),
        (
            [(Outcome.MET, E.CONTRAINDICATED), (Outcome.UNKNOWN, E.CONTRAINDICATED)],
            (E.CONTRAINDICATED, E.CONTRAINDICATED, E.CONTRAINDICATED),
        ),
    ],
)
def test_decide_actionable_decisive_failure_wins_else_pending(
    findings: list[tuple[Outcome, Eligibility]],
    expected: tuple[Eligibility, Eligibility, Eligibility],
) -> None:
    built = [finding(o, s) for o, s in findings]
    assert decide(built) == expected
    assert decide(built, unknowns="actionable") == expected


def test_decide_rejects_an_unknown_reading() -> None:
    with pytest.raises(InputError):
        decide([], unknowns="lenient")


def test_a_floor_is_certain_even_when_the_finding_is_unknown() -> None:
    from lupus_nephritis.regimens.eligibility._common import Finding

    base = finding(Outcome.UNKNOWN, E.CONTRAINDICATED)
    floored = Finding(base.criterion, base.severity, base.missing, floor=E.CAUTION)
    assert decide([floored]) == (P, E.CAUTION, E.CONTRAINDICATED)
    assert decide([floored], unknowns="strict") == (E.NOT_EVALUABLE, E.CAUTION, E.CONTRAINDICATED)


def test_flag_finding_records_severity_and_missing_input() -> None:
    rule = Rule("r", "label", E.CAUTION, "kdigo-2024-ln", "why")
    unknown = flag_finding(rule, None, field="is_pregnant")
    assert unknown.criterion.outcome is Outcome.UNKNOWN
    assert unknown.missing == ("is_pregnant",)
    assert (unknown.criterion.note or "").startswith("caution if met")
    met = flag_finding(rule, True, field="is_pregnant")
    assert met.criterion.outcome is Outcome.MET
    assert met.missing == ()
    assert met.criterion.source_id == "kdigo-2024-ln"


def test_option_matching_is_exact_one_drug_per_slot() -> None:
    option = RegimenOption("mpaa+cni", (MPAA_SLOT, CNI_SLOT), E.ELIGIBLE, "kdigo-2024-ln")
    mmf, mpa, tac, voc = (
        DrugName.MYCOPHENOLATE_MOFETIL,
        DrugName.MYCOPHENOLIC_ACID,
        DrugName.TACROLIMUS,
        DrugName.VOCLOSPORIN,
    )
    assert option.matches(frozenset({mmf, tac}))
    assert option.matches(frozenset({mpa, voc}))
    assert not option.matches(frozenset({mmf, mpa}))
    assert not option.matches(frozenset({mmf}))
    assert not option.matches(frozenset({mmf, tac, DrugName.BELIMUMAB}))


def test_option_refuses_overlapping_slots_and_bad_preference() -> None:
    with pytest.raises(InputError):
        RegimenOption("x", (MPAA_SLOT, MPAA_SLOT), E.ELIGIBLE, "kdigo-2024-ln")
    with pytest.raises(InputError):
        RegimenOption("x", (MPAA_SLOT,), E.NOT_RECOMMENDED, "kdigo-2024-ln")


def test_core_drugs_ignores_adjuncts() -> None:
    assert core_drugs(reg("mmf", "gc", "hcq")) == frozenset({DrugName.MYCOPHENOLATE_MOFETIL})


@pytest.mark.parametrize(
    ("classes", "group"),
    [
        (None, None),
        ([IsnRpsClass.IV], "proliferative"),
        ([IsnRpsClass.III, IsnRpsClass.V], "proliferative"),
        ([IsnRpsClass.V], "pure_v"),
        ([IsnRpsClass.II], "other"),
        ([IsnRpsClass.VI], "other"),
    ],
)
def test_class_group(classes: list[IsnRpsClass] | None, group: str | None) -> None:
    assert class_group(classes) == group


def test_gate_applies_kleene_and() -> None:
    rule = Rule("r", "label", E.CAUTION, "kdigo-2024-ln")
    met = flag_finding(rule, True, field="f")
    not_met = flag_finding(rule, False, field="f")
    assert gate(met, False, field="c", why="x") is None
    assert gate(met, True, field="c", why="x") is met
    assert gate(not_met, None, field="c", why="x") is not_met
    unknown = gate(met, None, field="c", why="to class V")
    assert unknown is not None
    assert unknown.criterion.outcome is Outcome.UNKNOWN
    assert unknown.missing == ("c",)


def test_tri_any_and_tri_all() -> None:
    assert tri_any([False, None]) is None
    assert tri_any([False, True, None]) is True
    assert tri_any([False, False]) is False
    assert tri_all([True, None]) is None
    assert tri_all([True, False, None]) is False
    assert tri_all([True, True]) is True


def test_context_with_only_class_unknown_is_otherwise_complete() -> None:
    patient = ctx(isn_rps_classes=None)
    assert patient.isn_rps_classes is None
    assert patient.egfr is not None


# ---------------------------------------------------------------- unknown_caution option


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([(Outcome.UNKNOWN, E.CAUTION)], (E.ELIGIBLE, E.ELIGIBLE, E.CAUTION)),
        (
            [(Outcome.UNKNOWN, E.CAUTION), (Outcome.UNKNOWN, E.NOT_RECOMMENDED)],
            (E.NOT_EVALUABLE, E.ELIGIBLE, E.NOT_RECOMMENDED),
        ),
        (
            [(Outcome.MET, E.CAUTION), (Outcome.UNKNOWN, E.CAUTION)],
            (E.CAUTION, E.CAUTION, E.CAUTION),
        ),
        (
            [(Outcome.UNKNOWN, E.CONTRAINDICATED)],
            (E.NOT_EVALUABLE, E.ELIGIBLE, E.CONTRAINDICATED),
        ),
    ],
)
def test_decide_with_unknown_caution_flag_lets_only_caution_unknowns_pass(
    findings: list[tuple[Outcome, Eligibility]],
    expected: tuple[Eligibility, Eligibility, Eligibility],
) -> None:
    built = [finding(o, s) for o, s in findings]
    assert decide(built, unknown_caution="flag", unknowns="strict") == expected
    # under the actionable reading the undecided cases wait for the worse facts instead
    verdict, best, worst_case = decide(built, unknown_caution="flag")
    assert (best, worst_case) == expected[1:]
    assert verdict is (P if expected[0] is E.NOT_EVALUABLE else expected[0])


def test_unverified_cautions_lists_unknown_caution_findings_only_under_flag() -> None:
    findings = [finding(Outcome.UNKNOWN, E.CAUTION), finding(Outcome.UNKNOWN, E.NOT_RECOMMENDED)]
    assert unverified_cautions(findings, "flag") == ("x",)
    assert unverified_cautions(findings, "not_evaluable") == ()


def test_decide_rejects_an_unknown_unknown_caution_value() -> None:
    with pytest.raises(InputError):
        decide([], unknown_caution="ignore")
    with pytest.raises(InputError):
        unverified_cautions([], "ignore")


def test_unknown_caution_option_default_is_the_strict_reading() -> None:
    assert UNKNOWN_CAUTION_OPTION.default == "not_evaluable"
    assert UNKNOWN_CAUTION_OPTION.choices == ("not_evaluable", "flag")


# ---------------------------------------------------------------- option adjuncts


def test_glucocorticoids_alone_option_requires_glucocorticoids_in_the_regimen() -> None:
    option = RegimenOption(
        "glucocorticoids-alone", (), E.ELIGIBLE, "acr-2024-ln", requires=(DrugName.GLUCOCORTICOIDS,)
    )
    assert option.matches_regimen(reg("gc"))
    assert option.matches_regimen(reg("gc", "hcq"))
    assert not option.matches_regimen(reg("hcq"))
    assert match_option((option,), reg("hcq")) is None
