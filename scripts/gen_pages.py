"""mkdocs-gen-files script: rule-set pages and index, API reference, sources, changelog."""

from __future__ import annotations

from pathlib import Path

import mkdocs_gen_files

from lupus_nephritis.docgen import (
    render_api_pages,
    render_index,
    render_rule_set,
    render_safety_stop_rules,
    render_sources,
    render_therapy_evidence,
)
from lupus_nephritis.fhir.codes import render_mapping
from lupus_nephritis.registry import list_rule_sets

for rule_set in list_rule_sets():
    with mkdocs_gen_files.open(f"rules/{rule_set.id}.md", "w") as handle:
        handle.write(render_rule_set(rule_set))

with mkdocs_gen_files.open("rules/index.md", "w") as handle:
    handle.write(render_index())

with mkdocs_gen_files.open("fhir-mapping.md", "w") as handle:
    handle.write(render_mapping())

for name, text in render_api_pages().items():
    with mkdocs_gen_files.open(f"api/{name}", "w") as handle:
        handle.write(text)

with mkdocs_gen_files.open("therapy-evidence.md", "w") as handle:
    handle.write(render_therapy_evidence())

with mkdocs_gen_files.open("safety-stop-rules.md", "w") as handle:
    handle.write(render_safety_stop_rules())

with mkdocs_gen_files.open("sources.md", "w") as handle:
    handle.write(render_sources())

changelog = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
with mkdocs_gen_files.open("changelog.md", "w") as handle:
    handle.write(changelog.read_text(encoding="utf-8"))
