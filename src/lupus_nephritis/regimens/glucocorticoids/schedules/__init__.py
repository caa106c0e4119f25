"""Cited glucocorticoid taper schedules, one module per rule set (kind ``taper``)."""
