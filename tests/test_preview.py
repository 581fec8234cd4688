"""The terminal preview, driven exactly as an editor would: a script piped into the command."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from sellerbot.content.loader import load_course
from sellerbot.drivers.preview import parse_input
from sellerbot.engine.inputs import Command, Photo, Press, Start, Text
from sellerbot.paths import bundled_content
from sellerbot.rendering import RenderedButton

SELLERBOT = Path(sys.executable).parent / "sellerbot"
# The progress line counts the bundled course's modules; a new module must not break the walk.
MODULES = len(load_course(bundled_content()).course.modules)

# The welcome module, from the first tap to its end: Start (1), Next (1; no Back on the
# first step), Next (2, after Back), a wrong quiz answer (1), the right one (2), Next (2),
# a task answer that fails a rule, one that passes, Next (2), Next (2).
WALK_WELCOME = {
    "en": ["1", "1", "2", "1", "2", "2", "oranges", "Navel oranges, about 2000 kg", "2", "2"],
    "zh_Hans": ["1", "1", "2", "1", "2", "2", "橙", "赣南脐橙，大概四千斤", "2", "2"],
}
EXPECTED = {
    "en": [
        "Hello, Preview!",
        "[image: ",
        f"Module 1/{MODULES} · Step 1/5",
        "❌ Not quite.",
        "✅ Right!",
        "Tell me a little more",
        "✅ You give a clear number: 2000 kg.",
        f"Module 1/{MODULES} · Step 5/5",
        "🎉 You finished the module “How this course works”!",
    ],
    "zh_Hans": [
        "Preview，你好！",
        f"第1/{MODULES}课 · 第1/5步",
        "❌ 不对哦。",
        "✅ 对了！",
        "再多写几个字",
        "✅ 数字写清楚了：四千斤。",
        f"第1/{MODULES}课 · 第5/5步",
        "🎉 “怎么用这门课”这一课学完了！",
    ],
}


def run_preview(lines: list[str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SELLERBOT), "preview", "--db", ":memory:", *arguments],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_preview_walks_the_welcome_module_to_the_end(locale):
    result = run_preview(WALK_WELCOME[locale], "--locale", locale)
    assert result.returncode == 0, result.stderr
    position = 0
    for expected in EXPECTED[locale]:  # in this order
        found = result.stdout.find(expected, position)
        assert found >= 0, f"{expected!r} missing after position {position}:\n{result.stdout}"
        position = found
    assert "Traceback" not in result.stderr


def test_preview_remembers_progress_in_a_database_file(tmp_path):
    database = tmp_path / "preview.db"
    first = subprocess.run(
        [str(SELLERBOT), "preview", "--db", str(database)],
        input="1\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [str(SELLERBOT), "preview", "--db", str(database)],
        input="1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Welcome back, Preview!" in second.stdout
    assert f"Module 1/{MODULES} · Step 2/5" in second.stdout.split("> 1")[-1]


def test_preview_reports_broken_content_and_exits_1(tmp_path):
    (tmp_path / "course.yaml").write_text("title: {en: x}\n")
    result = run_preview([], "--content", str(tmp_path))
    assert result.returncode == 1
    assert "course.yaml:1:1: missing required field 'default_locale'" in result.stderr


def test_a_button_number_that_is_not_on_screen_is_explained():
    result = run_preview(["9", "1"])
    assert "(there is no button 9; choose 1 to 5)" in result.stdout
    assert f"Module 1/{MODULES} · Step 1/5" in result.stdout


BUTTONS = [RenderedButton("Next", "1.n.x"), RenderedButton("Menu", "1.m")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2", Press("1.m")),
        ("3", None),
        ("0", None),
        ("/start", Start(None)),
        ("/start farm-day", Start("farm-day")),
        ("/Menu@sellerbot_bot", Command("menu")),
        (":photo my oranges", Photo("preview-photo", "my oranges")),
        ("how do I pack eggs", Text("how do I pack eggs")),
    ],
)
def test_typed_lines_become_inputs(line, expected):
    assert parse_input(line, BUTTONS) == expected


def test_preview_in_process_with_a_script(tmp_path):
    """The same driver, called in-process, for a quick check of the transcript format."""
    import asyncio

    from sellerbot.app import build_app
    from sellerbot.drivers.preview import run_preview as drive
    from sellerbot.settings import Settings

    async def main() -> str:
        app = await build_app(Settings(database_url=":memory:"))
        output = io.StringIO()
        try:
            await drive(app.conversation, locale="en", source=io.StringIO("1\n"), output=output)
        finally:
            await app.close()
        return output.getvalue()

    transcript = asyncio.run(main())
    assert transcript.startswith("Hello, Preview!")
    assert "> 1\n[image: " in transcript
