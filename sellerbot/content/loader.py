"""Load a content folder into a Course, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
import errno
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sellerbot.content.model import (
    FAQ_ID_PATTERN,
    LESSON_LINK_PATTERN,
    CourseFile,
    FaqEntry,
    FaqFile,
    Localized,
    MessageStep,
    Module,
    PerLocale,
    QuizOption,
    QuizStep,
    SomeLocales,
    TaskRule,
    TaskStep,
)
from sellerbot.content.voice import MEDIA_FOLDER, check_voice_file, in_media_folder
from sellerbot.content.yamlfile import KeyPath, Problem, YamlDocument, YamlError, read_yaml
from sellerbot.i18n import language_code
from sellerbot.practice.lexicon import EMPTY as EMPTY_LEXICON
from sellerbot.practice.lexicon import (
    Claim,
    LexiconFile,
    Origin,
    unknown_groups,
    unknown_pattern_groups,
)

MESSAGE_LIMIT = 4096  # Telegram's limit for a text message
CAPTION_LIMIT = 1024  # and for the caption of a picture or video
MIN_FAQ_PHRASINGS = 4
# An FAQ button label must fit a phone's button without being cut: columns, where a
# Chinese character takes two.
MAX_FAQ_LABEL_COLUMNS = 34
# A quiz option is a button: a phone shows about 30 characters of it on a line, and Telegram's
# own polls allow 100.
OPTION_LIMIT = 100

# Every key a content file may hold: for did-you-mean, and to tell a field from a locale key.
_MODELS = (
    CourseFile,
    Module,
    MessageStep,
    QuizStep,
    QuizOption,
    TaskStep,
    TaskRule,
    FaqEntry,
    FaqFile,
    LexiconFile,
    Claim,
    Origin,
)
_FIELD_NAMES = sorted({name for model in _MODELS for name in model.model_fields})

# What each file is called in a message about its shape as a whole.
_FILE_KINDS: dict[type[BaseModel], str] = {
    CourseFile: "course.yaml",
    Module: "a module",
    FaqFile: "an FAQ file",
    LexiconFile: "lexicon.yaml",
}

_ID_FORM = "use lowercase letters, digits and '-'"
_ID_FORMS_BY_PATTERN = {
    FAQ_ID_PATTERN: f"{_ID_FORM} in the form topic.name",
    LESSON_LINK_PATTERN: f"{_ID_FORM} in the form module-id/step-id",
}


BUTTON_WIDTH = 30  # what a phone shows on one button: ~30 Latin letters, ~15 Han characters


def button_width(text: str) -> int:
    """Width on a button, a wide (Chinese) character counting as two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class LoadResult:
    """A course when the folder is free of errors, and every problem found either way, in the
    order of files and lines."""

    course: Any  # Course | None
    problems: list[Problem] = field(default_factory=list)
    # What could be read even when there are errors, for statistics on a course in progress.
    modules: tuple[Module, ...] = ()
    locales: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.problems.sort(key=lambda problem: (str(problem.path), problem.line, problem.column))

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity != "error"]


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _did_you_mean_locale(locale: str, choices: tuple[str, ...]) -> str:
    """A near spelling, else the course locale of the same language ('zh' -> 'zh_Hans'), which
    is too short a word for difflib to find."""
    hint = _did_you_mean(locale, choices)
    language = language_code(locale)
    if hint or language is None:
        return hint
    same_language = [choice for choice in choices if language_code(choice) == language]
    return f"; did you mean '{same_language[0]}'?" if same_language else ""


def _error_location(data: Any, error: ErrorDetails) -> KeyPath:
    """The path through the editor's own file to the place an error is about.

    Pydantic's location also names union members and discriminator tags, which are not in the
    file; those are dropped. A missing field is placed under its parent so the message can name
    it, and a wrong discriminator on the key that holds it (the `type:` line, not the step).
    """
    path: list[str | int] = []
    for part in error["loc"]:
        # Two branches, not one 'or': only in the second is the part known to be a list index.
        if isinstance(data, dict) and part in data:  # noqa: SIM114
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue
        path.append(part)
    if error["type"] == "missing":
        path.append(error["loc"][-1])
    elif error["type"] == "union_tag_invalid":
        discriminator = error["ctx"]["discriminator"].strip("'")
        if isinstance(data, dict) and discriminator in data:
            path.append(discriminator)
    return tuple(path)


