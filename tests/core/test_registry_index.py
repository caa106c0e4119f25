"""The generated registry index matches discovery, and lookups stay lazy."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from lupus_nephritis._registry_index import INDEX

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_registry_index.py"


def _load_generator() -> object:
    spec = importlib.util.spec_from_file_location("gen_registry_index", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_index_matches_a_fresh_discovery() -> None:
    generator = _load_generator()
    fresh = generator.discovered()  # type: ignore[attr-defined]
    assert {k: tuple(v) for k, v in fresh.items()} == INDEX, (
        "run `python scripts/gen_registry_index.py`"
    )


def test_a_single_lookup_imports_only_its_module() -> None:
    probe = (
        "import json, sys; import lupus_nephritis as ln; "
        "r = ln.get_rule_set('kdigo-2024'); "
        "mods = [m for m in sys.modules if m.startswith('lupus_nephritis.')]; "
        "print(json.dumps([r.key, mods]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    key, modules = json.loads(out)
    assert key.startswith("kdigo-2024@")
    assert not [m for m in modules if m.startswith("lupus_nephritis.regimens")]
    assert "lupus_nephritis.criteria.response.aurora_1" not in modules


def test_unknown_id_still_falls_back_to_full_discovery() -> None:
    probe = (
        "import lupus_nephritis as ln\n"
        "try:\n    ln.get_rule_set('no-such-rule')\n"
        "except ln.UnknownRuleSetError as e:\n    print('aurora-1' in str(e))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "True"
