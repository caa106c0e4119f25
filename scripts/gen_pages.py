"""mkdocs-gen-files script: one page per registered rule set, the index, sources, changelog."""

from __future__ import annotations

from pathlib import Path

import mkdocs_gen_files

from lupus_nephritis.docgen import render_index, render_rule_set, render_sources
from lupus_nephritis.fhir.codes import render_mapping
from lupus_nephritis.registry import list_rule_sets

for rule_set in list_rule_sets():
    with mkdocs_gen_files.open(f"rules/{rule_set.id}.md", "w") as handle:
        handle.write(render_rule_set(rule_set))

with mkdocs_gen_files.open("rules/index.md", "w") as handle:
    handle.write(render_index())

with mkdocs_gen_files.open("fhir-mapping.md", "w") as handle:
    handle.write(render_mapping())

with mkdocs_gen_files.open("sources.md", "w") as handle:
    handle.write(render_sources())

changelog = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
with mkdocs_gen_files.open("changelog.md", "w") as handle:
    handle.write(changelog.read_text(encoding="utf-8"))
