"""Therapy evidence catalogue: the seed review's Table 1 as cited data.

Table 1 of the project's seed review ("Summary of evidence for select novel treatments for
LN") gives, per agent, its target or mechanism, the trial and its phase, the population, the
number of patients and the key efficacy result. The text of the table reached the project
through OCR, with recognisable damage; each record here is the table's content with the
damage repaired from the review's own text (and, for two numbers, noted against the trial
papers), and every repair listed in the record's ``corrections``. Values the table prints are
kept as printed (``n`` is the table's number even where the trial paper gives another, which
``note`` then says).

Each record links what the library knows about the agent: the drug catalogue entry
(`lupus_nephritis.regimens.catalogue`), the trial's source id, its response rule sets and
its safety stop rule sets where they exist. `list_therapy_evidence` returns the records
in the table's order; `get_therapy_evidence` looks one up by agent.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from lupus_nephritis.errors import InputError
from lupus_nephritis.regimens.models import DrugName, parse_drug

SOURCE_ID = "seed-review-2024"
"""Source of the table (the seed review)."""


@attrs.frozen(slots=True)
class TherapyEvidence:
    """One row of the seed review's Table 1, with its cross-links.

    Attributes:
        agent: The agent, as the table names it.
        target: Target or mechanism.
        trial: The trial (or study) the row reports.
        phase: Its phase (``"III"``, ``"II/III"``, ``"I/II"`` ...).
        population: The patients studied.
        n: Number of patients as the table prints it (``"~420"`` for a planned enrolment).
        primary_outcome: The trial's primary outcome where the review or the project's fact
            base states it; ``None`` when neither does.
        result: The key efficacy result of the table (or its status when ongoing), in the
            project's words with the table's numbers.
        status: ``completed``, ``ongoing`` or ``terminated``.
        registry_id: The trial registry number, where the review or fact base gives it.
        review_reference: The review's reference number for the row.
        drug: The drug-catalogue entry, when the agent is in the catalogue.
        trial_source_id: The source id of the trial, when registered.
        response_rule_sets: Response rule sets of this trial's endpoints.
        safety_rule_sets: Safety stop-rule rule sets for this agent.
        corrections: OCR repairs applied to the row, and the evidence for each.
        note: Context, and where the table and the trial papers differ.
        source_id: Source of the row (the seed review).
    """

    agent: str
    target: str
    trial: str
    phase: str
    population: str
    n: str
    primary_outcome: str | None
    result: str
    status: str
    registry_id: str | None
    review_reference: int
    drug: DrugName | None = None
    trial_source_id: str | None = None
    response_rule_sets: tuple[str, ...] = ()
    safety_rule_sets: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    note: str | None = None
    source_id: str = SOURCE_ID

    def __attrs_post_init__(self) -> None:
        if self.status not in ("completed", "ongoing", "terminated"):
            raise InputError(f"{self.agent}: status {self.status!r} is not a known status")


_D = DrugName

TABLE_1: tuple[TherapyEvidence, ...] = (
    TherapyEvidence(
        agent="Belimumab",
        target="BAFF (also known as TNFSF13B) inhibitor",
        trial="BLISS-LN",
        phase="III",
        population="Patients with active LN",
        n="448",
        primary_outcome="Primary efficacy renal response (PERR) at week 104",
        result="Renal response rates significantly higher than with placebo (OR 1.6; 95% CI "
        "1.0-2.3; p = 0.03)",
        status="completed",
        registry_id="NCT01639339",
        review_reference=51,
        drug=_D.BELIMUMAB,
        trial_source_id="bliss-ln",
        response_rule_sets=("bliss-ln-perr", "bliss-ln-crr"),
        corrections=(
            "Phase '111' read as III (section 2.2.1: 'Phase III BLISS-LN trial').",
            "Confidence interval '1.0-23' read as 1.0-2.3 (section 2.2.1: '95% CI, 1.0-2.3').",
        ),
    ),
    TherapyEvidence(
        agent="Voclosporin",
        target="Calcineurin inhibitor",
        trial="AURORA 1",
        phase="III",
        population="Patients with active LN",
        n="357",
        primary_outcome="Complete renal response at week 52",
        result="Complete renal response rates significantly higher than with placebo (OR "
        "2.65; 95% CI 1.64-4.27; p < 0.0001)",
        status="completed",
        registry_id="NCT03021499",
        review_reference=52,
        drug=_D.VOCLOSPORIN,
        trial_source_id="aurora-1",
        response_rule_sets=("aurora-1",),
        safety_rule_sets=("lupkynis-us-bp-stop",),
        note="The 2-year continuation AURORA 2 has its own rule sets "
        "(aurora-2-adequate-response, aurora-2-good-renal-outcome, aurora-2-sustained-crr, "
        "aurora-2-flare).",
    ),
    TherapyEvidence(
        agent="Rituximab",
        target="CD20-directed monoclonal antibody",
        trial="LUNAR",
        phase="III",
        population="Patients with active LN",
        n="72",
        primary_outcome="Renal response status at week 52",
        result="Renal response rates similar to placebo (p = 0.55)",
        status="completed",
        registry_id="NCT00282347",
        review_reference=53,
        drug=_D.RITUXIMAB,
        trial_source_id="lunar",
        response_rule_sets=("lunar-crr",),
        note="The table's 72 is the rituximab arm: LUNAR randomised 144 patients 1:1 (Rovin "
        "2012), whose overall response rates were 56.9% vs 45.8% (p = 0.18).",
    ),
    TherapyEvidence(
        agent="Obinutuzumab",
        target="CD20-directed monoclonal antibody",
        trial="NOBILITY",
        phase="II",
        population="Patients with active LN",
        n="125",
        primary_outcome="Complete renal response at week 52",
        result="Complete renal response rates significantly higher (difference 19%; 95% CI "
        "2.7%-35%; p = 0.026) and overall renal response rates higher (difference 25%; 95% CI "
        "8.2%-42%; p = 0.005)",
        status="completed",
        registry_id="NCT02550652",
        review_reference=54,
        drug=_D.OBINUTUZUMAB,
        trial_source_id="nobility",
        response_rule_sets=("nobility-crr",),
        corrections=(
            "Phase 'IT' read as II (section 2.4.1.1: 'Phase II NOBILITY trial').",
            "'95% CL' read as 95% CI.",
        ),
        note="The table's significant results are the week-104 exploratory analyses; the "
        "week-52 primary endpoint was 35% vs 23% (difference 12%; p = 0.115; prespecified "
        "alpha 0.2). The phase III REGENCY has the regency-crr rule sets.",
    ),
    TherapyEvidence(
        agent="Atacicept",
        target="BAFF (also known as TNFSF13B) and APRIL inhibitor",
        trial="APRIL-SLE",
        phase="II/III",
        population="Patients with active SLE",
        n="246",
        primary_outcome="Proportion of patients with at least one BILAG A or B flare",
        result="Post hoc analysis: a dose-response relationship between atacicept "
        "concentrations, lower immunoglobulin levels and lower flare rates",
        status="completed",
        registry_id="NCT00624338",
        review_reference=55,
        trial_source_id="april-sle",
        safety_rule_sets=("april-ln-igg-stop",),
        corrections=(
            "Phase 'IITI' read as II/III (section 2.4.1.2: 'Phase II/III APRIL-SLE trial').",
            "'knownas' read as 'known as'.",
        ),
        note="The review gives ANP32B as another name of APRIL; ANP32B (acidic nuclear "
        "phosphoprotein 32 family member B) is a different protein that shares the acronym, "
        "and atacicept binds the ligand APRIL (TNFSF13), so the alias is not repeated here. "
        "APRIL-SLE randomised 461 patients (Isenberg 2015); the table's 246 is kept as printed "
        "(its population is not stated). The lupus nephritis trial APRIL-LN was terminated for "
        "IgG decline and infections: see april-ln-igg-stop.",
    ),
    TherapyEvidence(
        agent="Ianalumab",
        target="BAFFR (also known as TNFRSF13C) inhibitor",
        trial="SIRIUS-LN",
        phase="III",
        population="Patients with active LN",
        n="~420",
        primary_outcome=None,
        result="Ongoing; estimated primary completion March 2027",
        status="ongoing",
        registry_id="NCT05126277",
        review_reference=56,
        trial_source_id="sirius-ln",
        corrections=(
            "Agent 'Tanalumab' read as Ianalumab (section 2.4.1.3 'Ianalumab').",
            "Phase '11' read as III (the fact base: SIRIUS-LN is phase 3).",
            "'also known as. TNFRSF13C' read without the stray full stop.",
        ),
    ),
    TherapyEvidence(
        agent="Secukinumab",
        target="Anti-IL-17A inhibitor",
        trial="SELUNE",
        phase="III",
        population="Patients with active LN",
        n="275",
        primary_outcome=None,
        result="Ongoing; estimated study completion January 2026",
        status="ongoing",
        registry_id="NCT04181762",
        review_reference=57,
        trial_source_id="selune",
        corrections=(
            "Result 'Ongoi d stud letion date: Jan. 2026 (5' read as 'Ongoing; estimated study "
            "completion date: Jan. 2026 (57)' (section 2.4.2.1 cites SELUNE as reference 57).",
            "Phase 'IIl' read as III (section 2.4.2.1: 'Phase III SELUNE').",
        ),
    ),
    TherapyEvidence(
        agent="Anifrolumab",
        target="Type I IFN receptor inhibitor",
        trial="TULIP-LN",
        phase="II",
        population="Patients with active LN",
        n="147",
        primary_outcome="Change from baseline in 24-hour UPCR at week 52 (combined anifrolumab "
        "arms vs placebo)",
        result="No difference from placebo in the change of 24-hour UPCR (geometric mean ratio "
        "1.03; 95% CI 0.62-1.71; p = 0.905; a ratio below 1 would favour anifrolumab) or in "
        "complete renal response (difference -0.1%; 95% CI -16.9% to 16.8%; p = 0.993)",
        status="completed",
        registry_id="NCT02547922",
        review_reference=58,
        drug=_D.ANIFROLUMAB,
        trial_source_id="tulip-ln",
        response_rule_sets=("tulip-ln-crr", "tulip-ln-crr-0-5"),
        corrections=(
            "'IEN' read as IFN.",
            "Renal response 'difference: -0.1 CI: ~16.9% to 168%' read as difference -0.1%, "
            "95% CI -16.9% to 16.8% (section 2.4.2.2).",
            "The table's 'renal response' is the complete renal response (section 2.4.2.2 "
            "gives these numbers for the complete renal response rates).",
        ),
    ),
    TherapyEvidence(
        agent="Zetomipzomib",
        target="Immunoproteasome inhibitor",
        trial="MISSION",
        phase="II",
        population="Patients with active LN",
        n="17",
        primary_outcome=None,
        result="64.7% of patients had a UPCR reduction of at least 50% from baseline and 35.3% "
        "a complete renal response at week 25",
        status="completed",
        registry_id="NCT03393013",
        review_reference=59,
        trial_source_id="mission-zetomipzomib",
        corrections=(
            "'250% reduction' read as a reduction of at least 50% (section 2.4.3.1: '>=50% "
            "reduction in UPCR').",
        ),
        note="The phase II part of the phase 1b/II MISSION trial; the phase IIb PALIZADE "
        "(NCT05781750) followed.",
    ),
    TherapyEvidence(
        agent="YTB323",
        target="Anti-CD19 CAR-T therapy",
        trial="YTB323 open-label study",
        phase="I/II",
        population="Patients with severe, refractory SLE",
        n="~27",
        primary_outcome=None,
        result="Ongoing; estimated completion October 2026",
        status="ongoing",
        registry_id="NCT05798117",
        review_reference=60,
        trial_source_id="ytb323-car-t",
        corrections=(
            "Reference '(50)' read as (60) (section 2.5.1 cites the YTB323 study as reference "
            "60; reference 50 is the figure's source).",
        ),
    ),
    TherapyEvidence(
        agent="Low-dose IL-2",
        target="Promotes regulatory T cells",
        trial="He et al.",
        phase="II",
        population="Patients with active SLE",
        n="60 (25 with LN)",
        primary_outcome=None,
        result="In the patients with LN, complete remission significantly more frequent "
        "(53.85% with IL-2 vs 16.67% with placebo; p = 0.036)",
        status="completed",
        registry_id=None,
        review_reference=61,
        trial_source_id="he-2020-il2",
        corrections=("'Heetal' read as 'He et al.'.",),
        note="Section 2.5.2: complete remission in 7 of 13 patients with LN on IL-2 and 2 of "
        "12 on placebo; the lupus nephritis remission definition is NOT FOUND.",
    ),
    TherapyEvidence(
        agent="Ravulizumab",
        target="Complement inhibitor (C5)",
        trial="SANCTUARY",
        phase="II",
        population="Patients with active LN or IgA nephropathy",
        n="~120",
        primary_outcome=None,
        result="Ongoing; estimated primary completion April 2024",
        status="ongoing",
        registry_id="NCT04564339",
        review_reference=62,
        trial_source_id="sanctuary-ravulizumab",
        corrections=(
            "N '%120' read as ~120.",
            "'Phase I or IgAN' read as phase II, population 'active LN or IgAN' (section 2.5.3: "
            "'Phase II clinical trials on these two therapeutics').",
        ),
        note="Binds C5 and prevents its cleavage (membrane attack complex).",
    ),
    TherapyEvidence(
        agent="Narsoplimab",
        target="Complement inhibitor (MASP-2, lectin pathway)",
        trial="Narsoplimab open-label study",
        phase="II",
        population="Patients with LN (n = 5) and other nephropathies",
        n="~54",
        primary_outcome=None,
        result="Preliminary data: mean 69% reduction in 24-hour urine protein over the "
        "treatment period in 4 of the 5 patients with LN",
        status="ongoing",
        registry_id="NCT02682407",
        review_reference=63,
        trial_source_id="narsoplimab-nephropathies",
        corrections=(
            "'(1 =5)' read as (n = 5).",
            "Phase 'I1' read as II (section 2.5.3).",
        ),
        note="Ongoing as the review reports it (section 2.5.3: the phase II trials of "
        "narsoplimab and ravulizumab in LN are ongoing); the table's result is preliminary data.",
    ),
)
"""The seed review's Table 1, in its order, with OCR repairs and cross-links."""

