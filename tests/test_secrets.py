"""Secrets: every key/value form, every named vendor, placeholders, line breaks, masking,
and a real `pipeline check` run."""

from __future__ import annotations

import base64
import json

import pytest

from pipeline.guard.keyvalues import key_around, url_credentials, value_after
from pipeline.guard.secrets import PASSWORD_MASK, find_secrets
from tests.conftest import Project

SECRET = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"  # gitleaks' own generic sample
PASSWORD = "Hz@2026pass"


def kinds(text: str) -> list[str]:
    return [kind for _s, _e, kind, _m in find_secrets(text)]


def spans(text: str) -> list[str]:
    return [text[start:end] for start, end, _k, _m in find_secrets(text)]


# --- the key/value reader ------------------------------------------------------------

FORMS = [
    ("json", f'{{\n    "x_token": "{SECRET}"\n}}'),
    ("json, one line", f'{{"config": {{"x_token":"{SECRET}"}}}}'),
    ("json string holding an env file", f'{{"config.ini": "X_TOKEN={SECRET}\\nBACKUP=true"}}'),
    ("yaml", f"x_token: {SECRET}"),
    ("yaml, single quotes", f"x_token: '{SECRET}'"),
    ("toml", f'x_token = "{SECRET}"'),
    ("ini / properties", f"app.x.token={SECRET}"),
    ("env file", f"export X_TOKEN='{SECRET}'"),
    ("xml element", f"<xToken>{SECRET}</xToken>"),
    ("xml element, value on its own line", f"<xToken>\n    {SECRET}\n</xToken>"),
    ("xml attribute", f'<add key="ApiToken" value="{SECRET}" />'),
    ("go :=", f'xToken := "{SECRET}"'),
    ("go backticks", f"xToken := `{SECRET}`"),
    ("go typed", f'var xToken string = "{SECRET}"'),
    ("kotlin typed", f'val xToken: String = "{SECRET}"'),
    ("ruby =>", f'  "xToken" => "{SECRET}"'),
    ("ruby symbol =>", f':x_token => "{SECRET}"'),
    ("php .=", f'$xToken .= "{SECRET}";'),
    ("php =", f'$xToken = "{SECRET}";'),
    ("c#", f'string xToken = "{SECRET}";'),
    ("make :=", f'X_TOKEN := "{SECRET}"'),
    ("make ::=", f'X_TOKEN ::= "{SECRET}"'),
    ("make :::=", f'X_TOKEN :::= "{SECRET}"'),
    ("make ?=", f'X_TOKEN ?= "{SECRET}"'),
    ("call with the key", f'System.setProperty("X_TOKEN", "{SECRET}")'),
    ("url query", f"https://api.example.com/v1?user=a&access_token={SECRET}&page=2"),
    ("authorization header", f"Authorization: Bearer {SECRET}"),
]


@pytest.mark.parametrize(("form", "text"), FORMS, ids=[f for f, _ in FORMS])
def test_a_secret_is_read_in_every_key_value_form(form: str, text: str) -> None:
    assert spans(text) == [SECRET], form


PASSWORD_FORMS = [
    f'password = "{PASSWORD}"',
    f'{{"db_password": "{PASSWORD}"}}',
    f"<password>{PASSWORD}</password>",
    f'<add key="DbPassword" value="{PASSWORD}" />',
    f'dbPassword := "{PASSWORD}"',
    f':password => "{PASSWORD}"',
    f'$db_password .= "{PASSWORD}";',
    f"DB_PASSWORD := {PASSWORD}",
    f"spring.datasource.password={PASSWORD}",
    f"Server=10.1.2.3;Database=crm;User Id=sa;Password={PASSWORD};",
    f"jdbc:mysql://db:3306/crm?user=app&password={PASSWORD}&useSSL=true",
    f"curl -u admin:{PASSWORD} https://localhost:9200",
    f"Password={PASSWORD};Server=10.1.2.3;Database=crm",
    f"| 测试账号 | admin | 密码 | {PASSWORD} |",
    f"数据库密码：{PASSWORD}",
    f"管理员密码是“{PASSWORD}”",
]