def _field_name(key_path: KeyPath) -> str:
    """The field an editor wrote, passing over the list positions and locale keys below it."""
    return next((str(part) for part in reversed(key_path) if part in _FIELD_NAMES), "file")


def _explain(error: ErrorDetails, key_path: KeyPath) -> str:
    kind, value = error["type"], error["input"]
    name = key_path[-1] if kind in ("extra_forbidden", "missing") else _field_name(key_path)
    if kind == "extra_forbidden":
        return f"unknown key '{name}'{_did_you_mean(str(name), _FIELD_NAMES)}"
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "union_tag_not_found":
        return "missing 'type': say which kind of step this is (message, quiz or task)"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag")
        choices = ("message", "quiz", "task")
        hint = _did_you_mean(str(tag), choices)
        return f"unknown step type '{tag}'{hint} (use message, quiz or task)"
    if kind == "string_pattern_mismatch":
        form = _ID_FORMS_BY_PATTERN.get(error["ctx"]["pattern"], _ID_FORM)
        return f"'{value}' is not a valid id for '{name}': {form}"
    if kind in ("too_short", "too_long") and name == "options":
        return f"a quiz needs 2 to 6 options (found {len(value)})"
    if kind == "too_short" and isinstance(value, list | dict):
        return f"'{name}' must not be empty"
    if kind == "greater_than_equal":
        return f"'{name}' must be greater than or equal to {error['ctx']['ge']} (found {value})"
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"expected text, found the number {value}; write it in quotes: '{value}'"
    if kind == "dict_type" and isinstance(value, str) and name == "voice":
        return "'voice' names one file per language, for example en: media/light-en.ogg"
    if kind == "dict_type" and isinstance(value, str):
        return f"'{name}' needs one text per language, for example en: ... and zh_Hans: ..."
    if kind == "dict_type":
        return f"'{name}' must be a mapping of keys to values"
    if kind == "value_error":  # the model's own checks, written as whole sentences
        return error["msg"].removeprefix("Value error, ")
    return f"{name}: {error['msg']}" if key_path else error["msg"]


def _is_inside(inner: KeyPath, outer: KeyPath) -> bool:
    return len(inner) > len(outer) and inner[: len(outer)] == outer


def _validation_problems(document: YamlDocument, error: ValidationError) -> list[Problem]:
    located = [(_error_location(document.data, item), item) for item in error.errors()]
    places = {key_path for key_path, _ in located}
    problems: list[Problem] = []
    seen: set[KeyPath] = set()
    for key_path, item in located:
        # One report per place; unions repeat themselves. And an error about a whole value
        # that also has an error inside it only echoes that one: pydantic counts just the
        # items that validated against a list's length, and a union names every member it
        # tried. The innermost error is the one to fix.
        if key_path in seen or any(_is_inside(place, key_path) for place in places):
            continue
        seen.add(key_path)
        problems.append(document.problem(key_path, _explain(item, key_path)))
    return problems


def _top_keys(model: type[BaseModel]) -> tuple[str, str]:
    """The keys a file of this kind needs, as words and as a list with an ellipsis when more
    are allowed."""
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    if not required:  # an FAQ file: any one of its keys will do
        names = list(model.model_fields)
        return " or ".join(f"'{name}'" for name in names), ", ".join(names)
    words = ", ".join(required[:-1]) + " and " if len(required) > 1 else ""
    more = ", ..." if len(required) < len(model.model_fields) else ""
    return words + required[-1], ", ".join(required) + more


def _shape_problem(document: YamlDocument, model: type[BaseModel]) -> Problem:
    """What to say when a file does not hold a mapping of keys at all."""
    needs, keys = _top_keys(model)
    if document.data is None:
        return document.problem((), f"the file is empty; {_FILE_KINDS[model]} needs {needs}")
    found = "a list" if isinstance(document.data, list) else "a single value"
    return document.problem(
        (), f"expected a mapping of keys ({keys}) at the top of the file, not {found}"
    )


