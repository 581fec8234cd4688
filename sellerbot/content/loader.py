"""Load a content folder into a Course, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from sellerbot.content.model import (
    CourseFile,
    FaqEntry,
    FaqFile,
    Localized,
    Module,
    PerLocale,
    QuizStep,
    TaskRule,
    TaskStep,
)
from sellerbot.content.yamlfile import KeyPath, Problem, YamlDocument, YamlError, read_yaml

MESSAGE_LIMIT = 4096  # Telegram's limit for a text message
CAPTION_LIMIT = 1024  # and for the caption of a picture or video
MIN_FAQ_PHRASINGS = 4

_FIELD_NAMES = sorted(
    {
        name
        for model in (CourseFile, Module, QuizStep, TaskStep, TaskRule, FaqEntry, FaqFile)
        for name in model.model_fields
    }
    | {"text", "options", "correct", "feedback", "type", "image", "video"}
)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class LoadResult:
    """A course when the folder is free of errors, and every problem found either way."""

    course: Any  # Course | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity != "error"]


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _clean_location(data: Any, loc: tuple[Any, ...], keep_last: bool) -> KeyPath:
    """Keep the parts of pydantic's error location that name real keys and items in the data.

    Pydantic adds the names of union members and discriminator tags to a location; an editor
    only wants the path through their own file.
    """
    path: list[str | int] = []
    for position, part in enumerate(loc):
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            path.append(part)
            data = data[part]
        elif keep_last and position == len(loc) - 1 and isinstance(part, str):
            path.append(part)
    return tuple(path)


def _explain(error: dict[str, Any], key_path: KeyPath) -> str:
    kind, value = error["type"], error.get("input")
    name = key_path[-1] if key_path else "file"
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
        return (
            f"'{value}' is not a valid id for '{name}': use lowercase letters, digits and '-'"
            + (" in the form topic.name" if name in ("id", "related") else "")
        )
    if kind in ("too_short", "too_long") and name == "options":
        return f"a quiz needs 2 to 6 options (found {len(value)})"
    if kind == "too_short" and isinstance(value, list | dict):
        return f"'{name}' must not be empty"
    if kind == "dict_type" and isinstance(value, str):
        return f"'{name}' needs one text per language, for example en: ... and zh_Hans: ..."
    if kind == "dict_type":
        return f"'{name}' must be a mapping of keys to values"
    message = error["msg"].removeprefix("Value error, ")
    return f"{name}: {message}" if key_path else message


def _validation_problems(document: YamlDocument, error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[KeyPath] = set()
    for item in error.errors():
        key_path = _clean_location(document.data, item["loc"], keep_last=True)
        if key_path in seen:  # one report per place; unions repeat themselves
            continue
        seen.add(key_path)
        problems.append(document.problem(key_path, _explain(item, key_path)))
    return problems


def _parse(document: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    if not isinstance(document.data, dict):
        return None, [
            document.problem((), f"expected a {model.__doc__ or 'mapping'}, not a list or text")
        ]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, _validation_problems(document, error)


def _walk(value: Any, key_path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    """Every Localized and PerLocale value inside a loaded object, with its key path."""
    if isinstance(value, Localized | PerLocale):
        yield key_path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
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
                        f"unknown locale '{locale}'{_did_you_mean(locale, self.locales)}"
                        f" (the course has {', '.join(self.locales)})",
                    )
            missing = [locale for locale in self.locales if locale not in given]
            if missing:
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
        target = (self.directory / reference).resolve()
        if not target.is_relative_to(self.directory.resolve()):
            self.add(document, key_path, f"'{reference}' is outside the content folder")
        elif not target.is_file():
            self.add(
                document,
                key_path,
                f"media file '{reference}' does not exist (paths are relative to {self.directory})",
            )

    def module(self, document: YamlDocument, module: Module) -> None:
        self.translations(document, module)
        seen: dict[str, int] = {}
        for index, step in enumerate(module.steps):
            here = ("steps", index)
            for step_id in (step.id, *step.former_ids):
                if step_id in seen:
                    self.add(
                        document,
                        (*here, "id"),
                        f"duplicate step id '{step_id}' (also step {seen[step_id] + 1});"
                        " every step needs its own id",
                    )
                seen.setdefault(step_id, index)
            if step.image and step.video:
                self.add(document, (*here, "video"), "a step shows an image or a video, not both")
            for kind in ("image", "video"):
                if getattr(step, kind):
                    self.media(document, (*here, kind), getattr(step, kind))
            limit = CAPTION_LIMIT if step.media else MESSAGE_LIMIT
            main_text = {"message": "text", "quiz": "question", "task": "prompt"}[step.type]
            self.text_limit(document, (*here, main_text), getattr(step, main_text), limit)
            if isinstance(step, QuizStep):
                self.quiz(document, here, step)

    def quiz(self, document: YamlDocument, here: KeyPath, step: QuizStep) -> None:
        if not any(option.correct for option in step.options):
            self.add(
                document,
                (*here, "options"),
                "no option is marked 'correct: true'; mark the right one",
            )
        option_ids: set[str] = set()
        for index, option in enumerate(step.options):
            if option.id in option_ids:
                self.add(
                    document, (*here, "options", index, "id"), f"duplicate option id '{option.id}'"
                )
            option_ids.add(option.id)

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

    def faq_links(
        self,
        documents: list[tuple[YamlDocument, FaqFile]],
        ids: set[str],
        modules: dict[str, Module],
    ) -> None:
        for document, faq in documents:
            for index, entry in enumerate(faq.entries):
                here = ("entries", index)
                for position, related in enumerate(entry.related):
                    if related not in ids or related == entry.id:
                        self.add(
                            document,
                            (*here, "related", position),
                            f"related entry '{related}' does not exist"
                            + _did_you_mean(related, sorted(ids - {entry.id})),
                        )
                if entry.lesson:
                    module_id, step_id = entry.lesson.split("/")
                    module = modules.get(module_id)
                    if module is None:
                        self.add(
                            document,
                            (*here, "lesson"),
                            f"lesson '{entry.lesson}': no module '{module_id}'"
                            + _did_you_mean(module_id, sorted(modules)),
                        )
                    elif module.index_of(step_id) is None:
                        self.add(
                            document,
                            (*here, "lesson"),
                            f"lesson '{entry.lesson}': module '{module_id}' has no step '{step_id}'"
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


def load_course(directory: Path) -> LoadResult:
    """Read and check every file of a content folder."""
    from sellerbot.content.model import Course

    directory = Path(directory)
    problems: list[Problem] = []
    course_path = directory / "course.yaml"
    if not course_path.is_file():
        problems.append(
            Problem(course_path, 1, 1, "course.yaml is missing; every course needs one")
        )
        return LoadResult(None, problems)
    course_document = _read(course_path, problems)
    course_file = None
    if course_document is not None:
        course_file, found = _parse(course_document, CourseFile)
        problems += found
    if course_file is None:
        return LoadResult(None, problems)
    problems += _course_locales(course_document, course_file)
    checker = _Checker(directory, course_file.locales)
    checker.translations(course_document, course_file)

    modules: dict[str, Module] = {}
    for path in sorted((directory / "modules").glob("*.y*ml")):
        document = _read(path, problems)
        if document is None:
            continue
        module, found = _parse(document, Module)
        problems += found
        if module is None:
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
    checker.faq_links(faq_documents, set(faq_ids), modules)

    problems += checker.problems
    problems.sort(key=lambda problem: (str(problem.path), problem.line, problem.column))
    if any(problem.severity == "error" for problem in problems):
        return LoadResult(None, problems)
    course = Course(
        directory=directory,
        title=course_file.title,
        default_locale=course_file.default_locale,
        locales=course_file.locales,
        modules=tuple(ordered),
        faq=tuple(entry for _, faq in faq_documents for entry in faq.entries),
    )
    return LoadResult(course, problems)
