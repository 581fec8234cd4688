"""The course as typed, immutable objects: the shapes the loader checks and the engine reads.

These definitions are the single source of the content format: the loader validates YAML
against them and the editors' JSON Schema is generated from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic_core import core_schema

T = TypeVar("T")

# Named so the loader can tell an editor which form of id a field expects.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
FAQ_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$"
LESSON_LINK_PATTERN = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"

ModuleId = Annotated[str, Field(pattern=ID_PATTERN)]
StepId = Annotated[str, Field(pattern=ID_PATTERN)]
FaqId = Annotated[str, Field(pattern=FAQ_ID_PATTERN)]
LessonLink = Annotated[str, Field(pattern=LESSON_LINK_PATTERN)]
MediaRef = Annotated[str, Field(min_length=1)]
Words = tuple[Annotated[str, Field(min_length=1)], ...]


class Localized(Mapping[str, T], Generic[T]):
    """One value per locale, read-only, with the course's fallback rule."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, T]):
        # A text value is a plain str, so its stripped copy is still a T; mypy cannot
        # narrow a type variable through isinstance.
        self._values: dict[str, T] = {
            locale: cast(T, value.strip()) if isinstance(value, str) else value
            for locale, value in values.items()
        }

    def __getitem__(self, locale: str) -> T:
        return self._values[locale]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    def get_for(self, locale: str, fallback: str) -> T:
        """The value for `locale`, else the fallback locale's, else any."""
        if locale in self._values:
            return self._values[locale]
        if fallback in self._values:
            return self._values[fallback]
        return next(iter(self._values.values()))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        (value_type,) = get_args(source) or (str,)
        return core_schema.no_info_after_validator_function(
            cls,
            handler.generate_schema(dict[str, value_type]),  # type: ignore[valid-type]
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


LocalizedText = Localized[Annotated[str, Field(min_length=1)]]


class SomeLocales(Localized[T]):
    """Values for some locales only; a locale without one has none, never another's (a voice
    note in English does not help a Chinese learner)."""

    def get_for(self, locale: str, fallback: str) -> T | None:  # type: ignore[override]
        """The value for `locale` itself; the fallback locale's is never given instead."""
        return self.get(locale)


class PerLocale(Generic[T]):
    """A value for every locale, or one value per locale (rule limits, word lists)."""

    __slots__ = ("_by_locale", "_shared")

    def __init__(self, value: T | Mapping[str, T]):
        if isinstance(value, Mapping):
            self._shared, self._by_locale = None, dict(value)
        else:
            self._shared, self._by_locale = value, {}

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._by_locale)

    def for_locale(self, locale: str) -> T | None:
        return self._by_locale.get(locale, self._shared)

    def __repr__(self) -> str:
        return f"PerLocale({self._by_locale or self._shared!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        (value_type,) = get_args(source)
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.union_schema(
                [
                    handler.generate_schema(value_type),
                    handler.generate_schema(dict[str, value_type]),  # type: ignore[valid-type]
                ]
            ),
        )


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _StepBase(_Strict):
    id: StepId
    former_ids: tuple[StepId, ...] = ()
    image: MediaRef | None = None
    video: MediaRef | None = None
    # A recorded voice note per locale, an Ogg Opus file in media/, sent after the step.
    voice: SomeLocales[MediaRef] | None = None

    @property
    def media(self) -> tuple[str, str] | None:
        """("image" or "video", reference) when the step shows one."""
        if self.image:
            return ("image", self.image)
        if self.video:
            return ("video", self.video)
        return None


class MessageStep(_StepBase):
    type: Literal["message"]
    text: LocalizedText


class QuizOption(_Strict):
    id: StepId
    text: LocalizedText
    correct: bool = False
    feedback: LocalizedText | None = None


class QuizStep(_StepBase):
    type: Literal["quiz"]
    question: LocalizedText
    options: tuple[QuizOption, ...] = Field(min_length=2, max_length=6)

    def option(self, option_id: str) -> QuizOption | None:
        return next((option for option in self.options if option.id == option_id), None)


RULE_CHECKS = (
    "min_length",
    "max_length",
    "mentions_any",
    "mentions_all",
    "avoids",
    "has_number",
    "has_duration",
    "has_percent",
    "prices_cover_costs",
    "offers_keep_margin",
)