@pytest.mark.parametrize("text", PASSWORD_FORMS)
def test_a_password_is_read_in_every_form_and_ends_where_it_ends(text: str) -> None:
    assert [(kind, value) for kind, value in zip(kinds(text), spans(text), strict=True)] == [
        ("password", PASSWORD)
    ]


def test_a_quoted_password_may_hold_spaces_and_brackets() -> None:
    assert spans('password = "value with spaces"') == ["value with spaces"]
    assert spans('password = "x7<Kq92Lm"') == ["x7<Kq92Lm"]
    assert spans("{password: Kq9(2Lm)x}") == ["Kq9(2Lm)x"]  # the mapping's brace is not in it


def test_a_chinese_password_needs_no_colon_and_ends_at_chinese_punctuation() -> None:
    assert spans("测试账号的密码 Xy7#kq92Lm，请勿外传。") == ["Xy7#kq92Lm"]


@pytest.mark.parametrize(
    "text",
    [
        "snowflake.password=\njdbc.snowflake.url=jdbc:snowflake://acme.snowflakecomputing.com",
        "password:\n  Hz@2026pass",
        "GITHUB_API_KEY=\nDYNATRACE_API_KEY=",
        'x_token: "\n' + SECRET + '"',
    ],
)
def test_a_value_is_never_taken_from_the_next_line(text: str) -> None:
    assert list(find_secrets(text)) == []


def test_urls_with_a_password() -> None:
    for url in (
        "mongodb://admin:S3cr3tPw0rd@mongo.internal:27017/admin",
        "redis://:r3d1sPassW0rd@10.0.0.5:6379/0",
        "postgresql://app:Kq8vd02Lx@db.internal/crm",
    ):
        found = list(find_secrets(url))
        assert [(k, url[s:e]) for s, e, k, _ in found] == [
            ("password", url.split("@")[0].rsplit(":", 1)[1])
        ]
    assert list(url_credentials("https://user:password@example.com")) != []
    assert list(find_secrets("https://user:password@example.com")) == []  # the word itself


def test_the_reader_reads_the_whole_key_and_stops_at_the_line() -> None:
    text = "my.app_Secret_key = 'abc def'\nnext = 1"
    start = text.index("Secret")
    key = key_around(text, start, start + 6)
    assert text[key[0] : key[1]] == "my.app_Secret_key"
    pair = value_after(text, *key)
    assert pair is not None and (pair.value, pair.quoted, pair.operator) == ("abc def", True, "=")
    assert value_after("password=\nnext", 0, 8) is None


# --- named vendors -------------------------------------------------------------------

