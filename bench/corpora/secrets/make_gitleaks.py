"""Extract gitleaks' per-rule true and false positives without Go.

    .venv/bin/python bench/corpora/secrets/make_gitleaks.py GIT_DIR [--out gitleaks.jsonl]

GIT_DIR is a clone of https://github.com/gitleaks/gitleaks (a bare one is fine). Every
rule function in cmd/generate/config/rules/*.go builds ``tps`` and ``fps`` and hands them
to ``utils.Validate``; this script evaluates those statements with a small interpreter of
the Go subset they use (string literals, ``+``, slices, maps, ``append``, local
variables, the ``utils``/``secrets``/``fmt``/``strings``/``base64`` helpers) and writes one
JSON line per case: ``{"rule", "kind": "tp" | "fp", "text"}``.

``secrets.NewSecret(regex)`` draws a random string matching the regex (gitleaks uses
lucasjones/reggen); here Python's own regex parser drives a seeded generator, so the
file is the same on every run. A statement the interpreter cannot evaluate is skipped and
counted; the summary line says how many.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import subprocess
import sys
from pathlib import Path

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants
    import sre_parse

RULES = "cmd/generate/config/rules"
RNG = random.Random(15)

TOKEN = re.compile(
    r"""(?P<raw>`[^`]*`)|(?P<str>"(?:[^"\\\n]|\\.)*")|(?P<rune>'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<nl>\n)|(?P<ws>[ \t\r]+)"""
    r"""|(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|(?P<num>\d+)"""
    r"""|(?P<op>:=|\.\.\.|&&|\|\||==|!=|[{}()\[\],:=+;*&!<>.\-/%])""",
    re.S,
)


class Unsupported(Exception):
    pass


def tokens(source: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(source):
        m = TOKEN.match(source, pos)
        if not m:
            out.append(("op", source[pos]))
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            if kind == "comment" and "\n" in m.group(0):
                out.append(("nl", "\n"))
            continue
        out.append((kind, m.group(0)))
    return out


# --- regex -> a random matching string (what reggen does) ---------------------------

CATEGORY = {
    sre_constants.CATEGORY_DIGIT: "0123456789",
    sre_constants.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    sre_constants.CATEGORY_SPACE: " ",
}


def _charset(items) -> list[str]:
    chars: list[str] = []
    negate = False
    for op, arg in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            chars.append(chr(arg))
        elif op is sre_constants.RANGE:
            chars.extend(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is sre_constants.CATEGORY:
            chars.extend(CATEGORY.get(arg, "x"))
    if negate:
        pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        chars = [c for c in pool if c not in chars]
    return chars or ["x"]


def _generate(parsed) -> str:
    out = []
    for op, arg in parsed:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.IN:
            out.append(RNG.choice(_charset(arg)))
        elif op is sre_constants.ANY:
            out.append(RNG.choice("abcdefghijklmnopqrstuvwxyz0123456789"))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, inner = arg
            high = low + 10 if high is sre_constants.MAXREPEAT else high
            out.extend(_generate(inner) for _ in range(RNG.randint(low, high)))
        elif op is sre_constants.SUBPATTERN:
            out.append(_generate(arg[-1]))
        elif op is sre_constants.BRANCH:
            out.append(_generate(RNG.choice(arg[1])))
        elif op in (sre_constants.AT, sre_constants.NOT_LITERAL):
            if op is sre_constants.NOT_LITERAL:
                out.append("a" if arg != ord("a") else "b")
        else:
            raise Unsupported(f"regex op {op}")
    return "".join(out)


def new_secret(regex: str) -> str:
    regex = regex.replace(r"\z", "$").replace("(?-i:", "(?:")
    return _generate(sre_parse.parse(regex))


def plausible_secret(regex: str) -> str:
    while True:
        secret = new_secret(regex)
        if re.search("[1-9]", secret):
            return secret


# --- the Go subset -------------------------------------------------------------------

SAMPLES = {
    "ini - quoted1": '{i}Token="{s}"',
    "ini - quoted2": '{i}Token = "{s}"',
    "ini - unquoted1": "{i}Token={s}",
    "ini - unquoted2": "{i}Token = {s}",
    "json - string": '{\n    "{i}_token": "{s}"\n}',
    "json - escaped newline in string": '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
    "xml - element multiline": "<{i}Token>\n    {s}\n</{i}Token>",
    "yaml - singleline - unquoted": "{i}_token: {s}",
    "yaml - singleline - single quote": "{i}_token: '{s}'",
    "yaml - singleline - double quote": '{i}_token: "{s}"',
    "C#": 'string {i}Token = "{s}";',
    "go - normal": 'var {i}Token string = "{s}"',
    "go - short": '{i}Token := "{s}"',
    "go - backticks": "{i}Token := `{s}`",
    "java": 'String {i}Token = "{s}";',
    "kotlin - notype": 'var {i}Token = "{s}"',
    "php - string concat": '${i}Token .= "{s}"',
    "python - single quote": "{i}Token = '{s}'",
    "python - double quote": '{i}Token = "{s}"',
    "misc - comma operator": 'System.setProperty("{I}_TOKEN", "{s}")',
    "logstash": '  "{i}Token" => "{s}"',
    "make - recursive assignment": '{i}_TOKEN = "{s}"',
    "make - simple assignment": '{i}_TOKEN := "{s}"',
    "make - shell assignment": '{i}_TOKEN ::= "{s}"',
    "make - evaluated shell assignment": '{i}_TOKEN :::= "{s}"',
    "make - conditional assignment": '{i}_TOKEN ?= "{s}"',
}


def sample_secrets(identifier: str, secret: str) -> list[str]:
    return [
        v.replace("{i}", identifier).replace("{I}", identifier.upper()).replace("{s}", secret)
        for v in SAMPLES.values()
    ]


def go_string(literal: str) -> str:
    if literal.startswith("`"):
        return literal[1:-1]
    return (
        json.loads(literal)
        if "\\x" not in literal
        else literal[1:-1].encode().decode("unicode_escape")
    )


