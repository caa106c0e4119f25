"""Clinical criteria rule sets: biopsy indication, renal response, flares, pathology.

Each module defines one rule set (parameters as cited data, then the evaluation) and registers
it with `lupus_nephritis.registry.register` at import time.
"""
