"""Tests of the fake Bot API server, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters

from tests.fakebotapi import SPEC_PATH_ENV, FakeBotApi, default_spec_path

SPEC_PATH = Path(__file__).resolve().parent / "fakebotapi" / "telegram-bot-api" / "api.min.json"
USER = 4242
PNG_100x50 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + (100).to_bytes(4, "big")
    + (50).to_bytes(4, "big")
    + b"\x08\x02\x00\x00\x00 rest of the image"
)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in buttons]]
    )


def retry_seconds(error: RetryAfter) -> float:
    retry_after = error.retry_after
    return retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after


@pytest.fixture
def api():
    with FakeBotApi(spec_path=SPEC_PATH) as server:
        yield server


@pytest.fixture
async def bot(api):
    async with telegram.Bot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url
    ) as client:
        yield client


def test_spec_ships_inside_the_tests_with_its_licence(monkeypatch):
    monkeypatch.delenv(SPEC_PATH_ENV, raising=False)
    assert default_spec_path().resolve() == SPEC_PATH.resolve()
    assert SPEC_PATH.is_file()
    assert "MIT License" in (SPEC_PATH.parent / "LICENSE").read_text(encoding="utf-8")
    monkeypatch.setenv(SPEC_PATH_ENV, "/elsewhere/api.json")
    assert default_spec_path() == Path("/elsewhere/api.json")


async def test_send_message_shows_in_chat_transcript(api, bot):
    me = await bot.get_me()
    message = await bot.send_message(
        USER,
        "<b>Fresh</b> tomatoes &amp; eggs",
        parse_mode="HTML",
        reply_markup=keyboard(("Buy", "buy")),
    )

    assert me.is_bot and me.username == "sellerbot_test_bot"
    assert message.text == "Fresh tomatoes & eggs"
    assert message.entities[0].type == "bold" and message.entities[0].length == 5
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "buy"
    [seen] = api.chat(USER)
    assert (seen.message_id, seen.text, seen.buttons, seen.edits) == (
        message.message_id,
        "Fresh tomatoes & eggs",
        [[("Buy", "buy")]],
        0,
    )
    assert [call.method for call in api.sent(USER)] == ["sendMessage"]
    assert [call.method for call in api.calls] == ["getMe", "getMe", "sendMessage"]
    assert not api.violations


async def test_message_ids_increase_per_chat(api, bot):
    first = await bot.send_message(USER, "one")
    second = await bot.send_message(USER, "two")
    elsewhere = await bot.send_message(USER + 1, "one")

    assert second.message_id == first.message_id + 1
    assert elsewhere.message_id == 1


async def test_edits_update_the_transcript_and_identical_edit_is_rejected(api, bot):
    sent = await bot.send_message(USER, "Price?", reply_markup=keyboard(("10", "p10")))
    await bot.edit_message_text(
        "Price: 10", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard(("OK", "ok"))
    )

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Price: 10",
            chat_id=USER,
            message_id=sent.message_id,
            reply_markup=keyboard(("OK", "ok")),
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)

    [seen] = api.chat(USER)
    assert (seen.text, seen.buttons, seen.edits) == ("Price: 10", [], 2)
    assert [call.method for call in api.sent(USER)] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert len(api.violations) == 2


async def test_caption_media_copy_and_delete(api, bot):
    photo = await bot.send_photo(USER, PNG_100x50, caption="Apples")
    await bot.edit_message_caption(chat_id=USER, message_id=photo.message_id, caption="Red apples")
    video = await bot.send_video(USER, b"fake mp4 bytes", caption="Harvest")
    await bot.edit_message_media(
        telegram.InputMediaPhoto(PNG_100x50, caption="Now a photo"),
        chat_id=USER,
        message_id=video.message_id,
    )
    copied = await bot.copy_message(USER + 1, from_chat_id=USER, message_id=photo.message_id)
    await bot.delete_message(USER, photo.message_id)

    [edited_video] = api.chat(USER)
    assert (edited_video.caption, edited_video.video, edited_video.edits) == (
        "Now a photo",
        None,
        1,
    )
    assert edited_video.photo is not None
    [copy] = api.chat(USER + 1)
    assert (copy.message_id, copy.caption) == (copied.message_id, "Red apples")
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, photo.message_id)


async def test_callback_query_can_be_answered_once(api, bot):
    sent = await bot.send_message(USER, "Pick", reply_markup=keyboard(("Eggs", "eggs")))
    query_id = api.push_callback(USER, "eggs", sent.message_id)
    [update] = await bot.get_updates()

    assert update.callback_query.id == query_id
    assert update.callback_query.data == "eggs"
    assert update.callback_query.message.message_id == sent.message_id
    assert api.unanswered_callback_queries() == [query_id]
    assert await update.callback_query.answer("Noted")
    assert api.unanswered_callback_queries() == []
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("no-such-query")
    with pytest.raises(ValueError, match=r"(?i)no message 999"):
        api.push_callback(USER, "eggs", 999)


async def test_blocked_user_gives_forbidden(api, bot):
    api.block_chat(USER)

    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(USER, "hello")
    assert api.stats["status_403"] == 1
    assert api.chat(USER) == []
    assert not api.violations


# PTB warns that retry_after will become a timedelta; either form is handled.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_limit_answers_retry_after_and_counts_sends_during_ban(api, bot):
    api.set_flood_limit(global_per_second=None, per_chat_per_second=1, retry_after=3)
    await bot.send_message(USER, "first")

    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER, "second")
    assert retry_seconds(flood.value) == 3
    assert api.stats["sends_during_ban"] == 0
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "ignoring the ban")
    await bot.send_message(USER + 1, "other chats are not banned")
    await bot.send_chat_action(USER, "typing")

    assert api.stats["sends_during_ban"] == 1
    assert api.stats["status_429"] == 2
    assert not api.violations


# PTB warns that retry_after will become a timedelta; either form is handled.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_global_flood_limit(api, bot):
    api.set_flood_limit(global_per_second=2, per_chat_per_second=None)
    await bot.send_message(USER, "a")
    await bot.send_message(USER + 1, "b")

    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER + 2, "c")
    assert retry_seconds(flood.value) == 1


async def test_transient_failures_and_dropped_connections(api, bot):
    api.fail_next("sendMessage", count=2, status=502)
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await bot.send_message(USER, "one")
    await bot.get_me()  # other methods are unaffected
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "two")
    await bot.send_message(USER, "three")

    api.fail_connections_next(1)
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "four")
    await bot.send_message(USER, "five")

    assert [m.text for m in api.chat(USER)] == ["three", "five"]
    assert api.stats["status_5xx"] == 2
    assert api.stats["dropped_connections"] == 1


async def test_text_length_is_counted_after_html_parsing_in_utf16(api, bot):
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "a" * 4097)
    await bot.send_message(USER, "&amp;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "🍅" * 2049)  # two UTF-16 units each
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(
            USER, PNG_100x50, caption="<i>" + "x" * 1025 + "</i>", parse_mode="HTML"
        )
    await bot.send_photo(USER, PNG_100x50, caption="<i>" + "x" * 1024 + "</i>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")

    assert [len(m.content) for m in api.chat(USER)] == [4096, 1024]
    assert len(api.violations) == 4


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>never closed", "Can't find end tag"),
        ("<b>crossed <i>tags</b></i>", "Unmatched end tag"),
        ("<blink>old</blink>", 'Unsupported start tag "blink"'),
        ("3 < 5", "Empty tag name"),
        ("fish & chips", "Character entity expected"),
        ('<span class="other">x</span>', "tg-spoiler"),
    ],
)
async def test_malformed_html_is_rejected(api, bot, html, reason):
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as rejected:
        await bot.send_message(USER, html, parse_mode="HTML")

    assert reason.lower() in rejected.value.message.lower()
    assert api.chat(USER) == []
    assert len(api.violations) == 1


async def test_allowed_html_tags_are_accepted(api, bot):
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>t</strike>"
        '<del>d</del><a href="https://example.org/?a=1&amp;b=2">link</a><code>c</code>'
        '<pre><code class="language-python">p</code></pre><tg-spoiler>x</tg-spoiler>'
        '<span class="tg-spoiler">y</span><blockquote expandable>q</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&quot;&#128512;'
    )
    message = await bot.send_message(USER, html, parse_mode="HTML")

    assert message.text.endswith(' <>"😀')
    link = next(entity for entity in message.entities if entity.type == "text_link")
    assert link.url == "https://example.org/?a=1&b=2"
    assert not api.violations


async def test_callback_data_is_limited_to_64_bytes(api, bot):
    await bot.send_message(USER, "ok", reply_markup=keyboard(("Pay", "é" * 32)))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "too long", reply_markup=keyboard(("Pay", "x" * 65)))

    assert len(api.chat(USER)) == 1
    assert api.violations == ["sendMessage -> 400 Bad Request: BUTTON_DATA_INVALID"]


async def test_photo_upload_then_reuse_by_file_id(api, bot):
    # A multipart upload carries reply_markup as a JSON string, which must be decoded.
    uploaded = await bot.send_photo(
        USER, PNG_100x50, caption="Our farm", reply_markup=keyboard(("Order", "order"))
    )
    file_id = uploaded.photo[-1].file_id
    reused = await bot.send_photo(USER, file_id)
    by_url = await bot.send_document(USER, "https://example.org/price-list.pdf")
    downloaded = await (await bot.get_file(file_id)).download_as_bytearray()

    assert (uploaded.photo[-1].width, uploaded.photo[-1].height) == (100, 50)
    assert reused.photo[-1].file_id == file_id
    assert by_url.document.file_name == "price-list.pdf"
    assert bytes(downloaded) == PNG_100x50
    assert [m.photo for m in api.chat(USER)[:2]] == [file_id, file_id]
    assert api.chat(USER)[0].buttons == [[("Order", "order")]]
    assert uploaded.reply_markup == keyboard(("Order", "order"))
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier/HTTP URL specified"):
        await bot.send_photo(USER, "no-such-file-id")
    upload_call = api.calls_to("sendPhoto")[0]
    assert upload_call.params["photo"].content == PNG_100x50
    assert upload_call.params["chat_id"] == USER


async def test_get_updates_offset_limit_and_long_polling(api, bot):
    ids = [api.push_message(USER, f"msg {n}") for n in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3

    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert await bot.get_updates(offset=ids[2] + 1) == ()

    started = time.monotonic()
    assert await bot.get_updates(offset=ids[2] + 1, timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2

    threading.Timer(0.2, api.push_message, args=(USER, "late")).start()
    started = time.monotonic()
    [late] = await bot.get_updates(offset=ids[2] + 1, timeout=5)
    assert late.message.text == "late"
    assert time.monotonic() - started < 1


async def test_allowed_updates_and_raw_updates(api, bot):
    api.push_update({"my_chat_member": {"chat": {"id": USER, "type": "private"}}})
    api.push_message(USER, "/start promo", chat_type="supergroup", chat_id=-1001)
    duplicate = api.push_update(
        {"update_id": 1, "message": {"chat": {"id": USER, "type": "private"}, "text": "hi"}}
    )

    updates = await bot.get_updates(allowed_updates=["message"])

    assert duplicate == 1
    assert [u.update_id for u in updates] == [2, 1]
    assert updates[0].message.chat.type == "supergroup"
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[0].message.entities[0].length == len("/start")
    assert updates[1].message.message_id == 1


async def test_webhook_updates_and_conflict_with_polling(api, bot):
    update = Update.de_json(
        json.loads(FakeBotApi.webhook_update_json(api.make_message_update(USER, "hi"))), bot
    )
    assert update.message.text == "hi" and update.message.from_user.id == USER

    with pytest.raises(BadRequest, match=r"(?i)HTTPS URL"):
        await bot.set_webhook("http://127.0.0.1:8443/hook")
    await bot.set_webhook("https://bot.example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://bot.example.org/hook"
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_commands_menu_and_generic_methods(api, bot):
    commands = [
        telegram.BotCommand("start", "Begin the course"),
        telegram.BotCommand("help", "Help"),
    ]
    await bot.set_my_commands(commands, language_code="en")
    await bot.set_chat_menu_button(menu_button=telegram.MenuButtonCommands())

    assert await bot.get_my_commands(language_code="en") == tuple(commands)
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([telegram.BotCommand("Start", "Bad casing")])
    assert await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()
    assert await bot.set_my_description("Sells vegetables")  # answered generically
    assert api.calls_to("setMyDescription")[0].params == {"description": "Sells vegetables"}


# do_api_request is the way to send calls PTB's own methods would never make.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBUserWarning")
async def test_spec_checks_unknown_method_missing_and_extra_parameters(api, bot):
    with pytest.raises(telegram.error.EndPointNotFound):
        await bot.do_api_request("sendTelepathy")
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.do_api_request("sendMessage", {"chat_id": USER})
    await bot.do_api_request("SENDMESSAGE", {"chat_id": USER, "text": "hi", "colour": "red"})

    assert api.chat(USER)[0].text == "hi"
    assert api.violations == [
        "sendTelepathy -> 404 Not Found: method not found",
        "sendMessage -> 400 Bad Request: text is empty",
        "sendMessage: sendMessage: parameter 'colour' is not in the Bot API",
    ]


async def test_wrong_token_is_unauthorized(api):
    with pytest.raises(InvalidToken, match=r"(?i)rejected by the server"):
        async with telegram.Bot("999:WRONG", base_url=api.base_url):
            pass

    assert api.stats["requests"] == 1
    assert api.violations[-1] == "getMe -> 401 Unauthorized"


async def test_raw_http_json_bodies_keep_alive_and_malformed_requests(api):
    async with httpx.AsyncClient(base_url=api.root_url) as client:
        first = await client.post(
            f"/bot{api.token}/sendMessage", json={"chat_id": USER, "text": "a"}
        )
        second = await client.get(f"/bot{api.token}/getMe")
        broken = await client.post(
            f"/bot{api.token}/sendMessage",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        wrong_token = await client.get("/bot1:nope/getMe")

    assert first.json()["result"]["text"] == "a" and second.json()["ok"]
    assert broken.status_code == 400 and not broken.json()["ok"]
    assert wrong_token.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}

    with socket.create_connection((api.host, api.port)) as raw:
        raw.sendall(b"NONSENSE\r\n\r\n")
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    assert api.stats["requests"] == 5
    assert any("can't parse JSON body" in violation for violation in api.violations)
    assert any("bad request line" in violation for violation in api.violations)


async def test_wait_for_reports_recent_calls_on_timeout(api, bot):
    await bot.send_message(USER, "only this")

    await api.await_for(lambda a: len(a.chat(USER)) == 1, timeout=1)
    with pytest.raises(AssertionError, match=r"(?i)only this"):
        api.wait_for(lambda a: len(a.chat(USER)) == 2, timeout=0.1)


async def test_application_polling_echoes_messages(api):
    async def echo(update: Update, context) -> None:
        await update.message.reply_text(f"You said: {update.message.text}")

    application: Application = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    api.push_message(USER, "early bird")
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        api.push_message(USER, "cucumbers")
        await api.await_for(lambda a: len(a.chat(USER)) == 2, timeout=5)
        await asyncio.to_thread(api.wait_idle, 0.1, 5)
        await application.updater.stop()
        await application.stop()

    assert [m.text for m in api.chat(USER)] == ["You said: early bird", "You said: cucumbers"]
    assert api.calls_to("deleteWebhook")
    assert not api.violations
