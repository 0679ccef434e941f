"""After a deploy: the CDN told which URLs changed, through the provider's official SDK.

Alibaba Cloud CDN: ``RefreshObjectCaches`` (aliyun-python-sdk-cdn), credentials
``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` /
``ALIBABA_CLOUD_SECURITY_TOKEN``. Tencent Cloud CDN: ``PurgeUrlsCache``
(tencentcloud-sdk-python-cdn), credentials ``TENCENTCLOUD_SECRET_ID`` /
``TENCENTCLOUD_SECRET_KEY`` / ``TENCENTCLOUD_SESSION_TOKEN``. Either falls back to the
storage's ``AWS_*`` keys (one RAM / CAM user often holds both rights). A failure here
never undoes a deploy: the caller reports it as a warning with the URLs to purge by hand.

Each SDK is imported when its provider is asked (a deploy without a CDN, or with the
other provider, does not spend a quarter of a second loading it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.deploy.settings import CdnSettings

BATCH = 500  # URLs per request; both providers accept up to 1,000
CREDENTIALS = {
    "aliyun": (
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
        ),
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
    ),
    "tencent": (
        ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"),
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
    ),
}
DEFAULT_REGION = {"aliyun": "cn-hangzhou", "tencent": ""}


@dataclass(frozen=True)
class PurgeResult:
    provider: str
    urls: list[str]
    tasks: list[str]  # the provider's task ids
    error: str | None = None  # why it failed (never a credential)

    @property
    def ok(self) -> bool:
        return self.error is None


class PurgeFailed(Exception):
    """The provider's SDK said no (its code and message, never a credential)."""


def _credentials(provider: str, environ: Mapping[str, str]) -> tuple[str, str, str | None] | None:
    for key_name, secret_name, token_name in CREDENTIALS[provider]:
        if environ.get(key_name) and environ.get(secret_name):
            return environ[key_name], environ[secret_name], environ.get(token_name) or None
    return None


def _aliyun(cdn: CdnSettings, keys: tuple[str, str, str | None], urls: list[str]) -> list[str]:
    """The task ids of RefreshObjectCaches; PurgeFailed for an SDK error."""
    from aliyunsdkcdn.request.v20180510.RefreshObjectCachesRequest import (
        RefreshObjectCachesRequest,
    )
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential
    from aliyunsdkcore.client import AcsClient

    key, secret, token = keys
    cred = StsTokenCredential(key, secret, token) if token else AccessKeyCredential(key, secret)
    tasks = []
    try:
        client = AcsClient(
            region_id=cdn.region or DEFAULT_REGION["aliyun"], credential=cred, timeout=30
        )
        for start in range(0, len(urls), BATCH):
            request = RefreshObjectCachesRequest()
            request.set_accept_format("json")
            request.set_ObjectType("File")
            request.set_ObjectPath("\n".join(urls[start : start + BATCH]))
            if cdn.endpoint:
                parts = urlsplit(cdn.endpoint)
                request.set_protocol_type(parts.scheme)
                request.set_endpoint(parts.netloc)
            answer = client.do_action_with_exception(request)
            tasks.append(_task_id(answer, "RefreshTaskId"))
    except (ClientException, ServerException) as exc:
        raise PurgeFailed(f"{exc.get_error_code()}: {exc.get_error_msg()}") from None
    return tasks


def _tencent(cdn: CdnSettings, keys: tuple[str, str, str | None], urls: list[str]) -> list[str]:
    """The task ids of PurgeUrlsCache; PurgeFailed for an SDK error."""
    from tencentcloud.cdn.v20180606 import cdn_client, models
    from tencentcloud.common import credential
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
        TencentCloudSDKException,
    )
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    key, secret, token = keys
    http = HttpProfile(reqTimeout=30)
    if cdn.endpoint:
        parts = urlsplit(cdn.endpoint)
        http.endpoint, http.scheme, http.protocol = parts.netloc, parts.scheme, parts.scheme
    tasks = []
    try:
        client = cdn_client.CdnClient(
            credential.Credential(key, secret, token),
            cdn.region or DEFAULT_REGION["tencent"],
            ClientProfile(httpProfile=http),
        )
        for start in range(0, len(urls), BATCH):
            request = models.PurgeUrlsCacheRequest()
            request.Urls = urls[start : start + BATCH]
            answer = client.PurgeUrlsCache(request)
            tasks.append(str(answer.TaskId or ""))
    except TencentCloudSDKException as exc:
        raise PurgeFailed(f"{exc.get_code()}: {exc.get_message()}") from None
    return tasks


def _task_id(answer: bytes | str, key: str) -> str:
    try:
        data = json.loads(answer)
    except ValueError:
        return ""
    return str(data.get(key, "")) if isinstance(data, dict) else ""


def purge(cdn: CdnSettings, urls: list[str], environ: Mapping[str, str]) -> PurgeResult | None:
    """Ask the CDN to drop its copies of ``urls``; None when no CDN is configured or
    nothing changed."""
    if cdn.provider == "none" or not urls:
        return None
    keys = _credentials(cdn.provider, environ)
    if keys is None:
        names = " / ".join(CREDENTIALS[cdn.provider][0][:2])
        return PurgeResult(cdn.provider, urls, [], f"no credentials ({names})")
    try:
        send = _aliyun if cdn.provider == "aliyun" else _tencent
        tasks = send(cdn, keys, urls)
    except PurgeFailed as exc:
        return PurgeResult(cdn.provider, urls, [], str(exc))
    except OSError as exc:
        return PurgeResult(cdn.provider, urls, [], str(exc))
    return PurgeResult(cdn.provider, urls, tasks)
