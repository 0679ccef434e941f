"""The message catalogue (pipeline/core/messages/) is complete, has nothing unused, defines
each key once, and is the only place where text is translated.

The code is read with ``ast``: every place that passes a message key on (a finding's rule, a
ConfigError's rule, a ui() key, ...) is found and its key resolved to literal strings, through
conditional expressions, local variables, loops over literal tuples, dict look-ups and
f-strings. A place whose key cannot be resolved makes the test fail unless it is listed below
(COMPOSED, RELAYED) with the reason it is safe, so there are no silent gaps. Then no module
outside the catalogue may hold Chinese text or pick text by language, except the data listed
in CHINESE_DATA and LANGUAGE_TAGS.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.core.findings import Severity
from pipeline.core.i18n import CATALOGUE, UI
from pipeline.core.messages import _MODULES
from pipeline.stats.count import IN_PROGRESS, MET, MISSED, NO_TARGET, UPCOMING
from pipeline.stats.page import WAITING_STATES
from pipeline.stats.settings import PERIODS

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
MESSAGES = PIPELINE / "core" / "messages"
LANGS = ("zh", "en")

RULES, TEXTS = "rule", "ui"  # the two namespaces: CATALOGUE (rules) and UI (texts)
FUNCTIONS = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
COMPREHENSIONS = ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp

# Callables that take a UI key although their parameter is not called ``rule`` (every
# function, class or dataclass with a parameter or field ``rule`` is found by itself):
# name -> (positional index, keyword, namespace).
KEY_PARAMETERS: dict[str, tuple[int, str, str]] = {
    "ui": (0, "key", TEXTS),
    "NewItemError": (0, "key", TEXTS),  # pipeline/content/newitem.py, shown with ui()
    "Failure": (2, "key", TEXTS),  # pipeline/guard/selftest.py, shown with ui()
    "VendorError": (0, "key", TEXTS),  # pipeline/editor/vendor.py, shown with ui()
}


def _yielded_kinds(path: Path) -> set[str]:
    """The kinds of ``yield (start, end, kind, masked)`` statements of a module."""
    return {
        node.value.elts[-2].value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Yield)
        and isinstance(node.value, ast.Tuple)
        and isinstance(node.value.elts[-2], ast.Constant)
    }


# Keys composed with f-strings whose parts are not literals in the code: the parts are
# listed here from the code's own constants. (path, f-string) -> (keys, reason)
COMPOSED: dict[tuple[str, str], tuple[set[str], str]] = {
    ("pipeline/core/report.py", "f'severity.{finding.severity.value}'"): (
        {f"severity.{s.value}" for s in Severity},
        "a finding's severity is one of the Severity enum",
    ),
    ("pipeline/stats/page.py", "f'stats.{figures.kind}'"): (
        {f"stats.{p}" for p in PERIODS},
        "Figures.kind is a period of stats.settings.PERIODS",
    ),
    ("pipeline/stats/table.py", "f'stats.{figures.kind}'"): (
        {f"stats.{p}" for p in PERIODS},
        "Figures.kind is a period of stats.settings.PERIODS",
    ),
    ("pipeline/stats/table.py", "f'stats.{kind}'"): (
        {f"stats.{p}" for p in PERIODS},
        "target_text() is given Figures.kind, a period of stats.settings.PERIODS",
    ),
    ("pipeline/stats/table.py", "f'stats.state.{cell.state}'"): (
        {f"stats.state.{s}" for s in (MET, MISSED, IN_PROGRESS, UPCOMING, NO_TARGET)},
        "Cell.state is one of the states defined in stats/count.py",
    ),
    ("pipeline/stats/table.py", "f'stats.waiting.{waiting.state}'"): (
        {f"stats.waiting.{s}" for s in WAITING_STATES},
        "what waits is a draft or scheduled (stats/page.py WAITING_STATES)",
    ),
    ("pipeline/guard/scan.py", "f'guard/{kind}'"): (
        {f"guard/{kind}" for kind in _yielded_kinds(PIPELINE / "core/personal.py")},
        "the kinds find_personal_data() yields: the literals of its yield statements",
    ),
    ("pipeline/stats/landed.py", "f'stats.why.{self.problem.rule}'"): (
        {k for k in UI if k.startswith("stats.why.")},
        "optional short reasons, looked up with `key in UI`; test_short_reasons_name_rules "
        "checks that each names a real rule",
    ),
}

# Keys read back from an object that got them at a call site this test checks already.
# (path, expression) -> reason
RELAYED: dict[tuple[str, str], str] = {
    ("pipeline/cli/new.py", "exc.key"): "NewItemError(key) in content/newitem.py",
    ("pipeline/editor/commands.py", "exc.key"): "VendorError(key) in editor/vendor.py",
    ("pipeline/editor/vendor.py", "exc.key"): "VendorError(key), raised in the same module",
    ("pipeline/guard/commands.py", "failure.key"): "Failure(..., key, ...) in guard/selftest.py",
    ("pipeline/core/findings.py", "self.rule"): "Finding's rule, given to error()/warning()/...",
    ("pipeline/config/base.py", "self.rule"): "ConfigError(path, line, rule)",
    ("pipeline/config/base.py", "exc.finding.rule"): "a DecodeError's finding, made by error()",
    ("pipeline/config/base.py", "exc.rule"): "YamlSyntaxError(line, problem, rule)",
    ("pipeline/content/model.py", "exc.rule"): "YamlSyntaxError(line, problem, rule)",
    ("pipeline/stats/landed.py", "self.problem.rule"): "ConfigError(path, line, rule)",
    ("pipeline/content/schema.py", "exc.rule"): "FieldError(rule) in content/schema.py",
    ("pipeline/guard/selftest.py", "exc.finding.rule"): "a DecodeError's finding, made by error()",
    ("pipeline/guard/settings.py", "exc.finding.rule"): "a DecodeError's finding, made by error()",
    ("pipeline/gate/cache.py", "p[0]"): "a gate Problem's rule, cached as it was judged",
    ("pipeline/gate/cache.py", "s[0]"): "a gate Shown's rule, cached as it was judged",
    ("pipeline/gate/__init__.py", "problem.rule"): (
        "Problem(rule, ...) in gate/html.py, Shown(rule, ...) in gate/text.py: literals"
    ),
    ("pipeline/gate/files.py", "p.rule"): "Problem(rule, ...) in gate/html.py: literals",
    ("pipeline/gate/files.py", "shown.rule"): "Shown(rule, ...) in gate/text.py: literals",
    ("pipeline/deploy/commands.py", "exc.rule"): "DeployError(rule, ...) in pipeline/deploy/",
    ("pipeline/ci/commands.py", "exc.rule"): "DeployError(rule, ...) in pipeline/deploy/",
    ("pipeline/deploy/uploads.py", "failure[1]"): (
        "an upload process's DeployError rule, or the literal deploy/s3-error, sent back"
    ),
    ("pipeline/images/cache.py", "data['problem']['rule']"): "an images Problem, cached",
    ("pipeline/images/checks.py", "facts.rule"): "Problem(rule) of pipeline/images",
    ("pipeline/links/report.py", "problem.rule"): "Problem(rule) in links/check.py",
    ("pipeline/core/sourcefile.py", "s.rule"): "Slip(line, column, rule, params) there",
    ("pipeline/records/commands.py", "result.problems"): (
        "(rule, params) appended to a verification's problems, checked where appended"
    ),
}


# -- reading the code --------------------------------------------------------------------------


class Gap(Exception):
    """A key whose value the scan cannot tell."""


class FromParameter(Exception):
    """The key is a parameter of the function it is used in: calls of it are key places."""

    def __init__(self, function: ast.FunctionDef, name: str) -> None:
        super().__init__(name)
        self.function, self.name = function, name


@dataclass(frozen=True)
class Use:
    key: str
    namespace: str
    where: str


class Module:
    """A module of the package, parsed; ``source`` stands in for the file's text (probes)."""

    def __init__(self, path: Path, source: str | None = None) -> None:
        self.path = path
        self.rel = path.relative_to(ROOT).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.imports: dict[str, tuple[str, str]] = {}  # local name -> (module, name)
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.module, alias.name)

    def where(self, node: ast.AST) -> str:
        return f"{self.rel}:{node.lineno}"

    def scopes(self, node: ast.AST) -> Iterator[ast.AST]:
        """Enclosing comprehensions and functions, innermost first, then the module."""
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, FUNCTIONS | COMPREHENSIONS):
                yield node
        yield self.tree


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope, not of functions nested in it."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, FUNCTIONS):
            todo.extend(ast.iter_child_nodes(node))