VENDORS = [
    ("alibaba-cloud", "AccessKey ID：LTAI5tQ8xYz9KmN3pR7wAbCd"),
    ("alibaba-cloud", 'access_key_secret: "x7Ka9QmZp3Lr8Vn2Wb5Tc1Yd6Hf4Js"'),
    ("tencent-cloud", "SecretId: AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"),
    ("tencent-cloud", "TENCENTCLOUD_SECRET_KEY=Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"),
    ("baidu-cloud", 'BCE_ACCESS_KEY_ID = "ALTAKxS9mLq2Vc7Zb3Np8RtYw"'),
    ("baidu-cloud", "bce_secret_access_key: 8f2c4a9d1e7b3f6a0c5d9e2b7a4f1c8d"),
    ("huawei-cloud", "HUAWEICLOUD_SDK_SK=Qm3x8Kp2Zr7Vn4Wb9Tc5Yd1Hf6Js0La2Ge8Uo3Ri"),
    ("volcengine", "VOLC_ACCESSKEY=AKLTZjNkMmYwYzM0ZGE1NDk4YmI3OGNhZDg2ZTQ4YmQ0ZDE"),
    ("wechat-appsecret", "公众号 AppSecret：1a79a4d60de6718e8e5b326e338ae533"),
    (
        "dingtalk-webhook",
        "https://oapi.dingtalk.com/robot/send?access_token="
        "6b5f2c7a1d9e4b8c3a0f5e7d2c9b4a1e8f3d6c0b5a2e9f4d7c1b8a3e6f0d5c2b",
    ),
    (
        "dingtalk-secret",
        "加签 SEC882d417f3ea41ccd0fd7439075e6bfe92bbbce9ed4160d2140707d9c640150f5",
    ),
    (
        "feishu-webhook",
        "https://open.feishu.cn/open-apis/bot/v2/hook/2f6d4b8a-1c3e-4f5a-9b7d-0e2c4a6b8d1f",
    ),
    (
        "wecom-webhook",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=6f3a91c6-7b2d-4bc4-97a0-0ec25d8fa5ab",
    ),
    (
        "slack-webhook",
        "https://hooks.slack.com/services/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",
    ),
    ("aws", "AKIA5PQ2KX7ZR3LWN4YT"),
    ("aws", "ABIA5PQ2KX7ZR3LWN4YT"),
    ("aws", "ACCA5PQ2KX7ZR3LWN4YT"),
    ("aws", "A3TX5PQ2KX7ZR3LWN4YT"),
    ("aws", "ASIA5PQ2KX7ZR3LWN4YT"),
    ("github", "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"),
    ("gitlab", "glpat-Kq8Zr2Lw9Xk4Pm7Nt3Vb"),
    ("slack", "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1"),
    ("slack", "xapp-1-A02BC3DEF4G-4719305826471-0a1b2c3d4e5f6071829304b5c6d7e8f90a1b2c3d4e5f"),
    ("stripe", "sk_live_51Kq8Zr2Lw9Xk4Pm7Nt3Vb6Yc1DxA"),
    ("stripe", "sk_test_51Kq8Zr2Lw9Xk4Pm7Nt3Vb6Yc1DxA"),
    ("google", "AIzaSyNHxIf32IQ1a1yjl3ZJIqKZqzLAK1XhDk0"),
    ("azure", "abc8Q~Zr2Lw9Xk4Pm7Nt3Vb6Yc1DxA5qW8eR0tY"),
    ("npm", "npm_Kq8Zr2Lw9Xk4Pm7Nt3Vb6Yc1DxA5qW8eR0tY"),
    (
        "pypi",
        "pypi-AgEIcHlwaS5vcmcCJDU3OTM1MjliLWIyYTYtNDEwOC05NzRkLTM0MjNiNmEwNWIzYgACF1sxLFsibWluaW1h",
    ),
    (
        "jwt",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0."
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ),
]


@pytest.mark.parametrize(
    ("kind", "text"), VENDORS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(VENDORS)]
)
def test_each_vendor_is_named(kind: str, text: str) -> None:
    assert kinds(text) == [kind]


def test_a_base64_wrapped_jwt_is_found_and_other_base64_is_not() -> None:
    jwt = VENDORS[-1][1]
    wrapped = base64.b64encode(jwt.encode()).decode()
    assert kinds(f"data: {wrapped}") == ["jwt"]
    other = base64.b64encode(b"eyJ is not always a token, this is plain prose" * 2).decode()
    assert kinds(f"data: {other}") == []


# --- placeholders and prose ----------------------------------------------------------

