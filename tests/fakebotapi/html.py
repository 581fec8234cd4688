"""Parses Telegram's HTML parse mode the way the Bot API does, to plain text plus entities."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tag name -> entity type. Telegram accepts these synonyms and nothing else.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")
_ATTRIBUTE_RE = re.compile(r"\s*([a-zA-Z-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")


class HtmlParseError(ValueError):
    """Malformed HTML; the message is what Telegram puts after "can't parse entities: "."""


@dataclass(frozen=True)
class Entity:
    """A formatting entity; offset and length are in UTF-16 code units, as in the Bot API."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def to_dict(self) -> dict:
        extras = {
            "url": self.url,
            "language": self.language,
            "custom_emoji_id": self.custom_emoji_id,
        }
        return {
            "type": self.type,
            "offset": self.offset,
            "length": self.length,
            **{key: value for key, value in extras.items() if value is not None},
        }


def utf16_length(text: str) -> int:
    """Length the way Telegram counts it: characters outside the BMP count twice."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int]:
    """Decodes the character reference at source[index] ('&'); returns it and its length."""
    match = _ENTITY_RE.match(source, index)
    if match:
        decimal, hexadecimal, name = match.groups()
        if name is None:
            code_point = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if 0 < code_point <= 0x10FFFF and not 0xD800 <= code_point <= 0xDFFF:
                return chr(code_point), match.end() - index
        elif name.lower() in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[name.lower()], match.end() - index
    raise HtmlParseError(
        f"Character entity expected at byte offset {_byte_offset(source, index)}; "
        'use "&amp;" to write a bare "&"'
    )


def _unescape_attribute(value: str) -> str:
    if value[:1] in "\"'" and len(value) >= 2:
        value = value[1:-1]
    return _ENTITY_RE.sub(lambda m: _decode_entity(m.group(0), 0)[0], value)


def _open_tag_entity(source: str, tag_start: int, name: str, attributes: dict[str, str]) -> dict:
    """Validates a start tag and returns the pending entity it opens."""
    entity = {"tag": name, "type": _SIMPLE_TAGS[name]}
    if name == "a":
        entity["url"] = attributes.get("href", "")
    elif name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset '
            f"{_byte_offset(source, tag_start)}"
        )
    elif name == "tg-emoji":
        if "emoji-id" not in attributes:
            raise HtmlParseError(
                f"Custom emoji identifier must be specified at byte offset "
                f"{_byte_offset(source, tag_start)}"
            )
        entity["custom_emoji_id"] = attributes["emoji-id"]
    elif name == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    elif name == "code" and attributes.get("class", "").startswith("language-"):
        entity["language"] = attributes["class"].removeprefix("language-")
    return entity


def _parse_start_tag(source: str, index: int) -> tuple[str, dict[str, str], int]:
    """Parses '<name attr=...>' at index; returns name, attributes and the index after '>'."""
    name_match = _TAG_NAME_RE.match(source, index + 1)
    name = name_match.group(0).lower()
    position = name_match.end()
    if not name:
        raise HtmlParseError(f"Empty tag name at byte offset {_byte_offset(source, index)}")
    if name not in _SIMPLE_TAGS:
        raise HtmlParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, index)}'
        )
    attributes: dict[str, str] = {}
    while True:
        if position >= len(source):
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, index)}")
        if source[position] == ">":
            return name, attributes, position + 1
        attribute = _ATTRIBUTE_RE.match(source, position)
        if not attribute or attribute.end() == position:
            if source[position].isspace():
                position += 1
                continue
            raise HtmlParseError(
                f"Unexpected character in tag at byte offset {_byte_offset(source, position)}"
            )
        key, raw_value = attribute.groups()
        attributes[key.lower()] = _unescape_attribute(raw_value) if raw_value is not None else ""
        position = attribute.end()


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Returns the plain text and entities of an HTML-formatted text, or raises HtmlParseError."""
    plain: list[str] = []
    plain_length = 0  # UTF-16 units emitted so far
    open_tags: list[dict] = []
    entities: list[Entity] = []
    index = 0
    end = len(source)
    while index < end:
        char = source[index]
        if char == "&":
            decoded, consumed = _decode_entity(source, index)
            plain.append(decoded)
            plain_length += utf16_length(decoded)
            index += consumed
        elif char == "<":
            if source.startswith("</", index):
                close = source.find(">", index)
                if close == -1:
                    raise HtmlParseError(
                        f"Unclosed end tag at byte offset {_byte_offset(source, index)}"
                    )
                name = source[index + 2 : close].strip().lower()
                if not open_tags:
                    raise HtmlParseError(
                        f"Unexpected end tag at byte offset {_byte_offset(source, index)}"
                    )
                opened = open_tags.pop()
                if name != opened["tag"]:
                    raise HtmlParseError(
                        f"Unmatched end tag at byte offset {_byte_offset(source, index)}, "
                        f'expected "</{opened["tag"]}>", found "</{name}>"'
                    )
                length = plain_length - opened["offset"]
                if length > 0:
                    extras = {k: opened.get(k) for k in ("url", "language", "custom_emoji_id")}
                    entities.append(Entity(opened["type"], opened["offset"], length, **extras))
                index = close + 1
            else:
                name, attributes, index_after = _parse_start_tag(source, index)
                entity = _open_tag_entity(source, index, name, attributes)
                entity["offset"] = plain_length
                open_tags.append(entity)
                index = index_after
        else:
            next_special = min(
                (
                    found
                    for found in (source.find("<", index), source.find("&", index))
                    if found != -1
                ),
                default=end,
            )
            chunk = source[index:next_special]
            plain.append(chunk)
            plain_length += utf16_length(chunk)
            index = next_special
    if open_tags:
        raise HtmlParseError(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1]["tag"]}"'
        )
    entities.sort(key=lambda entity: (entity.offset, -entity.length))
    return "".join(plain), entities
