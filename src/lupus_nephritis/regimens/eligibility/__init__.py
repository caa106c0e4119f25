"""Regimen eligibility rule sets: one module per rule set, the shared engine, and the API.

Each rule set checks a `Regimen` in a
`PatientContext` and returns a
`Decision` whose verdict is an
`Eligibility`. Use
`lupus_nephritis.regimens.eligibility.api.check_regimen_eligibility`.
"""
