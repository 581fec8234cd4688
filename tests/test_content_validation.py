"""Content validation reports each editing mistake at the file, line and column to fix.

Covers the strict YAML reader, the course loader and the `sellerbot validate` command; each
test breaks a small valid tree in one way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sellerbot.cli import main
from sellerbot.content.loader import LoadResult
from sellerbot.content.yamlfile import Problem, YamlError, read_yaml
from tests.content_samples import BASICS_YAML, ContentTree, describe

COURSE = "course.yaml"
MODULE = "modules/basics.yaml"
FAQ = "faq/listing.yaml"
REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


# --- helpers ------------------------------------------------------------------------------


def read_error(tmp_path: Path, content: str | bytes, **options: int) -> Problem:
    """The one problem read_yaml raises for a file holding `content`."""
    path = tmp_path / "sample.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(YamlError) as caught:
        read_yaml(path, **options)
    assert caught.value.problem.path == path
    return caught.value.problem


def read_data(tmp_path: Path, content: str) -> object:
    path = tmp_path / "sample.yaml"
    path.write_text(content, encoding="utf-8")
    return read_yaml(path).data


def errors_in(result: LoadResult, tree: ContentTree, relative: str) -> list[Problem]:
    return [problem for problem in result.errors if problem.path == tree.path(relative)]


def assert_error_at(
    tree: ContentTree,
    relative: str,
    needle: str,
    *gist: str,
    occurrence: int = 1,
    only: bool = True,
    result: LoadResult | None = None,
) -> Problem:
    """Loading fails with an error in `relative` placed where `needle` is written (line and
    column) whose message contains every piece of `gist`; with `only`, it is the file's sole
    error."""
    result = result or tree.load()
    assert result.course is None, "a course was built despite the error"
    line, column = tree.position_of(relative, needle, occurrence)
    errors = errors_in(result, tree, relative)
    matching = [
        problem
        for problem in errors
        if problem.line == line and all(piece in problem.message for piece in gist)
    ]
    where = f"{relative}:{line}:{column} {gist}"
    assert len(matching) == 1, f"expected one error at {where}; got:\n{describe(result.problems)}"
    assert matching[0].column == column, f"expected {where}; got {matching[0]}"
    if only:
        assert errors == matching, f"expected only {where}; got:\n{describe(result.problems)}"
    return matching[0]


# --- the sample tree ----------------------------------------------------------------------


def test_sample_tree_loads_without_problems(tree: ContentTree) -> None:
    result = tree.load()

    assert result.problems == [], describe(result.problems)
    course = result.course
    assert course.locales == ("en", "zh_Hans")
    assert [module.id for module in course.modules] == ["basics"]
    assert [step.type for step in course.modules[0].steps] == ["message", "quiz", "message", "task"]
    assert [entry.id for entry in course.faq] == ["listing.packaging", "listing.photos"]


# --- YAML reader --------------------------------------------------------------------------


def test_reader_records_line_and_column_of_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text("title: Hi\nsteps:\n  - id: a\n  - id: b\n", encoding="utf-8")

    document = read_yaml(path)

    assert document.position(("steps",)) == (2, 1)
    assert document.position(("steps", 1)) == (4, 5)
    assert document.position(("steps", 1, "id")) == (4, 5)
    assert document.position(("steps", 1, "unwritten")) == (4, 5)  # nearest written ancestor


def test_syntax_error_points_at_the_offending_character(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: basics\ntitle: a: b\n")

    assert (problem.line, problem.column) == (2, 9)
    assert problem.message.startswith("YAML syntax: mapping values are not allowed")


def test_syntax_error_in_a_module_is_reported_by_the_loader(tree: ContentTree) -> None:
    tree.replace(MODULE, "      en: Welcome to the course.", "      en: Welcome: to the course.")

    assert_error_at(tree, MODULE, ": to the course", "YAML syntax")


def test_anchor_is_rejected_where_written(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: a\ntitle: &shared {en: Hi}\n")

    assert (problem.line, problem.column) == (2, 8)
    assert "anchor '&shared' is not allowed" in problem.message


def test_alias_is_rejected_where_written(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: a\ntitle: {en: Hi}\nsummary: *shared\n")

    assert (problem.line, problem.column) == (3, 10)
    assert "alias '*shared' is not allowed" in problem.message


def test_duplicate_key_names_the_line_of_the_first(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: a\ntitle: Hi\nsummary: x\ntitle: Hello\n")

    assert (problem.line, problem.column) == (4, 1)
    assert "duplicate key 'title' (first given on line 2)" in problem.message


@pytest.mark.parametrize(
    ("content", "tag_text"),
    [
        ("id: a\ntitle: !foo Hi\n", "!foo"),
        # As written, not as the parser expands it (tag:yaml.org,2002:python/object...).
        ("id: a\ntitle: !!python/object:os.system {}\n", "'!!python/object:os.system'"),
    ],
)
def test_custom_tag_is_rejected(tmp_path: Path, content: str, tag_text: str) -> None:
    problem = read_error(tmp_path, content)

    assert (problem.line, problem.column) == (2, 8)
    assert tag_text in problem.message
    assert "is not allowed" in problem.message


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "title: " + "a" * 100 + "\n", max_bytes=64)

    assert (problem.line, problem.column) == (1, 1)
    assert "108 bytes, over the 64-byte limit" in problem.message


def test_non_utf8_bytes_are_reported_on_their_line(tmp_path: Path) -> None:
    problem = read_error(tmp_path, b"id: a\ntitle: ok\nsummary: caf\xe9\n")

    assert problem.line == 3
    assert "not UTF-8" in problem.message


def test_second_document_is_rejected_at_its_marker(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: a\n---\nid: b\n")

    assert (problem.line, problem.column) == (2, 1)
    assert "only one YAML document per file" in problem.message


def test_a_single_explicit_document_is_fine(tmp_path: Path) -> None:
    assert read_data(tmp_path, "---\nid: a\n") == {"id": "a"}


def test_plain_scalars_follow_yaml_1_2(tmp_path: Path) -> None:
    data = read_data(
        tmp_path,
        "words: [No, off, yes, 'true', 1_000]\n"
        "flags: [true, False]\n"
        "numbers: [12, 0x1F, 0o17, 017]\n"
        "nothing: ~\n",
    )

    assert data == {
        "words": ["No", "off", "yes", "true", "1_000"],
        "flags": [True, False],
        "numbers": [12, 31, 15, 17],
        "nothing": None,
    }
    assert all(type(number) is int for number in data["numbers"])


@pytest.mark.parametrize("content", ["", "# only a comment\n"])
def test_empty_file_reads_as_nothing(tmp_path: Path, content: str) -> None:
    assert read_data(tmp_path, content) is None


def test_byte_order_mark_and_windows_line_ends_keep_positions(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_bytes("\ufeffid: a\r\ntitle: Hi\r\n".encode())

    document = read_yaml(path)

    assert document.data == {"id": "a", "title": "Hi"}
    assert document.position(("title",)) == (2, 1)


@pytest.mark.parametrize("word", [".inf", "-.Inf", "+.INF", ".nan", ".NaN"])
def test_infinity_and_nan_read_as_floats(tmp_path: Path, word: str) -> None:
    value = read_data(tmp_path, f"limit: {word}\n")["limit"]

    assert isinstance(value, float)
    assert str(value) == word.lower().lstrip("+").replace(".", "")


def test_control_character_points_at_its_line(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "id: a\ntitle: bell\x07here\n")

    assert (problem.line, problem.column) == (2, 12)
    assert problem.message == "control character U+0007 is not allowed; delete it"


def test_control_character_after_a_byte_order_mark(tmp_path: Path) -> None:
    problem = read_error(tmp_path, "\ufeffid: a\x1b\n".encode())

    assert (problem.line, problem.column) == (1, 6)
    assert "U+001B" in problem.message


# --- loader: keys, fields and step types --------------------------------------------------


def test_unknown_key_suggests_the_right_one(tree: ContentTree) -> None:
    tree.replace(MODULE, "    question:\n", "    qestion:\n")

    assert_error_at(
        tree, MODULE, "qestion:", "unknown key 'qestion'", "did you mean 'question'?", only=False
    )


def test_missing_required_field_points_at_its_step(tree: ContentTree) -> None:
    tree.replace(MODULE, "    prompt:\n", "    note:\n")

    assert_error_at(tree, MODULE, "id: write-title", "missing required field 'prompt'", only=False)


def test_wrong_step_type_suggests_the_right_one_on_its_line(tree: ContentTree) -> None:
    tree.replace(MODULE, "type: quiz", "type: quizz")

    assert_error_at(tree, MODULE, "type: quizz", "unknown step type 'quizz'; did you mean 'quiz'?")


def test_missing_step_type_points_at_the_step(tree: ContentTree) -> None:
    tree.replace(MODULE, "    type: quiz\n", "")

    assert_error_at(tree, MODULE, "id: best-light", "missing 'type'", "message, quiz or task")


def test_bad_step_id_format(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: best-light", "id: Best_Light")

    assert_error_at(tree, MODULE, "id: Best_Light", "'Best_Light' is not a valid id")


def test_bad_faq_id_asks_for_topic_and_name(tree: ContentTree) -> None:
    tree.replace(FAQ, "id: listing.photos", "id: photos")

    assert_error_at(tree, FAQ, "id: photos", "'photos' is not a valid id", "topic.name")


def test_bad_step_id_does_not_ask_for_the_faq_form(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: best-light", "id: Best_Light")

    problem = assert_error_at(
        tree, MODULE, "id: Best_Light", "not a valid id", "use lowercase letters, digits and '-'"
    )
    assert "topic.name" not in problem.message


def test_bad_id_in_a_list_names_the_list(tree: ContentTree) -> None:
    tree.replace(COURSE, "  - basics", "  - Bad_Id")

    problem = assert_error_at(tree, COURSE, "Bad_Id", "not a valid id", only=False)
    assert "'0'" not in problem.message
    assert "modules" in problem.message


@pytest.mark.parametrize(
    ("relative", "anchor", "new_line", "needle", "gist"),
    [
        (
            MODULE,
            "  - id: write-title",
            "    former_ids: [Old_Title]",
            "Old_Title",
            "'Old_Title' is not a valid id for 'former_ids': use lowercase letters, digits and '-'",
        ),
        (
            FAQ,
            "  - id: listing.photos",
            "    related: [Listing.Packaging]",
            "Listing.Packaging",
            "not a valid id for 'related'",
        ),
    ],
)
def test_bad_id_in_other_lists_names_the_list(
    tree: ContentTree, relative: str, anchor: str, new_line: str, needle: str, gist: str
) -> None:
    tree.insert_after(relative, anchor, new_line)

    problem = assert_error_at(tree, relative, needle, gist)
    assert ("topic.name" in problem.message) == (relative == FAQ)


def test_bad_lesson_link_asks_for_module_and_step(tree: ContentTree) -> None:
    tree.replace(FAQ, "lesson: basics/best-light", "lesson: basics.best-light")

    assert_error_at(tree, FAQ, "lesson:", "in the form module-id/step-id")


@pytest.mark.parametrize(
    ("relative", "old", "new", "needle"),
    [
        (MODULE, "id: shed", "id: Shed", "id: Shed"),
        (COURSE, "  - basics", "  - Basics", "Basics"),
    ],
)
def test_one_bad_item_is_one_error(
    tree: ContentTree, relative: str, old: str, new: str, needle: str
) -> None:
    tree.replace(relative, old, new)

    assert_error_at(tree, relative, needle, "not a valid id")


# --- loader: ids and module files ---------------------------------------------------------


def test_duplicate_step_id(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: write-title", "id: welcome")

    assert_error_at(
        tree, MODULE, "id: welcome", "duplicate step id 'welcome' (also step 1)", occurrence=2
    )


def test_former_id_clashing_with_a_step_id_is_a_duplicate_at_the_former_id(
    tree: ContentTree,
) -> None:
    tree.insert_after(MODULE, "  - id: write-title", "    former_ids: [welcome]")

    assert_error_at(tree, MODULE, "welcome]", "duplicate step id 'welcome'")


def test_duplicate_module_id_across_files(tree: ContentTree) -> None:
    tree.write("modules/basics2.yaml", BASICS_YAML)

    result = tree.load()
    assert_error_at(
        tree,
        "modules/basics2.yaml",
        "id: basics",
        "duplicate module id 'basics'",
        only=False,
        result=result,
    )
    assert_error_at(
        tree,
        "modules/basics2.yaml",
        "id: basics",
        "differs from the file name",
        only=False,
        result=result,
    )
    assert errors_in(result, tree, MODULE) == []


def test_module_id_must_match_its_file_name(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: basics", "id: basic")

    assert_error_at(
        tree, MODULE, "id: basic", "id 'basic' differs from the file name 'basics.yaml'"
    )


def test_listed_module_without_a_file_suggests_a_near_one(tree: ContentTree) -> None:
    tree.replace(COURSE, "  - basics", "  - basic")

    assert_error_at(tree, COURSE, "basic", "no file modules/basic.yaml", "did you mean 'basics'?")


def test_unlisted_module_is_only_a_warning(tree: ContentTree) -> None:
    tree.write("modules/extra.yaml", BASICS_YAML.replace("id: basics", "id: extra"))

    result = tree.load()

    assert result.course is not None, describe(result.problems)
    assert result.errors == []
    [warning] = result.warnings
    assert (warning.path, warning.line, warning.column) == (tree.path("modules/extra.yaml"), 1, 1)
    assert "'extra' is not listed in course.yaml" in warning.message
    assert str(warning).endswith(": warning: " + warning.message)
    assert [module.id for module in result.course.modules] == ["basics"]


def test_module_listed_twice(tree: ContentTree) -> None:
    tree.insert_after(COURSE, "  - basics", "  - basics")

    assert_error_at(tree, COURSE, "basics", "module 'basics' is listed twice", occurrence=2)


def test_missing_course_file(tree: ContentTree) -> None:
    tree.path(COURSE).unlink()

    result = tree.load()

    assert result.course is None
    assert [(p.path, p.line, p.column) for p in result.problems] == [(tree.path(COURSE), 1, 1)]
    assert "course.yaml is missing" in result.problems[0].message


def test_top_level_list_is_rejected(tree: ContentTree) -> None:
    tree.write(MODULE, "- id: basics\n")

    problem = assert_error_at(tree, MODULE, "- id", "not a list")
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == (
        "expected a mapping of keys (id, title, steps, ...) at the top of the file, not a list"
    )


def test_empty_module_file_is_reported_as_empty(tree: ContentTree) -> None:
    tree.write(MODULE, "")

    [problem] = errors_in(tree.load(), tree, MODULE)
    assert "empty" in problem.message
    assert "One training module" not in problem.message
    assert problem.message == "the file is empty; a module needs id, title and steps"


def test_empty_course_file_names_what_it_needs(tree: ContentTree) -> None:
    tree.write(COURSE, "# to do\n")

    assert_error_at(
        tree,
        COURSE,
        "# to do",
        "the file is empty; course.yaml needs title, default_locale, locales and modules",
    )


def test_broken_module_does_not_break_faq_lesson_links(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: shed", "id: Shed")

    assert errors_in(tree.load(), tree, FAQ) == []


# --- loader: quizzes and task rules -------------------------------------------------------


def test_quiz_without_a_correct_option(tree: ContentTree) -> None:
    tree.replace(MODULE, "        correct: true\n", "")

    assert_error_at(tree, MODULE, "options:", "no option is marked 'correct: true'")


def test_quiz_with_one_option(tree: ContentTree) -> None:
    tree.replace(
        MODULE,
        "      - id: shed\n        text:\n          en: In a dark shed\n"
        "          zh_Hans: 昏暗的棚子里\n",
        "",
    )

    assert_error_at(tree, MODULE, "options:", "a quiz needs 2 to 6 options (found 1)")


def test_quiz_with_seven_options(tree: ContentTree) -> None:
    extra = "".join(
        f"      - id: extra-{n}\n        text: {{en: Extra {n}, zh_Hans: 其他{n}}}\n"
        for n in range(5)
    )
    tree.insert_after(MODULE, "          zh_Hans: 昏暗的棚子里", extra)

    assert_error_at(tree, MODULE, "options:", "a quiz needs 2 to 6 options (found 7)")


def test_duplicate_option_id(tree: ContentTree) -> None:
    tree.replace(MODULE, "id: shed", "id: window")

    assert_error_at(tree, MODULE, "id: window", "duplicate option id 'window'", occurrence=2)


@pytest.mark.parametrize(
    ("second_check", "found"),
    [("        avoids: [cheap]\n", "found avoids, has_number"), ("", "found none")],
)
def test_task_rule_needs_exactly_one_check(
    tree: ContentTree, second_check: str, found: str
) -> None:
    if second_check:
        tree.insert_after(MODULE, "      - has_number: true", second_check)
    else:
        tree.replace(MODULE, "      - has_number: true\n        feedback:", "      - feedback:")
    needle = "has_number" if second_check else "feedback:\n          en: Add"

    assert_error_at(tree, MODULE, needle, "a rule needs exactly one of", found)


def test_task_rule_message_has_no_index_prefix(tree: ContentTree) -> None:
    tree.insert_after(MODULE, "      - has_number: true", "        avoids: [cheap]")

    problem = assert_error_at(tree, MODULE, "has_number", "exactly one of")
    assert problem.message.startswith("a rule needs")


def test_rule_limit_below_one_is_one_plain_problem(tree: ContentTree) -> None:
    tree.replace(MODULE, "          en: 20", "          en: 0")

    problem = assert_error_at(tree, MODULE, "en: 0", "greater than or equal to 1")
    assert "constrained-int" not in problem.message
    assert problem.message == "'min_length' must be greater than or equal to 1 (found 0)"


def test_shared_rule_limit_below_one_is_one_plain_problem(tree: ContentTree) -> None:
    tree.replace(MODULE, "      - has_number: true\n", "      - max_length: 0\n")

    assert_error_at(
        tree, MODULE, "max_length", "'max_length' must be greater than or equal to 1 (found 0)"
    )


def test_infinite_rule_limit_is_a_problem_not_a_crash(tree: ContentTree) -> None:
    tree.replace(MODULE, "          en: 20", "          en: .inf")

    problem = assert_error_at(tree, MODULE, "en: .inf", "min_length")
    assert "constrained-int" not in problem.message


def test_rule_value_for_an_unknown_locale(tree: ContentTree) -> None:
    tree.insert_after(MODULE, "          zh_Hans: 8", "          fr: 5")

    assert_error_at(tree, MODULE, "fr: 5", "unknown locale 'fr'", "the course has en, zh_Hans")


# --- loader: languages --------------------------------------------------------------------


def test_missing_translation_names_the_locale(tree: ContentTree) -> None:
    tree.replace(MODULE, "      zh_Hans: 欢迎来到课程。\n", "")

    assert_error_at(tree, MODULE, "text:", "missing translation for zh_Hans")


def test_text_given_once_instead_of_per_locale(tree: ContentTree) -> None:
    tree.replace(
        MODULE,
        "    text:\n      en: Welcome to the course.\n      zh_Hans: 欢迎来到课程。",
        "    text: Welcome to the course.",
    )

    assert_error_at(tree, MODULE, "text: Welcome", "one text per language")


def test_text_written_as_a_number_asks_for_quotes(tree: ContentTree) -> None:
    tree.replace(MODULE, "en: Next to a window", "en: 2025")

    # The option still counts as one of two: no quiz-size error besides this one.
    assert_error_at(tree, MODULE, "en: 2025", "write it in quotes: '2025'")


def test_misspelt_locale_key_suggests_the_right_one(tree: ContentTree) -> None:
    tree.replace(MODULE, "      zh_Hans: 欢迎来到课程。", "      zh_hans: 欢迎来到课程。")

    result = tree.load()
    assert_error_at(
        tree,
        MODULE,
        "zh_hans:",
        "unknown locale 'zh_hans'",
        "did you mean 'zh_Hans'?",
        only=False,
        result=result,
    )
    assert_error_at(
        tree, MODULE, "text:", "missing translation for zh_Hans", only=False, result=result
    )


def test_bare_zh_locale_key_suggests_zh_hans(tree: ContentTree) -> None:
    tree.replace(MODULE, "      zh_Hans: 欢迎来到课程。", "      zh: 欢迎来到课程。")

    assert_error_at(
        tree, MODULE, "zh:", "unknown locale 'zh'", "did you mean 'zh_Hans'?", only=False
    )


def test_default_locale_must_be_a_course_locale(tree: ContentTree) -> None:
    tree.replace(COURSE, "default_locale: en", "default_locale: fr")

    assert_error_at(tree, COURSE, "default_locale", "'fr' is not one of the locales (en, zh_Hans)")


def test_unknown_locale_code(tree: ContentTree) -> None:
    tree.insert_after(COURSE, "  - zh_Hans", "  - qq")

    # Every text then also lacks its 'qq' translation; the course file names the cause.
    assert_error_at(tree, COURSE, "qq", "'qq' is not a known locale", only=False)


# --- loader: media and text lengths -------------------------------------------------------


def test_media_file_that_does_not_exist(tree: ContentTree) -> None:
    tree.replace(MODULE, "media/light.png", "media/dark.png")

    assert_error_at(tree, MODULE, "image:", "media file 'media/dark.png' does not exist")


def test_plain_http_media_is_refused(tree: ContentTree) -> None:
    tree.replace(MODULE, "media/light.png", "http://example.com/light.png")

    assert_error_at(tree, MODULE, "image:", "must start with https://")


def test_media_outside_the_content_folder_is_refused(tree: ContentTree) -> None:
    tree.write("../x.png", "not really a picture")  # it exists, so only its place is wrong
    tree.replace(MODULE, "media/light.png", "../x.png")

    assert_error_at(tree, MODULE, "image:", "'../x.png' is outside the content folder")


def test_image_and_video_on_one_step(tree: ContentTree) -> None:
    tree.insert_after(MODULE, "    image: media/light.png", "    video: media/light.png")

    assert_error_at(tree, MODULE, "video:", "an image or a video, not both")


def test_message_text_over_telegram_limit(tree: ContentTree) -> None:
    tree.replace(MODULE, "en: Welcome to the course.", "en: " + "a" * 4097)

    assert_error_at(tree, MODULE, "en: aaa", "4097 characters", "limit of 4096 for a message")


def test_text_with_a_picture_is_held_to_the_caption_limit(tree: ContentTree) -> None:
    tree.replace(MODULE, "en: A photo taken next to a window.", "en: " + "a" * 1025)

    assert_error_at(tree, MODULE, "en: aaa", "1025 characters", "limit of 1024 for a caption")


def test_text_length_counts_utf16_units(tree: ContentTree, tmp_path: Path) -> None:
    # An orange emoji is one character to Python but two UTF-16 units to Telegram.
    tree.replace(MODULE, "en: Welcome to the course.", "en: " + "🍊" * 2049)
    assert_error_at(tree, MODULE, "en: 🍊", "4098 characters", "limit of 4096")

    fits = ContentTree(tmp_path / "fits")
    fits.replace(MODULE, "en: Welcome to the course.", "en: " + "🍊" * 2048)
    assert fits.load().problems == []


# --- loader: FAQ --------------------------------------------------------------------------


def test_duplicate_faq_id_across_files(tree: ContentTree) -> None:
    tree.write(
        "faq/more.yaml",
        "entries:\n  - id: listing.photos\n    topic: listing\n    questions:\n"
        "      en: [a, b, c, d]\n      zh_Hans: [甲, 乙, 丙, 丁]\n"
        "    answer: {en: Yes., zh_Hans: 是。}\n",
    )

    assert_error_at(
        tree,
        "faq/more.yaml",
        "id: listing.photos",
        "duplicate FAQ id 'listing.photos' (also in listing.yaml)",
    )


def test_faq_file_of_out_of_scope_questions_only(tree: ContentTree) -> None:
    tree.write(
        "faq/out-of-scope.yaml",
        "out_of_scope:\n  en: [how much urea for maize, will it rain]\n"
        "  zh_Hans: [玉米施多少尿素]\n",
    )
    tree.write(
        "faq/more-out-of-scope.yaml",
        "out_of_scope:\n  en: [tractor will not start]\n  zh_Hans: [明天下雨吗]\n",
    )

    result = tree.load()

    assert result.problems == []
    assert result.course.faq_out_of_scope == {
        "en": ("tractor will not start", "how much urea for maize", "will it rain"),
        "zh_Hans": ("明天下雨吗", "玉米施多少尿素"),
    }


def test_out_of_scope_questions_missing_a_locale(tree: ContentTree) -> None:
    tree.write("faq/out-of-scope.yaml", "out_of_scope:\n  en: [will it rain]\n")

    assert_error_at(
        tree, "faq/out-of-scope.yaml", "out_of_scope", "missing translation for zh_Hans"
    )


def test_faq_file_with_neither_entries_nor_out_of_scope(tree: ContentTree) -> None:
    tree.write("faq/empty.yaml", "out_of_scope: {}\n")

    assert_error_at(tree, "faq/empty.yaml", "out_of_scope", "needs 'entries' or 'out_of_scope'")


def test_faq_entry_with_too_few_phrasings(tree: ContentTree) -> None:
    tree.replace(FAQ, "        - my peaches arrive squashed\n", "")

    assert_error_at(tree, FAQ, "en:\n", "only 3 phrasings for en", "at least 4")


def test_related_faq_entry_that_does_not_exist(tree: ContentTree) -> None:
    tree.replace(FAQ, "[listing.photos]", "[listing.photo]")

    assert_error_at(
        tree,
        FAQ,
        "listing.photo]",
        "related entry 'listing.photo' does not exist",
        "did you mean 'listing.photos'?",
    )


def test_faq_entry_related_to_itself_says_so(tree: ContentTree) -> None:
    tree.replace(FAQ, "[listing.photos]", "[listing.packaging]")

    problem = assert_error_at(tree, FAQ, "listing.packaging]", "related")
    assert "does not exist" not in problem.message
    assert problem.message.startswith("an entry cannot be related to itself")


@pytest.mark.parametrize(
    ("lesson", "gist"),
    [
        ("basic/best-light", "no module 'basic'; did you mean 'basics'?"),
        ("basics/best-lite", "module 'basics' has no step 'best-lite'; did you mean 'best-light'?"),
    ],
)
def test_faq_lesson_link_to_nothing(tree: ContentTree, lesson: str, gist: str) -> None:
    tree.replace(FAQ, "lesson: basics/best-light", f"lesson: {lesson}")

    assert_error_at(tree, FAQ, "lesson:", gist)


# --- ordering and completeness ------------------------------------------------------------


def test_every_problem_is_reported_sorted_by_file_and_line(tree: ContentTree) -> None:
    tree.replace(FAQ, "[listing.photos]", "[listing.photo]")
    tree.replace(MODULE, "id: shed", "id: window")
    tree.replace(MODULE, "      zh_Hans: 欢迎来到课程。\n", "")
    tree.insert_after(COURSE, "  - basics", "  - pricing")

    result = tree.load()

    places = [(problem.path, problem.line) for problem in result.problems]
    assert places == [
        (tree.path(COURSE), tree.line_of(COURSE, "pricing")),
        (tree.path(FAQ), tree.line_of(FAQ, "listing.photo]")),
        (tree.path(MODULE), tree.line_of(MODULE, "text:")),
        (tree.path(MODULE), tree.line_of(MODULE, "id: window", occurrence=2)),
    ], describe(result.problems)


def test_problems_in_an_invalid_course_file_are_sorted(tree: ContentTree) -> None:
    tree.write(
        COURSE,
        # `modules` is written before `locales` but declared after it in CourseFile.
        "title: {en: A, zh_Hans: 甲}\ndefault_locale: en\nmodules: [Basics]\nlocales: []\n",
    )

    result = tree.load()

    lines = [problem.line for problem in result.problems]
    assert len(lines) >= 2
    assert lines == sorted(lines), describe(result.problems)


# --- the command line ---------------------------------------------------------------------


def test_validate_prints_each_problem_and_fails(
    tree: ContentTree, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.replace(MODULE, "id: shed", "id: window")
    line, column = tree.position_of(MODULE, "id: window", occurrence=2)

    exit_code = main(["validate", str(tree.root)])

    output = capsys.readouterr()
    assert exit_code == 1
    assert output.out == f"{tree.path(MODULE)}:{line}:{column}: duplicate option id 'window'\n"
    assert "1 error(s)" in output.err


def test_validate_summarises_a_good_tree(
    tree: ContentTree, capsys: pytest.CaptureFixture[str]
) -> None:
    exit_code = main(["validate", str(tree.root)])

    assert exit_code == 0
    assert capsys.readouterr().out == (
        "OK: 1 modules, 4 steps, 2 FAQ entries, locales en, zh_Hans\n"
    )


def test_validate_passes_with_warnings_and_counts_them(
    tree: ContentTree, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.write("modules/extra.yaml", BASICS_YAML.replace("id: basics", "id: extra"))

    exit_code = main(["validate", str(tree.root)])

    lines = capsys.readouterr().out.splitlines()
    assert exit_code == 0
    assert lines[0].startswith(f"{tree.path('modules/extra.yaml')}:1:1: warning: module 'extra'")
    # The unlisted module is checked but not part of the course learners walk.
    assert lines[1] == "OK: 1 modules, 4 steps, 2 FAQ entries, locales en, zh_Hans, 1 warning(s)"


def test_bundled_content_validates_from_the_installed_command() -> None:
    command = Path(sys.executable).parent / "sellerbot"

    finished = subprocess.run(
        [str(command), "validate", "content"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert finished.stdout.splitlines()[-1].startswith("OK: ")
    assert "modules" in finished.stdout and "locales en, zh_Hans" in finished.stdout
