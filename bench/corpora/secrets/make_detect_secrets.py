"""Extract detect-secrets' plugin test cases, without running its code.

    .venv/bin/python bench/corpora/secrets/make_detect_secrets.py GIT_DIR [--out FILE]

GIT_DIR is a clone of https://github.com/Yelp/detect-secrets. Its plugin tests
(tests/plugins/*_test.py) list cases as ``(line, True/False)`` or ``(line, secret/None)``
tuples, in ``pytest.mark.parametrize`` arguments or module-level ``*_CASES`` lists built
with ``str.format`` and ``%``. The files are parsed with ``ast`` and those expressions
evaluated by a small evaluator (literals, names of module constants, ``+``, ``%``,
``.format``); nothing of the repository is executed. A case that needs anything else
(``randint``, a file read) is left out. One JSON line per case:
``{"rule": the test file, "kind": "tp" | "fp", "text"}``.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
from pathlib import Path

# Public IP addresses are not secrets; the base test has no cases of its own.
SKIPPED = ("ip_public_test.py", "base_test.py")


class Unsupported(Exception):
    pass


def evaluate(node, names: dict):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        return [evaluate(item, names) for item in node.elts]
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise Unsupported(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, names) + evaluate(node.right, names)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        right = evaluate(node.right, names)
        return evaluate(node.left, names) % (tuple(right) if isinstance(right, list) else right)
    if isinstance(node, ast.JoinedStr):
        raise Unsupported("f-string")
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and not node.keywords
    ):
        template = evaluate(node.func.value, names)
        return template.format(*(evaluate(a, names) for a in node.args))
    raise Unsupported(type(node).__name__)


def lenient_list(node, names: dict) -> list:
    """A list of cases with the ones that need more than literals left out."""
    if not isinstance(node, ast.List | ast.Tuple):
        try:
            value = evaluate(node, names)
        except (Unsupported, TypeError, ValueError, IndexError, KeyError):
            return []
        return value if isinstance(value, list) else []
    values = []
    for item in node.elts:
        try:
            values.append(evaluate(item, names))
        except (Unsupported, TypeError, ValueError, IndexError, KeyError):
            continue
    return values


def cases_in(source: str) -> list[tuple[str, bool]]:
    tree = ast.parse(source)
    names: dict = {}
    lists: list = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.endswith("CASES"):
                names[target.id] = lenient_list(node.value, names)
                lists.append(names[target.id])
            elif isinstance(target, ast.Name):
                try:
                    names[target.id] = evaluate(node.value, names)
                except (Unsupported, TypeError, ValueError, IndexError, KeyError):
                    continue
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "parametrize"
            and len(node.args) >= 2
        ):
            values = lenient_list(node.args[1], names)
            argnames = node.args[0]
            if isinstance(argnames, ast.Constant) and argnames.value in ("line", "token"):
                values = [[v, True] for v in values if isinstance(v, str)]  # positives only
            lists.append(values)
    found = []
    for values in lists:
        for case in values:
            if not (isinstance(case, list) and len(case) == 2 and isinstance(case[0], str)):
                continue
            line, expected = case
            if isinstance(expected, bool):
                found.append((line, expected))
            elif expected is None or isinstance(expected, str):
                found.append((line, expected is not None))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("git_dir")
    parser.add_argument("--out", default=str(Path(__file__).with_name("detect_secrets.jsonl")))
    args = parser.parse_args()
    git = ["git", "--git-dir", args.git_dir]
    listing = subprocess.run(
        [*git, "ls-tree", "--name-only", "HEAD", "tests/plugins/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    seen: set = set()
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for path in listing:
            if not path.endswith("_test.py") or path.endswith(SKIPPED):
                continue
            source = subprocess.run(
                [*git, "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
            ).stdout
            for line, flagged in cases_in(source):
                key = (line, flagged)
                if key in seen or not line.strip():
                    continue
                seen.add(key)
                record = {"rule": Path(path).stem, "kind": "tp" if flagged else "fp", "text": line}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} cases written to {args.out}")


if __name__ == "__main__":
    main()
