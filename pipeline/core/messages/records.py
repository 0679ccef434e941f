"""Messages of records (issue 5): the update log and quarterly archives."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "records/bad-choice": {
        "zh": ("“{key}”的值“{value}”不可用", "可用的值：{choices}。"),
        "en": ("'{value}' is not a valid value of '{key}'", "use one of: {choices}."),
    },
    "records/bad-path": {
        "zh": (
            "“{key}”的路径“{value}”不在项目里",
            "写相对于 mkdocs.yml 所在文件夹的路径，不要以 / 开头，也不要用 ..。",
        ),
        "en": (
            "the path '{value}' of '{key}' leads outside the project",
            "give a path relative to the folder of mkdocs.yml, without a leading / or '..'.",
        ),
    },
    "records/not-a-repo": {
        "zh": (
            "这个文件夹不在 git 仓库里，无法从历史生成更新记录",
            "在仓库的克隆里运行（git clone …），而不是在下载的压缩包里。",
        ),
        "en": (
            "this folder is not inside a git repository: the update log is made from its history",
            "run the command in a clone of the repository (git clone …), not in a downloaded copy.",
        ),
    },
    "records/shallow": {
        "zh": (
            "这是浅克隆（只有部分历史），更新记录和归档需要完整的历史",
            "运行 git fetch --unshallow 取回完整历史；在 GitHub Actions 中给 actions/checkout "
            "加上 fetch-depth: 0。",
        ),
        "en": (
            "this is a shallow clone (part of the history only); the update log and archives "
            "need the full history",
            "run git fetch --unshallow; in GitHub Actions give actions/checkout fetch-depth: 0.",
        ),
    },
    "records/no-branch": {
        "zh": (
            "仓库里没有主分支“{branch}”（也没有 origin/{branch}）",
            "在 site_config/records.yml 中用 branch: 写上主分支的名字，或先 git fetch origin {branch}。",
        ),
        "en": (
            "the repository has no main branch '{branch}' (nor origin/{branch})",
            "name the main branch with branch: in site_config/records.yml, or git fetch origin "
            "{branch} first.",
        ),
    },
    "records/bad-log-line": {
        "zh": (
            "更新记录文件这一行不是有效的记录：{problem}",
            "运行 pipeline log --repair：这一行之前的记录原样保留，只重新编号或去掉损坏的行"
            "（去掉的提交会在下次运行时重新记录）；若这一行是被手工改坏的，也可以用 git log -p "
            "找到改动，把它恢复成原样。",
        ),
        "en": (
            "this line of the update log is not a valid entry: {problem}",
            "run pipeline log --repair: the entries above this line stay as they are, only "
            "damaged lines are renumbered or dropped (a dropped commit is logged again by the "
            "next run); for a hand edit you can also find the change with git log -p and "
            "restore the line.",
        ),
    },
    "records/bad-log-field": {
        "zh": (
            "更新记录文件这一行的“{field}”缺失或格式不对（应当像 {example}）",
            "运行 pipeline log --repair：这一行之前的记录原样保留，只重新编号或去掉损坏的行"
            "（去掉的提交会在下次运行时重新记录）；若这一行是被手工改坏的，也可以用 git log -p "
            "找到改动，把它恢复成原样。",
        ),
        "en": (
            "this line of the update log has a missing or malformed '{field}' (expected "
            "something like {example})",
            "run pipeline log --repair: the entries above this line stay as they are, only "
            "damaged lines are renumbered or dropped (a dropped commit is logged again by the "
            "next run); for a hand edit you can also find the change with git log -p and "
            "restore the line.",
        ),
    },
    "records/log-seq-order": {
        "zh": (
            "更新记录文件这一行的序号 {seq} 不大于上一行的 {previous}：序号只增不减、不能重复",
            "运行 pipeline log --repair：这一行之前的记录原样保留，只重新编号或去掉损坏的行"
            "（去掉的提交会在下次运行时重新记录）；若这一行是被手工改坏的，也可以用 git log -p "
            "找到改动，把它恢复成原样。",
        ),
        "en": (
            "this line's sequence number {seq} is not above the previous line's {previous}: "
            "numbers only grow and are never reused",
            "run pipeline log --repair: the entries above this line stay as they are, only "
            "damaged lines are renumbered or dropped (a dropped commit is logged again by the "
            "next run); for a hand edit you can also find the change with git log -p and "
            "restore the line.",
        ),
    },
    "records/log-duplicate-commit": {
        "zh": (
            "更新记录文件这一行又记了一次提交 {commit}（第 {first} 行已经记过）",
            "两次 pipeline log 同时运行会这样。运行 pipeline log --repair：保留第一次的记录，"
            "去掉重复的行，其余记录原样保留。",
        ),
        "en": (
            "this line of the update log logs commit {commit} again (line {first} did already)",
            "two pipeline log runs at the same time do this. Run pipeline log --repair: the "
            "first entry stays, the repeated line is dropped, every other entry stays as it is.",
        ),
    },
    "records/log-locked": {
        "zh": (
            "另一个 pipeline log 正在写更新记录，等了 {seconds} 秒仍未结束（锁文件 {lock}）",
            "等它结束后再运行。确认没有 pipeline log 或 pipeline ci publish 在运行时，"
            "锁会随进程结束自动释放，不需要删除锁文件。",
        ),
        "en": (
            "another pipeline log is writing the update log and has not finished after "
            "{seconds} seconds (lock file {lock})",
            "run again once it has finished. A lock is released when its process ends, so "
            "there is no need to delete the lock file.",
        ),
    },
    "records/reviews-missing": {
        "zh": (
            "找不到审核记录文件",
            "--reviews 后面写发布工作流生成的 JSON 文件（格式见 docs/administrator-guide.md 的"
            " Approvals 一节）；不写 --reviews 时，新记录都记为“未经审核”。",
        ),
        "en": (
            "the reviews file does not exist",
            "give --reviews the JSON file the publish workflow writes (its format is in "
            "docs/administrator-guide.md, 'Approvals'); without --reviews every new entry is "
            "recorded as not reviewed.",
        ),
    },
    "records/reviews-too-big": {
        "zh": (
            "审核记录文件超过 {limit} MB，不读取",
            "这个文件只应包含本次要记录的提交；检查发布工作流是否把别的内容写进了它。",
        ),
        "en": (
            "the reviews file is over {limit} MB and is not read",
            "it should hold the commits of this run only: check what the publish workflow "
            "wrote into it.",
        ),
    },
    "records/bad-reviews": {
        "zh": (
            "审核记录文件格式不对：{problem}",
            "这个文件由发布工作流用 GitHub API 生成，格式见 docs/administrator-guide.md 的 "
            "Approvals 一节；检查生成它的步骤，不要手工编写。",
        ),
        "en": (
            "the reviews file is malformed: {problem}",
            "the publish workflow writes it from the GitHub API in the format of "
            "docs/administrator-guide.md, 'Approvals'; check the step that writes it.",
        ),
    },
    "records/log-is-a-folder": {
        "zh": (
            "更新记录文件的位置是一个文件夹",
            "在 site_config/records.yml 中把 log_file 写成一个文件，例如 content/update-log.jsonl。",
        ),
        "en": (
            "the update log's place is a folder",
            "make log_file in site_config/records.yml a file, e.g. content/update-log.jsonl.",
        ),
    },
    "records/log-not-utf8": {
        "zh": (
            "更新记录文件不是 UTF-8 编码（可能被记事本等另存成了 GBK）",
            "这个文件只能由 pipeline log 追加；用 git checkout -- 文件名 恢复成提交时的样子。",
        ),
        "en": (
            "the update log is not UTF-8 (an editor may have saved it as GBK)",
            "only pipeline log appends to this file; restore it with git checkout -- FILE.",
        ),
    },
    "records/bad-quarter": {
        "zh": ("“{value}”不是季度", "季度写成 2026Q3 或 2026-Q3 的形式。"),
        "en": ("'{value}' is not a quarter", "write a quarter as 2026Q3 or 2026-Q3."),
    },
    "records/quarter-not-ended": {
        "zh": (
            "{quarter} 还没有结束（{end} 结束，网站时区），不能归档",
            "季度结束后再归档；不写季度时自动选择上一个已结束的季度。",
        ),
        "en": (
            "{quarter} has not ended yet (it ends {end}, site time zone) and cannot be archived",
            "archive it after it ends; without a quarter the last completed one is chosen.",
        ),
    },
    "records/nothing-to-archive": {
        "zh": ("主分支在 {quarter} 结束前还没有任何提交，没有可归档的内容", None),
        "en": ("main has no commit before the end of {quarter}: there is nothing to archive", None),
    },
    "records/log-incomplete": {
        "zh": (
            "更新记录还缺 {quarter} 的 {count} 次更新（第一个是提交 {commit}）",
            "先运行 pipeline log，提交更新记录文件，再归档。",
        ),
        "en": (
            "the update log misses {count} change(s) of {quarter} (the first is commit {commit})",
            "run pipeline log and commit the update log first, then archive.",
        ),
    },
    "records/archive-build-failed": {
        "zh": (
            "归档时构建该季度最后一次提交的网站失败：{problem}",
            "那次提交的内容有错误；修正后无法改变历史，请联系管理员决定如何归档。",
        ),
        "en": (
            "building the site of the quarter's last commit failed: {problem}",
            "the content at that commit has errors; history cannot be changed, so ask the "
            "administrator how to archive it.",
        ),
    },
    "records/tag-failed": {
        "zh": (
            "无法创建标签：{problem}",
            "确认 git 已配置 user.name 和 user.email（git config user.name …）。",
        ),
        "en": (
            "the tag could not be created: {problem}",
            "make sure git has user.name and user.email configured (git config user.name …).",
        ),
    },
    "records/verify-not-a-bag": {
        "zh": ("这不是 BagIt 归档包：缺少 bagit.txt", "确认打开的是 pipeline archive 生成的文件。"),
        "en": (
            "this is not a BagIt bundle: bagit.txt is missing",
            "check that this is a file made by pipeline archive.",
        ),
    },
    "records/verify-bad-manifest": {
        "zh": ("{file} 第 {line} 行格式不对", "清单文件被改动过，归档包不可信。"),
        "en": (
            "line {line} of {file} is malformed",
            "the manifest was altered: the bundle cannot be trusted.",
        ),
    },
    "records/verify-oxum": {
        "zh": (
            "内容总量与 bag-info.txt 记录的不符：应为 {expected}，实际 {actual}（字节数.文件数）",
            None,
        ),
        "en": (
            "the payload does not match bag-info.txt: expected {expected}, found {actual} "
            "(bytes.files)",
            None,
        ),
    },
    "records/verify-other-commit": {
        "zh": (
            "归档包属于提交 {actual}，但标签指向 {expected}",
            "这个归档包不是该季度的；用标签重新生成：删除这个文件后再运行 pipeline archive。",
        ),
        "en": (
            "the bundle belongs to commit {actual}, but the tag points at {expected}",
            "this bundle is not the quarter's; delete the file and run pipeline archive to "
            "re-create it from the tag.",
        ),
    },
    "records/not-a-bundle": {
        "zh": ("无法读取归档包：{problem}", "确认文件完整（.tar.gz），或给出解压后的文件夹。"),
        "en": (
            "the bundle cannot be read: {problem}",
            "check that the .tar.gz file is complete, or give the folder it was unpacked into.",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "log.added": {
        "zh": "已向 {path} 追加 {count} 条更新记录（第 {first}–{last} 号）。请提交这个文件。",
        "en": "Appended {count} update-log entries (no. {first}–{last}) to {path}. Commit the file.",
    },
    "log.quarter-needs-csv": {
        "zh": "--quarter 只能和 --csv 一起用：pipeline log --csv --quarter 2026Q3。什么也没有写入。",
        "en": "--quarter goes with --csv only: pipeline log --csv --quarter 2026Q3. Nothing was "
        "written.",
    },
    "log.nothing": {
        "zh": "没有新的更新：{path} 已包含主分支上的全部更新。",
        "en": "Nothing new: {path} already holds every change on main.",
    },
    "log.usage": {
        "zh": "--csv、--pending、--repair 和 --reviews 每次只能用一个。什么也没有写入。",
        "en": "Use one of --csv, --pending, --repair and --reviews at a time. Nothing was written.",
    },
    "log.no-reviews-hint": {
        "zh": "没有给出 --reviews，所以这些记录没有审核人。发布工作流会读取 Pull Request 的审核"
        "并写入更新记录；只在确实需要时手工运行 pipeline log。",
        "en": "No --reviews was given, so these entries have no approver. The publish workflow "
        "reads the pull requests' reviews and writes the log; run pipeline log by hand only "
        "when you must.",
    },
    "log.unreviewed-warning": {
        "zh": "警告：第 {seq} 号（提交 {commit}，“{subject}”）{reason}",
        "en": "Warning: no. {seq} (commit {commit}, '{subject}') {reason}",
    },
    "log.unreviewed": {"zh": "未经审核：{reason}", "en": "not reviewed: {reason}"},
    "log.unreviewed.no-reviews": {
        "zh": "记录时没有读取 Pull Request 的审核",
        "en": "logged without reading the pull request's reviews",
    },
    "log.unreviewed.not-in-reviews": {
        "zh": "审核记录文件里没有这次提交",
        "en": "the reviews file does not cover this commit",
    },
    "log.unreviewed.direct-push": {
        "zh": "直接推送到主分支，没有经过 Pull Request",
        "en": "pushed to main directly, with no pull request",
    },
    "log.unreviewed.no-approval": {
        "zh": "Pull Request 没有任何人批准就被合并（管理员绕过了审核）",
        "en": "the pull request was merged with no approval (an administrator's bypass)",
    },
    "log.unreviewed.self-approval": {
        "zh": "只有作者本人批准（{names}）",
        "en": "approved by its own author only ({names})",
    },
    "log.unreviewed.stale-approval": {
        "zh": "批准（{names}）针对的是较早的版本，合并的版本没有人批准",
        "en": "the approval ({names}) was for an earlier version, not the one merged",
    },
    "log.unreviewed.no-owner-approval": {
        "zh": "没有 {areas} 的 A 角或 B 角批准（批准人 {names} 不是该区域的 A/B 角）",
        "en": "no A or B owner of {areas} approved (the approvers {names} hold no role there)",
    },
    "log.unreviewed.no-roles": {
        "zh": "没有 site_config/roles.yml，无法确认批准人（{names}）是 A 角或 B 角",
        "en": "there is no site_config/roles.yml to confirm the approvers ({names}) as A or B",
    },
    "log.unreviewed.other": {"zh": "{reason}", "en": "{reason}"},
    "log.any-area": {"zh": "任何区域", "en": "any area"},
    "log.repair-nothing": {
        "zh": "{path} 没有损坏，什么也没有改。",
        "en": "{path} is not damaged; nothing was changed.",
    },
    "log.repair-renumbered": {
        "zh": "{path}:{line}：序号 {old} 改为 {new}",
        "en": "{path}:{line}: no. {old} renumbered {new}",
    },
    "log.repair-dropped-duplicate": {
        "zh": "{path}:{line}：去掉重复的记录（与第 {first} 行是同一次提交）",
        "en": "{path}:{line}: dropped a repeated entry (the same commit as line {first})",
    },
    "log.repair-dropped-bad": {
        "zh": "{path}:{line}：去掉无法读取的一行（它的提交会在下次 pipeline log 时重新记录）",
        "en": "{path}:{line}: dropped an unreadable line (its commit is logged again by the "
        "next pipeline log)",
    },
    "log.repair-done": {
        "zh": "已修复 {path}，其余记录原样保留。用 git diff 查看改动，然后提交这个文件。",
        "en": "Repaired {path}; every other entry is as it was. Review it with git diff, then "
        "commit the file.",
    },
    "archive.created": {
        "zh": "已创建标签 {tag}（提交 {commit}）和归档包 {bundle}\nSHA-256: {sha}",
        "en": "Created tag {tag} (commit {commit}) and bundle {bundle}\nSHA-256: {sha}",
    },
    "archive.exists": {
        "zh": "{quarter} 已归档：标签 {tag} 指向提交 {commit}，不会移动或覆盖。",
        "en": "{quarter} was archived before: tag {tag} points at commit {commit}; "
        "it is never moved or overwritten.",
    },
    "archive.recreated": {
        "zh": "归档包不在 {bundle}，已从标签重新生成。",
        "en": "The bundle was not at {bundle}; it was re-created from the tag.",
    },
    "archive.sha-match": {
        "zh": "归档包的 SHA-256 与标签中记录的一致：{sha}",
        "en": "The bundle's SHA-256 matches the one recorded in the tag: {sha}",
    },
    "archive.sha-mismatch": {
        "zh": "归档包的 SHA-256（{sha}）与标签中记录的（{recorded}）不一致。",
        "en": "The bundle's SHA-256 ({sha}) differs from the one recorded in the tag ({recorded}).",
    },
    "verify.ok": {
        "zh": "校验通过：{path} 的 {files} 个文件全部与清单一致（{quarter}，提交 {commit}）。",
        "en": "Verified: all {files} files of {path} match their checksums ({quarter}, commit {commit}).",
    },
    "verify.failed": {
        "zh": "校验失败：{path} 与归档时不一致，不能作为原始归档使用。",
        "en": "Verification failed: {path} is not as it was archived and cannot be trusted.",
    },
    "verify.changed": {"zh": "  已被改动：{file}", "en": "  changed: {file}"},
    "verify.added": {"zh": "  多出的文件：{file}", "en": "  added: {file}"},
    "verify.removed": {"zh": "  缺少的文件：{file}", "en": "  removed: {file}"},
    "verify.no-such-file": {
        "zh": "找不到归档包：{path}",
        "en": "No such bundle: {path}",
    },
    "archive.usage": {
        "zh": "用法：pipeline archive [季度]，或 pipeline archive verify 归档包",
        "en": "usage: pipeline archive [QUARTER], or pipeline archive verify BUNDLE",
    },
    "archive.tag-title": {
        "zh": "网站季度归档：{quarter}（{code}）",
        "en": "Quarterly archive of the website: {quarter}",
    },
    "archive.tag-commit": {"zh": "提交：{commit}", "en": "Commit: {commit}"},
    "archive.tag-published": {"zh": "本季度发布的文章：", "en": "Items published this quarter:"},
    "archive.tag-section": {
        "zh": "  {title}（{name}）：{count} 篇",
        "en": "  {title} ({name}): {count}",
    },
    "archive.tag-entries": {
        "zh": "更新记录：{count} 条{numbers}",
        "en": "Update-log entries: {count}{numbers}",
    },
    "archive.tag-numbers": {
        "zh": "（第 {first}–{last} 号）",
        "en": " (no. {first}–{last})",
    },
    "archive.tag-bundle": {"zh": "归档包：{bundle}", "en": "Bundle: {bundle}"},
    # --- the update log as people read it (page, CSV, archive, job summary) ----------------
    "log.page-title": {"zh": "网站更新记录", "en": "Update log"},
    "log.page-intro": {
        "zh": "本站每次内容更新的记录：由发布历史自动生成，每条记录不会被改写。",
        "en": "Every update of this site's content, written from its publishing history; "
        "entries are never rewritten.",
    },
    "log.page-empty": {"zh": "还没有更新记录。", "en": "No updates recorded yet."},
    "log.quarter": {"zh": "{year} 年第 {number} 季度", "en": "{year}-Q{number}"},
    "log.col.seq": {"zh": "序号", "en": "No."},
    "log.col.date": {"zh": "更新日期", "en": "Date"},
    "log.col.sections": {"zh": "栏目", "en": "Section"},
    "log.col.changes": {"zh": "更新内容", "en": "What changed"},
    "log.col.authors": {"zh": "更新人", "en": "Updated by"},
    "log.col.approvers": {"zh": "审核人", "en": "Approved by"},
    "log.col.remarks": {"zh": "备注", "en": "Remarks"},
    "log.col.commit": {"zh": "提交", "en": "Commit"},
    "log.pages": {"zh": "网站页面", "en": "site pages"},
    "log.action.added": {"zh": "新增", "en": "added"},
    "log.action.updated": {"zh": "更新", "en": "updated"},
    "log.action.removed": {"zh": "删除", "en": "removed"},
    "log.action.renamed": {"zh": "移动", "en": "moved"},
    "log.change": {"zh": "{action}《{title}》", "en": "{action} “{title}”"},
    "log.change-at": {"zh": "{action}《{title}》（{where}）", "en": "{action} “{title}” ({where})"},
    "log.other-files": {
        "zh": "图片或其他文件 {count} 个",
        "en": "{count} image(s) or other file(s)",
    },
    "log.no-content": {"zh": "未改动网站内容", "en": "no published content changed"},
    "log.reverts": {"zh": "撤销{number}（{sha}）", "en": "reverts{number} ({sha})"},
}
