"""Glucocorticoids: prednisone equivalence, taper schedules as cited data, exposure checks.

* :mod:`.equivalence`: the equivalence tables of :mod:`lupus_nephritis.steroids` registered as
  rule sets (``glucocorticoid-equivalence-fda-label``, ``glucocorticoid-equivalence-conventional``);
* :mod:`.schedule`: the data model of a taper schedule (week or month blocks, bounds in mg or
  mg/kg with caps, pulses, exposure rules), each row with its source;
* :mod:`.schedules`: one module per cited schedule (KDIGO 2024, AURORA 1, REGENCY, TULIP-LN,
  NOBILITY, EULAR 2012/2019/2023, ACR 2024, the seed review);
* :mod:`.taper`: ``check_glucocorticoid_taper``, ``check_glucocorticoid_exposure`` and
  ``cumulative_glucocorticoid_exposure``.
"""
