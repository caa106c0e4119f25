"""Therapy evidence catalogue: the seed review's Table 1 as cited, cross-linked data."""

from __future__ import annotations

import re

import pytest

import lupus_nephritis as ln
from lupus_nephritis.docgen import render_safety_stop_rules, render_therapy_evidence
from lupus_nephritis.errors import InputError
from lupus_nephritis.regimens.catalogue import CATALOGUE
from lupus_nephritis.regimens.evidence import TABLE_1, TherapyEvidence, get_therapy_evidence
from lupus_nephritis.regimens.models import DrugName
from lupus_nephritis.registry import RuleKind, get_rule_set
from lupus_nephritis.sources import SOURCES

AGENTS = [
    "Belimumab",
    "Voclosporin",
    "Rituximab",
    "Obinutuzumab",
    "Atacicept",
    "Ianalumab",
    "Secukinumab",
    "Anifrolumab",
    "Zetomipzomib",
    "YTB323",
    "Low-dose IL-2",
    "Ravulizumab",
    "Narsoplimab",
]


def test_table_1_has_every_agent_in_the_review_order() -> None:
    assert [row.agent for row in ln.list_therapy_evidence()] == AGENTS


@pytest.mark.parametrize("row", TABLE_1, ids=lambda r: r.agent)
def test_every_row_is_cited_and_its_links_resolve(row: TherapyEvidence) -> None:
    assert row.source_id == "seed-review-2024"
    assert row.trial_source_id is None or row.trial_source_id in SOURCES
    for rule_set_id in row.response_rule_sets:
        assert get_rule_set(rule_set_id).kind is RuleKind.RESPONSE
    for rule_set_id in row.safety_rule_sets:
        assert get_rule_set(rule_set_id).kind is RuleKind.SAFETY
    if row.drug is not None:
        assert row.drug in CATALOGUE
    assert row.review_reference in range(51, 64)
    assert row.registry_id is None or re.fullmatch(r"NCT\d{8}", row.registry_id)


@pytest.mark.parametrize("row", TABLE_1, ids=lambda r: r.agent)
def test_no_ocr_damage_is_left_in_a_row(row: TherapyEvidence) -> None:
    text = " ".join(
        str(v)
        for v in (row.agent, row.target, row.trial, row.phase, row.population, row.n, row.result)
    )
    damaged = ("111", "IITI", " IT", "IEN", "Heetal", "%120", "250%", "Ongoi d", "(1 =", "CL:")
    for damage in damaged:
        assert damage not in text, (row.agent, damage)
    assert row.phase in ("I/II", "II", "II/III", "III")


@pytest.mark.parametrize(
    ("agent", "phase", "n"),
    [
        ("Belimumab", "III", "448"),
        ("Voclosporin", "III", "357"),
        ("Rituximab", "III", "72"),
        ("Obinutuzumab", "II", "125"),
        ("Atacicept", "II/III", "246"),
        ("Ianalumab", "III", "~420"),
        ("Secukinumab", "III", "275"),
        ("Anifrolumab", "II", "147"),
        ("Zetomipzomib", "II", "17"),
        ("YTB323", "I/II", "~27"),
        ("Low-dose IL-2", "II", "60 (25 with LN)"),
        ("Ravulizumab", "II", "~120"),
        ("Narsoplimab", "II", "~54"),
    ],
)
def test_phase_and_n_as_printed_after_repair(agent: str, phase: str, n: str) -> None:
    row = get_therapy_evidence(agent)
    assert (row.phase, row.n) == (phase, n)


def test_repaired_numbers_of_the_key_results() -> None:
    assert "1.0-2.3" in get_therapy_evidence("belimumab").result
    assert "-16.9% to 16.8%" in get_therapy_evidence("anifrolumab").result
    assert "at least 50%" in get_therapy_evidence("zetomipzomib").result
    assert get_therapy_evidence("ianalumab").corrections[0].startswith("Agent 'Tanalumab'")


def test_differences_from_the_trial_papers_are_noted() -> None:
    assert "144" in (get_therapy_evidence("rituximab").note or "")
    assert "461" in (get_therapy_evidence("atacicept").note or "")
    assert "ANP32B" in (get_therapy_evidence("atacicept").note or "")
    assert "APRIL" in get_therapy_evidence("atacicept").target
    assert "ANP32B" not in get_therapy_evidence("atacicept").target


@pytest.mark.parametrize(
    ("key", "agent"),
    [
        ("belimumab", "Belimumab"),
        ("  ATACICEPT ", "Atacicept"),
        ("low-dose il-2", "Low-dose IL-2"),
        ("rtx", "Rituximab"),
        ("obz", "Obinutuzumab"),
        (DrugName.ANIFROLUMAB, "Anifrolumab"),
    ],
)
def test_lookup_by_agent_alias_or_drug(key: object, agent: str) -> None:
    assert get_therapy_evidence(key).agent == agent


@pytest.mark.parametrize("key", ["mmf", "nonsense", 3, None])
def test_lookup_of_an_agent_not_in_table_1_raises_input_error(key: object) -> None:
    with pytest.raises(InputError):
        get_therapy_evidence(key)


def test_row_status_follows_the_review_text() -> None:
    # section 2.5.3: the phase II trials of narsoplimab and ravulizumab in LN "are ongoing";
    # the table prints preliminary data for narsoplimab, not a completed trial
    ongoing = [row.agent for row in TABLE_1 if row.status == "ongoing"]
    assert ongoing == ["Ianalumab", "Secukinumab", "YTB323", "Ravulizumab", "Narsoplimab"]
    assert get_therapy_evidence("narsoplimab").status == "ongoing"


def test_tulip_ln_result_names_the_complete_renal_response() -> None:
    # section 2.4.2.2 gives difference -0.1% (95% CI -16.9% to 16.8%) for complete response
    row = get_therapy_evidence("anifrolumab")
    assert "complete renal response (difference -0.1%" in row.result


def test_a_row_status_is_checked() -> None:
    with pytest.raises(InputError):
        TherapyEvidence("x", "x", "x", "II", "x", "1", None, "x", "paused", None, 51)


def test_generated_evidence_page_lists_every_row_link_and_repair() -> None:
    page = render_therapy_evidence()
    for row in TABLE_1:
        assert f"| {row.agent} |" in page
        for rule_set_id in (*row.response_rule_sets, *row.safety_rule_sets):
            assert f"(rules/{rule_set_id}.md)" in page
        for text in row.corrections:
            assert text.replace("|", "\\|") in page
    assert "(sources.md#bliss-ln)" in page


def test_generated_safety_page_lists_encoded_and_not_found_rules() -> None:
    page = render_safety_stop_rules()
    assert "(rules/april-ln-igg-stop.md)" in page
    assert "`< 3 g/L`" in page
    assert "(rules/lupkynis-us-bp-stop.md)" in page
    for item in ln.list_stop_rules_not_found():
        assert f"| {item.drug} |" in page
