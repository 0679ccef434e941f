"""Secrets: private keys, vendors' tokens, passwords and random values given to a secret key.

Three kinds of evidence, strongest first:

1. a private key block's header;
2. a vendor's token, recognised by its own format (AWS, Alibaba Cloud, Tencent Cloud,
   GitHub, Slack, Stripe, JWT ...) or a robot webhook URL (DingTalk, Feishu, WeCom, Slack);
3. a value assigned to a key that names a password or a secret, read with the
   structural reader of ``pipeline.guard.keyvalues`` (JSON, YAML, XML, code, env files,
   connection strings, URLs with a password); a password is reported as it is, any other
   secret only when it looks random (entropy and character classes).

Placeholders (``xxxx``, ``<your-token>``, ``****``, ``EXAMPLE``, ``${VAR}``, runs of one
character) are never reported. Values are masked before they leave this module, so no
output ever shows them.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator

from pipeline.guard.keyvalues import Pair, key_around, key_words, url_credentials, value_after

_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----")
_KEY_MATERIAL = re.compile(r"[A-Za-z0-9+/=]{20}")

# A token starts where no letter, digit or underscore does (checked in code: a pattern that
# starts with its literal prefix is searched for at memory speed, one with a look-behind
# is tried at every character), and ends the same way.
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_E = r"(?![A-Za-z0-9_])"
_TOKENS: dict[str, re.Pattern] = {
    "github": re.compile(r"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})" + _E),
    "aws": re.compile(
        r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)"
        r"[A-Z0-9]{16}" + _E
    ),
    "alibaba-cloud": re.compile(r"LTAI[0-9A-Za-z]{12,24}" + _E),
    "tencent-cloud": re.compile(r"AKID[0-9A-Za-z]{13,40}" + _E),
    "baidu-cloud": re.compile(r"ALTAK[0-9A-Za-z]{16,40}" + _E),
    "volcengine": re.compile(r"AKL[TP][0-9A-Za-z_\-]{30,60}" + _E),
    "gitlab": re.compile(
        r"(?:glpat-[0-9A-Za-z_\-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?|glptt-[0-9a-f]{40}"
        r"|gl(?:dt|rt|soat|ffct)-[0-9A-Za-z_\-]{20}|glimt-[0-9A-Za-z_\-]{25}"
        r"|glcbt-[0-9a-f]{1,5}_[0-9A-Za-z_\-]{20}|glagent-[0-9A-Za-z_\-]{50}"
        r"|gloas-[0-9A-Za-z_\-]{64}|GR1348941[0-9A-Za-z_\-]{20})" + _E
    ),
    "slack": re.compile(
        r"(?:xox[abposre]-(?:\d{1,3}-)?(?:\d{5,14}-){1,3}[0-9A-Za-z]{10,64}"
        r"|xoxe\.xox[bp]-\d-[0-9A-Za-z]{100,300}|xoxe-\d-[0-9A-Za-z]{100,300}"
        r"|xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[a-z0-9]{32,80})" + _E
    ),
    "stripe": re.compile(r"(?:sk|rk|pk)_(?:live|test|prod)_[0-9A-Za-z]{10,247}" + _E),
    "google": re.compile(r"AIza[0-9A-Za-z_\-]{35}" + _E),
    "azure": re.compile(r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}" + _E),
    "npm": re.compile(r"npm_[A-Za-z0-9]{36}" + _E),
    "aws-bedrock": re.compile(
        r"(?:ABSK[A-Za-z0-9+/]{109,269}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t)"
    ),
    "pypi": re.compile(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    "openai": re.compile(
        r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ"
        r"[A-Za-z0-9_\-]{20,200}" + _E
    ),
    "anthropic": re.compile(r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{80,120}" + _E),
    "jwt": re.compile(
        r"eyJ[A-Za-z0-9_\-]{10,4000}\.eyJ[A-Za-z0-9_\-]{10,8000}(?:\.[A-Za-z0-9_\-]{0,2000})?"
    ),
    "jwt-base64": re.compile(r"ZXlK[A-Za-z0-9+/_\-]{40,12000}={0,2}"),
}
# Robot and incoming webhooks: whoever has the URL can post as the robot.
_WEBHOOKS: dict[str, re.Pattern] = {
    "dingtalk-webhook": re.compile(
        r"oapi\.dingtalk\.com/robot/send\?access_token=(?P<secret>[0-9a-f]{32,80})"
    ),
    "feishu-webhook": re.compile(
        r"open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?P<secret>[0-9a-f\-]{20,64})"
    ),
    "wecom-webhook": re.compile(
        r"qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=(?P<secret>[0-9a-f\-]{20,64})"
    ),
    "slack-webhook": re.compile(
        r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<secret>[A-Za-z0-9+/]{20,120})"
    ),
    "teams-webhook": re.compile(
        r"\.webhook\.office\.com/webhookb2/(?P<secret>[0-9a-f\-]{36}@[0-9a-f\-]{36}"
        r"/IncomingWebhook/[0-9a-f]{32}/[0-9a-f\-]{36})"
    ),
    "discord-webhook": re.compile(
        r"discord(?:app)?\.com/api/webhooks/(?P<secret>[0-9]{17,20}/[A-Za-z0-9_\-]{60,68})"
    ),
}
# DingTalk's robot signing secret: SEC followed by 64 hex digits.
_DINGTALK_SECRET = re.compile(r"SEC[0-9a-f]{64}" + _E)

_CJK_KEYWORDS = ("密码", "口令", "密钥", "秘钥", "私钥", "令牌", "凭证", "凭据")

# Every fixed string a secret's evidence starts with: token prefixes, webhook hosts, the
# key block's header, "://" of a URL with a password, curl's -u, the Chinese keywords and
# the first two letters of each other keyword in every case (the rules check the word).
_ANCHOR_STRINGS = (
    "A3T", "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "APKA",
    "LTAI", "AKID", "ALTAK", "AKL", "gh", "github_pat_", "gl", "GR1348941", "xox", "xapp-",
    "sk_", "rk_", "pk_", "AIza", "Q~", "npm_", "pypi-", "sk-", "eyJ", "ZXlK", "ABSK",
    "bedrock-api-key-", "SEC", "dingtalk.com", "feishu.cn", "larksuite.com", "qyapi.weixin",
    "hooks.slack.com", "webhook.office.com", "/api/webhooks/", "-----BEGIN", "://", "-u",
    "--user",
)  # fmt: skip
_KEYWORD_STARTS = ("pa", "pw", "se", "to", "ke", "cr", "au", "ak", "sk")
_ANCHOR = re.compile(
    "|".join(
        re.escape(s)
        for s in sorted(
            {*_ANCHOR_STRINGS, *_CJK_KEYWORDS}
            | {a + b for start in _KEYWORD_STARTS for a in start[0] + start[0].upper()
               for b in start[1] + start[1].upper()},
            key=len,
            reverse=True,
        )
    )
)  # fmt: skip
# How much text around an anchor the rules read: a key's reach before it; after it, the
# longest value (512), the next line of an XML element, a key block's body; a longer token
# (a JWT) is still found from its start, and its mask shows only its first characters.
_BEFORE_ANCHOR = 160
_AFTER_ANCHOR = 1_024

# Example keys published for everyone to use (Firebase's Android SDK samples): public by
# design, like AWS's AKIA...EXAMPLE.
PUBLISHED_EXAMPLES = frozenset(
    ("AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
     "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM", "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
     "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
     "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
     "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY", "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
     "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
     "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
     "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE", "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY")
)  # fmt: skip

# The words that make a key a secret's key; a found word is then read as a whole key.
# Searched in a copy with ASCII letters lowered (same length, so the same positions): fixed
# strings are found at memory speed, where ``(?i)`` would test every character.
_KEYWORD = re.compile(r"pass|pwd|pw|secret|token|key|cred|auth|ak|sk|" + "|".join(_CJK_KEYWORDS))
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Two-letter words stand alone (``HUAWEICLOUD_SDK_AK``, ``db_pw``), not inside a word.
_SHORT_KEYWORDS = frozenset(("pw", "ak", "sk"))
_PASSWORD_WORDS = frozenset(
    ("password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw", "pword", "密码", "口令")
)
_SECRET_WORDS = frozenset(
    ("secret", "secrets", "secrete", "token", "tokens", "apikey", "credential", "credentials",
     "creds", "cred", "auth", "ak", "sk", "accesskey", "privatekey", "secretkey", "secretid",
     "appsecret", "密钥", "秘钥", "私钥", "令牌", "凭证", "凭据")
)  # fmt: skip
# "key" is a secret's word only after one of these (api key, access key, ...), or alone
# with a value random enough for the strictest test.
_KEY_QUALIFIERS = frozenset(
    ("api", "access", "private", "secret", "app", "client", "encryption", "signing", "master",
     "service", "account", "auth", "license", "subscription", "admin", "session", "storage")
)  # fmt: skip
# A key naming something about a secret, not the secret: its name, length, address ...
_NOT_A_VALUE = frozenset(
    ("name", "names", "id", "ids", "length", "len", "size", "type", "types", "url", "uri",
     "urls", "endpoint", "file", "files", "path", "dir", "alias", "version", "format", "field",
     "label", "header", "expiry", "expires", "expiration", "ttl", "count", "policy", "variable",
     "var", "env", "mode", "algorithm", "algo", "enabled", "enable", "required", "hint", "reset",
     "rotation", "storetype", "store", "vault", "ref", "reference", "hash",
     "prefix", "suffix", "pattern", "regex", "validator", "provider", "manager", "audience",
     "scope", "scopes", "timeout", "lifetime", "placeholder", "description", "desc", "title",
     "text", "message", "selector", "class", "helper", "service", "handler",
     "callback", "option", "options", "error", "errors", "input", "column",
     "source", "event", "events", "chars", "charset", "alphabet", "meshing", "signatures",
     "down", "up", "left", "right", "pressed", "code", "codes", "index",
     "长度", "名称", "规则", "强度", "格式", "重置", "找回", "修改", "错误", "过期", "有效期")
)  # fmt: skip
# Words that, right before the secret's word, make it something else: a public key,
# a CSRF token, a primary key.
_NOT_A_SECRET_KEY = frozenset(
    ("public", "pub", "csrf", "xsrf", "primary", "foreign", "sort", "partition", "cache",
     "bucket", "schema", "sequence", "natural", "hot", "idx", "idempotency", "pagination",
     "page", "next", "continuation", "sync", "cancellation", "lexer", "parser", "forgot",
     "forget", "reset", "js", "authenticity")
)  # fmt: skip
# Words that are never a secret's key, wherever they stand.
_NEVER_A_SECRET_KEY = frozenset(
    ("author", "authors", "authority", "keyboard", "keyword", "keywords", "keystore", "keytab",
     "keyframe", "keypair", "keychain", "keyring", "hotkey", "monkey", "turkey", "passenger",
     "passive", "passage", "bypass", "compass", "tokenizer", "withcredentials",
     "usernamepassword")
)  # fmt: skip
_WEAK_KEY_WORDS = frozenset(("key", "auth", "ak", "sk"))

# ``Authorization: Bearer <token>``: the scheme's word is not the secret.
_AUTHORIZATION_VALUE = re.compile(
    r"(?i:(?:basic|bearer|token|digest|bot|apikey|sso-key)[ \t]{1,4})?"
    r"(?P<value>[A-Za-z0-9+/=._~\-:]{8,2000})"
)
# ``curl -u user:password``
_CURL_USER = re.compile(
    r"(?:-u|--user)[ \t]{1,4}[\"']?[^\s:\"'<>]{0,64}:(?P<password>[^\s\"'<>]{1,128})"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_REFERENCE = re.compile(
    r"^(?:\$\{[^}]{0,200}\}|\$\(.{0,200}\)|\{\{.{0,200}\}\}|%\(?[\w.]{0,100}\)?[s%]?|<[^>]{0,200}>"
    r"|\$[A-Za-z_][\w.]{0,100}|@[A-Za-z_][\w.]{0,100}|process\.env\..{0,100}"
    r"|(?:os\.)?(?:getenv|environ)\b.{0,200}|ENV\[.{0,200}|\[\[.{0,200}|%[A-Z_]{1,64}%)$"
)
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)example|sample|placeholder|your[_\-.]?|changeme|change[_\-]me|dummy|fake|redacted"
    r"|replace[_\-]?me|insert[_\-]?|todo|xxxx|\*\*\*|\.\.\.|…|示例|例如|此处|你的"
    # a template's slot anywhere in the value: <name>, {{ name }}, ${NAME}, %(name)s
    r"|<[^<>]{1,64}>|\{\{[^{}]{1,64}\}\}|\$\{[^{}]{1,64}\}|%\([\w.]{1,64}\)s"
)
# What people write in place of a value: a bracketed name or the key's own word.
_NAMED_BLANK = re.compile(
    r"(?i)^(?:\[[^\]]{1,64}\]|\([^)]{1,64}\)|password|passwd|pass|pwd|secret|token|apikey"
    r"|api[_\-]key|username|user|key|changeit|none|null|nil|undefined|true|false|empty)$"
)
_ASCENDING_RUN = 6  # "abcdef", "123456": an alphabet or a made-up sample, not a secret
_TOKEN_ASCENDING_RUN = 11
# a host or a package name: short lowercase parts between dots (a token's parts are long)
_DOTTED_NAME = re.compile(r"^[a-z0-9_\-]{1,15}(?:\.[a-z0-9_\-]{1,15}){1,10}$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z_.]{0,200}(?:\(\))?$")
_FILE_LIKE = re.compile(
    r"(?i)^(?:[a-z]{2,10}://|/|\./|\.\./|~/|[a-z]:\\)|\.(?:pem|p12|pfx|key|crt|cer|der|jks|json|ya?ml"
    r"|xml|txt|cfg|conf|ini|properties|env|keytab|keystore|html?|js|py|go|rb|php|java|sh)$"
)
_UUID_ONLY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SAME_RUN = re.compile(r"(.)\1{4}")
_FILLERS = frozenset("xX*0.-#_=?")
_JWT_SHAPE = re.compile(r"^eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{10,8000}")


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def mask_secret(value: str) -> str:
    """A token keeps its first four characters: they name its kind (ghp_, AKIA, LTAI)."""
    return value[:4] + "*" * max(4, len(value) - 4) if len(value) > 8 else "*" * len(value)


# A password shows nothing of itself, not even its length.
PASSWORD_MASK = "********"


def is_placeholder(value: str, ascending: int = _ASCENDING_RUN) -> bool:
    """Text written in place of a secret: ``xxxx``, ``<your-token>``, ``****``, ``EXAMPLE``,
    ``${VAR}``, one character repeated, a run of one character inside a token."""
    stripped = value.strip()
    return (
        len(set(stripped.lower())) < 4
        or bool(_NAMED_BLANK.match(stripped))
        or _ascending(stripped, ascending)
        or bool(_REFERENCE.match(stripped))
        or bool(_PLACEHOLDER_WORDS.search(stripped))
        or _filler_run(stripped)
    )


def _ascending(value: str, limit: int) -> bool:
    run = 1
    for previous, char in itertools.pairwise(value):
        run = run + 1 if ord(char) == ord(previous) + 1 and char.isalnum() else 1
        if run >= limit:
            return True
    return False


def _filler_run(value: str) -> bool:
    """Five or more of one character written as filler (``xxxxx``, ``00000``, ``*****``), or
    a run that is a quarter of the value: random text of this length has neither."""
    for match in _SAME_RUN.finditer(value):
        char = match.group(1)
        run = len(match.group(0))
        end = match.end()
        while end < len(value) and value[end] == char:
            end += 1
            run += 1
        if char in _FILLERS or run * 4 >= len(value):
            return True
    return False


def _classes(value: str) -> int:
    lower = upper = digit = other = False
    for char in value:
        if "a" <= char <= "z":
            lower = True
        elif "A" <= char <= "Z":
            upper = True
        elif "0" <= char <= "9":
            digit = True
        elif not char.isspace():
            other = True
    return lower + upper + digit + other


def _is_identifier(value: str) -> bool:
    """A name in code (``self.access_token``, ``PASSWORD_VAR``, ``getToken()``), not random
    letters: a generated token switches case all the time, a name seldom does."""
    if not _IDENTIFIER.match(value):
        return False
    upper = sum(c.isupper() for c in value)
    lower = sum(c.islower() for c in value)
    return min(upper, lower) * 5 < upper + lower


def _random_enough(value: str, strict: bool) -> bool:
    """A value with the spread of characters a generated secret has."""
    length = len(value)
    if length < (16 if strict else 10) or " " in value or _CJK.search(value):
        return False
    if _is_identifier(value) or _FILE_LIKE.search(value) or _DOTTED_NAME.match(value):
        return False  # a name in code, a file, a host or a package: where a secret is, not it
    classes = _classes(value)
    has_digit = any(c.isdigit() for c in value)
    if not has_digit and (classes < 2 or length < 20):
        return False  # words: a gitleaks lesson (``^[a-zA-Z_.-]+$`` is never a secret)
    if value.isdigit():
        # a client secret or id of digits only; shorter numbers are counts, dates, phones
        return not strict and length >= 16 and entropy(value) >= 2.5
    needed = min(3.5 if strict else 3.0, math.log2(length) * 0.8)
    return entropy(value) >= needed


def _looks_like_password(pair: Pair) -> bool:
    value = pair.value.strip()
    if len(value) < 6 or len(value) > 128 or is_placeholder(value) or _CJK.search(value):
        return False
    if not any(c.isalnum() for c in value):
        return False
    if not pair.quoted and (_is_identifier(value) or _FILE_LIKE.search(value)):
        return False  # a variable or a file that holds the password, not the password
    if pair.quoted and _IDENTIFIER.match(value) and "_" in value and value.upper() == value:
        return False  # an environment variable's name, "PASSWORD_VAR"
    if not pair.operator or pair.operator in ("是", "为", "->"):
        # prose-like: "密码 Xy7#kq92Lm", "password is required"; only a real-looking one
        return len(value) >= 8 and _classes(value) >= 3 and " " not in value
    if " " in value and not pair.quoted:
        return False
    return not (pair.operator == ">" and _classes(value) < 2)


def _key_kind(words: tuple[str, ...]) -> str | None:
    """'password', 'secret', 'weak' (a bare key word) or None for a key that is not a secret's."""
    if not words or any(w in _NEVER_A_SECRET_KEY for w in words):
        return None
    found = None
    for index, word in enumerate(words):
        previous = words[index - 1] if index > 0 else ""
        if word in _PASSWORD_WORDS or word.startswith(("password", "passwd")):
            kind = "password"
        elif word in _SECRET_WORDS or word.startswith(("secret", "token", "credential")):
            kind = "weak" if word in _WEAK_KEY_WORDS else "secret"
        elif word == "key":
            kind = "secret" if previous in _KEY_QUALIFIERS else "weak"
        elif word == "authorization":
            kind = "authorization"
        else:
            continue
        if previous in _NOT_A_SECRET_KEY:
            continue
        if found is None or kind == "password" or (found == "weak" and kind == "secret"):
            found = kind
    if found is None:
        return None
    last = words[-1]
    if last in _NOT_A_VALUE and not (last == "key" and found != "weak"):
        return None
    return found


