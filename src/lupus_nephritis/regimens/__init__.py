"""Regimen rule sets: drug catalogue, eligibility, dosing, glucocorticoid tapers, duration.

Each module defines its rule sets as cited data and registers them at import time.
"""