@dataclass(frozen=True)
class Spec:
    """Where a callable takes its key: positional index, keyword, namespace."""

    index: int
    keyword: str
    space: str


class Scan:
    def __init__(self) -> None:
        paths = sorted(p for p in PIPELINE.rglob("*.py") if MESSAGES not in p.parents)
        self.modules = {_dotted(p): Module(p) for p in paths}
        self.uses: list[Use] = []
        self.gaps: list[str] = []
        self.resolved: set[int] = set()  # ids of the literal nodes that are keys used
        self.composed_seen: set[tuple[str, str]] = set()
        self.relayed_seen: set[tuple[str, str]] = set()
        # name -> Spec; functions nested in functions are known in their own module only
        self.carriers: dict[str, Spec] = {
            name: Spec(*spec) for name, spec in KEY_PARAMETERS.items()
        }
        self.local_carriers: dict[tuple[str, str], Spec] = {}
        self.defaults: list[tuple[Module, ast.expr, str]] = []  # default values of carriers
        self.factories: dict[str, Spec] = {}  # functions that return a carrier
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef) and _is_dataclass(node):
                    fields = [
                        s.target.id
                        for s in node.body
                        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                    ]
                    if "rule" in fields:
                        self.carriers[node.name] = Spec(fields.index("rule"), "rule", RULES)
                elif isinstance(node, ast.FunctionDef):
                    args = node.args
                    if "rule" in [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]:
                        self._add_carrier(module, node, "rule", RULES)

    def _add_carrier(self, module: Module, function: ast.FunctionDef, name: str, space: str):
        """``function``'s parameter ``name`` carries a key: calls to it are key places, and
        its default value is a key used. True when this is news."""
        args = function.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        owner = module.parent.get(function)
        method = isinstance(owner, ast.ClassDef)
        defaults = dict(zip(reversed(positional), reversed(args.defaults), strict=False))
        defaults.update(
            (a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d
        )
        if method and positional and positional[0] in ("self", "cls"):
            positional = positional[1:]
        spec = Spec(positional.index(name) if name in positional else 10_000, name, space)
        call_name = owner.name if method and function.name == "__init__" else function.name
        if isinstance(owner, ast.Module | ast.ClassDef):
            table, key = self.carriers, call_name
        else:
            table, key = self.local_carriers, (module.rel, call_name)
        if table.get(key) == spec:
            return False
        table[key] = spec
        if name in defaults:
            self.defaults.append((module, defaults[name], space))
        return True

    # -- key places -------------------------------------------------------------------------

    def run(self) -> Scan:
        changed = True
        while changed:  # a function that passes its parameter on becomes a carrier itself
            self.uses, self.gaps, self.resolved = [], [], set()
            changed = self._find_factories()
            for module, expr, space in list(self.defaults):
                changed |= self._record(module, expr, space)
            for module in self.modules.values():
                for node in ast.walk(module.tree):
                    if isinstance(node, ast.Call):
                        changed |= self._call(module, node)
        return self

    def _find_factories(self) -> bool:
        """Functions such as ``_level(level)`` that return error or warning."""
        changed = False
        for module in self.modules.values():
            for node in module.tree.body:
                if not isinstance(node, ast.FunctionDef) or node.name in self.factories:
                    continue
                returns = [r.value for r in _own_nodes(node) if isinstance(r, ast.Return)]
                specs = {self._callable(module, r) for r in returns if r is not None}
                if len(specs) == 1 and None not in specs:
                    self.factories[node.name] = specs.pop()
                    changed = True
        return changed

    def _callable(self, module: Module, expr: ast.expr) -> Spec | None:
        """The carrier an expression is, when it is one: a carrier's name, a factory's result,
        a variable holding either, or a choice between them."""
        if isinstance(expr, ast.IfExp):
            specs = {self._callable(module, expr.body), self._callable(module, expr.orelse)}
            return specs.pop() if len(specs) == 1 else None
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
            return self.factories.get(expr.func.id)
        if isinstance(expr, ast.Attribute):
            return self.carriers.get(expr.attr)
        if not isinstance(expr, ast.Name):
            return None
        spec = self.local_carriers.get((module.rel, expr.id)) or self.carriers.get(expr.id)
        if spec is not None:
            return spec
        try:
            values = self.values_of(module, expr)
        except (Gap, FromParameter):
            return None
        specs = {self._callable(m, v) for m, v in values}
        return specs.pop() if len(specs) == 1 else None

    def _call(self, module: Module, call: ast.Call) -> bool:
        func = call.func
        # ("records/...", {...}) appended to a bag verification's problems: (rule, params)
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "append"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "problems"
            and call.args
            and isinstance(call.args[0], ast.Tuple)
        ):
            return self._record(module, call.args[0].elts[0], RULES)
        spec = self._callable(module, func)
        if spec is None:
            return False
        starred = any(isinstance(a, ast.Starred) for a in call.args[: spec.index + 1])
        if spec.index < len(call.args) and not starred:
            return self._record(module, call.args[spec.index], spec.space)
        for kw in call.keywords:
            if kw.arg == spec.keyword:
                return self._record(module, kw.value, spec.space)
        if starred or any(kw.arg is None for kw in call.keywords):
            self.gaps.append(f"{module.where(call)}: the key is passed with * or **")
        return False

    def _record(self, module: Module, expr: ast.expr, space: str) -> bool:
        try:
            keys = self.resolve(module, expr)
        except FromParameter as param:
            return self._add_carrier(module, param.function, param.name, space)
        except Gap as gap:
            self.gaps.append(f"{module.where(expr)}: {ast.unparse(expr)} ({gap})")
            return False
        self.uses += [Use(key, space, module.where(expr)) for key in keys]
        return False

    # -- resolving an expression to the keys it can be ---------------------------------------

    def resolve(self, module: Module, expr: ast.expr, whole: bool = True) -> set[str]:
        """Every string ``expr`` can be; ``whole`` is False for a part of an f-string."""
        if isinstance(expr, ast.Constant):
            if expr.value is None:
                return set()  # no key: nothing is shown
            if isinstance(expr.value, str):
                self.resolved.add(id(expr))
                return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self._choice(module, expr.body, expr.test, whole) | self.resolve(
                module, expr.orelse, whole
            )
        if isinstance(expr, ast.BoolOp):
            return set().union(*(self.resolve(module, v, whole) for v in expr.values))
        if isinstance(expr, ast.Name):
            try:
                values = self.values_of(module, expr)
            except FromParameter:
                if whole:
                    raise
                raise Gap(f"part {expr.id} is a parameter") from None
            return set().union(*(self.resolve(m, e, whole) for m, e in values))
        if isinstance(expr, ast.JoinedStr):
            return self._joined(module, expr)
        relayed = (module.rel, ast.unparse(expr))
        if relayed in RELAYED:
            self.relayed_seen.add(relayed)
            return set()
        table = None
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            table = expr.value  # RULES[kind]
        elif (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "get"
            and isinstance(expr.func.value, ast.Name)
        ):
            table = expr.func.value  # RULES.get(kind, default)
        if table is not None:
            try:
                dicts = self.values_of(module, table)
            except FromParameter:
                raise Gap(f"{table.id} is a parameter") from None
            if all(isinstance(d, ast.Dict) for _, d in dicts):
                keys = {k for m, d in dicts for v in d.values for k in self.resolve(m, v)}
                if isinstance(expr, ast.Call):
                    for default in expr.args[1:]:
                        keys |= self.resolve(module, default, whole)
                return keys
        raise Gap("not a literal: list it in COMPOSED or RELAYED with the reason it is safe")

    def _choice(self, module: Module, body: ast.expr, test: ast.expr, whole: bool) -> set[str]:
        """``kind if kind in ("a", "b") else ...``: the body is one of the listed values."""
        if (
            isinstance(body, ast.Name)
            and isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == body.id
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.In)
            and isinstance(test.comparators[0], ast.Tuple | ast.List | ast.Set)
        ):
            return set().union(*(self.resolve(module, e) for e in test.comparators[0].elts))
        return self.resolve(module, body, whole)

    def _joined(self, module: Module, expr: ast.JoinedStr) -> set[str]:
        entry = (module.rel, ast.unparse(expr))
        if entry in COMPOSED:
            self.composed_seen.add(entry)
            return COMPOSED[entry][0]
        parts = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append({value.value})
            elif value.format_spec is not None or value.conversion != -1:
                raise Gap("a formatted part")
            else:
                parts.append(self.resolve(module, value.value, whole=False))
        return {"".join(p) for p in itertools.product(*parts)}

    # -- what a name holds --------------------------------------------------------------------

    def values_of(self, module: Module, name: ast.Name) -> list[tuple[Module, ast.expr]]:
        """What a name can hold: assignments and loop targets of the scopes it is seen in,
        the module's constants and those imported from other pipeline modules."""
        for scope in module.scopes(name):
            use = None if isinstance(scope, ast.Module) else name
            found = self._bindings(module, scope, name.id, use)
            if found:
                return found
        if name.id in module.imports:
            source, original = module.imports[name.id]
            if source in self.modules:
                other = self.modules[source]
                found = self._bindings(other, other.tree, original, None)
                if found:
                    return found
        raise Gap(f"the value of {name.id} is not in the code")

    def _bindings(self, module: Module, scope: ast.AST, name: str, use: ast.AST | None):
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            args = scope.args
            if name in [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]:
                raise FromParameter(scope, name)
        found: list[tuple[Module, ast.expr]] = []
        if isinstance(scope, COMPREHENSIONS):
            for generator in scope.generators:
                found += self._loop(module, generator.target, generator.iter, name)
            return found
        for node in _own_nodes(scope):
            if not isinstance(node, ast.Assign | ast.AnnAssign | ast.For):
                continue
            if use is not None and not _reaches(module, node, use):
                continue
            if isinstance(node, ast.For):
                found += self._loop(module, node.target, node.iter, name)
                continue
            if node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                found += self._unpack(module, target, node.value, name)
        return found

    def _unpack(self, module: Module, target: ast.expr, value: ast.expr, name: str):
        if isinstance(target, ast.Name):
            return [(module, value)] if target.id == name else []
        if not isinstance(target, ast.Tuple):
            return []
        for position, element in enumerate(target.elts):
            if isinstance(element, ast.Name) and element.id == name:
                return [(m, row.elts[position]) for m, row in self._rows(module, value)]
        return []

    def _rows(self, module: Module, value: ast.expr) -> list[tuple[Module, ast.Tuple]]:
        """The tuples a tuple assignment can unpack: ``a, b = ("x", 1)`` or a row of a dict of
        tuples, ``convert, rule, params = CONVERTERS[key]``."""
        if isinstance(value, ast.Tuple):
            return [(module, value)]
        if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
            rows = [
                (m, row)
                for m, table in self.values_of(module, value.value)
                if isinstance(table, ast.Dict)
                for row in table.values
            ]
            if rows and all(isinstance(row, ast.Tuple) for _, row in rows):
                return rows
        raise Gap(f"unpacking {ast.unparse(value)}")

    def _loop(self, module: Module, target: ast.expr, iterable: ast.expr, name: str):
        bound = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        if name not in bound:
            return []
        relayed = (module.rel, ast.unparse(iterable))
        if relayed in RELAYED:
            self.relayed_seen.add(relayed)
            return [(module, ast.Constant(None))]
        found = []
        for m, element in self._elements(module, iterable):
            if isinstance(target, ast.Name):
                found.append((m, element))
            else:
                found += self._unpack(m, target, element, name)
        return found

    def _elements(self, module: Module, iterable: ast.expr) -> list[tuple[Module, ast.expr]]:
        if isinstance(iterable, ast.Tuple | ast.List | ast.Set):
            return [(module, e) for e in iterable.elts]
        if isinstance(iterable, ast.Dict):
            return [(module, k) for k in iterable.keys if k is not None]
        if isinstance(iterable, ast.Name):
            found = []
            for m, value in self.values_of(module, iterable):
                found += self._elements(m, value)
            return found
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr in ("items", "keys", "values")
            and isinstance(iterable.func.value, ast.Name)
        ):  # TABLE.items() of a literal dict
            found = []
            for m, table in self.values_of(module, iterable.func.value):
                if not isinstance(table, ast.Dict):
                    raise Gap(f"{ast.unparse(iterable)} is not of a literal dict")
                pairs = zip(table.keys, table.values, strict=True)
                found += [
                    (m, {"keys": k, "values": v, "items": ast.Tuple([k, v])}[iterable.func.attr])
                    for k, v in pairs
                ]
            return found
        raise Gap(f"a loop over {ast.unparse(iterable)}")

    def used(self, space: str | None = None) -> set[str]:
        return {u.key for u in self.uses if space is None or u.namespace == space}


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _reaches(module: Module, binding: ast.AST, use: ast.AST) -> bool:
    """Whether a binding can reach a use in the same function: it comes first, and a loop's
    target only inside the loop."""
    if binding.lineno > use.lineno:
        return False
    if isinstance(binding, ast.For):
        node = use
        while node in module.parent and node is not binding:
            node = module.parent[node]
        return node is binding
    return True