def _parse(document: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    if not isinstance(document.data, dict):
        return None, [_shape_problem(document, model)]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, _validation_problems(document, error)


def _may_hold_texts(annotation: Any) -> bool:
    """Whether a field of this type can hold a Localized or PerLocale value, at any depth."""
    origin = get_origin(annotation) or annotation
    if isinstance(origin, type) and issubclass(origin, Localized | PerLocale | BaseModel):
        return True
    return any(_may_hold_texts(argument) for argument in get_args(annotation))


def _display_columns(text: str) -> int:
    """How wide a text is on screen: wide (Chinese, Japanese, Korean) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    # Skipping ids, flags and references makes the walk several times faster on big courses.
    return tuple(
        name for name, info in model.model_fields.items() if _may_hold_texts(info.annotation)
    )


def _out_of_scope(faqs: Iterable[FaqFile]) -> dict[str, tuple[str, ...]]:
    """Every file's out-of-scope questions, merged per locale."""
    merged: dict[str, list[str]] = {}
    for faq in faqs:
        for locale, questions in (faq.out_of_scope or {}).items():
            merged.setdefault(locale, []).extend(questions)
    return {locale: tuple(questions) for locale, questions in merged.items()}


def _walk(value: Any, key_path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    """Every Localized and PerLocale value inside a loaded object, with its key path."""
    if isinstance(value, Localized | PerLocale):
        yield key_path, value
    elif isinstance(value, BaseModel):
        for name in _text_fields(type(value)):
            yield from _walk(getattr(value, name), (*key_path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*key_path, index))


class _Checker:
    """Cross-file checks that need the whole course in view."""

    def __init__(self, directory: Path, locales: tuple[str, ...]):
        self.directory = directory
        self.locales = locales
        self.problems: list[Problem] = []
        self.media_files: dict[str, Path] = {}  # reference -> the resolved, checked file
        self.voice_seconds: dict[str, float] = {}  # reference -> the voice note's length

    def add(self, document: YamlDocument, key_path: KeyPath, message: str, severity: str = "error"):
        self.problems.append(document.problem(key_path, message, severity))

    def translations(self, document: YamlDocument, loaded: BaseModel) -> None:
        for key_path, value in _walk(loaded, ()):
            given = tuple(value) if isinstance(value, Localized) else value.locales
            if isinstance(value, PerLocale) and not given:
                continue  # one value shared by every locale
            for locale in given:
                if locale not in self.locales:
                    self.add(
                        document,
                        (*key_path, locale),
                        f"unknown locale '{locale}'{_did_you_mean_locale(locale, self.locales)}"
                        f" (the course has {', '.join(self.locales)})",
                    )
            missing = [locale for locale in self.locales if locale not in given]
            if missing and not isinstance(value, SomeLocales):
                self.add(document, key_path, f"missing translation for {', '.join(missing)}")

    def text_limit(self, document: YamlDocument, key_path: KeyPath, text: Localized, limit: int):
        for locale, value in text.items():
            length = telegram_length(value)
            if length > limit:
                kind = "a caption" if limit == CAPTION_LIMIT else "a message"
                self.add(
                    document,
                    (*key_path, locale),
                    f"text is {length} characters, over Telegram's limit of {limit} for {kind};"
                    " shorten it or split it into two steps",
                )

    def media(self, document: YamlDocument, key_path: KeyPath, reference: str) -> None:
        if reference.startswith("https://"):
            return
        if "://" in reference:
            self.add(document, key_path, f"'{reference}': web addresses must start with https://")
            return
        shown = reference if len(reference) <= 80 else reference[:60] + "…"
        try:
            target = (self.directory / reference).resolve()
            inside = target.is_relative_to(self.directory.resolve())
            found = inside and target.is_file()  # a regular file, not a FIFO or a device
        except OSError as error:  # a name too long for the system, a permission refused
            reason = (
                "too long for the system" if error.errno == errno.ENAMETOOLONG else "unreadable"
            )
            detail = f" ({error.strerror})" if error.strerror else ""
            self.add(document, key_path, f"media path '{shown}' is {reason}{detail}; fix it")
            return
        except RuntimeError:  # Python 3.11's resolve() on a symlink loop
            self.add(document, key_path, f"media path '{shown}' is a symlink loop; fix the link")
            return
        if not inside:
            self.add(document, key_path, f"'{shown}' is outside the content folder")
        elif not found:
            self.add(
                document,
                key_path,
                f"media file '{shown}' does not exist or is not a plain file"
                f" (paths are relative to {self.directory})",
            )
        else:
            # Sending opens this checked path, never the reference again: a file swapped for a
            # symlink after loading cannot send something from outside the folder.
            self.media_files[reference] = target

    def voice(self, document: YamlDocument, key_path: KeyPath, reference: str) -> None:
        if "://" in reference:
            self.add(
                document,
                key_path,
                f"a voice note must be a file in {MEDIA_FOLDER}/, not '{reference}'",
            )
            return
        self.media(document, key_path, reference)
        target = self.media_files.get(reference)
        if target is None:
            return  # reported by the media check
        if not in_media_folder(self.directory, target):
            self.add(
                document,
                key_path,
                f"voice note '{reference}' is outside {MEDIA_FOLDER}/; put it there",
            )
            return
        seconds = check_voice_file(
            target,
            reference,
            lambda message, severity: self.add(document, key_path, message, severity),
        )
        if seconds is not None:
            self.voice_seconds[reference] = seconds

    def module(self, document: YamlDocument, module: Module) -> None:
        self.translations(document, module)
        seen: dict[str, int] = {}
        for index, step in enumerate(module.steps):
            here = ("steps", index)
            written_ids = [((*here, "id"), step.id)] + [
                ((*here, "former_ids", position), former_id)
                for position, former_id in enumerate(step.former_ids)
            ]
            for key_path, step_id in written_ids:
                if step_id in seen:
                    self.add(
                        document,
                        key_path,
                        f"duplicate step id '{step_id}' (also step {seen[step_id] + 1});"
                        " every step needs its own id",
                    )
                seen.setdefault(step_id, index)
            if step.image and step.video:
                self.add(document, (*here, "video"), "a step shows an image or a video, not both")
            for kind in ("image", "video"):
                if getattr(step, kind):
                    self.media(document, (*here, kind), getattr(step, kind))
            for locale, reference in (step.voice or {}).items():
                self.voice(document, (*here, "voice", locale), reference)
            limit = CAPTION_LIMIT if step.media else MESSAGE_LIMIT
            main_text = {"message": "text", "quiz": "question", "task": "prompt"}[step.type]
            self.text_limit(document, (*here, main_text), getattr(step, main_text), limit)
            if isinstance(step, QuizStep):
                self.quiz(document, here, step)
            if isinstance(step, TaskStep):
                self.task_rules(document, here, step)

    def task_rules(self, document: YamlDocument, here: KeyPath, step: TaskStep) -> None:
        """Refuse length rules no answer can pass: past a message's size, or past max_length."""
        shortest: dict[str, int] = {}  # locale -> the smallest max_length
        for rule in step.rules:
            if rule.max_length is not None:
                for locale in self.locales:
                    value = rule.max_length.for_locale(locale)
                    if value is not None:
                        shortest[locale] = min(value, shortest.get(locale, value))
        for index, rule in enumerate(step.rules):
            if rule.min_length is None:
                continue
            where = (*here, "rules", index, "min_length")
            told: set[KeyPath] = set()  # a value shared by every locale is reported once
            for locale in self.locales:
                value = rule.min_length.for_locale(locale)
                per_locale = locale in rule.min_length.locales
                place = (*where, locale) if per_locale else where
                if value is None or place in told:
                    continue
                said = f"min_length {value}" + (f" for {locale}" if per_locale else "")
                if value > MESSAGE_LIMIT:
                    told.add(place)
                    self.add(
                        document,
                        place,
                        f"{said}: no answer can pass, as a Telegram message holds at most"
                        f" {MESSAGE_LIMIT} characters; lower it",
                    )
                elif value > shortest.get(locale, value):
                    told.add(place)
                    self.add(
                        document,
                        place,
                        f"{said} is more than max_length {shortest[locale]} for {locale}:"
                        " no answer can pass; lower one or raise the other",
                    )

    def quiz(self, document: YamlDocument, here: KeyPath, step: QuizStep) -> None:
        if not any(option.correct for option in step.options):
            self.add(
                document,
                (*here, "options"),
                "no option is marked 'correct: true'; mark the right one",
            )
        option_ids: set[str] = set()
        for index, option in enumerate(step.options):
            for locale, text in option.text.items():
                length = telegram_length(text)
                if length > OPTION_LIMIT:
                    self.add(
                        document,
                        (*here, "options", index, "text", locale),
                        f"option text is {length} characters, over {OPTION_LIMIT} for a button;"
                        " shorten it and put the detail in its feedback",
                    )
            if option.id in option_ids:
                self.add(
                    document, (*here, "options", index, "id"), f"duplicate option id '{option.id}'"
                )
            option_ids.add(option.id)
            for locale, label in option.text.items():
                if button_width(label) > BUTTON_WIDTH:
                    self.add(
                        document,
                        (*here, "options", index, "text", locale),
                        f"option is too long for a phone button ({button_width(label)} of"
                        f" {BUTTON_WIDTH}: about 30 letters or 15 Chinese characters); shorten"
                        " it, and put the detail in the question or the feedback",
                        severity="warning",
                    )

    def faq(self, document: YamlDocument, faq: FaqFile, known_ids: dict[str, Path]) -> None:
        self.translations(document, faq)
        for index, entry in enumerate(faq.entries):
            here = ("entries", index)
            if entry.id in known_ids:
                self.add(
                    document,
                    (*here, "id"),
                    f"duplicate FAQ id '{entry.id}' (also in {known_ids[entry.id].name})",
                )
            known_ids.setdefault(entry.id, document.path)
            for locale, questions in entry.questions.items():
                if len(questions) < MIN_FAQ_PHRASINGS:
                    self.add(
                        document,
                        (*here, "questions", locale),
                        f"only {len(questions)} phrasings for {locale}; give at least "
                        f"{MIN_FAQ_PHRASINGS} ways a farmer might ask",
                    )
            self.text_limit(document, (*here, "answer"), entry.answer, MESSAGE_LIMIT)
            for locale, label in (entry.label or {}).items():
                columns = _display_columns(label)
                if columns > MAX_FAQ_LABEL_COLUMNS:
                    self.add(
                        document,
                        (*here, "label", locale),
                        f"label is {columns} columns wide, over {MAX_FAQ_LABEL_COLUMNS} for a"
                        " phone button (a Chinese character counts 2); shorten it",
                    )

    def faq_links(
        self,
        documents: list[tuple[YamlDocument, FaqFile]],
        ids: set[str],
        modules: dict[str, Module],
        unloaded_modules: set[str],
    ) -> None:
        for document, faq in documents:
            for index, entry in enumerate(faq.entries):
                here = ("entries", index)
                for position, related in enumerate(entry.related):
                    if related == entry.id:
                        self.add(
                            document,
                            (*here, "related", position),
                            "an entry cannot be related to itself; remove it from 'related'",
                        )
                    elif related not in ids:
                        self.add(
                            document,
                            (*here, "related", position),
                            f"related entry '{related}' does not exist"
                            + _did_you_mean(related, sorted(ids - {entry.id})),
                        )
                if entry.lesson:
                    self.lesson_link(
                        document, (*here, "lesson"), entry.lesson, modules, unloaded_modules
                    )

    def lesson_link(
        self,
        document: YamlDocument,
        key_path: KeyPath,
        lesson: str,
        modules: dict[str, Module],
        unloaded_modules: set[str],
    ) -> None:
        module_id, step_id = lesson.split("/")
        module = modules.get(module_id)
        if module is None and module_id in unloaded_modules:
            return  # the file is there; what kept it from loading is reported in it
        if module is None:
            self.add(
                document,
                key_path,
                f"lesson '{lesson}': no module '{module_id}'"
                + _did_you_mean(module_id, sorted(modules)),
            )
        elif module.index_of(step_id) is None:
            self.add(
                document,
                key_path,
                f"lesson '{lesson}': module '{module_id}' has no step '{step_id}'"
                + _did_you_mean(step_id, [step.id for step in module.steps]),
            )


def _read(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except YamlError as error:
        problems.append(error.problem)
        return None


def _course_locales(document: YamlDocument, course_file: CourseFile) -> list[Problem]:
    problems = []
    for index, locale in enumerate(course_file.locales):
        try:
            Locale.parse(locale)
        except (ValueError, UnknownLocaleError):
            problems.append(
                document.problem(("locales", index), f"'{locale}' is not a known locale")
            )
    if course_file.default_locale not in course_file.locales:
        problems.append(
            document.problem(
                ("default_locale",),
                f"default_locale '{course_file.default_locale}' is not one of the locales "
                f"({', '.join(course_file.locales)})",
            )
        )
    return problems


def _lexicon(directory: Path, checker: _Checker, problems: list[Problem]) -> LexiconFile:
    """lexicon.yaml when there is one, else an empty lexicon."""
    path = directory / "lexicon.yaml"
    if not path.is_file():
        return EMPTY_LEXICON
    document = _read(path, problems)
    if document is None:
        return EMPTY_LEXICON
    lexicon, found = _parse(document, LexiconFile)
    problems += found
    if lexicon is not None:
        checker.translations(document, lexicon)
        for key_path, message in unknown_pattern_groups(lexicon):
            checker.add(document, key_path, message)
    return lexicon or EMPTY_LEXICON


def load_course(directory: Path) -> LoadResult:
    """Read and check every file of a content folder."""
    from sellerbot.content.model import Course

    directory = Path(directory)
    problems: list[Problem] = []
    course_path = directory / "course.yaml"
    if not os.path.lexists(course_path):  # anything else there is refused by the reader
        problems.append(
            Problem(course_path, 1, 1, "course.yaml is missing; every course needs one")
        )
        return LoadResult(None, problems)
    course_document = _read(course_path, problems)
    if course_document is None:
        return LoadResult(None, problems)
    course_file, found = _parse(course_document, CourseFile)
    problems += found
    if course_file is None:
        return LoadResult(None, problems)
    problems += _course_locales(course_document, course_file)
    checker = _Checker(directory, course_file.locales)
    checker.translations(course_document, course_file)
    lexicon = _lexicon(directory, checker, problems)

    modules: dict[str, Module] = {}
    unloaded_modules: set[str] = set()  # named by file, as the module's own id was not read
    for path in sorted((directory / "modules").glob("*.y*ml")):
        document = _read(path, problems)
        module, found = _parse(document, Module) if document is not None else (None, [])
        problems += found
        if document is None or module is None:
            unloaded_modules.add(path.stem)
            continue
        if module.id != path.stem:
            checker.add(
                document,
                ("id",),
                f"id '{module.id}' differs from the file name '{path.name}'; make them the same",
            )
        if module.id in modules:
            checker.add(document, ("id",), f"duplicate module id '{module.id}'")
            continue
        checker.module(document, module)
        for key_path, message in unknown_groups(module, lexicon):
            checker.add(document, key_path, message)
        modules[module.id] = module
        if module.id not in course_file.modules:
            checker.add(
                document,
                ("id",),
                f"module '{module.id}' is not listed in course.yaml 'modules';"
                " learners will not see it",
                severity="warning",
            )

    ordered: list[Module] = []
    for index, module_id in enumerate(course_file.modules):
        if module_id in (module.id for module in ordered):
            checker.add(
                course_document, ("modules", index), f"module '{module_id}' is listed twice"
            )
        elif module_id in modules:
            ordered.append(modules[module_id])
        elif not (directory / "modules" / f"{module_id}.yaml").exists():
            checker.add(
                course_document,
                ("modules", index),
                f"no file modules/{module_id}.yaml for module '{module_id}'"
                + _did_you_mean(module_id, sorted(modules)),
            )

    faq_documents: list[tuple[YamlDocument, FaqFile]] = []
    faq_ids: dict[str, Path] = {}
    for path in sorted((directory / "faq").glob("*.y*ml")):
        document = _read(path, problems)
        if document is None:
            continue
        faq, found = _parse(document, FaqFile)
        problems += found
        if faq is not None:
            checker.faq(document, faq, faq_ids)
            faq_documents.append((document, faq))
    checker.faq_links(faq_documents, set(faq_ids), modules, unloaded_modules)

    problems += checker.problems
    readable = {"modules": tuple(ordered), "locales": course_file.locales}
    if any(problem.severity == "error" for problem in problems):
        return LoadResult(None, problems, **readable)
    course = Course(
        directory=directory,
        title=course_file.title,
        default_locale=course_file.default_locale,
        locales=course_file.locales,
        modules=tuple(ordered),
        faq=tuple(entry for _, faq in faq_documents for entry in faq.entries),
        faq_out_of_scope=_out_of_scope(faq for _, faq in faq_documents),
        media_files=checker.media_files,
        voice_seconds=checker.voice_seconds,
        lexicon=lexicon,
    )
    return LoadResult(course, problems, **readable)
