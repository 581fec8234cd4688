"""Telegram updates become engine inputs; text no encoder can hold is mended on the way in."""

from telegram import Update

from sellerbot.drivers.telegram.updates import to_inbound
from sellerbot.engine.inputs import Command, Photo, Text


def _update(chat_type: str = "private", first_name: str = "Li", **message) -> Update:
    user = {"id": 7, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}
    return Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 3,
                "date": 0,
                "chat": {"id": 7, "type": chat_type},
                "from": user,
                **message,
            },
        },
        None,
    )


def test_text_becomes_text_and_commands_become_commands():
    assert to_inbound(_update(text="how to pack eggs")).received == Text("how to pack eggs")
    assert to_inbound(_update(text="/help@sellerbot")).received == Command("help", "")


def test_a_lone_surrogate_from_a_broken_escape_is_replaced():
    # json.loads turns an unpaired "\ud800" escape into a str that UTF-8 cannot encode.
    inbound = to_inbound(_update(text="pack eggs \ud800"))
    assert inbound.received == Text("pack eggs ?")
    size = {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}
    photo = to_inbound(_update(photo=[size], caption="\udcff peaches"))
    assert photo.received == Photo(reference="f", caption="? peaches")
    # The name is echoed in greetings and staff posts.
    assert to_inbound(_update(first_name="Li\ud83d", text="hi")).name == "Li?"


def test_nul_characters_are_dropped():
    # PostgreSQL keeps no NUL in text or JSON: the turn could not be saved with one.
    assert to_inbound(_update(text="pack\x00 eggs")).received == Text("pack eggs")
    size = {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}
    photo = to_inbound(_update(photo=[size], caption="\x00peaches"))
    assert photo.received == Photo(reference="f", caption="peaches")
    assert to_inbound(_update(first_name="Li\x00", text="hi")).name == "Li"


def test_group_messages_are_ignored():
    assert to_inbound(_update(chat_type="group", text="hello")) is None