def sprintf(fmt: str, *args) -> str:
    values = iter(args)
    return re.sub(r"%[sdvq]", lambda m: str(next(values)), fmt)


HELPERS = {
    "utils.GenerateSampleSecrets": sample_secrets,
    "utils.GenerateSampleSecret": lambda i, s: f'{i}_api_token = "{s}"',
    "secrets.NewSecret": new_secret,
    "newPlausibleSecret": plausible_secret,
    "utils.Numeric": lambda n: f"[0-9]{{{n}}}",
    "utils.Hex": lambda n: f"[a-f0-9]{{{n}}}",
    "utils.AlphaNumeric": lambda n: f"[a-z0-9]{{{n}}}",
    "utils.AlphaNumericExtendedShort": lambda n: f"[a-z0-9_-]{{{n}}}",
    "utils.AlphaNumericExtended": lambda n: f"[a-z0-9=_\\-]{{{n}}}",
    "utils.AlphaNumericExtendedLong": lambda n: f"[a-z0-9\\/=_\\+\\-]{{{n}}}",
    "utils.Hex8_4_4_4_12": lambda: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "fmt.Sprintf": sprintf,
    "strings.Repeat": lambda s, n: s * int(n),
    "strings.ToUpper": str.upper,
    "strings.ToLower": str.lower,
    "string": lambda b: b.decode() if isinstance(b, bytes) else b,
    "b64.StdEncoding.EncodeToString": lambda b: base64.b64encode(b).decode(),
    "base64.StdEncoding.EncodeToString": lambda b: base64.b64encode(b).decode(),
    "b64.RawStdEncoding.EncodeToString": lambda b: base64.b64encode(b).decode().rstrip("="),
    "base64.RawStdEncoding.EncodeToString": lambda b: base64.b64encode(b).decode().rstrip("="),
    "b64.URLEncoding.EncodeToString": lambda b: base64.urlsafe_b64encode(b).decode(),
    "base64.URLEncoding.EncodeToString": lambda b: base64.urlsafe_b64encode(b).decode(),
    "b64.RawURLEncoding.EncodeToString": lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
    "base64.RawURLEncoding.EncodeToString": lambda b: (
        base64.urlsafe_b64encode(b).decode().rstrip("=")
    ),
}
# Helpers written as regex constructors in Go, spelled without the package in places.
for _name in list(HELPERS):
    if _name.startswith("utils."):
        HELPERS[_name[6:]] = HELPERS[_name]


