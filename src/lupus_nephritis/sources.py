"""Every guideline, trial paper, drug label and equation paper the library cites.

Each `Source` has a stable ``id``; every threshold of every rule set names one of these
ids, and decisions carry it, so a verdict can always be traced to its publication.

``confidence`` records how the fact base behind the library reached this source (see the
project's reference notes): ``primary`` when the guideline, paper, registry record or label
text itself was read; ``secondary`` when only a credible summary of it was available.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from lupus_nephritis.errors import LupusNephritisError

SourceKind = Literal[
    "guideline", "trial", "label", "equation", "review", "cohort", "consensus", "standard"
]


@attrs.frozen(slots=True)
class Source:
    """A citable publication.

    Attributes:
        id: Stable identifier, lowercase kebab-case (e.g. ``"kdigo-2024-ln"``).
        title: Short human title.
        year: Year of publication (or of the label revision).
        citation: Bibliographic citation.
        kind: Guideline, trial, label, equation paper, review, cohort or consensus.
        doi: DOI, when one exists.
        url: A stable URL (registry record, label, PubMed), when one exists.
        confidence: ``"primary"`` or ``"secondary"`` (how the library's facts were gathered).
    """

    id: str
    title: str
    year: int
    citation: str
    kind: SourceKind
    doi: str | None = None
    url: str | None = None
    confidence: Literal["primary", "secondary"] = "primary"

    @property
    def link(self) -> str | None:
        """A resolvable link: the DOI URL when there is a DOI, else ``url``."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


def _s(*sources: Source) -> Mapping[str, Source]:
    table: dict[str, Source] = {}
    for source in sources:
        if source.id in table:  # pragma: no cover - guarded by tests
            raise LupusNephritisError(f"duplicate source id {source.id!r}")
        table[source.id] = source
    return MappingProxyType(table)


SOURCES: Mapping[str, Source] = _s(
    # ------------------------------------------------------------------ guidelines
    Source(
        "kdigo-2024-ln",
        "KDIGO 2024 Clinical Practice Guideline for the Management of Lupus Nephritis",
        2024,
        "KDIGO Lupus Nephritis Work Group. Kidney Int. 2024;105(1S):S1-S69.",
        "guideline",
        doi="10.1016/j.kint.2023.09.002",
        confidence="secondary",
    ),
    Source(
        "kdigo-2021-gd",
        "KDIGO 2021 Clinical Practice Guideline for the Management of Glomerular Diseases "
        "(lupus nephritis chapter)",
        2021,
        "KDIGO Glomerular Diseases Work Group. Kidney Int. 2021;100(4S):S1-S276.",
        "guideline",
        doi="10.1016/j.kint.2021.05.021",
        confidence="secondary",
    ),
    Source(
        "kdigo-2012-gn",
        "KDIGO 2012 Clinical Practice Guideline for Glomerulonephritis (Table 29, LN relapse)",
        2012,
        "KDIGO Glomerulonephritis Work Group. Kidney Int Suppl. 2012;2(2):139-274.",
        "guideline",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC4089588/table/tbl29",
    ),
    Source(
        "eular-2012-ln",
        "Joint EULAR/ERA-EDTA recommendations for the management of adult and paediatric "
        "lupus nephritis (2012)",
        2012,
        "Bertsias GK, et al. Ann Rheum Dis. 2012;71(11):1771-1782.",
        "guideline",
        doi="10.1136/annrheumdis-2012-201940",
    ),
    Source(
        "eular-2019-ln",
        "2019 update of the joint EULAR/ERA-EDTA recommendations for the management of "
        "lupus nephritis",
        2020,
        "Fanouriakis A, et al. Ann Rheum Dis. 2020;79(6):713-723.",
        "guideline",
        doi="10.1136/annrheumdis-2020-216924",
    ),
    Source(
        "eular-2023-sle",
        "EULAR recommendations for the management of systemic lupus erythematosus: 2023 update",
        2024,
        "Fanouriakis A, et al. Ann Rheum Dis. 2024;83(1):15-29.",
        "guideline",
        doi="10.1136/ard-2023-224762",
    ),
    Source(
        "eular-2025-ln",
        "EULAR 2025 recommendations for SLE with kidney involvement",
        2025,
        "Ann Rheum Dis. 2026;85(1):75-90.",
        "guideline",
        doi="10.1016/j.ard.2025.09.007",
        confidence="secondary",
    ),
    Source(
        "acr-2024-ln",
        "2024 American College of Rheumatology Guideline for the Screening, Treatment, and "
        "Management of Lupus Nephritis",
        2025,
        "Sammaritano LR, et al. Arthritis Care Res. 2025;77(9):1045-1065; co-published in "
        "Arthritis Rheumatol. 2025;77(9):1115-1135 (doi 10.1002/art.43212).",
        "guideline",
        doi="10.1002/acr.25528",
    ),
    Source(
        "acr-2012-ln",
        "American College of Rheumatology guidelines for screening, treatment, and management "
        "of lupus nephritis (2012)",
        2012,
        "Hahn BH, et al. Arthritis Care Res. 2012;64(6):797-808.",
        "guideline",
        doi="10.1002/acr.21664",
    ),
    Source(
        "share-2017-csle",
        "SHARE consensus recommendations for childhood-onset lupus nephritis",
        2017,
        "Groot N, et al. Ann Rheum Dis. 2017;76(12):1965-1973.",
        "consensus",
        doi="10.1136/annrheumdis-2017-211898",
        confidence="secondary",
    ),
    Source(
        "isn-rps-2003",
        "The classification of glomerulonephritis in systemic lupus erythematosus revisited "
        "(ISN/RPS 2003)",
        2004,
        "Weening JJ, et al. J Am Soc Nephrol. 2004;15(2):241-250.",
        "consensus",
        doi="10.1097/01.ASN.0000108969.21691.5D",
    ),
    Source(
        "isn-rps-2018",
        "Revision of the ISN/RPS classification for lupus nephritis: clarification of "
        "definitions, and modified NIH activity and chronicity indices (2018)",
        2018,
        "Bajema IM, et al. Kidney Int. 2018;93(4):789-796.",
        "consensus",
        doi="10.1016/j.kint.2017.11.023",
    ),
    Source(
        "seed-review-2024",
        "Review of targeted therapies, guidelines and trials in lupus nephritis "
        "(the project's seed review)",
        2024,
        "Review article on novel and targeted therapies for lupus nephritis (Frontiers; "
        "sections 2, 2.6.1-2.6.5, Figure 2).",
        "review",
    ),
    # ------------------------------------------------------------------ trials
    Source(
        "aurora-1",
        "AURORA 1: voclosporin for lupus nephritis (phase 3)",
        2021,
        "Rovin BH, et al. Lancet. 2021;397(10289):2070-2080. NCT03021499.",
        "trial",
        doi="10.1016/S0140-6736(21)00578-X",
        url="https://clinicaltrials.gov/study/NCT03021499",
    ),
    Source(
        "aura-lv",
        "AURA-LV: voclosporin for lupus nephritis (phase 2)",
        2019,
        "Rovin BH, et al. Kidney Int. 2019;95(1):219-231. NCT02141672.",
        "trial",
        doi="10.1016/j.kint.2018.08.025",
        url="https://clinicaltrials.gov/study/NCT02141672",
    ),
    Source(
        "aurora-2",
        "AURORA 2: 2-year continuation study of voclosporin",
        2022,
        "Saxena A, et al. Arthritis Rheumatol. 2024;76(1):59-67; NCT03597464; Lupus Sci Med "
        "2024;11(Suppl 2):A85.",
        "trial",
        doi="10.1002/art.42657",
        url="https://clinicaltrials.gov/study/NCT03597464",
    ),
    Source(
        "bliss-ln",
        "BLISS-LN: belimumab in active lupus nephritis (phase 3)",
        2020,
        "Furie R, et al. N Engl J Med. 2020;383(12):1117-1128. NCT01639339.",
        "trial",
        doi="10.1056/NEJMoa2001180",
        url="https://clinicaltrials.gov/study/NCT01639339",
    ),
    Source(
        "nobility",
        "NOBILITY: obinutuzumab in proliferative lupus nephritis (phase 2)",
        2022,
        "Furie RA, et al. Ann Rheum Dis. 2022;81(1):100-107. NCT02550652.",
        "trial",
        doi="10.1136/annrheumdis-2021-220920",
        url="https://clinicaltrials.gov/study/NCT02550652",
    ),
    Source(
        "regency",
        "REGENCY: obinutuzumab in active lupus nephritis (phase 3)",
        2025,
        "Furie RA, et al. N Engl J Med. 2025;392(15):1471-1483. NCT04221477.",
        "trial",
        doi="10.1056/NEJMoa2410965",
        url="https://clinicaltrials.gov/study/NCT04221477",
    ),
    Source(
        "lunar",
        "LUNAR: rituximab in active proliferative lupus nephritis (phase 3)",
        2012,
        "Rovin BH, et al. Arthritis Rheum. 2012;64(4):1215-1226. NCT00282347.",
        "trial",
        doi="10.1002/art.34359",
        url="https://clinicaltrials.gov/study/NCT00282347",
    ),
    Source(
        "tulip-ln",
        "TULIP-LN: anifrolumab in active lupus nephritis (phase 2)",
        2022,
        "Jayne D, et al. Ann Rheum Dis. 2022;81(4):496-506. NCT02547922.",
        "trial",
        doi="10.1136/annrheumdis-2021-221478",
        url="https://clinicaltrials.gov/study/NCT02547922",
    ),
    Source(
        "alms",
        "ALMS: mycophenolate mofetil versus intravenous cyclophosphamide induction",
        2009,
        "Appel GB, et al. J Am Soc Nephrol. 2009;20(5):1103-1112.",
        "trial",
        doi="10.1681/ASN.2008101028",
        confidence="secondary",
    ),
    Source(
        "euro-lupus",
        "Euro-Lupus Nephritis Trial: low-dose versus high-dose intravenous cyclophosphamide",
        2002,
        "Houssiau FA, et al. Arthritis Rheum. 2002;46(8):2121-2131.",
        "trial",
        doi="10.1002/art.10461",
    ),
    Source(
        "maintain",
        "MAINTAIN Nephritis Trial: azathioprine versus mycophenolate maintenance",
        2010,
        "Houssiau FA, et al. Ann Rheum Dis. 2010;69(12):2083-2089.",
        "trial",
        doi="10.1136/ard.2010.131995",
    ),
    Source(
        "multitarget-2015",
        "Multitarget therapy (tacrolimus + MMF) for induction of lupus nephritis",
        2015,
        "Liu Z, et al. Ann Intern Med. 2015;162(1):18-26. NCT00876616.",
        "trial",
        doi="10.7326/M14-1030",
    ),
    Source(
        "hk-cohort-mperr",
        "Modified PERR/CRR in a lupus nephritis cohort (Hong Kong; PMID 39698368)",
        2024,
        "Cohort study applying modified BLISS-LN PERR/CRR from the biopsy value (PMID 39698368).",
        "cohort",
        url="https://pubmed.ncbi.nlm.nih.gov/39698368/",
    ),
    Source(
        "toronto-hopkins-mperr",
        "Modified PERR/CRR in the Toronto and Hopkins lupus cohorts",
        2022,
        "Lupus Sci Med. 2022;9(1):e000598 (modified PERR/CRR, thresholds written in g/day).",
        "cohort",
        doi="10.1136/lupus-2021-000598",
    ),
    Source(
        "kdigo-2012-ckd",
        "KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of Chronic "
        "Kidney Disease (GFR categories; G1 'normal or high' = GFR >= 90)",
        2013,
        "KDIGO CKD Work Group. Kidney Int Suppl. 2013;3(1):1-150.",
        "guideline",
        doi="10.1038/kisup.2012.73",
        confidence="secondary",
    ),
    # -- extra sources: response (add new response/flare sources above this line)
    # -- extra sources: biopsy (add new biopsy/pathology sources above this line)
    # ------------------------------------------------------------------ labels
    Source(
        "lupkynis-uspi",
        "LUPKYNIS (voclosporin) US prescribing information",
        2025,
        "Aurinia Pharmaceuticals. LUPKYNIS US prescribing information (SPL v11, 2025-10-08).",
        "label",
        url="https://nctr-crs.fda.gov/fdalabel/services/spl/set-ids/"
        "9f489295-1156-52c7-5fd0-5c4c52f9b813/spl-doc",
    ),
    Source(
        "lupkynis-eu-smpc",
        "Lupkynis (voclosporin) EU summary of product characteristics",
        2022,
        "Otsuka. Lupkynis 7.9 mg soft capsules, EU SmPC.",
        "label",
        url="https://www.ema.europa.eu/en/medicines/human/EPAR/lupkynis",
    ),
    Source(
        "benlysta-uspi",
        "BENLYSTA (belimumab) US prescribing information",
        2025,
        "GlaxoSmithKline. BENLYSTA US prescribing information (revision 6/2025).",
        "label",
        url="https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=BasicSearch.process",
    ),
    Source(
        "gazyva-uspi-ln",
        "GAZYVA (obinutuzumab) US prescribing information, lupus nephritis indication",
        2025,
        "Genentech. GAZYVA US prescribing information (LN indication approved October 2025).",
        "label",
        confidence="secondary",
    ),
    Source(
        "cellcept-uspi",
        "CellCept (mycophenolate mofetil) / Myfortic (mycophenolic acid) labels and REMS",
        2022,
        "Genentech / Novartis prescribing information; Mycophenolate REMS.",
        "label",
    ),
    Source(
        "cyclophosphamide-label",
        "Cyclophosphamide prescribing information and UK SmPC",
        2023,
        "Cyclophosphamide injection US prescribing information; UK SmPC contraindications.",
        "label",
    ),
    Source(
        "azathioprine-uspi",
        "Azathioprine US prescribing information (TPMT/NUDT15)",
        2023,
        "Azathioprine (Imuran) US prescribing information; see also NCBI Medical Genetics "
        "Summaries, Azathioprine therapy and TPMT and NUDT15 genotype.",
        "label",
        url="https://www.ncbi.nlm.nih.gov/books/NBK100661/",
    ),
    Source(
        "prednisolone-fda-label",
        "Prednisolone US prescribing information (glucocorticoid equivalence table)",
        2020,
        "Prednisolone tablets US prescribing information, dosage equivalence statement.",
        "label",
    ),
    Source(
        "steroid-conversion-tables",
        "Common glucocorticoid conversion tables (e.g. the cliot R package)",
        2023,
        "Conventional anti-inflammatory equivalence tables (betamethasone 0.6 mg = prednisone "
        "5 mg), e.g. R package cliot steroid_conversion_calculator.",
        "review",
        url="https://rdrr.io/cran/cliot/man/steroid_conversion_calculator.html",
        confidence="secondary",
    ),
    Source(
        "deflazacort-leaflet",
        "Deflazacort equivalence (6 mg deflazacort = 5 mg prednisone)",
        2017,
        "Parente L. BMC Pharmacol Toxicol. 2017;18:1; deflazacort product leaflets.",
        "review",
        doi="10.1186/s40360-016-0111-8",
    ),
    Source(
        "mpa-mmf-equivalence",
        "Enteric-coated mycophenolate sodium 720 mg is equivalent to MMF 1000 mg",
        2004,
        "Salvadori M, et al. Am J Transplant. 2004;4(2):231-236 (PubMed 14974944).",
        "trial",
        url="https://pubmed.ncbi.nlm.nih.gov/14974944/",
    ),
    Source(
        "lupkynis-eu-pl",
        "Lupkynis (voclosporin) EU package leaflet",
        2022,
        "Otsuka. Lupkynis 7.9 mg soft capsules, package leaflet: information for the user (EU "
        "product information, Annex III B).",
        "label",
        url="https://www.ema.europa.eu/en/medicines/human/EPAR/lupkynis",
    ),
    Source(
        "pta-forum-2023-voclosporin",
        "Voclosporin for lupus nephritis: summary of the German Fachinformation (PTA-Forum)",
        2023,
        "Siebenand S. Neues bei Migräne und Lupus. PTA-Forum, 15 March 2023 (summary of the "
        "Lupkynis Fachinformation: not recommended in severe hepatic or renal impairment or "
        "above 75 years).",
        "review",
        url="https://www.pta-forum.de/neues-bei-migraene-und-lupus-138971/seite/3/",
        confidence="secondary",
    ),
    Source(
        "april-ln",
        "APRIL-LN: atacicept with MMF and corticosteroids in lupus nephritis (phase II/III, "
        "terminated)",
        2012,
        "Ginzler EM, et al. Atacicept in combination with MMF and corticosteroids in lupus "
        "nephritis: results of a prematurely terminated trial. Arthritis Res Ther. "
        "2012;14(1):R33. PMID 22325903.",
        "trial",
        doi="10.1186/ar3738",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC3392829",
    ),
    Source(
        "lupkynis-hcp-dosing",
        "LUPKYNIS dosing page for healthcare professionals (blood pressure monitoring)",
        2024,
        "Aurinia Pharmaceuticals. LUPKYNIS dosing, lupkynispro.com (summary of the US "
        "prescribing information: monitor blood pressure; above 165/105 mmHg discontinue and "
        "start antihypertensive therapy).",
        "label",
        url="https://lupkynispro.com/dosing/",
        confidence="secondary",
    ),
    Source(
        "april-sle",
        "APRIL-SLE: atacicept for flare prevention in moderate-to-severe SLE (phase II/III)",
        2015,
        "Isenberg D, et al. Ann Rheum Dis. 2015;74(11):2006-2015. NCT00624338.",
        "trial",
        doi="10.1136/annrheumdis-2013-205067",
        url="https://pubmed.ncbi.nlm.nih.gov/24951103/",
    ),
    Source(
        "sirius-ln",
        "SIRIUS-LN: ianalumab in active lupus nephritis (phase III, ongoing)",
        2022,
        "Novartis. Ianalumab in patients with active lupus nephritis, NCT05126277.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT05126277",
        confidence="secondary",
    ),
    Source(
        "selune",
        "SELUNE: secukinumab in active lupus nephritis (phase III, ongoing)",
        2020,
        "Novartis. Secukinumab in patients with active lupus nephritis, NCT04181762.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT04181762",
        confidence="secondary",
    ),
    Source(
        "mission-zetomipzomib",
        "MISSION: zetomipzomib (KZR-616) in lupus nephritis (phase 1b/2, open label)",
        2022,
        "Kezar Life Sciences. Zetomipzomib in systemic lupus erythematosus with or without "
        "nephritis, NCT03393013.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT03393013",
        confidence="secondary",
    ),
    Source(
        "ytb323-car-t",
        "YTB323: anti-CD19 CAR-T cells in severe refractory SLE and lupus nephritis (phase I/II, "
        "ongoing)",
        2023,
        "Novartis. YTB323 in severe refractory systemic lupus erythematosus, NCT05798117.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT05798117",
        confidence="secondary",
    ),
    Source(
        "he-2020-il2",
        "Low-dose interleukin-2 in systemic lupus erythematosus: a randomised, placebo-controlled "
        "trial",
        2020,
        "He J, et al. Ann Rheum Dis. 2020;79(1):141-149.",
        "trial",
        url="https://ard.bmj.com/content/79/1/141",
    ),
    Source(
        "sanctuary-ravulizumab",
        "SANCTUARY: ravulizumab in lupus nephritis or IgA nephropathy (phase II)",
        2020,
        "Alexion. Ravulizumab in participants with lupus nephritis or IgA nephropathy, "
        "NCT04564339.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT04564339",
        confidence="secondary",
    ),
    Source(
        "narsoplimab-nephropathies",
        "Narsoplimab (OMS721) in lupus nephritis and other nephropathies (phase II, open label)",
        2016,
        "Omeros. OMS721 in patients with IgA nephropathy, lupus nephritis, membranous nephropathy "
        "or C3 glomerulopathy, NCT02682407.",
        "trial",
        url="https://clinicaltrials.gov/study/NCT02682407",
        confidence="secondary",
    ),
    # -- extra sources: regimens (add new regimen/label sources above this line)
    # ------------------------------------------------------------------ equations
    Source(
        "ckd-epi-2021",
        "New creatinine- and cystatin C-based equations to estimate GFR without race "
        "(CKD-EPI 2021)",
        2021,
        "Inker LA, et al. N Engl J Med. 2021;385(19):1737-1749.",
        "equation",
        doi="10.1056/NEJMoa2102953",
    ),
    Source(
        "ckd-epi-2009",
        "A new equation to estimate glomerular filtration rate (CKD-EPI 2009 creatinine)",
        2009,
        "Levey AS, et al. Ann Intern Med. 2009;150(9):604-612.",
        "equation",
        doi="10.7326/0003-4819-150-9-200905050-00006",
    ),
    Source(
        "ckd-epi-2012-cys",
        "Estimating GFR from serum creatinine and cystatin C (CKD-EPI 2012)",
        2012,
        "Inker LA, et al. N Engl J Med. 2012;367(1):20-29.",
        "equation",
        doi="10.1056/NEJMoa1114248",
    ),
    Source(
        "schwartz-2009",
        "New equations to estimate GFR in children with CKD (bedside Schwartz)",
        2009,
        "Schwartz GJ, et al. J Am Soc Nephrol. 2009;20(3):629-637.",
        "equation",
        doi="10.1681/ASN.2008030287",
    ),
    Source(
        "ckid-u25",
        "Age- and sex-dependent clinical equations to estimate GFR in children and young "
        "adults with CKD (CKiD U25)",
        2021,
        "Pierce CB, et al. Kidney Int. 2021;99(4):948-956.",
        "equation",
        doi="10.1016/j.kint.2020.10.047",
    ),
    Source(
        "ekfc-2021",
        "Development and validation of a modified full age spectrum creatinine-based "
        "equation (EKFC)",
        2021,
        "Pottel H, et al. Ann Intern Med. 2021;174(2):183-191.",
        "equation",
        doi="10.7326/M20-4366",
    ),
    # ------------------------------------------------ interoperability standards
    Source(
        "loinc",
        "LOINC: Logical Observation Identifiers Names and Codes",
        2024,
        "Regenstrief Institute. LOINC (codes checked against the LOINC long common names "
        "cited in the project's reference notes and in public FHIR implementation guides).",
        "standard",
        url="https://loinc.org",
    ),
    Source(
        "ucum",
        "The Unified Code for Units of Measure (UCUM)",
        2017,
        "Schadow G, McDonald CJ. The Unified Code for Units of Measure, version 2.1.",
        "standard",
        url="https://ucum.org/ucum",
    ),
    Source(
        "snomed-ct",
        "SNOMED CT International Edition",
        2024,
        "SNOMED International. SNOMED CT (concepts checked against published code lists: "
        "the NHS primary-care lupus nephritis code set and FHIR pregnancy-status value sets).",
        "standard",
        url="https://www.snomed.org",
    ),
    Source(
        "rxnorm",
        "RxNorm",
        2024,
        "US National Library of Medicine. RxNorm ingredient concepts (RxCUIs checked against "
        "the CPIC drug table and published RxClass ATC H02AB listings).",
        "standard",
        url="https://www.nlm.nih.gov/research/umls/rxnorm/",
    ),
    Source(
        "fhir-r4",
        "HL7 FHIR Release 4 (4.0.1)",
        2019,
        "HL7 International. Fast Healthcare Interoperability Resources R4 (v4.0.1): "
        "Observation, Patient, Condition, MedicationRequest, MedicationStatement, "
        "MedicationAdministration, Timing, Bundle.",
        "standard",
        url="https://hl7.org/fhir/R4/",
    ),
    Source(
        "fhir-vital-signs",
        "FHIR R4 vital signs profiles (blood pressure panel 85354-9, systolic 8480-6, "
        "diastolic 8462-4)",
        2019,
        "HL7 International. FHIR R4 Observation vital signs profile, blood pressure.",
        "standard",
        url="https://hl7.org/fhir/R4/observation-vitalsigns.html",
    ),
    Source(
        "cds-hooks-2.0",
        "CDS Hooks 2.0",
        2022,
        "HL7 International / CDS Hooks community. CDS Hooks specification, release 2.0 "
        "(discovery, service request and response, cards, prefetch, fhirAuthorization, "
        "feedback).",
        "standard",
        url="https://cds-hooks.hl7.org/2.0/",
    ),
    Source(
        "mdrd-idms-2007",
        "Expressing the MDRD Study equation for estimating GFR with standardized serum "
        "creatinine values (MDRD 4-variable, IDMS-traceable, constant 175)",
        2007,
        "Levey AS, Coresh J, Greene T, et al. Clin Chem. 2007;53(4):766-772 (PubMed 17332152); "
        "Levey AS, et al. Ann Intern Med. 2006;145(4):247-254; equation as restated by the "
        "National Kidney Foundation (MDRD Study equation page).",
        "equation",
        url="https://pubmed.ncbi.nlm.nih.gov/17332152/",
    ),
    Source(
        "creatinine-molar-mass",
        "Creatinine molar mass 113.12 g/mol (1 mg/dL = 88.4017 umol/L exactly; UPCR 1 g/g = "
        "113.12 mg/mmol)",
        2020,
        "Standard SI conversion for creatinine (molar mass 113.12 g/mol).",
        "review",
    ),
    Source(
        "creatinine-si-conversion",
        "Conventional SI conversion of serum creatinine: 1 mg/dL = 88.4 umol/L",
        2020,
        "The factor stated by laboratory unit-conversion tables (e.g. UCSF Clinical "
        "Laboratories manual, creatinine) and used by the CKD-EPI and KDIGO publications for "
        "creatinine in umol/L (e.g. 2.0 mg/dL = 176.8 umol/L).",
        "review",
        url="http://labmed.ucsf.edu/labmanual/db/data/tests/265.html",
    ),
)


def get_source(source_id: str) -> Source:
    """Return the source registered under ``source_id``.

    Args:
        source_id: A citation id such as ``"kdigo-2024-ln"``.

    Returns:
        The registered `Source` (title, year, DOI/URL).

    Raises:
        LupusNephritisError: if no such source exists.
    """
    try:
        return SOURCES[source_id]
    except (KeyError, TypeError):
        raise LupusNephritisError(f"unknown source id {source_id!r}") from None


def list_sources() -> tuple[Source, ...]:
    """All sources, in id order.

    Returns:
        Every registered `Source`, sorted by id.
    """
    return tuple(SOURCES[key] for key in sorted(SOURCES))


__all__ = ["SOURCES", "Source", "SourceKind", "get_source", "list_sources"]
