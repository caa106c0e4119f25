"""Cohorts in DataFrames: rule sets evaluated over a whole registry or trial dataset.

``derive_*`` functions take any DataFrame narwhals reads (polars, pandas, pyarrow, DuckDB ...)
and return the caller's flavour. Inside, the engine is polars: each vectorised rule set is
compiled into expressions built from its own registered parameters, and gives the same
verdicts, criterion outcomes, missing inputs and flags as the scalar path (which decides the
rare rows a float margin cannot, and the rule sets that are not vectorised yet).

Requires the ``frame`` extra (``pip install 'lupus-nephritis[frame]'``); importing
``lupus_nephritis`` itself never imports polars.
"""

from __future__ import annotations

from lupus_nephritis.cohort._biopsy import BIOPSY_REASONS
from lupus_nephritis.cohort._ingest import REASONS
from lupus_nephritis.cohort.api import (
    ENGINES,
    ROW_COLUMNS,
    SCALAR_REASONS,
    CohortResult,
    derive_egfr,
    derive_renal_response,
    vectorised_rule_sets,
)
from lupus_nephritis.cohort.biopsy import derive_biopsy_indication
from lupus_nephritis.cohort.columns import Columns

__all__ = [
    "BIOPSY_REASONS",
    "ENGINES",
    "REASONS",
    "ROW_COLUMNS",
    "SCALAR_REASONS",
    "CohortResult",
    "Columns",
    "derive_biopsy_indication",
    "derive_egfr",
    "derive_renal_response",
    "vectorised_rule_sets",
]
