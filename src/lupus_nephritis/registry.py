"""The rule-set registry: stable ids with versions, discovered lazily.

Every rule set is a `RuleSet` object registered by the module that defines it (one
module per rule set under ``lupus_nephritis.criteria`` and ``lupus_nephritis.regimens``).
Those packages are imported only when the registry is first queried, so
``import lupus_nephritis`` stays light.

Ids are lowercase kebab-case with the year or trial name (``kdigo-2024``, ``aurora-1``). A
change of logic registers a new *version* of the same id; old versions stay selectable with
``get_rule_set("kdigo-2024@1.0.0")`` or ``get_rule_set("kdigo-2024", version="1.0.0")``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import attrs

from lupus_nephritis._convert import to_enum
from lupus_nephritis.errors import LupusNephritisError, OptionError, UnknownRuleSetError
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.thresholds import Option


class RuleKind(str, Enum):
    """What a rule set decides."""

    RESPONSE = "response"
    FLARE = "flare"
    BIOPSY = "biopsy"
    PATHOLOGY = "pathology"
    ELIGIBILITY = "eligibility"
    DOSING = "dosing"
    TAPER = "taper"
    DURATION = "duration"
    ALGORITHM = "algorithm"
    PHASE = "phase"
    EQUATION = "equation"
    EQUIVALENCE = "equivalence"
    SAFETY = "safety"


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _to_rulekind(value: object) -> RuleKind:
    return to_enum(RuleKind, value)


@attrs.frozen(slots=True)
class RuleSet:
    """A named, versioned, cited rule set.

    Attributes:
        id: Stable kebab-case id (e.g. ``"kdigo-2024"``).
        version: Semantic version ``MAJOR.MINOR.PATCH``; bumped on any change of logic,
            threshold or default.
        title: Human title.
        kind: What the rule set decides.
        source_ids: Sources of the rule set (each an id in
            `SOURCES`).
        parameters: Frozen data (an attrs instance) holding every threshold, window and
            constant, each with its source id; documentation is generated from it.
        description: What the rule set decides and how, in a paragraph.
        options: Options the caller may pass, with documented defaults.
        notes: Ambiguities, open items and the readings chosen (shown on the docs page).
        evaluate: The function that applies the rule set (not part of equality).
        module: Dotted path of the defining module.
    """

    id: str
    version: str
    title: str
    kind: RuleKind = attrs.field(converter=_to_rulekind)
    source_ids: tuple[str, ...]
    parameters: Any
    description: str
    options: tuple[Option, ...] = ()
    notes: tuple[str, ...] = ()
    evaluate: Callable[..., Any] | None = attrs.field(default=None, eq=False, repr=False)
    module: str | None = None

    def __attrs_post_init__(self) -> None:
        if not _ID.match(self.id):
            raise LupusNephritisError(f"rule-set id {self.id!r} is not lowercase kebab-case")
        if not _VERSION.match(self.version):
            raise LupusNephritisError(f"rule-set {self.id}: version {self.version!r} is not X.Y.Z")
        if not self.source_ids:
            raise LupusNephritisError(f"rule-set {self.id}: no sources")
        unknown = [s for s in self.source_ids if s not in SOURCES]
        if unknown:
            raise LupusNephritisError(f"rule-set {self.id}: unknown source id(s) {unknown}")

    @property
    def key(self) -> str:
        """``"id@version"``."""
        return f"{self.id}@{self.version}"

    def option(self, name: str) -> Option:
        """The declared option ``name``.

        Args:
            name: The option's name.

        Returns:
            The declared `Option`.

        Raises:
            OptionError: no such option.
        """
        for option in self.options:
            if option.name == name:
                return option
        known = ", ".join(o.name for o in self.options) or "none"
        raise OptionError(f"rule set {self.key} has no option {name!r}; options: {known}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


_REGISTRY: dict[str, dict[str, RuleSet]] = {}
_LOCK = threading.RLock()
_DISCOVERED = False
_DISCOVERED_BY: dict[str, list[str]] = {}
_PACKAGES = ("lupus_nephritis.criteria", "lupus_nephritis.regimens")
_MODULES = ("lupus_nephritis.egfr_registry",)


def register(rule_set: RuleSet) -> RuleSet:
    """Register ``rule_set`` (called at import time by the defining module).

    Re-registering the same ``id@version`` with an equal object is a no-op; a different object
    under the same key is an error (versions are never edited in place).

    Args:
        rule_set: The rule set to register.

    Returns:
        ``rule_set`` itself, so a module can write ``RULE_SET = register(RuleSet(...))``.

    Raises:
        LupusNephritisError: another rule set is already registered under the same key.
    """
    with _LOCK:
        versions = _REGISTRY.setdefault(rule_set.id, {})
        existing = versions.get(rule_set.version)
        if existing is not None and existing != rule_set:
            raise LupusNephritisError(
                f"rule set {rule_set.key} registered twice with different content"
            )
        versions[rule_set.version] = rule_set
    return rule_set


def register_version(
    current: RuleSet,
    version: str,
    *,
    evaluate: Callable[..., Any] | None,
    options: tuple[Option, ...] | None = None,
    parameters: Any = None,
    description: str | None = None,
    notes: tuple[str, ...] | None = None,
    change: str | None = None,
) -> RuleSet:
    """Register another version of ``current``'s id (e.g. the superseded one), kept selectable.

    The new object copies ``current`` and replaces what is given: its own ``evaluate`` (which
    must stamp its decisions with this version), and, where they differ, its options,
    parameters, description and notes. ``get_rule_set(id)`` still returns the highest version;
    ``get_rule_set("id@version")`` returns this one. With ``change``, an earlier version's
    first note says how it differs from ``current`` (``"Superseded by version X: ..."``, as
    `register_previous_version` writes it; the docs page of ``current`` lists it).

    Args:
        current: The rule set whose id the version belongs to.
        version: The version to register (``MAJOR.MINOR.PATCH``).
        evaluate: The function that applies this version.
        options: Its options (default: those of ``current``).
        parameters: Its parameters (default: those of ``current``).
        description: Its description (default: that of ``current``).
        notes: Its notes (default: those of ``current``).
        change: How this (earlier) version differs from ``current``, in user terms; recorded
            as its first note. Notes of ``current`` that describe another supersession are
            not copied.

    Returns:
        The registered rule set.

    Raises:
        LupusNephritisError: the version is malformed or already registered differently.
    """
    own = current.notes if notes is None else notes
    if change is not None:
        own = (
            superseded_note(current.version, change),
            *(n for n in own if not n.startswith(SUPERSEDED_PREFIX)),
        )
    return register(
        attrs.evolve(
            current,
            version=version,
            evaluate=evaluate,
            options=current.options if options is None else options,
            parameters=current.parameters if parameters is None else parameters,
            description=current.description if description is None else description,
            notes=own,
        )
    )


#: How the first note of a superseded version starts (see `superseded_note`).
SUPERSEDED_PREFIX = "Superseded by version "


def superseded_note(version: str, change: str) -> str:
    """The note of an earlier version: ``"Superseded by version <version>: <change>"``."""
    return f"{SUPERSEDED_PREFIX}{version}: {change}"


def register_previous_version(
    current: RuleSet, version: str, *, defaults: dict[str, Any], change: str
) -> RuleSet:
    """Register an earlier version of ``current`` that differs only in option defaults.

    When a new version changes nothing but the default of an option (the old behaviour stays
    available through that option), the old ``id@version`` stays selectable: its decisions are
    those of ``current`` evaluated with the old defaults (a caller's explicit option still
    wins) and carry the old version.

    Args:
        current: The current rule set.
        version: The earlier version (lower than ``current.version``).
        defaults: Option name -> the earlier default.
        change: What changed, in one sentence (shown on the old version's docs page).

    Returns:
        The registered earlier version.

    Raises:
        LupusNephritisError: an option in ``defaults`` is not declared by ``current``, the
            version is not earlier, or ``current`` cannot be evaluated.
    """
    declared = {o.name for o in current.options}
    unknown = sorted(set(defaults) - declared)
    if unknown:
        raise LupusNephritisError(f"rule set {current.key}: no option(s) {', '.join(unknown)}")
    if not _VERSION.match(version) or _version_key(version) >= _version_key(current.version):
        raise LupusNephritisError(f"rule set {current.key}: {version!r} is not an earlier version")
    target = current.evaluate
    if target is None:
        raise LupusNephritisError(f"rule set {current.key} cannot be evaluated")

    def evaluate(*args: Any, **options: Any) -> Any:
        return _restamp(target(*args, **{**defaults, **options}), current, version)

    options = tuple(
        attrs.evolve(o, default=defaults[o.name]) if o.name in defaults else o
        for o in current.options
    )
    earlier = attrs.evolve(
        current,
        version=version,
        options=options,
        notes=(
            superseded_note(current.version, change),
            *(n for n in current.notes if not n.startswith(SUPERSEDED_PREFIX)),
        ),
        evaluate=evaluate,
    )
    return register(earlier)


def _restamp(result: Any, current: RuleSet, version: str) -> Any:
    """``result`` (a decision, or an object of decisions) labelled with the earlier version."""
    from lupus_nephritis.decisions import Decision

    if isinstance(result, Decision):
        if result.rule_set_id == current.id:
            return attrs.evolve(result, rule_set_version=version)
        return result
    if attrs.has(type(result)) and getattr(result, "rule_set_id", None) == current.id:
        changes: dict[str, Any] = {"rule_set_version": version}
        candidates = getattr(result, "candidates", None)
        if isinstance(candidates, tuple):
            changes["candidates"] = tuple(_restamp(c, current, version) for c in candidates)
        return attrs.evolve(result, **changes)
    return result


def discover() -> None:
    """Import every rule-set module (once). Called implicitly by the query functions.

    Records which module registered which ids (`discovered_modules`), from which the
    generated `lupus_nephritis._registry_index` is built.
    """
    global _DISCOVERED
    if _DISCOVERED:
        return
    with _LOCK:
        if _DISCOVERED:
            return
        names = list(_MODULES)
        for package_name in _PACKAGES:
            package = importlib.import_module(package_name)
            names.extend(
                info.name
                for info in pkgutil.walk_packages(package.__path__, prefix=package_name + ".")
            )
        for module_name in names:
            before = set(_REGISTRY)
            importlib.import_module(module_name)
            for rule_set_id in set(_REGISTRY) - before:
                _DISCOVERED_BY.setdefault(rule_set_id, []).append(module_name)
        _DISCOVERED = True


def discovered_modules() -> dict[str, tuple[str, ...]]:
    """Rule-set id -> modules whose import registered it, as seen by `discover`.

    Only complete when `discover` ran in a fresh interpreter (a module imported earlier
    registered its ids before discovery could watch); the index generator does that.
    """
    return {key: tuple(value) for key, value in sorted(_DISCOVERED_BY.items())}


def _load(rule_set_id: str) -> None:
    """Import just the module(s) that register ``rule_set_id`` (from the generated index)."""
    if rule_set_id in _REGISTRY or _DISCOVERED:
        return
    from lupus_nephritis._registry_index import INDEX

    for module_name in INDEX.get(rule_set_id, ()):
        importlib.import_module(module_name)


def list_rule_sets(
    kind: RuleKind | str | None = None, *, all_versions: bool = False
) -> tuple[RuleSet, ...]:
    """Registered rule sets, sorted by kind then id (latest version of each unless asked).

    Args:
        kind: Only rule sets of this kind.
        all_versions: Include superseded versions too.

    Returns:
        The matching rule sets, sorted by kind, id and version.

    Raises:
        UnknownRuleSetError: ``kind`` is not a `RuleKind`.
    """
    discover()
    try:
        wanted = None if kind is None else RuleKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in RuleKind)
        raise UnknownRuleSetError(f"unknown rule-set kind {kind!r}; kinds: {kinds}") from None
    result: list[RuleSet] = []
    for versions in _REGISTRY.values():
        ordered = sorted(versions.values(), key=lambda r: _version_key(r.version))
        chosen: Iterable[RuleSet] = ordered if all_versions else ordered[-1:]
        result.extend(r for r in chosen if wanted is None or r.kind is wanted)
    return tuple(sorted(result, key=lambda r: (r.kind.value, r.id, _version_key(r.version))))


def get_rule_set(rule_set_id: str, *, version: str | None = None) -> RuleSet:
    """The rule set with ``rule_set_id`` (``"id"`` or ``"id@version"``).

    Args:
        rule_set_id: Registered id, optionally with ``@version``.
        version: A specific version (default: the latest).

    Returns:
        The registered `RuleSet`.

    Raises:
        UnknownRuleSetError: no such id or version.
    """
    if not isinstance(rule_set_id, str):
        raise UnknownRuleSetError(f"a rule-set id is a string, got {type(rule_set_id).__name__}")
    if version is not None and not isinstance(version, str):
        raise UnknownRuleSetError(f"a rule-set version is a string, got {type(version).__name__}")
    if "@" in rule_set_id:
        rule_set_id, _, at_version = rule_set_id.partition("@")
        if version is not None and version != at_version:
            raise UnknownRuleSetError(f"conflicting versions {at_version!r} and {version!r}")
        version = at_version
    _load(rule_set_id)  # lazy: only the defining module(s), per the generated index
    if rule_set_id not in _REGISTRY or (
        version is not None and version not in _REGISTRY[rule_set_id]
    ):
        discover()  # not in the index (or an unindexed version): import everything
    versions = _REGISTRY.get(rule_set_id)
    if not versions:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownRuleSetError(f"no rule set {rule_set_id!r}; registered: {known}")
    if version is None:
        return max(versions.values(), key=lambda r: _version_key(r.version))
    try:
        return versions[version]
    except KeyError:
        have = ", ".join(sorted(versions, key=_version_key))
        raise UnknownRuleSetError(
            f"rule set {rule_set_id!r} has no version {version!r}; versions: {have}"
        ) from None


def get_rule_set_of_kind(
    rule_set_id: str, kind: RuleKind, *, version: str | None = None
) -> RuleSet:
    """Like `get_rule_set`, also checking the kind.

    Raises:
        UnknownRuleSetError: no such rule set, or it is of another kind.
    """
    rule_set = get_rule_set(rule_set_id, version=version)
    if rule_set.kind is not kind:
        others = ", ".join(r.id for r in list_rule_sets(kind))
        raise UnknownRuleSetError(
            f"rule set {rule_set.id!r} is a {rule_set.kind.value} rule set, not {kind.value}; "
            f"{kind.value} rule sets: {others}"
        )
    return rule_set


__all__ = [
    "SUPERSEDED_PREFIX",
    "RuleKind",
    "RuleSet",
    "discover",
    "discovered_modules",
    "get_rule_set",
    "get_rule_set_of_kind",
    "list_rule_sets",
    "register",
    "register_previous_version",
    "register_version",
    "superseded_note",
]