def _restates_key(words: tuple[str, ...], value: str) -> bool:
    """``KeyMeshing = "id-...-KeyMeshing"``: the value names the key again, it is a label."""
    lowered = value.lower()
    return sum(len(word) >= 3 and word in lowered for word in set(words)) >= 2


def _vendor_of(words: tuple[str, ...], value: str) -> str:
    """A name for a keyed secret whose vendor the key tells (WeChat's AppSecret ...)."""
    joined = "".join(words)
    if "appsecret" in joined and re.fullmatch(r"[0-9a-f]{32}", value):
        return "wechat-appsecret"
    if ("huawei" in joined or "hwcloud" in joined) and len(value) >= 20:
        return "huawei-cloud"
    if ("bce" in joined or "baidu" in joined) and len(value) >= 20:
        return "baidu-cloud"
    if ("alibaba" in joined or "aliyun" in joined or "accesskeysecret" in joined) and len(
        value
    ) >= 20:
        return "alibaba-cloud"
    if ("tencent" in joined or "qcloud" in joined or joined.endswith("secretkey")) and len(
        value
    ) >= 20:
        return "tencent-cloud"
    if "volc" in joined and len(value) >= 20:
        return "volcengine"
    return "high-entropy"


def _jwt_inside(value: str) -> bool:
    """Does this base64 text wrap a JWT (``ZXlK`` is base64 for ``eyJ``)?"""
    padded = value.replace("-", "+").replace("_", "/")
    padded += "=" * (-len(padded) % 4)
    try:
        decoded = base64.b64decode(padded[:4000], validate=False).decode("ascii", "replace")
    except (binascii.Error, ValueError):
        return False
    return bool(_JWT_SHAPE.match(decoded))


