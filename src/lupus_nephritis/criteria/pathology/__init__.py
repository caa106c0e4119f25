"""Kidney pathology in lupus nephritis: ISN/RPS class and the modified NIH indices.

* `lupus_nephritis.criteria.pathology.api.classify_isn_rps`: class I-VI (with the 2003
  subclasses, or without them under the 2018 revision) from glomerular counts and lesion
  findings, as an explained `Decision`;
* `lupus_nephritis.criteria.pathology.api.compute_nih_activity_index` and
  `lupus_nephritis.criteria.pathology.api.compute_nih_chronicity_index`: the modified
  NIH activity (0-24) and chronicity (0-12) indices from component scores or percentages.

Rule sets: ``isn-rps-2003``, ``isn-rps-2018`` and ``nih-activity-chronicity-2018`` (all of
kind ``pathology``).
"""
