"""The public surface is declared once (``_EXPORTS``) and seen identically by type checkers.

``lupus_nephritis`` loads its exports lazily; ``mypy --strict`` downstream only accepts
``from lupus_nephritis import X`` when ``X`` is an explicit re-export, i.e. listed in a literal
``__all__`` and imported in the ``TYPE_CHECKING`` block. These tests keep the three in step.
"""

from __future__ import annotations

import ast
from pathlib import Path

import lupus_nephritis as ln

INIT = Path(ln.__file__)


def _tree() -> ast.Module:
    return ast.parse(INIT.read_text(encoding="utf-8"))


def _literal_all(tree: ast.Module) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            assert isinstance(node.value, ast.List), "__all__ must be a literal list"
            values = []
            for element in node.value.elts:
                assert isinstance(element, ast.Constant) and isinstance(element.value, str)
                values.append(element.value)
            return values
    raise AssertionError("no __all__ in lupus_nephritis/__init__.py")


def _type_checking_imports(tree: ast.Module) -> dict[str, str]:
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            found: dict[str, str] = {}
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module
                for alias in statement.names:
                    found[alias.asname or alias.name] = statement.module
            return found
    raise AssertionError("no TYPE_CHECKING block in lupus_nephritis/__init__.py")


def test_all_is_a_literal_list_equal_to_the_declared_exports() -> None:
    names = _literal_all(_tree())
    assert len(names) == len(set(names))
    assert set(names) == {"__version__", *ln._EXPORTS}
    assert ln.__all__ == names


def test_type_checking_block_imports_every_export_from_its_module() -> None:
    assert _type_checking_imports(_tree()) == ln._EXPORTS


def test_each_export_is_defined_by_the_module_it_is_declared_in() -> None:
    import importlib

    for name, module_name in ln._EXPORTS.items():
        module = importlib.import_module(module_name)
        assert getattr(module, name) is getattr(ln, name), name