def _is_dataclass(node: ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "dataclass":
            return True
    return False


@pytest.fixture(scope="module")
def scan() -> Scan:
    return Scan().run()


# -- the tests ---------------------------------------------------------------------------------


def test_the_scan_finds_the_key_places(scan: Scan) -> None:
    assert len(scan.used(RULES)) > 120 and len(scan.used(TEXTS)) > 120
    for carrier in ("error", "warning", "note", "Finding", "ConfigError", "render_message"):
        assert carrier in scan.carriers
    assert scan.carriers["Problem"].index == 0  # images' and links' problems
    assert "_print_rule" in scan.carriers  # found because it passes `rule` on


def test_every_key_place_is_resolved(scan: Scan) -> None:
    assert scan.gaps == []


def test_listed_exceptions_are_still_in_the_code(scan: Scan) -> None:
    assert set(COMPOSED) - scan.composed_seen == set()
    assert set(RELAYED) - scan.relayed_seen == set()


def test_every_rule_used_has_chinese_and_english_text(scan: Scan) -> None:
    missing = {
        f"{use.key} ({use.where})"
        for use in scan.uses
        if use.namespace == RULES
        and not all(CATALOGUE.get(use.key, {}).get(lang, ("",))[0] for lang in LANGS)
    }
    assert missing == set()


def test_every_ui_text_used_has_chinese_and_english_text(scan: Scan) -> None:
    def complete(texts: dict[str, str]) -> bool:
        if not all(isinstance(texts.get(lang), str) for lang in LANGS):
            return False
        filled = [bool(texts[lang]) for lang in LANGS]
        return all(filled) or not any(filled)  # blank in both on purpose (stats.state.none)

    missing = {
        f"{use.key} ({use.where})"
        for use in scan.uses
        if use.namespace == TEXTS and not complete(UI.get(use.key, {}))
    }
    assert missing == set()


def test_every_catalogue_entry_is_used(scan: Scan) -> None:
    assert set(CATALOGUE) - scan.used(RULES) == set()
    assert set(UI) - scan.used(TEXTS) == set()


def test_short_reasons_name_rules() -> None:
    for key in (k for k in UI if k.startswith("stats.why.")):
        assert key.removeprefix("stats.why.") in CATALOGUE, key


def test_each_key_is_defined_in_one_catalogue_module_once() -> None:
    """As written in each module's dicts (a key written twice in one dict would silently keep
    the last text); two modules defining one key fail already when the catalogue is imported."""
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for module in _MODULES:
        path = Path(module.__file__)
        for table in ("CATALOGUE", "UI"):
            for key in _literal_keys(path, table):
                if (table, key) in seen:
                    twice.append(f"{table} {key}: {seen[table, key]} and {path.name}")
                seen[table, key] = path.name
    assert twice == []
    assert {p.name for p in MESSAGES.glob("*.py")} - {"__init__.py"} == {
        f"{m.__name__.rsplit('.', 1)[1]}.py" for m in _MODULES
    }


def _literal_keys(path: Path, table: str) -> list[str]:
    """Keys of ``TABLE = {...}`` as written, so a key written twice in one dict shows too."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == table:
            assert isinstance(node.value, ast.Dict), f"{path.name}: {table} is not a literal"
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    return []


PROBE = PIPELINE / "probe.py"  # never written: modules made up from text, to test the tests


def test_the_scan_notices_a_missing_key_and_a_key_it_cannot_resolve() -> None:
    source = (
        "from pipeline.core.i18n import ui\n"
        "def label(lang, thing):\n"
        "    a = ui('nope.x', lang)\n"
        "    b = ui(f'nope.{thing.kind}', lang)\n"
        "    return a, b\n"
    )
    scan = Scan()
    scan.modules["pipeline.probe"] = Module(PROBE, source)
    scan.run()
    assert Use("nope.x", TEXTS, "pipeline/probe.py:3") in scan.uses and "nope.x" not in UI
    assert [g for g in scan.gaps if g.startswith("pipeline/probe.py:4:")]


def test_rule_ids_named_anywhere_in_the_code_exist(scan: Scan) -> None:
    """Rule ids the code compares, ranks or masks (report.py's _IMPORTANCE, ...) are real."""
    families = "|".join(sorted({rule.split("/")[0] for rule in CATALOGUE}))
    shape = re.compile(rf"^(?:{families})/[a-z0-9]+(?:-[a-z0-9]+)*$")
    unknown = [
        f"{module.where(node)}: {node.value}"
        for module in scan.modules.values()
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and shape.match(node.value)
        and node.value not in CATALOGUE
    ]
    assert unknown == []


# -- nothing is translated outside the catalogue --------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Where Chinese in the code is data, not text shown to people: (module, the top-level name or
# function it is in) -> why. Everything else people read is in pipeline/core/messages/.
CHINESE_DATA: dict[tuple[str, str], str] = {
    ("pipeline/brand/settings.py", "_ICP"): "how an ICP filing number is written "
    "(浙ICP备2026000000号-1): the words of the number itself",
    ("pipeline/brand/settings.py", "_POLICE"): "how a public-security filing number is written "
    "(浙公网安备33010602000000号): the words of the number itself",
    ("pipeline/content/schema.py", "KEY_ALIASES"): "keys editors write in Chinese (标题), "
    "mapped to the real key for the did-you-mean",
    ("pipeline/content/schema.py", "_LIST_SEPARATORS"): "separators editors type in lists (，、；)",
    ("pipeline/content/schema.py", "_CHINESE_DATE"): "dates as editors write them (2026年3月12日)",
    ("pipeline/core/personal.py", "*"): "what stands around numbers in Chinese text: labels "
    "(订单号, 身份证号), units (元, 股), full-width digits, dashes and spaces",
    ("pipeline/guard/matcher.py", "_MARK_BEFORE"): "brackets and stars around a marking (【机密】)",
    ("pipeline/guard/matcher.py", "_MARK_AFTER"): "brackets and stars around a marking (机密★)",
    ("pipeline/guard/matcher.py", "_is_marking"): "密级, the word that introduces a marking",
    ("pipeline/guard/normalize.py", "*"): "character tables: full-width forms, Chinese digits, "
    "punctuation that ends a sentence",
    ("pipeline/guard/secrets.py", "*"): "the words of a secret's key (密码, 密钥), of a key "
    "that is not one (长度, 重置) and of a placeholder (示例, 你的)",
    ("pipeline/guard/keyvalues.py", "*"): "how Chinese text writes a value: quotes (“”), "
    "operators (：, 是, 为) and the characters that end an unquoted value",
    ("pipeline/records/updatelog.py", "_CHECKS"): "example values of the update log's fields "
    "(a name such as 张伟), the same in every language",
}

# Where code picks by language something that is not text: a language tag for HTML or
# search engines. (module, top-level name or function) -> why
LANGUAGE_TAGS: dict[tuple[str, str], str] = {
    ("pipeline/records/logpage.py", "log_html"): "<html lang=...> of the archive's page",
    ("pipeline/seo/tags.py", "meta_tags"): "og:locale",
    ("pipeline/seo/tags.py", "news_article"): "schema.org inLanguage",
    ("pipeline/engine/run.py", "_write_feeds"): "the RSS feeds' <language>",
    ("pipeline/editor/config.py", "LOCALES"): "Decap CMS's locale (zh_Hans) of the editor",
    ("pipeline/editor/admin.py", "HTML_LANGS"): "<html lang=...> of the editor's page",
}


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def _owner(module: Module, node: ast.AST) -> str:
    """The function a node is in, or the module-level name it is assigned to."""
    while node in module.parent:
        parent = module.parent[node]
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and isinstance(
            parent, ast.Module | ast.ClassDef
        ):
            return node.name
        if isinstance(parent, ast.Module) and isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            return ast.unparse(target)
        node = parent
    return "?"


def _modules() -> list[Module]:
    return [Module(p) for p in sorted(PIPELINE.rglob("*.py")) if MESSAGES not in p.parents]


def chinese_outside_the_catalogue(modules: list[Module]) -> dict[tuple[str, str], list[str]]:
    """String literals with Chinese (or full-width) characters, by (module, owner);
    docstrings are documentation and left out."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in modules:
        docs = _docstrings(module.tree)
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and CJK.search(node.value)
            ):
                owner = (module.rel, _owner(module, node))
                if (module.rel, "*") not in CHINESE_DATA:
                    found.setdefault(owner, []).append(f"{module.where(node)}: {node.value!r}")
                else:
                    found.setdefault((module.rel, "*"), [])
    return found


def language_switches(modules: list[Module]) -> dict[tuple[str, str], list[str]]:
    """``lang == "zh"`` and ``{"zh": ..., "en": ...}`` outside the catalogue."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in modules:
        for node in ast.walk(module.tree):
            switch = False
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                named = any(
                    ast.unparse(s).rsplit(".", 1)[-1] in ("lang", "language") for s in sides
                )
                literal = any(isinstance(s, ast.Constant) and s.value in LANGS for s in sides)
                switch = named and literal
            elif isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                switch = set(LANGS) <= keys
            if switch:
                owner = (module.rel, _owner(module, node))
                found.setdefault(owner, []).append(f"{module.where(node)}: {ast.unparse(node)}")
    return found


def test_no_chinese_outside_the_catalogue_except_data() -> None:
    found = chinese_outside_the_catalogue(_modules())
    assert {k: v for k, v in found.items() if k not in CHINESE_DATA} == {}
    assert set(CHINESE_DATA) - set(found) == set()  # every entry is still needed


def test_no_text_is_picked_by_language_outside_the_catalogue() -> None:
    found = language_switches(_modules())
    assert {k: v for k, v in found.items() if k not in LANGUAGE_TAGS} == {}
    assert set(LANGUAGE_TAGS) - set(found) == set()


def test_the_translation_checks_catch_a_translation_in_the_code() -> None:
    module = Module(
        PROBE,
        "def label(lang):\n"
        "    return '来源：' if lang == 'zh' else 'Source: '\n"
        "TITLES = {'zh': '更新记录', 'en': 'Update log'}\n",
    )
    assert set(chinese_outside_the_catalogue([module])) == {
        ("pipeline/probe.py", "label"),
        ("pipeline/probe.py", "TITLES"),
    }
    assert set(language_switches([module])) == {
        ("pipeline/probe.py", "label"),
        ("pipeline/probe.py", "TITLES"),
    }
