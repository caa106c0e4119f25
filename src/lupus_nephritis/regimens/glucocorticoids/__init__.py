"""Glucocorticoids: prednisone equivalence, taper schedules as cited data, exposure checks.

* `.equivalence`: the equivalence tables of `lupus_nephritis.steroids` registered as
  rule sets (``glucocorticoid-equivalence-fda-label``, ``glucocorticoid-equivalence-conventional``);
* `.schedule`: the data model of a taper schedule (week or month blocks, bounds in mg or
  mg/kg with caps, pulses, exposure rules), each row with its source;
* `.schedules`: one module per cited schedule (KDIGO 2024, AURORA 1, REGENCY, TULIP-LN,
  NOBILITY, EULAR 2012/2019/2023, ACR 2024, the seed review);
* `.taper`: ``check_glucocorticoid_taper``, ``check_glucocorticoid_exposure`` and
  ``cumulative_glucocorticoid_exposure``.
"""
