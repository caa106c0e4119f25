"""Voclosporin (LUPKYNIS) eGFR-based dose modification: US label and EU SmPC rule sets.

Use `lupus_nephritis.regimens.voclosporin_dosing.api.voclosporin_dose_action`.
"""
