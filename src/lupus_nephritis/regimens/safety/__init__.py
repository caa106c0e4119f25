"""Published safety stop rules of lupus nephritis trials and labels, checked on lab values.

Use `lupus_nephritis.regimens.safety.api.check_safety_stop_rules`.
"""