PLACEHOLDERS = [
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "token: <your-token>",
    "password: ********",
    "AccessKey ID：LTAIxxxxxxxxxxxxxxxx",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    'api_key = "${API_KEY}"',
    "api_key = {{ api_key }}",
    "secret = aaaaaaaaaaaaaaaaaaaa",
    "password: your-password-here",
    "password = $DB_PASSWORD",
    "password = os.environ['DB_PASSWORD']",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    "https://oapi.dingtalk.com/robot/send?access_token=XXXXXX",
    "curl -u username:password https://example.com",
    "curl -u <user:password> https://test.com/endpoint",
    "password: ${link}",
    "db_password: jdbc-${ENV}-pass",
    '"token": "xoxp-572370529330-573807301142-572331691188-####################"',
    "GR134894112312312312312312312",
    'const alphabet_key = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"',
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholders_are_never_flagged(text: str) -> None:
    assert list(find_secrets(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "密码：至少八位，包含字母和数字",
        "请妥善保管密码，不要告诉他人。",
        "忘记密码？点击“找回密码”按钮重置。",
        "密码长度为 8 到 20 位。",
        "初始密码为身份证后六位。",
        "密钥管理服务（KMS）帮助企业集中管理密钥。",
        "Password reset links expire after 24 hours.",
        "The token bucket refills at 100 requests per second.",
        'public_key = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',
        "csrf-token=Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7+V4eUrLfpuyOuxmiW9rhROG/Whikle15syazJOkrjJa3U2",
        "secret_name = prod-db-credentials-2026",
        "token_url: https://example.com/oauth/token",
        "author = james.fake@ymail.com",
        "keyfile = /etc/ssl/private/server.key",
    ],
)
def test_prose_and_names_of_secrets_are_not_secrets(text: str) -> None:
    assert list(find_secrets(text)) == []


# --- masking -------------------------------------------------------------------------


def test_the_value_never_leaves_the_module() -> None:
    text = "\n".join(
        [f'password = "{PASSWORD}"', f"x_token: {SECRET}", "AKIA5PQ2KX7ZR3LWN4YT",
         "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=6f3a91c6-7b2d-4bc4-97a0-0ec25d8fa5ab"]
    )  # fmt: skip
    found = list(find_secrets(text))
    masks = {kind: masked for _s, _e, kind, masked in found}
    assert masks["password"] == PASSWORD_MASK
    assert masks["high-entropy"] == SECRET[:4] + "*" * (len(SECRET) - 4)
    assert masks["aws"] == "AKIA" + "*" * 16
    assert masks["wecom-webhook"].endswith("send?key=****")
    for _s, _e, _k, masked in found:
        assert PASSWORD not in masked and SECRET not in masked and "7b2d" not in masked


def test_a_long_text_is_read_in_bounded_time() -> None:
    # Chinese prose with a secret far in: found at its place, whatever surrounds it
    prose = "公司发布了新产品，客户反响很好。" * 20_000
    text = prose + f"\n数据库密码：{PASSWORD}\n" + prose + "password=" * 20_000
    found = [(text[s:e], k) for s, e, k, _ in find_secrets(text)]
    assert (PASSWORD, "password") in found


# --- through the real command --------------------------------------------------------

EVIL = "content/news/posts/2026/2026-04-01-evil.md"


def test_pipeline_check_reports_rule_line_and_masked_value(project: Project) -> None:
    body = (
        "第一段正常。\n\n"
        "测试环境的配置如下：\n\n"
        "```json\n"
        f'{{"db_password": "{PASSWORD}",\n'
        f' "aliyun": "LTAI5tQ8xYz9KmN3pR7wAbCd",\n'
        f' "x_token": "{SECRET}"}}\n'
        "```\n\n"
        "钉钉机器人：https://oapi.dingtalk.com/robot/send?access_token="
        "6b5f2c7a1d9e4b8c3a0f5e7d2c9b4a1e8f3d6c0b5a2e9f4d7c1b8a3e6f0d5c2b\n"
    )
    project.write_item("news", "2026-04-01-evil", body=body)
    result = project.cli("--lang", "en", "check", "--format", "json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout)["findings"] if f["path"] == EVIL]
    lines = (project.root / EVIL).read_text("utf-8").split("\n")

    def line_of(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if fragment in line)

    got = {(f["rule"], f["line"]) for f in found}
    assert ("guard/password", line_of("db_password")) in got
    assert ("guard/token", line_of("LTAI")) in got
    assert ("guard/high-entropy", line_of("x_token")) in got
    assert ("guard/token", line_of("dingtalk")) in got
    output = result.stdout + project.cli("check").stdout
    for value in (PASSWORD, SECRET, "LTAI5tQ8xYz9KmN3pR7wAbCd", "6b5f2c7a1d9e4b8c"):
        assert value not in output
