"""The folder tree is the architecture, and these rules keep it so. Imports are read from the
source (deferred ones and TYPE_CHECKING ones included: a dependency is a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reviewer"

# What each part may import, besides the package's own __init__ (its version). The top-level
# modules (cli, config, review, ...) compose these and may import any of them.
LAYERS: dict[str, set[str]] = {
    "contract": set(),
    "i18n": set(),
    "errors": {"contract"},
    "result": {"contract"},
    "evaluation": {"contract", "errors", "result"},
    "source": {"contract", "errors", "result"},
    "model": {"contract", "errors", "result", "source", "i18n"},
    "trust": {"contract", "errors", "result", "source", "model"},
    "render": {"contract", "errors", "result", "model", "evaluation", "i18n"},
    "platforms": {"contract", "errors", "result", "render", "i18n"},
}


def _name(path: Path) -> str:
    parts = ["reviewer", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(module: str) -> set[str]:
    """The package's modules that `module` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reviewer"):
            base = str(node.module)
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                      for a in node.names}  # fmt: skip
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reviewer")}
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def _part(module: str) -> str:
    """`reviewer.trust.noise` -> `trust`; `reviewer.review` -> `review`; `reviewer` -> ``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_is_read() -> None:
    # The rules below mean something only if the imports were found.
    assert "reviewer.source.unit" in GRAPH["reviewer.source.chunking"]
    assert "reviewer.model.session" in GRAPH["reviewer.review"]
    assert "reviewer.config" in GRAPH["reviewer.review"]


@pytest.mark.parametrize("part", sorted(LAYERS))
def test_each_part_imports_only_the_parts_below_it(part: str) -> None:
    allowed = LAYERS[part] | {part, ""}
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _part(module) == part
        for target in targets
        if _part(target) not in allowed
    )
    assert not wrong


def test_source_trust_and_model_never_see_the_settings() -> None:
    # The model layer takes ModelOptions; source and trust take plain arguments.
    for module, targets in GRAPH.items():
        if _part(module) in ("source", "trust", "model"):
            assert "reviewer.config" not in targets, module


def test_platform_adapters_never_import_each_other() -> None:
    # A new platform is one new folder: what they share lives in platforms/ itself.
    for module, targets in GRAPH.items():
        parts = module.split(".")
        if parts[1:2] != ["platforms"] or len(parts) < 4:
            continue
        for target in targets:
            other = target.split(".")
            if other[1:2] == ["platforms"] and len(other) >= 4:
                assert other[2] == parts[2], f"{module} imports {target}"


def test_nothing_imports_the_command_line() -> None:
    users = sorted(m for m, targets in GRAPH.items() if "reviewer.cli" in targets)
    assert users == ["reviewer.__main__"]


def test_there_is_no_import_cycle() -> None:
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(GRAPH[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, [])


def test_no_module_is_asking_to_be_split() -> None:
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > 400}
    assert not long