_BY_AGENT: Mapping[str, TherapyEvidence] = MappingProxyType(
    {row.agent.lower(): row for row in TABLE_1}
)


def list_therapy_evidence() -> tuple[TherapyEvidence, ...]:
    """Every row of the seed review's Table 1, in the table's order.

    Returns:
        The `TherapyEvidence` records.
    """
    return TABLE_1


def get_therapy_evidence(agent: object) -> TherapyEvidence:
    """The Table 1 row of ``agent`` (its name, or a catalogue drug or alias such as ``"rtx"``).

    Args:
        agent: The agent's name as the table gives it (case-insensitive, e.g.
            ``"atacicept"``, ``"low-dose il-2"``), or a catalogue drug.

    Returns:
        The row.

    Raises:
        InputError: no row for ``agent``.
    """
    if isinstance(agent, (str, DrugName)):
        key = agent.value if isinstance(agent, DrugName) else agent.strip().lower()
        if key in _BY_AGENT:
            return _BY_AGENT[key]
        try:
            drug = parse_drug(agent)
        except ValueError:
            drug = None
        for row in TABLE_1:
            if drug is not None and row.drug is drug:
                return row
    known = ", ".join(row.agent for row in TABLE_1)
    raise InputError(f"no Table 1 row for {agent!r}; agents: {known}")


__all__ = [
    "SOURCE_ID",
    "TABLE_1",
    "TherapyEvidence",
    "get_therapy_evidence",
    "list_therapy_evidence",
]
