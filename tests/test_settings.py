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


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("SELLERBOT_ADMINS", "@alice", "SELLERBOT_ADMINS: '@alice' is not a Telegram user id"),
        ("SELLERBOT_ADMINS", "12,x", "SELLERBOT_ADMINS: 'x' is not a Telegram user id"),
        ("SELLERBOT_STAFF_CHAT", "my group", "SELLERBOT_STAFF_CHAT: 'my group' is not a chat id"),
        ("SELLERBOT_TIMEZONE", "Asia/Shangai", "SELLERBOT_TIMEZONE: unknown time zone"),
        ("SELLERBOT_TIMEZONE", "../../etc/passwd", "SELLERBOT_TIMEZONE: unknown time zone"),
        ("SELLERBOT_QUIET_HOURS", "21:00-08:00", "SELLERBOT_QUIET_HOURS: '21:00-08:00' is not"),
        ("SELLERBOT_QUIET_HOURS", "21-25", "SELLERBOT_QUIET_HOURS: '21-25' is not"),
        ("SELLERBOT_WATCH_SECONDS", "five", "SELLERBOT_WATCH_SECONDS: 'five' is not a number"),
        ("SELLERBOT_WATCH_SECONDS", "-1", "SELLERBOT_WATCH_SECONDS: '-1' is not"),
        ("SELLERBOT_REMINDER_DAYS", "3.5", "SELLERBOT_REMINDER_DAYS: '3.5' is not a whole number"),
        ("SELLERBOT_REMINDER_MAX", "-2", "SELLERBOT_REMINDER_MAX: '-2' is not"),
        ("SELLERBOT_WEBHOOK_SECRET", "has spaces", "SELLERBOT_WEBHOOK_SECRET: "),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    variable, value, expected, monkeypatch, capsys
):
    monkeypatch.setenv(variable, value)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected), err
    assert err.count("\n") == 1, err


def test_a_bad_setting_in_the_config_file_names_the_file_and_key(tmp_path, capsys):
    config = tmp_path / "bot.toml"
    config.write_text('admins = ["@alice"]\n', encoding="utf-8")
    assert main(["--config", str(config), "validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config}: admins: '@alice' is not a Telegram user id"), err
    assert err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("admins = [1\n", "is not valid TOML"),
        ("colour = 'red'\n", "unknown setting colour"),
    ],
)
def test_a_broken_config_file_is_one_line(tmp_path, capsys, text, expected):
    config = tmp_path / "bot.toml"
    config.write_text(text, encoding="utf-8")
    assert main(["--config", str(config), "validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config}: ") and expected in err, err
    assert err.count("\n") == 1, err


def test_a_missing_config_file_is_one_line(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.toml"), "validate"]) == 2
    err = capsys.readouterr().err
    assert "nope.toml: no such file" in err and err.count("\n") == 1, err


def test_good_settings_are_read(tmp_path):
    settings = Settings.load(
        environ={
            "SELLERBOT_ADMINS": " 12, 34 ",
            "SELLERBOT_STAFF_CHAT": "-100123",
            "SELLERBOT_TIMEZONE": "Europe/Berlin",
            "SELLERBOT_QUIET_HOURS": "22-7",
            "SELLERBOT_WEBHOOK_SECRET": "s3cret_-A",
            "SELLERBOT_REMINDER_DAYS": "0",  # remind at the next check, as the tests do
        }
    )
    assert settings.reminders.days_away == 0
    assert settings.admins == {12, 34}
    assert settings.staff_chat == -100123
    assert settings.reminders.timezone == "Europe/Berlin"
    assert (settings.reminders.quiet_from.hour, settings.reminders.quiet_until.hour) == (22, 7)
    assert settings.webhook_secret == "s3cret_-A"


def test_secrets_stay_out_of_the_settings_repr():
    settings = Settings.load(
        environ={"TELEGRAM_BOT_TOKEN": "123:SECRETTOKEN", "SELLERBOT_WEBHOOK_SECRET": "hush-hush"}
    )
    assert "SECRETTOKEN" not in repr(settings)
    assert "hush-hush" not in repr(settings)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:pa55word@127.0.0.1:1/test",  # nothing listens on port 1
        "postgresql://postgres:pa55word@nohost.invalid/test",
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["export", "progress.csv"]])
def test_an_unreachable_database_is_one_line(url, command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", url)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.startswith("SELLERBOT_DATABASE_URL: cannot connect to postgresql"), err
    assert err.count("\n") == 1, err
    assert "pa55word" not in err


def test_an_export_to_a_missing_folder_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    target = tmp_path / "no-such-folder" / "progress.csv"
    assert main(["export", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"sellerbot export: the folder {target.parent} does not exist\n"


def test_postgresql_without_its_driver_says_which_extra_to_install(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "asyncpg", None)  # as if the extra were not installed
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", "postgresql://bot@127.0.0.1:1/bot")
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "SELLERBOT_DATABASE_URL: PostgreSQL needs its driver: pip install 'sellerbot[postgres]'\n"
    )
