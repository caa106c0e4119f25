"""Regimen eligibility rule sets: one module per rule set, the shared engine, and the API.

Each rule set checks a :class:`~lupus_nephritis.regimens.models.Regimen` in a
:class:`~lupus_nephritis.regimens.models.PatientContext` and returns a
:class:`~lupus_nephritis.decisions.Decision` whose verdict is an
:class:`~lupus_nephritis.decisions.Eligibility`. Use
:func:`lupus_nephritis.regimens.eligibility.api.check_regimen_eligibility`.
"""
