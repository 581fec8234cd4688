"""Settings: where the content comes from, and bad values refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sellerbot.cli import main
from sellerbot.paths import bundled_content
from sellerbot.settings import Settings

REPO_CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture
def course_here(tmp_path, monkeypatch) -> Path:
    """A copy of the course in ./content of the current folder, as in a clone."""
    shutil.copytree(REPO_CONTENT, tmp_path / "content", ignore=shutil.ignore_patterns("schema"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SELLERBOT_CONTENT", raising=False)
    return tmp_path / "content"


def test_the_course_folder_in_the_current_folder_is_served(course_here):
    assert Settings.load(environ={}).content_dir.resolve() == course_here.resolve()


def test_a_folder_without_a_course_is_not_served(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()  # some other project's content/, no course.yaml
    monkeypatch.chdir(tmp_path)
    assert Settings.load(environ={}).content_dir == bundled_content()


def test_sellerbot_content_wins_over_the_current_folder(course_here, tmp_path):
    chosen = Settings.load(environ={"SELLERBOT_CONTENT": str(REPO_CONTENT)}).content_dir
    assert chosen == REPO_CONTENT


def test_an_edit_in_the_current_folder_is_what_validate_reads(course_here, capsys):
    (course_here / "course.yaml").write_text("id: [broken\n", encoding="utf-8")
    assert main(["validate"]) == 1
    assert "course.yaml" in capsys.readouterr().out


def test_schema_writes_into_the_served_folder(course_here, capsys):
    assert main(["schema"]) == 0
    assert (course_here / "schema" / "module.schema.json").is_file()
    assert str(course_here / "schema") in capsys.readouterr().out


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("sellerbot 0.")
