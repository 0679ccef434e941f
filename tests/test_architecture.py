"""The layers of docs/architecture.md hold in the code, and the page's module map is the
code's.

The page is the one source: its layer table gives each layer's rank, its module map
each module's layer, and its "Between stages" table the imports allowed from one stage
to another. Every import in the package (any depth, ``TYPE_CHECKING`` ones too) is
checked against them. The checker is tested on made-up graphs too, so a rule that can
no longer fail is noticed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"
DOC = ROOT / "docs" / "architecture.md"
STAGE_PACKAGES = (
    "guard", "images", "seo", "links", "records", "stats", "roles", "gate",
    "deploy", "editor", "brand",
)  # fmt: skip
ENGINE_ONLY = ("mkdocs", "material", "properdocs", "jinja2")
_ROW = re.compile(r"^\|(.+)\|\s*$")


def _table(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row starts with ``header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        match = _ROW.match(line)
        if not match:
            break
        rows.append([cell.strip().strip("`") for cell in match.group(1).split("|")])
    return rows


@dataclass
class Architecture:
    ranks: dict[str, int]  # layer -> rank
    layer_of: dict[str, str]  # module -> layer
    between_stages: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, text: str) -> Architecture:
        ranks = {row[1]: int(row[0]) for row in _table(text, "rank")}
        layer_of = {row[0]: row[1] for row in _table(text, "module")}
        between = {row[0]: {s.strip() for s in row[1].split(",")} for row in _table(text, "stage")}
        return cls(ranks, layer_of, between)


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # a module of the package, or the top-level name of another package
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, modules: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(name, _resolve(alias.name, modules), child.lineno, inside))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    candidate = f"{base}.{alias.name}"
                    target = candidate if candidate in modules else _resolve(base, modules)
                    found.append(Import(name, target, child.lineno, inside))
            visit(child, inside)

    visit(tree, False)
    return found


def _resolve(name: str, modules: set[str]) -> str:
    """The longest package module that ``name`` is or lies in; else its top-level name."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return parts[0]


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGE_PACKAGES else None


def violations(arch: Architecture, graph: list[Import], modules: set[str]) -> list[str]:
    """Every broken rule, as a line naming the file's module, the line and the rule."""
    problems = []
    for imp in graph:
        where = f"{imp.importer}:{imp.line} imports {imp.target}"
        if imp.target not in modules:
            if imp.target in ENGINE_ONLY and arch.layer_of.get(imp.importer) != "engine":
                problems.append(f"{where}: only the engine imports {imp.target}")
            continue
        if imp.in_function:
            problems.append(f"{where} inside a function")
        if imp.target == imp.importer:
            continue
        problems.extend(_layer_problems(arch, imp, where))
    problems.extend(f"import cycle: {' -> '.join(c)}" for c in cycles(graph, modules))
    return problems


def _layer_problems(arch: Architecture, imp: Import, where: str) -> list[str]:
    mine, theirs = arch.layer_of.get(imp.importer), arch.layer_of.get(imp.target)
    if mine is None or theirs is None:
        return []  # reported by the module-map test
    if arch.ranks[theirs] > arch.ranks[mine]:
        return [f"{where}: layer {mine!r} may not import layer {theirs!r}"]
    own, other = stage_of(imp.importer), stage_of(imp.target)
    if mine == "stage settings" and theirs == "stage settings" and own != other:
        return [f"{where}: a stage's settings import only their own stage"]
    if (
        mine == theirs == "stages"
        and own != other
        and other not in arch.between_stages.get(own or "", set())
    ):
        return [f"{where}: stage {own!r} may not import stage {other!r}"]
    return []


def cycles(graph: list[Import], modules: set[str]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for imp in graph:
        if imp.target in modules and imp.target != imp.importer:
            edges[imp.importer].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(modules):
        if node not in index:
            connect(node)
    return found


@pytest.fixture(scope="module")
def arch() -> Architecture:
    return Architecture.from_doc(DOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    modules = package_modules()
    names = set(modules)
    return [imp for name, path in modules.items() for imp in imports_of(name, path, names)]


def test_the_module_map_lists_exactly_the_modules_of_the_package(arch: Architecture) -> None:
    modules = set(package_modules())
    assert sorted(modules - set(arch.layer_of)) == [], "modules missing from the map"
    assert sorted(set(arch.layer_of) - modules) == [], "the map lists modules that do not exist"
    unknown = {m: layer for m, layer in arch.layer_of.items() if layer not in arch.ranks}
    assert unknown == {}, "layers that are not in the layer table"


def test_every_stage_package_is_in_the_stages_layer(arch: Architecture) -> None:
    for stage in STAGE_PACKAGES:
        assert arch.layer_of[f"pipeline.{stage}"] == "stages"
        assert arch.layer_of.get(f"pipeline.{stage}.commands", "commands") == "commands"


def test_imports_follow_the_layers(arch: Architecture, graph: list[Import]) -> None:
    assert len(graph) > 300  # the scan sees the package
    assert violations(arch, graph, set(package_modules())) == []


# -- the checker itself fails on each kind of violation ----------------------------------

TOY = Architecture(
    ranks={"core": 0, "stage settings": 2, "stages": 5, "engine": 7, "commands": 10, "entry": 11},
    layer_of={
        "pipeline.core.a": "core",
        "pipeline.guard.settings": "stage settings",
        "pipeline.images.settings": "stage settings",
        "pipeline.guard.scan": "stages",
        "pipeline.stats.count": "stages",
        "pipeline.records.history": "stages",
        "pipeline.images.probe": "stages",
        "pipeline.engine.run": "engine",
        "pipeline.cli.main": "entry",
        "pipeline.guard.commands": "commands",
    },
    between_stages={"stats": {"records"}},
)
TOY_MODULES = set(TOY.layer_of)


@pytest.mark.parametrize(
    ("importer", "target", "in_function", "expected"),
    [
        ("pipeline.core.a", "pipeline.engine.run", False, "may not import layer 'engine'"),
        ("pipeline.guard.scan", "mkdocs", False, "only the engine imports mkdocs"),
        ("pipeline.guard.scan", "pipeline.core.a", True, "inside a function"),
        ("pipeline.guard.scan", "pipeline.images.probe", False, "may not import stage 'images'"),
        ("pipeline.guard.settings", "pipeline.images.settings", False, "their own stage"),
        ("pipeline.guard.commands", "pipeline.cli.main", False, "may not import layer 'entry'"),
    ],
)
def test_the_checker_reports_each_kind_of_violation(importer, target, in_function, expected):
    graph = [Import(importer, target, 7, in_function)]
    found = violations(TOY, graph, TOY_MODULES)
    assert any(expected in problem and f"{importer}:7" in problem for problem in found), found


def test_the_checker_allows_what_the_page_allows() -> None:
    graph = [
        Import("pipeline.stats.count", "pipeline.records.history", 1, False),
        Import("pipeline.engine.run", "mkdocs", 2, False),
        Import("pipeline.engine.run", "pipeline.guard.scan", 3, False),
    ]
    assert violations(TOY, graph, TOY_MODULES) == []


def test_the_checker_finds_a_cycle() -> None:
    graph = [
        Import("pipeline.guard.scan", "pipeline.core.a", 1, False),
        Import("pipeline.core.a", "pipeline.guard.scan", 1, False),
    ]
    found = violations(TOY, graph, TOY_MODULES)
    assert "import cycle: pipeline.core.a -> pipeline.guard.scan" in found
