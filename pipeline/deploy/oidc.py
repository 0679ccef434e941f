"""Short-lived cloud credentials for GitHub workflows: GitHub's OIDC token exchanged for a
role's temporary keys, so no long-lived key is stored in GitHub.

When ``PIPELINE_OIDC_ROLE_ARN`` is set and GitHub offers an ID token
(``ACTIONS_ID_TOKEN_REQUEST_URL`` / ``ACTIONS_ID_TOKEN_REQUEST_TOKEN``, a job with
``id-token: write``), the token is exchanged with the provider's STS:

- Alibaba Cloud: ``AssumeRoleWithOIDC`` (``sts.aliyuncs.com``), with the OIDC identity
  provider's ARN in ``PIPELINE_OIDC_PROVIDER``;
- Tencent Cloud: ``AssumeRoleWithWebIdentity`` (``sts.tencentcloudapi.com``), with the
  identity provider's id in ``PIPELINE_OIDC_PROVIDER``.

Neither call is signed: the ID token is the proof. The keys come back as environment
entries for this process only (``AWS_*`` and the provider's own names); nothing is
printed or written. ``PIPELINE_STS_ENDPOINT`` points at another STS (tests).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime

from pipeline.deploy.errors import DeployError

AUDIENCE = {"oss": "sts.aliyuncs.com", "cos": "sts.tencentcloudapi.com"}
STS = {"oss": "https://sts.aliyuncs.com", "cos": "https://sts.tencentcloudapi.com"}


def _post(url: str, data: bytes, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")[:300]
        raise DeployError("deploy/oidc-failed", detail=f"HTTP {exc.code}: {body}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeployError("deploy/oidc-failed", detail=str(exc)) from None


def _id_token(environ: Mapping[str, str], audience: str) -> str:
    url = environ["ACTIONS_ID_TOKEN_REQUEST_URL"]
    url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"audience": audience})
    request = urllib.request.Request(
        url, headers={"Authorization": f"bearer {environ['ACTIONS_ID_TOKEN_REQUEST_TOKEN']}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return str(json.loads(answer.read())["value"])
    except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
        raise DeployError("deploy/oidc-failed", detail=f"GitHub ID token: {exc}") from None


def _aliyun(environ: Mapping[str, str], token: str, session: str) -> tuple[str, str, str]:
    form = {
        "Action": "AssumeRoleWithOIDC",
        "Version": "2015-04-01",
        "Format": "JSON",
        "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "RoleArn": environ["PIPELINE_OIDC_ROLE_ARN"],
        "OIDCProviderArn": environ.get("PIPELINE_OIDC_PROVIDER", ""),
        "OIDCToken": token,
        "RoleSessionName": session,
        "DurationSeconds": "3600",
    }
    url = environ.get("PIPELINE_STS_ENDPOINT") or STS["oss"]
    data = urllib.parse.urlencode(form).encode()
    answer = _post(url, data, {"Content-Type": "application/x-www-form-urlencoded"})
    keys = answer.get("Credentials") or {}
    if not keys.get("AccessKeyId"):
        raise DeployError("deploy/oidc-failed", detail=str(answer.get("Code") or answer)[:300])
    return keys["AccessKeyId"], keys["AccessKeySecret"], keys["SecurityToken"]


def _tencent(environ: Mapping[str, str], token: str, session: str) -> tuple[str, str, str]:
    body = {
        "ProviderId": environ.get("PIPELINE_OIDC_PROVIDER", ""),
        "WebIdentityToken": token,
        "RoleArn": environ["PIPELINE_OIDC_ROLE_ARN"],
        "RoleSessionName": session,
        "DurationSeconds": 3600,
    }
    headers = {
        "Content-Type": "application/json",
        "X-TC-Action": "AssumeRoleWithWebIdentity",
        "X-TC-Version": "2018-08-13",
        "X-TC-Region": environ.get("PIPELINE_OIDC_REGION", "ap-guangzhou"),
        "X-TC-Timestamp": str(int(time.time())),
        "Authorization": "SKIP",
    }
    url = environ.get("PIPELINE_STS_ENDPOINT") or STS["cos"]
    answer = _post(url, json.dumps(body).encode(), headers).get("Response", {})
    keys = answer.get("Credentials") or {}
    if not keys.get("TmpSecretId"):
        raise DeployError("deploy/oidc-failed", detail=str(answer.get("Error") or answer)[:300])
    return keys["TmpSecretId"], keys["TmpSecretKey"], keys["Token"]


def with_oidc(kind: str, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ``, plus a role's short-lived keys when OIDC is configured (see above)."""
    wanted = environ.get("PIPELINE_OIDC_ROLE_ARN") and kind in AUDIENCE
    offered = environ.get("ACTIONS_ID_TOKEN_REQUEST_URL") and environ.get(
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
    )
    if not wanted:
        return dict(environ)
    if not offered:
        raise DeployError("deploy/oidc-failed", detail="no GitHub ID token (id-token: write?)")
    token = _id_token(environ, AUDIENCE[kind])
    session = f"pipeline-deploy-{environ.get('GITHUB_RUN_ID', 'local')}"
    exchange = _aliyun if kind == "oss" else _tencent
    key, secret, session_token = exchange(environ, token, session)
    own = (
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        if kind == "oss"
        else ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY")
    )
    token_name = "ALIBABA_CLOUD_SECURITY_TOKEN" if kind == "oss" else "TENCENTCLOUD_SESSION_TOKEN"
    return {
        **environ,
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_SESSION_TOKEN": session_token,
        own[0]: key,
        own[1]: secret,
        token_name: session_token,
    }
