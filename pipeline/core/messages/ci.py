"""Messages of the publishing workflows (issue 6): `pipeline ci …`, A/B roles, CODEOWNERS."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    # --- A/B roles: site_config/roles.yml and .github/CODEOWNERS ------------------------
    "roles/missing-area": {
        "zh": (
            "roles.yml 没有给区域“{area}”指定 A 角和 B 角",
            "在 areas: 下加上 {area}:，写明 a:（主责）和 b:（备份）两位的 GitHub 用户名，然后运行 pipeline roles。",
        ),
        "en": (
            "roles.yml names no A and B owner for the area '{area}'",
            "add {area}: under areas: with a: (primary) and b: (backup) GitHub handles, then run pipeline roles.",
        ),
    },
    "roles/missing-owner": {
        "zh": (
            "区域“{area}”缺少 {role} 角",
            "写上 {role} 角的 GitHub 用户名（a: 主责，b: 备份），保证一人不在时另一人能批准，然后运行 pipeline roles。",
        ),
        "en": (
            "the area '{area}' has no {role} owner",
            "give the {role} owner's GitHub handle (a: primary, b: backup) so that one can approve "
            "when the other is away, then run pipeline roles.",
        ),
    },
    "roles/same-owner": {
        "zh": (
            "区域“{area}”的 A 角和 B 角是同一个人（{owner}）",
            "B 角要由另一位同事担任，A 角不在时由 B 角审核；改好后运行 pipeline roles。",
        ),
        "en": (
            "the area '{area}' has the same person ({owner}) as A and B owner",
            "name another colleague as B, who approves when A is away; then run pipeline roles.",
        ),
    },
    "roles/codeowners-outdated": {
        "zh": (
            "CODEOWNERS 与 {roles} 不一致（从这一行开始不同）",
            "不要手工修改 CODEOWNERS：运行 pipeline roles 重新生成，并把它和 {roles} 一起提交。",
        ),
        "en": (
            "CODEOWNERS does not match {roles} (from this line on)",
            "do not edit CODEOWNERS by hand: run pipeline roles and commit it together with {roles}.",
        ),
    },
    "roles/codeowners-missing": {
        "zh": (
            "缺少 .github/CODEOWNERS：GitHub 不知道每个区域该由谁审核",
            "运行 pipeline roles，根据 {roles} 生成它，然后提交。",
        ),
        "en": (
            ".github/CODEOWNERS is missing: GitHub does not know who reviews each area",
            "run pipeline roles to write it from {roles}, then commit it.",
        ),
    },
    "roles/bad-handle": {
        "zh": (
            "区域“{area}”的“{value}”不是 GitHub 用户名",
            "写 GitHub 用户名（字母、数字和 -，例如 zhangwei-lanshi），或团队 组织名/团队名；不要写中文姓名或邮箱。",
        ),
        "en": (
            "'{value}' of the area '{area}' is not a GitHub handle",
            "write a GitHub user name (letters, digits and -, e.g. zhangwei-lanshi) or org/team; "
            "not a person's name or an e-mail address.",
        ),
    },
    "roles/no-paths": {
        "zh": (
            "区域“{area}”没有写 paths（它负责哪些文件）",
            "写上 paths:，例如 paths: [/content/downloads/]（CODEOWNERS 的写法，以 / 开头表示从仓库根目录算起）。",
        ),
        "en": (
            "the area '{area}' has no paths (which files it owns)",
            "add paths:, e.g. paths: [/content/downloads/] (CODEOWNERS patterns; a leading / "
            "starts at the repository's top).",
        ),
    },
    "roles/bad-paths": {
        "zh": (
            "区域“{area}”的 paths 应该是不含空格的路径列表",
            "例如 paths: [/content/news/]；每个路径是一条 CODEOWNERS 规则。",
        ),
        "en": (
            "paths of the area '{area}' must be a list of paths without spaces",
            "for example paths: [/content/news/]; each path is one CODEOWNERS pattern.",
        ),
    },
    # --- git in the workflows ----------------------------------------------------------
    "ci/unknown-ref": {
        "zh": (
            "git 里找不到“{ref}”",
            "检查分支名或提交号；在 GitHub Actions 中 actions/checkout 要写 fetch-depth: 0，才能取到基准分支。",
        ),
        "en": (
            "git knows no '{ref}'",
            "check the branch or commit; in GitHub Actions give actions/checkout fetch-depth: 0 "
            "so that the base branch is fetched.",
        ),
    },
    "ci/not-on-main": {
        "zh": (
            "发布只能在主分支“{branch}”上运行，当前不在这个分支",
            "先 git checkout {branch}（并 git pull），再运行；工作流中它只在 {branch} 上运行。",
        ),
        "en": (
            "publishing runs on the main branch '{branch}' only, and this is not it",
            "git checkout {branch} (and git pull) first; the workflow runs it on {branch} only.",
        ),
    },
    "ci/git-failed": {
        "zh": ("git 提交失败：{problem}", "按 git 的提示处理后重新运行。"),
        "en": ("git could not commit: {problem}", "fix what git says, then run again."),
    },
    "ci/no-remote": {
        "zh": (
            "没有名为“{remote}”的远程仓库",
            "用 --remote 写上远程仓库的名字（git remote -v 可以查看）。",
        ),
        "en": (
            "there is no remote named '{remote}'",
            "name the remote with --remote (git remote -v lists them).",
        ),
    },
    "ci/push-failed": {
        "zh": (
            "推送 {ref} 失败：{problem}",
            "主分支在这次运行期间有了新的提交时会这样：下一次发布会补上这些更新记录。"
            "权限不足时，检查工作流的 contents: write 权限和分支保护规则（见 docs/administrator-guide.md）。",
        ),
        "en": (
            "pushing {ref} failed: {problem}",
            "this happens when main moved on during the run: the next publish run logs these "
            "changes. For a permission error check the workflow's contents: write permission "
            "and the branch protection rules (see docs/administrator-guide.md).",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "ci.log-commit": {
        "zh": "更新记录：第 {first}–{last} 号 {skip}",
        "en": "Update log: entries {first}–{last} {skip}",
    },
    "ci.log-committed": {
        "zh": "更新记录第 {first}–{last} 号已提交（{commit}），未推送。",
        "en": "Update-log entries {first}–{last} committed ({commit}), not pushed.",
    },
    "ci.log-pushed": {
        "zh": "更新记录第 {first}–{last} 号已提交（{commit}）并推送到 {remote}。",
        "en": "Update-log entries {first}–{last} committed ({commit}) and pushed to {remote}.",
    },
    "ci.log-unchanged": {
        "zh": "更新记录没有新内容，无需提交。",
        "en": "Nothing new for the update log; nothing to commit.",
    },
    "ci.published": {
        "zh": "网站已生成在 {path}，可以部署。",
        "en": "The site is built in {path}, ready to deploy.",
    },
    "ci.publish-failed": {
        "zh": "发布失败：检查、构建或链接检查没有通过，网站不会部署，更新记录也没有提交。",
        "en": "Publishing failed: the checks, the build or the link check did not pass; "
        "nothing is deployed and the update log is not committed.",
    },
    "ci.archive-created": {
        "zh": "已归档：标签 {tag}，归档包 {bundle}。",
        "en": "Archived: tag {tag}, bundle {bundle}.",
    },
    "ci.archive-verified": {
        "zh": "这个季度已经归档过（标签 {tag}）；归档包 {bundle} 校验通过，没有任何改动。",
        "en": "This quarter was archived before (tag {tag}); the bundle {bundle} verified, "
        "nothing changed.",
    },
    "ci.archive-failed": {
        "zh": "归档包 {bundle} 校验失败，没有推送任何内容。",
        "en": "The bundle {bundle} failed verification; nothing was pushed.",
    },
    "ci.tag-pushed": {
        "zh": "标签 {tag} 已推送到 {remote}。",
        "en": "Tag {tag} pushed to {remote}.",
    },
    "roles.no-file": {
        "zh": "没有 site_config/roles.yml：先写好每个区域的 A 角和 B 角（见 docs/administrator-guide.md 的 site_config/roles.yml 一节）。",
        "en": "There is no site_config/roles.yml: name the A and B owner of every area first "
        "(see docs/administrator-guide.md, 'site_config/roles.yml').",
    },
    "roles.written": {
        "zh": "已写入 {path}。请把它和 site_config/roles.yml 一起提交。",
        "en": "Wrote {path}. Commit it together with site_config/roles.yml.",
    },
    "roles.up-to-date": {
        "zh": "{path} 已是最新，无需修改。",
        "en": "{path} is up to date.",
    },
    # the head of .github/CODEOWNERS, written in both languages
    "roles.codeowners-generated": {
        "zh": "由 `pipeline roles` 根据 {file} 生成，请勿手工修改。",
        "en": "Generated by `pipeline roles` from {file}; do not edit by hand.",
    },
    "roles.codeowners-owners": {
        "zh": "A 角和 B 角都是代码所有者：任何一位批准即可合并。",
        "en": "A and B are both code owners: either one's approval is enough.",
    },
    # --- the job summary ------------------------------------------------------------------
    "ci.md.changes": {"zh": "本次修改的文章和页面", "en": "Items and pages changed"},
    "ci.md.no-changes": {
        "zh": "这个 Pull Request 没有修改任何文章或页面。",
        "en": "This pull request changes no item or page.",
    },
    "ci.md.section": {"zh": "栏目", "en": "Section"},
    "ci.md.change": {"zh": "修改", "en": "Change"},
    "ci.md.file": {"zh": "文件", "en": "File"},
    "ci.md.build": {"zh": "构建和链接检查", "en": "Build and link check"},
    "ci.md.built": {"zh": "网站构建成功。", "en": "The site built."},
    "ci.md.build-failed": {
        "zh": "网站构建失败（见上面的问题）。",
        "en": "The build failed (see the problems above).",
    },
    "ci.md.build-skipped": {
        "zh": "有错误，没有构建网站。",
        "en": "Not built: there are errors.",
    },
    "ci.md.links-ok": {"zh": "链接检查通过。", "en": "Links: all good."},
    "ci.md.links-failed": {
        "zh": "链接检查发现问题，见下方“链接检查结果”。",
        "en": "The link check found problems: see 'Link check' below.",
    },
    "ci.md.links-report": {"zh": "链接检查结果", "en": "Link check"},
    "ci.md.links-skipped": {"zh": "没有需要检查链接的页面。", "en": "No links to check."},
    "ci.md.published": {"zh": "发布", "en": "Published"},
    "ci.md.no-entries": {
        "zh": "没有新的更新记录。",
        "en": "No new update-log entries.",
    },
    "ci.md.approvers": {"zh": "审核人", "en": "approved by"},
    "ci.md.unreviewed": {"zh": "未经审核的更新", "en": "Changes not reviewed"},
    "ci.md.unreviewed-intro": {
        "zh": "下面这些更新已经在主分支上并已发布，但没有栏目的 A 角或 B 角（作者本人以外）"
        "在 Pull Request 上批准。更新记录里它们记为“未经审核”；请 A/B 角补看这些更新，"
        "管理员检查分支保护规则。",
        "en": "These changes are on main and published, but no A or B owner of their area "
        "other than the author approved their pull request. The update log records them as "
        "not reviewed: the owners should look at them, and an administrator should check the "
        "branch protection rules.",
    },
}
