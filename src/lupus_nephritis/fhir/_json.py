"""Small readers over FHIR JSON (plain dicts): codings, dates, quantities, references."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

JSON = Mapping[str, Any]

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def as_mapping(value: object) -> JSON | None:
    """``value`` if it is a JSON object, else ``None``."""
    return value if isinstance(value, Mapping) else None


def as_list(value: object) -> list[Any]:
    """``value`` as a list: a JSON array as is, a missing value as ``[]``, else ``[value]``."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def text(value: object) -> str | None:
    """``value`` if it is a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value.strip() else None


def codings(concept: object) -> Iterator[tuple[str | None, str | None, str | None]]:
    """``(system, code, display)`` of every coding of a CodeableConcept (or a Coding)."""
    item = as_mapping(concept)
    if item is None:
        return
    if "system" in item or "code" in item:  # a bare Coding
        yield text(item.get("system")), text(item.get("code")), text(item.get("display"))
    for coding in as_list(item.get("coding")):
        mapped = as_mapping(coding)
        if mapped is not None:
            yield (
                text(mapped.get("system")),
                text(mapped.get("code")),
                text(mapped.get("display")),
            )


def concept_texts(concept: object) -> list[str]:
    """The human texts of a CodeableConcept: its ``text`` and every coding's ``display``."""
    item = as_mapping(concept)
    if item is None:
        return []
    texts = [t for t in (text(item.get("text")),) if t]
    texts += [display for _s, _c, display in codings(item) if display]
    return texts


def first_code(concept: object) -> str | None:
    """``"system|code"`` of the first coding (for reports), or the concept's text."""
    for system, code, _display in codings(concept):
        if code:
            return f"{system}|{code}" if system else code
    item = as_mapping(concept)
    return text(item.get("text")) if item else None


def parse_date(value: object) -> tuple[date | None, str | None]:
    """The calendar date of a FHIR ``date``/``dateTime``/``instant`` as written.

    Returns:
        ``(date, None)``, or ``(None, reason)`` when the value is missing, partial (a year or
        a year-month) or not a date. The date part is taken as written, without converting
        time zones (a laboratory's local date is the clinical date).
    """
    raw = text(value)
    if raw is None:
        return None, "no date"
    match = _FULL_DATE.match(raw.strip())
    if match is None:
        if re.match(r"^\d{4}(-\d{2})?$", raw.strip()):
            return None, f"partial date {raw!r} (day unknown; never imputed)"
        return None, f"not a FHIR date: {raw!r}"
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), None
    except ValueError:
        return None, f"not a calendar date: {raw!r}"


def reference_id(reference: object) -> str | None:
    """``"Type/id"`` (or ``"#id"``) of a FHIR Reference, if it has one."""
    item = as_mapping(reference)
    if item is None:
        return None
    ref = text(item.get("reference"))
    if ref is None:
        return None
    # absolute references keep their last two segments (Type/id)
    parts = [p for p in ref.split("/") if p]
    if len(parts) >= 2 and not ref.startswith("#"):
        if len(parts) >= 4 and parts[-2] == "_history":
            parts = parts[:-2]
        return f"{parts[-2]}/{parts[-1]}"
    return ref


def resource_label(resource: JSON, index: int) -> str:
    """``"Type/id"``, or ``"Type[#index]"`` for a resource without an id."""
    kind = text(resource.get("resourceType")) or "resource"
    ident = text(resource.get("id"))
    return f"{kind}/{ident}" if ident else f"{kind}[#{index}]"


def is_sequence(value: object) -> bool:
    """True for a list or tuple (not a string)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


__all__ = [
    "JSON",
    "as_list",
    "as_mapping",
    "codings",
    "concept_texts",
    "first_code",
    "is_sequence",
    "parse_date",
    "reference_id",
    "resource_label",
    "text",
]
