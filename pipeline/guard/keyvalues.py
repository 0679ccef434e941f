"""Key/value pairs as configuration files and code write them, read around a key.

The secret rules find a word such as ``password`` or ``token``; this module reads the
whole key it belongs to and the value assigned to it in every common form:

- ``key = value``, ``key: value``, ``key := value`` (Go, make), ``key ::= / :::= / ?=``
  (make), ``$key .= value`` (PHP), ``"key" => value`` (Ruby, Logstash), ``key="value"``
  (shell, env, INI, properties), ``"key": "value"`` (JSON, YAML), TOML;
- typed declarations: ``var key string = "v"`` (Go), ``val key: String = "v"`` (Kotlin);
- calls: ``setProperty("KEY", "v")``, ``getenv("key", "v")``, ``secret("v")``;
- XML elements ``<key>v</key>`` (the value may stand alone on the next line when the
  closing tag follows it) and attributes ``<add key="Password" value="v"/>``;
- connection strings ``Server=x;Password=v;`` and URL queries ``?user=a&password=v``;
- URLs with credentials, ``scheme://user:password@host`` (``url_credentials``).

Every value ends on its own line: an empty ``password=`` never takes the next line.
Quoted values may contain spaces and end at their closing quote; unquoted values end at
white space. Each read looks at a bounded window of one line, so the work stays linear
in the text however it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# How far a key reaches around the word that was found, and how long a value can be:
# bounds that keep every read local to its line.
KEY_REACH = 64
VALUE_LIMIT = 512

_KEY_CHAR = re.compile(r"[\w.$@\-]")
_SCHEME_CHAR = re.compile(r"[a-zA-Z0-9+.\-]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "「": "」"}
# Between a key and its value: an optional type (``string``, ``: String``), then the
# operator. An empty operator (only spaces) is allowed and reported as such.
_OPERATOR = re.compile(
    r"(?:[ \t]{0,8}\[[0-9]{0,4}\])?"
    r"(?:(?:[ \t]{0,4}:[ \t]{0,4}[A-Z][\w.]{0,30}"
    r"|[ \t]{1,4}(?:string|str|\[\]byte|[A-Z][\w.]{0,30}))[ \t]{0,4}(?==))?"
    r"[ \t]{0,8}(?P<op>:{1,3}=|\?\?=|\?=|\.=|\+=|=>|===|==|!==|!=|->|=|:|：|,|\(|是|为|>|\||)"
    r"[ \t]{0,8}"
)
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[\u3400-\u9fff]+")
_CLOSING_TAG = re.compile(r"[ \t]{0,64}</(?P<tag>[\w.\-:]{1,64})>")
_NEXT_PARAMETER = re.compile(r";[ \t]{0,4}[A-Za-z][A-Za-z ]{0,30}=")
_ESCAPED_BREAK = re.compile(r"\\[nrt]")
_UNQUOTED_TAIL = "\"'`,;)]}>"
_OPENING = {")": "(", "]": "[", "}": "{", ">": "<"}
_ATTRIBUTE_VALUE = re.compile(r"""[ \t]{1,8}value[ \t]{0,4}=[ \t]{0,4}(?P<q>["'])""")
# from "://": searched as a literal, the scheme is read back from there
_URL_CREDENTIALS = re.compile(
    r"://"
    r"(?P<user>[^\s:/?#@\"'<>]{0,64}):(?P<password>[^\s/?#@\"'<>]{1,128})@"
    r"(?P<host>[\w.\-]{1,253})"
)


@dataclass(frozen=True)
class Pair:
    key: str
    value: str
    start: int  # where the value starts in the text
    end: int
    operator: str  # "" when only spaces stand between key and value
    quoted: bool
    in_query: bool = False  # the key is a URL query or connection-string parameter

    @property
    def words(self) -> tuple[str, ...]:
        return key_words(self.key)


def key_words(key: str) -> tuple[str, ...]:
    """``AccessKeySecret`` -> (access, key, secret); ``x_api-token`` -> (x, api, token)."""
    return tuple(part.lower() for part in _CAMEL.findall(key))


def line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def key_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole key a found word belongs to (``db_password``, ``$xToken``, ``a.b.secret``).

    A Chinese word stands alone: Chinese has no separators to tell a key's end.
    """
    if _CJK.match(text, start):
        return start, end
    low = start
    while low > 0 and start - low < KEY_REACH and _KEY_CHAR.match(text, low - 1):
        low -= 1
    high = end
    while high < len(text) and high - end < KEY_REACH and _KEY_CHAR.match(text, high):
        high += 1
    # a key does not end with the dots or dashes of the sentence around it
    while high > end and text[high - 1] in ".-":
        high -= 1
    return low, high


def _quoted(text: str, start: int, line_end: int) -> tuple[int, int] | None:
    """The span inside the quotes that open at ``start``, on this line, or None."""
    close = _QUOTES[text[start]]
    position = start + 1
    limit = min(line_end, start + 1 + VALUE_LIMIT)
    while position < limit:
        char = text[position]
        if char == "\\" and close in "\"'":
            position += 2
            continue
        if char == close:
            return start + 1, position
        position += 1
    return None


def _unquoted(text: str, start: int, line_end: int) -> tuple[int, int]:
    position = start
    limit = min(line_end, start + VALUE_LIMIT)
    # white space ends it, and so does Chinese text or punctuation: "密码 Xy7#kq92，请勿外传"
    while position < limit and not text[position].isspace() and text[position] < "\u3000":
        position += 1
    value = text[start:position]
    escaped = _ESCAPED_BREAK.search(value)  # "X_TOKEN=v\nNEXT=1" inside a JSON string
    if escaped:
        position = start + escaped.start()
    while position > start and text[position - 1] in _UNQUOTED_TAIL:
        closing = text[position - 1]
        opening = _OPENING.get(closing)
        value = text[start:position]
        if opening and value.count(opening) >= value.count(closing):
            break  # "${VAR}" keeps its brace; "{a: v}" loses the one of the mapping
        position -= 1
    return start, position


def value_after(text: str, key_start: int, key_end: int) -> Pair | None:
    """The value written after the key at ``key_start:key_end``, on the same line."""
    _, line_end = line_bounds(text, key_end)
    key = text[key_start:key_end]
    before = text[key_start - 1] if key_start > 0 else ""
    position = key_end
    if before in _QUOTES and text.startswith(_QUOTES[before], position):
        position += 1  # "key": v, 'key' => v, ("KEY", v)
        attribute = _ATTRIBUTE_VALUE.match(text, position)
        if attribute:  # <add key="Password" value="v"/>
            inner = _quoted(text, attribute.end() - 1, line_end)
            if inner:
                return Pair(key, text[inner[0] : inner[1]], *inner, "=", True)
    if before == "<" and text.startswith(">", position):
        return _element(text, key, position + 1, line_end)
    operator = _OPERATOR.match(text, position, line_end)
    if operator is None:
        return None
    op = operator.group("op")
    position = operator.end()
    if position >= line_end:
        return None  # nothing after the operator on this line
    in_query = before != "" and before in "?&;"
    if text[position] in _QUOTES:
        inner = _quoted(text, position, line_end)
        if inner is None:
            return None
        return Pair(key, text[inner[0] : inner[1]], *inner, op, True, in_query)
    if op in ("(", ","):
        return None  # a call's argument is a value only when it is a string
    start, end = _unquoted(text, position, line_end)
    if in_query:  # a connection string or URL query: the next parameter ends the value
        for stop in ";&":
            found = text.find(stop, start, end)
            if found >= 0:
                end = found
    else:  # "Password=v;Server=x": a connection string's first parameter
        following = _NEXT_PARAMETER.search(text, start, end)
        if following:
            end = following.start()
    if end <= start:
        return None
    return Pair(key, text[start:end], start, end, op, False, in_query)


def _element(text: str, key: str, position: int, line_end: int) -> Pair | None:
    """``<key>value</key>``, or the value alone on the next line before ``</key>``."""
    close = text.find("<", position, line_end)
    if close > position:
        start, end = position, close
    elif position == line_end or not text[position:line_end].strip():
        start = line_end + 1
        _, next_end = line_bounds(text, min(start, len(text)))
        closing = _CLOSING_TAG.match(text, next_end + 1)
        if start >= len(text) or not closing or closing.group("tag") != key:
            return None
        end = next_end
    else:
        return None
    value = text[start:end]
    stripped = value.strip()
    if not stripped or "\n" in value:
        return None
    offset = start + value.index(stripped)
    return Pair(key, stripped, offset, offset + len(stripped), ">", False)


def url_credentials(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, scheme) of each password written into a URL: ``scheme://user:pw@host``."""
    for match in _URL_CREDENTIALS.finditer(text):
        scheme_start = match.start()
        while (
            scheme_start > 0
            and match.start() - scheme_start < 20
            and _SCHEME_CHAR.match(text, scheme_start - 1)
        ):
            scheme_start -= 1
        if scheme_start == match.start():
            continue
        scheme = text[scheme_start : match.start()].lower()
        yield match.start("password"), match.end("password"), scheme
