"""Renal flare (relapse) rule sets, evaluated over a treatment course.

* ``kdigo-2012-relapse`` (`.kdigo_2012`): KDIGO 2012 Table 29, mild / moderate / severe
  relapse from haematuria and casts, serum creatinine and uPCR, against a reference value.
* ``aurora-2-flare`` (`.aurora_2_flare`): the AURORA 2 adjudicated renal-flare rule,
  UPCR buckets after an adequate response.

The public entry point is `lupus_nephritis.criteria.flares.api.detect_renal_flares`.
How the reference value is chosen (course baseline, nadir, previous value, post-response
value) is an explicit ``reference`` option of each rule set.
"""
