"""The fixture project checks clean and builds: the base every other test starts from."""

from conftest import Project


def test_fixture_project_checks_clean(project: Project) -> None:
    result = project.cli("check")
    assert result.exit_code == 0, result.output


def test_fixture_project_builds(project: Project) -> None:
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    assert "新一代工业物联网网关" in project.html("news/2026/03/12/new-gateway/")