class Parser:
    def __init__(self, toks, env, functions):
        self.toks = toks
        self.pos = 0
        self.env = env
        self.functions = functions

    def peek(self, skip_nl=True):
        pos = self.pos
        while skip_nl and pos < len(self.toks) and self.toks[pos][0] == "nl":
            pos += 1
        return self.toks[pos] if pos < len(self.toks) else ("eof", "")

    def take(self, skip_nl=True):
        while skip_nl and self.pos < len(self.toks) and self.toks[self.pos][0] == "nl":
            self.pos += 1
        tok = self.toks[self.pos] if self.pos < len(self.toks) else ("eof", "")
        self.pos += 1
        return tok

    def expect(self, value):
        tok = self.take()
        if tok[1] != value:
            raise Unsupported(f"expected {value!r}, got {tok[1]!r}")

    def expression(self):
        value = self.primary()
        while self.peek(skip_nl=False)[1] == "+":
            self.take()
            right = self.primary()
            value = value + right
        return value

    def _list(self, close):
        items = []
        while self.peek()[1] != close:
            item = self.expression()
            if self.peek()[1] == ":":  # a map entry: keep the value
                self.take()
                item = self.expression()
            items.append(item)
            if self.peek()[1] == ",":
                self.take()
        self.take()
        return items

    def primary(self):
        kind, value = self.take()
        if kind in ("raw", "str"):
            return go_string(value)
        if kind == "num":
            return value
        if value == "{":  # an element of a composite literal written without its type
            return self._list("}")
        if value == "[":
            self.expect("]")
            elem = self.take()[1]
            if self.peek()[1] == "(":  # []byte(x)
                self.take()
                inner = self.expression()
                self.expect(")")
                return inner.encode()
            if elem == "[":  # [][]string
                self.expect("]")
                self.take()
            self.expect("{")
            return self._list("}")
        if value == "map":
            depth = 0
            while True:  # the type: map[string]string or map[string][]string
                tok = self.take()[1]
                if tok == "[":
                    depth += 1
                elif tok == "]":
                    depth -= 1
                elif tok == "{" and depth == 0:
                    break
            items = []
            while self.peek()[1] != "}":
                self.expression()
                self.expect(":")
                items.append(self.expression())
                if self.peek()[1] == ",":
                    self.take()
            self.take()
            return items
        if kind == "name":
            if self.peek(skip_nl=False)[1] == "(":
                self.take()
                args = []
                spread = False
                while self.peek()[1] != ")":
                    args.append(self.expression())
                    if self.peek()[1] == "...":
                        self.take()
                        spread = True
                    if self.peek()[1] == ",":
                        self.take()
                self.take()
                if value == "append":
                    head, *rest = args
                    if spread:
                        rest = rest[:-1] + list(rest[-1])
                    return list(head) + rest
                if value in HELPERS:
                    return HELPERS[value](*args)
                if value in self.functions:
                    return self.functions[value]()
                raise Unsupported(f"call {value}")
            if value in self.env:
                return self.env[value]
            if value == "nil":
                return []
            raise Unsupported(f"name {value}")
        raise Unsupported(f"token {value!r}")


def skip_statement(parser: Parser) -> None:
    depth = 0
    while parser.pos < len(parser.toks):
        kind, value = parser.toks[parser.pos]
        parser.pos += 1
        if value in "({[" and kind == "op":
            depth += 1
        elif value in ")}]" and kind == "op":
            depth -= 1
        elif kind == "nl" and depth <= 0:
            return


def run_function(body, functions, stats, globals_=None):
    """Run a rule function's statements; returns (rule_id, tps, fps) or None."""
    env: dict = dict(globals_ or {})
    parser = Parser(body, env, functions)
    rule = None
    result = None
    while parser.pos < len(body):
        start = parser.pos
        kind, value = parser.take()
        if kind == "eof":
            break
        if kind == "nl":
            continue
        try:
            if value == "var" and parser.peek()[1] == "(":
                parser.take()
                while parser.peek()[1] != ")":
                    name = parser.take()[1]
                    if parser.peek()[1] != "=":
                        parser.take()  # the type
                    parser.expect("=")
                    env[name] = parser.expression()
                parser.take()
            elif value == "var" and parser.peek()[0] == "name":
                name = parser.take()[1]
                if parser.peek()[1] != "=":
                    parser.take()  # the type
                parser.expect("=")
                env[name] = parser.expression()
            elif kind == "name" and parser.peek()[1] in (":=", "="):
                parser.take()
                if value == "r" and parser.peek()[1] == "config.Rule":
                    rule_src = "".join(t[1] for t in body[parser.pos : parser.pos + 40])
                    found = re.search(r'RuleID:"([^"]+)"', rule_src.replace(" ", ""))
                    rule = found.group(1) if found else None
                    parser.pos -= 1
                    skip_statement(parser)
                    continue
                env[value] = parser.expression()
            elif value == "return" and parser.peek()[1] in (
                "utils.Validate",
                "utils.ValidateWithPaths",
            ):
                parser.take()
                parser.expect("(")
                parser.take()  # r
                parser.expect(",")
                tps = parser.expression()
                parser.expect(",")
                fps = parser.expression()
                result = (rule, tps, fps)
                break
            elif value == "return":
                env["__return__"] = parser.expression()
                break
            else:
                parser.pos = start
                skip_statement(parser)
        except (Unsupported, IndexError, KeyError, StopIteration, ValueError) as problem:
            stats["skipped"] += 1
            stats["why"].append(f"{rule}: {value}: {problem}")
            parser.pos = start
            skip_statement(parser)
    return result, env


