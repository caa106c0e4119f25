"""Renal-response definitions: guideline and trial rule sets, and the shared engine they use.

One module per rule set (``kdigo_2024.py`` registers ``"kdigo-2024"``, ...). Every rule set
evaluates a `TreatmentCourse` at an assessment point and
returns a `Decision` whose verdict is a
`ResponseCategory`.

* `lupus_nephritis.criteria.response._common`: the shared engine (assessment point,
  visit matching, reference values, eGFR resolution, criterion builders, missing-data
  policies, the decision constructor). Trial and guideline modules are written on top of it.
* `lupus_nephritis.criteria.response.api`: `classify_renal_response` and
  `compare_renal_response`, the public entry points.

This package imports none of its submodules: the registry discovers and imports them.
"""