class TaskRule(_Strict):
    """One check of a practice answer, with what to tell the learner when it fails.

    Word lists match whole words and may name a group of lexicon.yaml as "@group";
    sellerbot.practice does the checking.
    """

    min_length: PerLocale[Annotated[int, Field(ge=1)]] | None = None
    max_length: PerLocale[Annotated[int, Field(ge=1)]] | None = None
    mentions_any: PerLocale[Words] | None = None
    # Every entry must be said; an entry that is a @group is said by any of its phrases.
    mentions_all: PerLocale[Words] | None = None
    avoids: PerLocale[Words] | None = None
    has_number: Literal[True] | None = None  # a number: 58, 2.5 kg, 五斤 (not 一级棒, 第一)
    has_duration: Literal[True] | None = None  # a time: 48 hours, 2到4天, the next day
    has_percent: Literal[True] | None = None  # a share: 5%, 5 pct, 百分之五, 扣5个点 (not 九折)
    # Costs, a fee share and a price are read; the price must cover cost ÷ (1 − fee).
    prices_cover_costs: Literal[True] | None = None
    # A discount may not be more than the profit the answer says it makes ("15 off, we
    # make 10 a box" loses 5 on each sale); an answer naming no profit passes.
    offers_keep_margin: Literal[True] | None = None
    feedback: LocalizedText

    @model_validator(mode="after")
    def _exactly_one_check(self) -> TaskRule:
        given = [name for name in RULE_CHECKS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a rule needs exactly one of {', '.join(RULE_CHECKS)} (found "
                f"{', '.join(given) or 'none'})"
            )
        return self

    @property
    def check(self) -> str:
        return next(name for name in RULE_CHECKS if getattr(self, name) is not None)


class TaskStep(_StepBase):
    type: Literal["task"]
    prompt: LocalizedText
    accept: Literal["text", "photo", "text_or_photo"] = "text"
    rules: tuple[TaskRule, ...] = ()
    success: LocalizedText | None = None
    # Buyers would read the answer, so the lexicon's claims never to make are checked.
    buyer_facing: bool = False

    @property
    def accepts_text(self) -> bool:
        return self.accept in ("text", "text_or_photo")

    @property
    def accepts_photo(self) -> bool:
        return self.accept in ("photo", "text_or_photo")


Step = Annotated[MessageStep | QuizStep | TaskStep, Field(discriminator="type")]


class Module(_Strict):
    """One training module: a titled sequence of steps, stored as modules/<id>.yaml."""

    id: ModuleId
    title: LocalizedText
    summary: LocalizedText | None = None
    steps: tuple[Step, ...] = Field(min_length=1)

    def index_of(self, step_id: str) -> int | None:
        """Position of the step with this id, else with it as a former id; None when gone."""
        for position, step in enumerate(self.steps):
            if step.id == step_id:
                return position
        for position, step in enumerate(self.steps):
            if step_id in step.former_ids:
                return position
        return None


class CourseFile(_Strict):
    """course.yaml: the course's title, languages and module order."""

    title: LocalizedText
    default_locale: str
    locales: tuple[str, ...] = Field(min_length=1)
    modules: tuple[ModuleId, ...] = Field(min_length=1)


class FaqEntry(_Strict):
    """One frequently asked question: ways farmers ask it and the answer."""

    id: FaqId
    topic: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    questions: Localized[tuple[Annotated[str, Field(min_length=1)], ...]]
    answer: LocalizedText
    # A short title for the entry's button ("Did you mean", related questions); without
    # one, the button shows the first phrasing.
    label: LocalizedText | None = None
    related: tuple[FaqId, ...] = ()
    lesson: LessonLink | None = None


class FaqFile(_Strict):
    """faq/<topic>.yaml: FAQ entries, and questions the bot must not answer from the FAQ."""

    entries: tuple[FaqEntry, ...] = ()
    # Questions farmers ask that no entry answers (crop care, the weather, chit-chat):
    # a question close to these is not answered, even when it shares a word with an entry.
    out_of_scope: Localized[tuple[Annotated[str, Field(min_length=1)], ...]] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> FaqFile:
        if not self.entries and not self.out_of_scope:
            raise ValueError("an FAQ file needs 'entries' or 'out_of_scope' (or both)")
        return self


@dataclass(frozen=True)
class Course:
    """Everything loaded from a content folder, checked and ready for the engine."""

    directory: Path
    title: Localized[str]
    default_locale: str
    locales: tuple[str, ...]
    modules: tuple[Module, ...]
    faq: tuple[FaqEntry, ...] = ()
    # Per locale, questions no entry answers, from every FAQ file's `out_of_scope`.
    faq_out_of_scope: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Each local media reference's file as resolved and checked at load.
    media_files: Mapping[str, Path] = field(default_factory=dict)
    # Each voice note's length in seconds, read from its file at load.
    voice_seconds: Mapping[str, float] = field(default_factory=dict)
    lexicon: Any = None  # sellerbot.practice.lexicon.LexiconFile from lexicon.yaml
    _module_positions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._module_positions.update({module.id: i for i, module in enumerate(self.modules)})

    def module_position(self, module_id: str) -> int | None:
        return self._module_positions.get(module_id)

    def module(self, module_id: str) -> Module | None:
        position = self._module_positions.get(module_id)
        return None if position is None else self.modules[position]

    def media_source(self, reference: str) -> str:
        """An https URL as it is, a content-relative file as the absolute path checked at load
        (resolved then, so a symlink put in its place later is not followed)."""
        if reference.startswith("https://"):
            return reference
        return str(self.media_files.get(reference) or self.directory / reference)

    def voice_note(self, reference: str) -> tuple[str, float]:
        """A voice note's checked file and its length in seconds."""
        return self.media_source(reference), self.voice_seconds.get(reference, 0.0)

    @property
    def step_count(self) -> int:
        return sum(len(module.steps) for module in self.modules)
