"""Kidney-biopsy indication in SLE: one registered rule set per guideline and version.

`lupus_nephritis.criteria.biopsy.api.assess_biopsy_indication` applies a rule set to
`lupus_nephritis.criteria.biopsy.models.BiopsyFindings` and returns a
`Decision` whose verdict is a
`BiopsyIndication`: ``indicated`` when any sufficient
criterion is met, ``not_indicated`` only when every sufficient criterion is not met, and
``insufficient_data`` otherwise (with the missing inputs listed).

Rule sets: ``kdigo-2021-biopsy``, ``kdigo-2024-biopsy``, ``eular-2012-biopsy``,
``eular-2019-biopsy``, ``acr-2012-biopsy``, ``acr-2024-biopsy``, ``acr-2024-repeat-biopsy``
and ``seed-review-2024-biopsy`` (an expert suggestion, not a guideline).
"""
