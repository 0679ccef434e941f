"""Messages of the deploy stage (issue 17): `pipeline deploy`, site_config/deploy.yml."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    # -- site_config/deploy.yml --------------------------------------------------------------
    "deploy/bad-choice": {
        "zh": ("“{key}”应为 {choices} 之一，而不是“{value}”", "把“{key}”改成 {choices} 中的一个。"),
        "en": (
            "'{key}' must be one of {choices}, not '{value}'",
            "set '{key}' to one of {choices}.",
        ),
    },
    "deploy/bad-bucket": {
        "zh": (
            "“{key}”不是有效的存储桶名称：“{value}”",
            "存储桶名称为 3–63 个小写字母、数字、“-”或“.”；腾讯云 COS 的名称带 APPID 后缀，"
            "如 lanshi-site-1250000000。",
        ),
        "en": (
            "'{key}' is not a valid bucket name: '{value}'",
            "a bucket name has 3-63 lower-case letters, digits, '-' or '.'; Tencent Cloud COS "
            "names end in the APPID, e.g. lanshi-site-1250000000.",
        ),
    },
    "deploy/bad-prefix": {
        "zh": (
            "“{key}”不是有效的路径前缀：“{value}”",
            "写成 www 或 sites/main 这样的路径，不含“..”。",
        ),
        "en": (
            "'{key}' is not a valid key prefix: '{value}'",
            "write a path such as www or sites/main, without '..'.",
        ),
    },
    "deploy/bad-url": {
        "zh": (
            "“{key}”应为 http:// 或 https:// 开头的网址，而不是“{value}”",
            "写成完整网址，不带空格和查询参数，如 https://s3.oss-cn-hangzhou.aliyuncs.com。",
        ),
        "en": (
            "'{key}' must be an http:// or https:// address, not '{value}'",
            "write a full address without spaces or a query, e.g. "
            "https://s3.oss-cn-hangzhou.aliyuncs.com.",
        ),
    },
    "deploy/bad-whole-number": {
        "zh": (
            "“{key}”应为 {minimum} 到 {maximum} 之间的整数，而不是“{value}”",
            "把“{key}”改成 {minimum} 到 {maximum} 之间的整数，或删去这一行使用默认值。",
        ),
        "en": (
            "'{key}' must be a whole number from {minimum} to {maximum}, not '{value}'",
            "set '{key}' to a whole number from {minimum} to {maximum}, or remove the line "
            "for the default.",
        ),
    },
    "deploy/bad-cache": {
        "zh": (
            "“{key}”应为一条 Cache-Control 头的内容（ASCII 文字）",
            "例如 no-cache、public, max-age=300 或 public, max-age=31536000, immutable。",
        ),
        "en": (
            "'{key}' must be the value of a Cache-Control header (ASCII text)",
            "e.g. no-cache, public, max-age=300 or public, max-age=31536000, immutable.",
        ),
    },
    "deploy/no-bucket-set": {
        "zh": (
            "发布目标为 {target}，但没有写存储桶（bucket）",
            "在 site_config/deploy.yml 里加上 bucket: 存储桶名称；或把 target 改回 github-pages。",
        ),
        "en": (
            "the target is {target} but no bucket is set",
            "add bucket: NAME to site_config/deploy.yml, or set target back to github-pages.",
        ),
    },
    # -- the built site --------------------------------------------------------------------------
    "deploy/no-site": {
        "zh": ("没有可发布的网站：{site} 不存在或没有首页", "先运行 pipeline build 生成网站。"),
        "en": (
            "there is no site to deploy: {site} is missing or has no home page",
            "run pipeline build first.",
        ),
    },
    "deploy/unknown-build": {
        "zh": (
            "{site} 不是 pipeline build 生成的，或生成后被改动过，不能发布",
            "重新运行 pipeline build（不要手工修改 {site}，也不要用 mkdocs build 直接生成）。",
        ),
        "en": (
            "{site} was not made by pipeline build, or was changed after it, so it is not deployed",
            "run pipeline build again (do not edit {site} by hand or build it with mkdocs "
            "build directly).",
        ),
    },
    "deploy/site-changed": {
        "zh": (
            "{path} 在发布过程中被改动了（内容与发布前检查时不同），发布已停止；线上仍是上一次发布",
            "等正在运行的 pipeline build 结束后，重新运行 pipeline deploy。",
        ),
        "en": (
            "{path} changed while it was being deployed (its bytes are not those checked "
            "before); the deploy stopped and the previous deploy is still live",
            "run pipeline deploy again once the pipeline build that is running has finished.",
        ),
    },
    "deploy/preview-build": {
        "zh": (
            "{site} 是预览版本（含草稿或按其他时间生成），不能发布",
            "不带 --drafts、--now 运行 pipeline build，再发布。",
        ),
        "en": (
            "{site} is a preview build (drafts, or another publishing time) and is never deployed",
            "run pipeline build without --drafts or --now, then deploy.",
        ),
    },
    "deploy/stale-build": {
        "zh": (
            "{site} 生成之后，content/、site_config/ 或 mkdocs.yml 又有改动：网站已过时",
            "重新运行 pipeline build，再发布。",
        ),
        "en": (
            "content/, site_config/ or mkdocs.yml changed after {site} was built: the site is "
            "stale",
            "run pipeline build again, then deploy.",
        ),
    },
    # -- where to -----------------------------------------------------------------------------
    "deploy/no-target": {
        "zh": (
            "没有指定发布到哪个存储桶",
            "在命令里写上 s3://存储桶[/前缀]，或在 {file} 中设置 target 和 bucket。",
        ),
        "en": (
            "no bucket to deploy to",
            "give s3://BUCKET[/PREFIX] on the command line, or set target and bucket in {file}.",
        ),
    },
    "deploy/bad-target": {
        "zh": ("“{value}”不是存储桶地址", "写成 s3://存储桶 或 s3://存储桶/前缀。"),
        "en": ("'{value}' is not a bucket address", "write s3://BUCKET or s3://BUCKET/PREFIX."),
    },
    # -- the bucket ---------------------------------------------------------------------------
    "deploy/no-credentials": {
        "zh": (
            "没有访问存储桶 {bucket} 的密钥（{endpoint}）",
            "设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（临时密钥再加 "
            "AWS_SESSION_TOKEN）；阿里云也可用 ALIBABA_CLOUD_ACCESS_KEY_ID / "
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET，腾讯云也可用 TENCENTCLOUD_SECRET_ID / "
            "TENCENTCLOUD_SECRET_KEY。在 GitHub 工作流中请用 OIDC 换取临时密钥。",
        ),
        "en": (
            "no credentials for bucket {bucket} ({endpoint})",
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for "
            "short-lived keys); Alibaba Cloud's ALIBABA_CLOUD_ACCESS_KEY_ID / "
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET and Tencent Cloud's TENCENTCLOUD_SECRET_ID / "
            "TENCENTCLOUD_SECRET_KEY work too. In GitHub workflows, get short-lived keys "
            "through OIDC.",
        ),
    },
    "deploy/bad-credentials": {
        "zh": (
            "存储服务 {endpoint} 不接受这组密钥（{code}），没有上传或删除任何文件",
            "检查 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY 是否对应、是否已停用；临时密钥"
            "是否过期（重新换取）；region 是否与存储桶所在地域一致。",
        ),
        "en": (
            "the storage service {endpoint} does not accept these credentials ({code}); "
            "nothing was uploaded or deleted",
            "check that AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY belong together and are "
            "active, that short-lived keys have not expired (get new ones), and that region "
            "matches the bucket's region.",
        ),
    },
    "deploy/no-bucket": {
        "zh": (
            "存储桶 {bucket} 在 {endpoint} 上不存在，没有上传或删除任何文件",
            "检查存储桶名称（腾讯云 COS 要带 APPID 后缀）和 endpoint / region "
            "是否为存储桶所在地域；新站点请先在控制台创建存储桶。",
        ),
        "en": (
            "bucket {bucket} does not exist on {endpoint}; nothing was uploaded or deleted",
            "check the bucket's name (Tencent Cloud COS names end in the APPID) and that "
            "endpoint / region are the bucket's region; create the bucket in the console "
            "for a new site.",
        ),
    },
    "deploy/access-denied": {
        "zh": (
            "这组密钥没有存储桶 {bucket} 的权限（{code}），没有删除任何文件",
            "给这个 RAM / CAM 用户或角色授予该存储桶的读、写、列出和删除权限"
            "（如 oss:GetObject、oss:PutObject、oss:ListObjects、oss:DeleteObject）。",
        ),
        "en": (
            "these credentials may not use bucket {bucket} ({code}); nothing was deleted",
            "grant the RAM / CAM user or role read, write, list and delete on the bucket "
            "(e.g. s3:GetObject, s3:PutObject, s3:ListBucket, s3:DeleteObject).",
        ),
    },
    "deploy/quota": {
        "zh": (
            "存储桶 {bucket} 的空间或账户额度已用完（{code}），没有删除任何文件；线上仍是上一版网站",
            "在控制台提高存储桶容量上限或为账户充值，然后重新运行 pipeline deploy 完成发布。",
        ),
        "en": (
            "bucket {bucket} or its account is over quota ({code}); nothing was deleted and "
            "the previous site is still served",
            "raise the bucket's capacity limit or top up the account in the console, then "
            "run pipeline deploy again to finish.",
        ),
    },
    "deploy/unreachable": {
        "zh": (
            "连不上存储服务 {endpoint}：{detail}；没有删除任何文件",
            "检查 endpoint 网址和网络；阿里云 OSS 为 https://s3.oss-<地域>.aliyuncs.com，"
            "腾讯云 COS 为 https://cos.<地域>.myqcloud.com。",
        ),
        "en": (
            "cannot reach the storage service {endpoint}: {detail}; nothing was deleted",
            "check the endpoint address and the network; Alibaba Cloud OSS is "
            "https://s3.oss-<region>.aliyuncs.com, Tencent Cloud COS "
            "https://cos.<region>.myqcloud.com.",
        ),
    },
    "deploy/s3-error": {
        "zh": (
            "存储服务 {endpoint} 拒绝了请求（{code}）：{detail}；没有删除任何文件",
            "按错误代码查阅服务商文档；问题解决后重新运行 pipeline deploy 即可完成发布。",
        ),
        "en": (
            "the storage service {endpoint} refused a request ({code}): {detail}; nothing "
            "was deleted",
            "look the code up in the provider's documentation; once fixed, run pipeline "
            "deploy again to finish.",
        ),
    },
    "deploy/bad-state": {
        "zh": (
            "存储桶里的发布记录 {key} 已损坏，无法读取",
            "不要手工修改 .deploy/ 下的文件；可删除 {key} 后重新发布（会重新上传全部文件）。",
        ),
        "en": (
            "the deploy record {key} in the bucket is damaged",
            "do not edit the files under .deploy/ by hand; delete {key} and deploy again "
            "(every file is uploaded again).",
        ),
    },
    # -- rollback -----------------------------------------------------------------------------
    "deploy/nothing-to-roll-back": {
        "zh": (
            "{bucket} 没有更早的发布可以回滚",
            "用 --to 指定 pipeline deploy history 列出的发布编号。",
        ),
        "en": (
            "{bucket} has no earlier deploy to roll back to",
            "name one with --to; pipeline deploy history lists them.",
        ),
    },
    "deploy/no-such-deploy": {
        "zh": ("没有编号为 {id} 的发布记录", "保留的发布有：{kept}"),
        "en": ("there is no deploy {id}", "the deploys kept are: {kept}"),
    },
    "deploy/version-missing": {
        "zh": (
            "发布 {id} 中的 {path} 的原内容已不在存储桶里，无法回滚；没有改动任何文件",
            "回滚到更近的发布，或检出那次发布的提交、运行 pipeline build 后重新发布。",
        ),
        "en": (
            "the bytes of {path} in deploy {id} are no longer in the bucket, so it cannot be "
            "restored; nothing was changed",
            "roll back to a more recent deploy, or check out that deploy's commit, run "
            "pipeline build and deploy it.",
        ),
    },
    "deploy/oidc-failed": {
        "zh": (
            "无法用 GitHub OIDC 换取临时密钥：{detail}",
            "检查工作流任务有 id-token: write 权限；PIPELINE_OIDC_ROLE_ARN 和 PIPELINE_OIDC_PROVIDER "
            "与云上的角色、身份提供商一致；角色的信任策略允许本仓库（sub 为 repo:所有者/仓库:…）。",
        ),
        "en": (
            "could not exchange GitHub's OIDC token for short-lived keys: {detail}",
            "check that the job has id-token: write, that PIPELINE_OIDC_ROLE_ARN and "
            "PIPELINE_OIDC_PROVIDER name the cloud role and identity provider, and that the "
            "role's trust policy admits this repository (sub repo:OWNER/REPO:...).",
        ),
    },
    # -- CDN ----------------------------------------------------------------------------------
    "deploy/purge-failed": {
        "zh": (
            "网站已发布，但刷新 CDN（{provider}）失败：{error}",
            "在 CDN 控制台手工刷新以下 {count} 个网址，或稍后重试：\n{urls}",
        ),
        "en": (
            "the site is deployed, but purging the CDN ({provider}) failed: {error}",
            "purge these {count} URLs by hand in the CDN console, or try again later:\n{urls}",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "deploy.checking": {
        "zh": "正在比较 {site} 与 {target} 上的版本……",
        "en": "Comparing {site} with {target}…",
    },
    "deploy.uploading": {"zh": "上传", "en": "Uploading"},
    "deploy.plan": {
        "zh": "{target}：上传 {uploads} 个文件（{size}），删除 {deletes} 个，共 {total} 个文件",
        "en": "{target}: {uploads} file(s) to upload ({size}), {deletes} to delete, {total} in all",
    },
    "deploy.nothing": {
        "zh": "{target} 已是最新（发布 {id}），没有上传任何文件",
        "en": "{target} is up to date (deploy {id}); nothing uploaded",
    },
    "deploy.dry-run": {
        "zh": "试运行：没有改动存储桶。将要刷新的 CDN 网址：",
        "en": "Dry run: the bucket was not changed. URLs the CDN would be asked to purge:",
    },
    "deploy.done": {
        "zh": "已发布 {id} 到 {target}：上传 {uploads} 个，删除 {deletes} 个，用时 {seconds:.1f} 秒",
        "en": "Deployed {id} to {target}: {uploads} uploaded, {deletes} deleted in {seconds:.1f} s",
    },
    "deploy.rolled-back": {
        "zh": "已回滚到 {to}（新编号 {id}）：恢复 {uploads} 个，删除 {deletes} 个，用时 {seconds:.1f} 秒",
        "en": "Rolled back to {to} (as {id}): {uploads} restored, {deletes} deleted in "
        "{seconds:.1f} s",
    },
    "deploy.purged": {
        "zh": "已请求 CDN（{provider}）刷新 {count} 个网址",
        "en": "Asked the CDN ({provider}) to purge {count} URL(s)",
    },
    "deploy.pages": {
        "zh": "{file} 的发布目标是 GitHub Pages：由发布工作流部署，不需要 pipeline deploy",
        "en": "{file} names GitHub Pages as the target: the publish workflow deploys it, "
        "pipeline deploy is not needed",
    },
    "deploy.history": {
        "zh": "{id}  {kind}  {files} 个文件{live}",
        "en": "{id}  {kind}  {files} files{live}",
    },
    "deploy.live": {"zh": "  ← 线上版本", "en": "  ← live"},
    "deploy.usage": {
        "zh": "用法：pipeline deploy [s3://存储桶[/前缀]]、pipeline deploy rollback [--to 编号] "
        "或 pipeline deploy history",
        "en": "usage: pipeline deploy [s3://BUCKET[/PREFIX]], pipeline deploy rollback "
        "[--to ID] or pipeline deploy history",
    },
}