def functions_of(source: str) -> dict[str, list]:
    toks = tokens(source)
    found = {}
    index = 0
    while index < len(toks):
        if toks[index][1] == "func" and toks[index + 1][0] == "name":
            name = toks[index + 1][1]
            while toks[index][1] != "{":
                index += 1
            depth, start = 0, index + 1
            while True:
                value = toks[index][1]
                if toks[index][0] == "op" and value == "{":
                    depth += 1
                elif toks[index][0] == "op" and value == "}":
                    depth -= 1
                    if depth == 0:
                        break
                index += 1
            found[name] = [*toks[start:index], ("nl", "\n")]
        index += 1
    return found


def globals_of(source: str, env: dict, functions: dict, stats) -> None:
    """The package-level ``var name = value`` statements (cases shared by several rules)."""
    toks = tokens(source)
    top: list = []
    index = 0
    while index < len(toks):
        if toks[index][1] == "func":
            depth = 0
            while not (toks[index][1] == "{" and toks[index][0] == "op"):
                index += 1
            while True:
                if toks[index][0] == "op" and toks[index][1] == "{":
                    depth += 1
                elif toks[index][0] == "op" and toks[index][1] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                index += 1
        else:
            top.append(toks[index])
        index += 1
    _, found = run_function(top, functions, stats, env)
    env.update(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("git_dir")
    parser.add_argument("--out", default=str(Path(__file__).with_name("gitleaks.jsonl")))
    args = parser.parse_args()
    listing = subprocess.run(
        ["git", "--git-dir", args.git_dir, "ls-tree", "--name-only", "HEAD", RULES + "/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    sources = {
        path: subprocess.run(
            ["git", "--git-dir", args.git_dir, "show", f"HEAD:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for path in listing
        if path.endswith(".go") and not path.endswith("_test.go")
    }
    bodies: dict[str, list] = {}
    for source in sources.values():
        bodies.update(functions_of(source))
    stats = {"skipped": 0, "why": []}
    helpers: dict = {}
    if "generateTestValues" in bodies:
        headers_stats = {"skipped": 0, "why": []}
        _, env = run_function(bodies["generateTestValues"], helpers, headers_stats)
        suffix, examples = env.get("jwtSuffix", ""), []
        # headers is map[string][]string; the interpreter keeps each key's values in order
        keys = re.findall(r'^\s*"([\w#]+)":\s*{', sources[RULES + "/jwt.go"], re.M)
        for key, values in zip(keys, env.get("headers", []), strict=False):
            for value in values:
                header = f'{{"{key}":{value}}}'.encode()
                token = (base64.urlsafe_b64encode(header).decode().rstrip("=") + suffix).encode()
                examples += [
                    base64.b64encode(token).decode(),
                    base64.b64encode(token).decode().rstrip("="),
                    base64.urlsafe_b64encode(token).decode(),
                    base64.urlsafe_b64encode(token).decode().rstrip("="),
                ]
        helpers["generateTestValues"] = lambda: examples
    shared: dict = {}
    for source in sources.values():
        globals_of(source, shared, helpers, stats)
    rules = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for name, body in sorted(bodies.items()):
            if name in ("generateTestValues", "newPlausibleSecret"):
                continue
            result, _ = run_function(body, helpers, stats, shared)
            if result is None:
                continue
            rule, tps, fps = result
            rules += 1
            for kind, cases in (("tp", tps), ("fp", fps)):
                for text in cases:
                    if isinstance(text, str) and text:
                        record = {"rule": rule or name, "kind": kind, "text": text}
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{rules} rules written to {args.out}; {stats['skipped']} statements skipped")
    for why in stats["why"]:
        print("  skipped:", why, file=sys.stderr)


if __name__ == "__main__":
    main()