def _empty_block(text: str, header_end: int) -> bool:
    """A key block that ends before any key material (a line of 20 base64 characters)."""
    end = text.find("-----END", header_end, header_end + 400)
    return end >= 0 and not _KEY_MATERIAL.search(text, header_end, end)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _named_tokens(text: str, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, str]]:
    for kind, pattern in _TOKENS.items():
        if kind == "azure" and "Q~" not in text:
            continue  # its only literal is in the middle: look for that first
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] in _WORD_CHARS:
                continue
            token = match.group(0)
            body = token[4:]
            # a vendor's format is strong evidence: only a whole alphabet makes it a sample
            placeholder = is_placeholder(body, ascending=_TOKEN_ASCENDING_RUN)
            if placeholder or "EXAMPLE" in token.upper() or token in PUBLISHED_EXAMPLES:
                continue
            if kind == "jwt-base64" and not _jwt_inside(token):
                continue
            after = text[match.end() : match.end() + 12].lstrip("-_.:")
            if entropy(token) < 2.6 or (after and _filler_run(after)):
                continue  # "GR1348941" + "123123…", "xoxp-…-####…": a sample, not a token
            if kind == "azure" and entropy(token) < 3.5:
                continue
            taken.append(match.span())
            yield (*match.span(), kind.removesuffix("-base64"), mask_secret(token))
    for match in _DINGTALK_SECRET.finditer(text):
        if match.start() and text[match.start() - 1] in _WORD_CHARS:
            continue
        taken.append(match.span())
        yield (*match.span(), "dingtalk-secret", mask_secret(match.group(0)))
    if "/" in text:
        for kind, pattern in _WEBHOOKS.items():
            for match in pattern.finditer(text):
                secret = match.group("secret")
                if is_placeholder(secret) or _overlaps(taken, *match.span("secret")):
                    continue
                taken.append(match.span("secret"))
                shown = match.group(0)[: match.start("secret") - match.start()] + "****"
                yield (*match.span("secret"), kind, shown)


