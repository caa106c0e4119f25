"""Treatment-algorithm rule sets: the regimens offered at each step, with reasons.

One module per rule set (the seed review's Figure 2 and the KDIGO 2024, EULAR 2023 and ACR 2024
variants) and a shared engine. Use `lupus_nephritis.regimens.algorithm.suggest_regimens`.
"""
