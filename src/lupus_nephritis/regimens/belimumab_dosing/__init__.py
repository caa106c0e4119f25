"""Belimumab (BENLYSTA) lupus nephritis dosing checked from administration records.

Use `lupus_nephritis.regimens.belimumab_dosing.api.check_belimumab_dosing`.
"""