def _keyword_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter that lowers to two ("İ"): positions must hold
        lowered = text.translate(_ASCII_LOWER)
    for match in _KEYWORD.finditer(lowered):
        start, end = match.span()
        short = end - start == 2 and match.group(0) in _SHORT_KEYWORDS
        inside_a_word = (start and text[start - 1].isalpha()) or (
            end < len(text) and text[end].isalpha()
        )
        if short and inside_a_word:
            continue
        spans.append((start, end))
    return spans


def _regions(text: str) -> list[tuple[int, int]]:
    """The parts of ``text`` around anything a secret can start with, merged.

    Chinese prose seldom holds one: the rules then read a few short regions instead of
    the whole text. One search for fixed strings runs at memory speed; each rule's own
    pattern would test every character.
    """
    regions: list[tuple[int, int]] = []
    for match in _ANCHOR.finditer(text):
        hit = match.start()
        start, end = max(0, hit - _BEFORE_ANCHOR), min(len(text), hit + _AFTER_ANCHOR)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions


def find_secrets(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, kind, masked) of every secret in ``text``."""
    for start, end in _regions(text):
        if start == 0 and end == len(text):
            yield from _find_in(text)
            return
        for found_start, found_end, kind, masked in _find_in(text[start:end]):
            yield found_start + start, found_end + start, kind, masked


def _find_in(text: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _PRIVATE_KEY.finditer(text):
        if not _empty_block(text, match.end()):
            yield (*match.span(), "private-key", match.group(0))
    taken: list[tuple[int, int]] = []
    yield from _named_tokens(text, taken)
    if "://" in text:
        for start, end, _scheme in url_credentials(text):
            value = text[start:end]
            if _overlaps(taken, start, end) or is_placeholder(value) or len(value) < 3:
                continue
            taken.append((start, end))
            yield start, end, "password", PASSWORD_MASK
    if "-u" in text:
        for match in _CURL_USER.finditer(text):
            if match.start() and not text[match.start() - 1].isspace():
                continue
            value = match.group("password")
            if not _overlaps(taken, *match.span("password")) and not is_placeholder(value):
                taken.append(match.span("password"))
                yield (*match.span("password"), "password", PASSWORD_MASK)
    keyed: list[tuple[int, int, str, str]] = []
    seen_keys: set[int] = set()
    for found_start, found_end in _keyword_spans(text):
        key_start, key_end = key_around(text, found_start, found_end)
        if key_start in seen_keys or _overlaps(taken, key_start, key_end):
            continue  # one key read once; a word inside a secret already found is no key
        seen_keys.add(key_start)
        kind = _key_kind(key_words(text[key_start:key_end]))
        if kind is None:
            continue
        pair = value_after(text, key_start, key_end)
        if pair is None or _overlaps(taken, pair.start, pair.end):
            continue
        value = pair.value.strip()
        if kind == "authorization":
            credential = _AUTHORIZATION_VALUE.match(text, pair.start)
            value = credential.group("value") if credential else ""
            if credential and not is_placeholder(value) and _random_enough(value, strict=False):
                taken.append(credential.span("value"))
                keyed.append((*credential.span("value"), "authorization", mask_secret(value)))
            continue
        if kind == "password" and _looks_like_password(pair):
            taken.append((pair.start, pair.end))
            keyed.append((pair.start, pair.end, "password", PASSWORD_MASK))
        elif kind != "password" and not is_placeholder(value):
            strict = kind == "weak" or not pair.operator
            if not pair.operator and not pair.quoted and any(c in value for c in "=\"'<>(){}"):
                continue  # markup or code after a bare word, not a value
            if _restates_key(pair.words, value):
                continue
            if _UUID_ONLY.match(value) and strict:
                continue
            if _random_enough(value, strict):
                taken.append((pair.start, pair.end))
                vendor = _vendor_of(pair.words, value)
                keyed.append((pair.start, pair.end, vendor, mask_secret(value)))
    # passwords first, as before: the report sorts findings by place anyway
    yield from (found for found in keyed if found[2] == "password")
    yield from (found for found in keyed if found[2] != "password")
