"""Every public name has a Google-style docstring (the API reference renders them)."""

from __future__ import annotations

import inspect

import pytest

import lupus_nephritis as ln

PUBLIC = sorted(n for n in ln.__all__ if n != "__version__")
FUNCTIONS = [n for n in PUBLIC if inspect.isfunction(getattr(ln, n))]
CLASSES = [n for n in PUBLIC if inspect.isclass(getattr(ln, n))]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_has_a_docstring(name: str) -> None:
    doc = inspect.getdoc(getattr(ln, name))
    assert doc and doc.strip(), name


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_function_documents_args_returns_and_raises(name: str) -> None:
    function = getattr(ln, name)
    doc = function.__doc__ or ""
    signature = inspect.signature(function)
    parameters = [p for p in signature.parameters.values() if p.kind is not p.VAR_POSITIONAL]
    if parameters:
        assert "Args:" in doc, name
        args_section = doc.split("Args:", 1)[1]
        for parameter in parameters:
            assert f"{parameter.name}:" in args_section or parameter.name in args_section, (
                name,
                parameter.name,
            )
    if signature.return_annotation not in (None, "None", inspect.Signature.empty):
        assert "Returns:" in doc, name
    if "raise " in inspect.getsource(function):
        assert "Raises:" in doc, name


@pytest.mark.parametrize("name", CLASSES)
def test_public_methods_of_public_classes_have_docstrings(name: str) -> None:
    cls = getattr(ln, name)
    for attribute, member in vars(cls).items():
        if attribute.startswith("_"):
            continue
        function = member.fget if isinstance(member, property) else member
        if isinstance(function, (classmethod, staticmethod)):
            function = function.__func__
        if inspect.isfunction(function):
            assert function.__doc__, f"{name}.{attribute}"


def test_api_reference_pages_cover_every_exported_module_exactly_once() -> None:
    from lupus_nephritis.docgen import API_PAGES, render_api_pages

    listed = [module for _file, _title, _what, modules in API_PAGES for module in modules]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(ln._EXPORTS.values())
    pages = render_api_pages()
    index = pages["index.md"]
    for name, module in ln._EXPORTS.items():
        assert f"#{module}.{name})" in index, name
        assert sum(f"        - {name}\n" in text for text in pages.values()) >= 1, name


def test_no_sphinx_roles_in_the_sources() -> None:
    # mkdocstrings renders markdown: a ``:class:`X``` role would show as raw text in the docs
    import re
    from pathlib import Path

    import lupus_nephritis

    role = re.compile(r":(?:py:)?(?:class|func|mod|meth|attr|data|exc|obj):`")
    root = Path(lupus_nephritis.__file__).parent
    offending = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if role.search(line)
    ]
    assert offending == []
