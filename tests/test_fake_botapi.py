"""Tests of the fake Bot API itself, plus a smoke test with a real python-telegram-bot app."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

try:  # works whether or not tests/ becomes a package
    from tests.fake_botapi import CONFLICT, NOT_MODIFIED, QUERY_TOO_OLD, FakeBotAPI, parse_html
except ImportError:
    from fake_botapi import CONFLICT, NOT_MODIFIED, QUERY_TOO_OLD, FakeBotAPI, parse_html

TOKEN = "123456:TEST-token_abc"
USER = 1001
HTTP = httpx.Client(timeout=40, trust_env=False)  # one client: creating one costs ~40 ms


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(TOKEN) as fake:
        yield fake


def api(server: FakeBotAPI, method: str, **params: Any) -> httpx.Response:
    """POST like python-telegram-bot does: form-encoded, nested values as JSON strings."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return HTTP.post(f"{server.base_url}{TOKEN}/{method}", data=data)


def send(server: FakeBotAPI, chat_id: int = USER, **params: Any) -> httpx.Response:
    return api(server, "sendMessage", chat_id=chat_id, **params)


def error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert body["ok"] is False and body["error_code"] == response.status_code
    return response.status_code, body["description"]


# ------------------------------------------------------------------- routing and envelopes
def test_get_me_and_routing(server: FakeBotAPI) -> None:
    me = HTTP.get(f"{server.base_url}{TOKEN}/getMe").json()
    assert me["ok"] and me["result"]["username"] == "newsqa_test_bot"
    assert me["result"]["id"] == 123456 and me["result"]["is_bot"]
    assert api(server, "GETME").json()["ok"]  # method names are case-insensitive
    wrong = HTTP.post(f"{server.base_url}999:nope/getMe")
    assert wrong.status_code == 401 and wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert error(HTTP.post(f"{server.base_url}garbage/getMe")) == (404, "Not Found")
    assert error(api(server, "sendRocket")) == (404, "Not Found")
    assert server.raw_paths[-1] == f"/bot{TOKEN}/sendRocket"
    assert server.raw_paths[2] == "/bot999:nope/getMe"
    assert [c.status for c in server.calls] == [200, 200, 401, 404, 404]


def test_webhook_close_logout(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "hi")
    assert api(server, "getWebhookInfo").json()["result"]["pending_update_count"] == 1
    deleted = api(server, "deleteWebhook", drop_pending_updates=True).json()
    assert deleted == {"ok": True, "result": True, "description": "Webhook is already deleted"}
    assert server.pending_updates() == []
    assert api(server, "close").json()["result"] is True
    assert api(server, "logOut").json()["result"] is True


def test_commands(server: FakeBotAPI) -> None:
    cmds = [{"command": "ask", "description": "提问"}]
    assert api(server, "setMyCommands", commands=cmds).json()["result"] is True
    assert api(server, "getMyCommands").json()["result"] == cmds
    scoped = {"type": "all_private_chats"}
    assert api(server, "getMyCommands", scope=scoped).json()["result"] == []
    bad = api(server, "setMyCommands", commands=[{"command": "Ask Me", "description": "x"}])
    assert error(bad) == (400, "Bad Request: BOT_COMMAND_INVALID")
    assert api(server, "deleteMyCommands").json()["result"] is True
    assert api(server, "getMyCommands").json()["result"] == []


# ------------------------------------------------------------------- sendMessage
def test_send_message_html_entities_and_encodings(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "你好")
    r = send(server, text="  <b>粗体😀</b> &amp; <a href='https://x.cn/?a=1&amp;b=2'>链接</a>&#33; ", parse_mode="HTML")
    msg = r.json()["result"]
    assert msg["text"] == "粗体😀 & 链接!"
    assert msg["entities"] == [{"type": "bold", "offset": 0, "length": 4}, {"type": "text_link", "offset": 7, "length": 2, "url": "https://x.cn/?a=1&b=2"}]
    assert msg["from"]["username"] == "newsqa_test_bot" and msg["chat"]["id"] == USER
    assert msg["message_id"] == 2 and isinstance(msg["date"], int)  # user's message was 1
    # JSON body and multipart bodies are understood too
    as_json = HTTP.post(
        f"{server.base_url}{TOKEN}/sendMessage",
        json={"chat_id": USER, "text": "json正文", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]}},
    )
    assert as_json.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
    multi = HTTP.post(
        f"{server.base_url}{TOKEN}/sendMessage",
        data={"chat_id": str(USER), "text": "多部分", "reply_markup": json.dumps({"inline_keyboard": [[{"text": "b", "url": "https://example.com"}]]})},
        files={"document": ("a.txt", b"hello")},
    )
    assert multi.json()["result"]["text"] == "多部分"
    call = server.calls[-1]
    assert call.content_type.startswith("multipart/form-data")
    assert call.params["document"] == {"filename": "a.txt", "size": 5}
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://example.com"
    assert [m["message_id"] for m in server.sent_messages(USER)] == [2, 3, 4]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("换行<br>", 'Unsupported start tag "br" at byte offset 6'),
        ("x&nbsp;y", 'Unsupported HTML entity "&nbsp;"'),
        ("Tom & Jerry", "Unsupported HTML entity"),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a"'),
    ],
)
def test_invalid_html_is_rejected(server: FakeBotAPI, text: str, fragment: str) -> None:
    server.push_message(USER, USER, "hi")
    status, description = error(send(server, text=text, parse_mode="HTML"))
    assert status == 400 and description.startswith("Bad Request: can't parse entities: ")
    assert fragment in description


def test_valid_html_variants() -> None:
    text, ents = parse_html(
        '<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>'
        '<pre><code class="language-py">c</code></pre>'
        "<blockquote expandable>d</blockquote>"
        "<I>e</I><s></s>&#x4E2D;&quot;&lt;&gt;"
    )
    assert text == 'abcde中"<>'
    assert [e["type"] for e in ents] == ["spoiler", "spoiler", "pre", "expandable_blockquote", "italic"]
    assert ents[2] == {"type": "pre", "offset": 2, "length": 1, "language": "py"}
    assert parse_html("Tom & Jerry&nbsp;", strict=False)[0] == "Tom & Jerry&nbsp;"


def test_text_limits(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "hi")
    assert send(server, text="字" * 4096).status_code == 200
    assert send(server, text="<b>" + "a" * 4096 + "</b>", parse_mode="HTML").status_code == 200
    assert error(send(server, text="a" * 4097)) == (400, "Bad Request: message is too long")
    # an emoji is two UTF-16 code units
    assert error(send(server, text="😀" * 2049)) == (400, "Bad Request: message is too long")
    for empty in ("", "   \n", "<b></b>"):
        assert error(send(server, text=empty, parse_mode="HTML")) == (400, "Bad Request: message text is empty")
    assert error(api(server, "sendMessage", chat_id=USER)) == (400, "Bad Request: message text is empty")
    assert error(send(server, chat_id=777, text="x")) == (400, "Bad Request: chat not found")
    server.blocked.add(USER)
    assert send(server, text="x").status_code == 403


def test_keyboards(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "hi")
    long_data = {"inline_keyboard": [[{"text": "长", "callback_data": "数" * 22}]]}  # 66 bytes
    assert error(send(server, text="x", reply_markup=long_data)) == (400, "Bad Request: BUTTON_DATA_INVALID")
    ok_data = {"inline_keyboard": [[{"text": "ok", "callback_data": "数" * 21}]]}  # 63 bytes
    assert send(server, text="x", reply_markup=ok_data).json()["result"]["reply_markup"] == ok_data
    plain = {"inline_keyboard": [[{"text": "no action"}]]}
    assert "Text buttons are unallowed" in error(send(server, text="x", reply_markup=plain))[1]
    reply_kb = {"keyboard": [[{"text": "选项"}]]}
    assert "reply_markup" not in send(server, text="x", reply_markup=reply_kb).json()["result"]
    broken = api(server, "sendMessage", chat_id=USER, text="x", reply_markup="{nope")
    assert error(broken) == (400, "Bad Request: can't parse reply keyboard markup JSON object")


def test_replies(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "问题")
    first = send(server, text="答案", reply_parameters={"message_id": 1}).json()["result"]
    assert first["reply_to_message"]["text"] == "问题"
    second = send(server, text="补充", reply_to_message_id=first["message_id"]).json()["result"]
    assert second["reply_to_message"]["message_id"] == first["message_id"]
    assert "reply_to_message" not in second["reply_to_message"]  # only one level deep
    assert error(send(server, text="x", reply_parameters={"message_id": 99})) == (400, "Bad Request: message to be replied not found")
    lenient = send(server, text="x", reply_parameters={"message_id": 99, "allow_sending_without_reply": True})
    assert "reply_to_message" not in lenient.json()["result"]


# ------------------------------------------------------------------- edits and queries
def test_edit_message_text(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "问")
    kb = {"inline_keyboard": [[{"text": "更多", "callback_data": "more"}]]}
    sent = send(server, text="思考中…", reply_markup=kb, reply_to_message_id=1).json()["result"]
    mid = sent["message_id"]

    def edit(**p: Any) -> httpx.Response:
        return api(server, "editMessageText", chat_id=USER, message_id=mid, **p)

    assert error(api(server, "editMessageText", chat_id=USER, message_id=42, text="x")) == (400, "Bad Request: message to edit not found")
    assert error(api(server, "editMessageText", chat_id=USER, message_id=1, text="x")) == (400, "Bad Request: message can't be edited")
    assert error(edit(text="思考中…", reply_markup=kb)) == (400, NOT_MODIFIED)
    edited = edit(text="<b>答案</b>", parse_mode="HTML", reply_markup=kb).json()["result"]
    assert edited["text"] == "答案" and "edit_date" in edited
    assert error(edit(text="<b>答案</b>", parse_mode="HTML", reply_markup=kb)) == (400, NOT_MODIFIED)
    assert edit(text="答案").status_code == 200  # same text but no bold, no keyboard: modified
    [current] = server.messages(USER)
    assert current["text"] == "答案" and "reply_markup" not in current
    assert current["reply_to_message"]["text"] == "问"
    assert server.sent_messages(USER)[0]["text"] == "思考中…"  # as originally sent


def test_callback_queries(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "问")
    kb = {"inline_keyboard": [[{"text": "详情", "callback_data": "d:1"}]]}
    mid = send(server, text="答", reply_markup=kb, reply_to_message_id=1).json()["result"]["message_id"]
    qid = server.push_callback(USER, USER, mid, "d:1")
    update = api(server, "getUpdates", offset=0).json()["result"][-1]["callback_query"]
    assert update["id"] == qid and update["data"] == "d:1"
    assert update["message"]["reply_markup"] == kb
    assert update["message"]["reply_to_message"]["text"] == "问"
    assert error(api(server, "answerCallbackQuery", callback_query_id="123")) == (400, QUERY_TOO_OLD)
    assert api(server, "answerCallbackQuery", callback_query_id=qid, text="好").json()["ok"]
    assert error(api(server, "answerCallbackQuery", callback_query_id=qid))[0] == 400
    with pytest.raises(ValueError):
        server.push_callback(USER, USER, 1, "x")  # a user message has no buttons


def test_inline_queries(server: FakeBotAPI) -> None:
    qid = server.push_inline_query(USER, "新闻")
    assert api(server, "getUpdates").json()["result"][0]["inline_query"]["query"] == "新闻"

    def article(i: int, text: str = "内容") -> dict[str, Any]:
        return {"type": "article", "id": str(i), "title": f"标题{i}", "input_message_content": {"message_text": text, "parse_mode": "HTML"}}

    too_many = [article(i) for i in range(51)]
    answer = "answerInlineQuery"
    assert error(api(server, answer, inline_query_id=qid, results=too_many)) == (400, "Bad Request: RESULTS_TOO_MUCH")
    bad_html = api(server, answer, inline_query_id=qid, results=[article(1, "<p>x</p>")])
    assert "can't parse entities" in error(bad_html)[1]
    assert error(api(server, answer, inline_query_id=qid, results=[article(1, "<b></b>")]))[1] == "Bad Request: message text is empty"
    good = api(server, answer, inline_query_id=qid, results=[article(i) for i in range(50)])
    assert good.json() == {"ok": True, "result": True}
    assert error(api(server, answer, inline_query_id=qid, results=[]))[1] == QUERY_TOO_OLD


def test_chat_action(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "hi")
    assert api(server, "sendChatAction", chat_id=USER, action="typing").json()["result"] is True
    assert error(api(server, "sendChatAction", chat_id=USER, action="dancing"))[0] == 400


# ------------------------------------------------------------------- pushed updates
def test_pushed_messages(server: FakeBotAPI) -> None:
    group = -100200300
    assert server.push_message(group, USER, "随便聊聊", chat_type="supergroup") is None  # privacy
    mention = server.push_message(group, USER, "😀 @newsqa_test_bot 今天新闻？", chat_type="supergroup")
    command = server.push_command(group, USER, "/ask@newsqa_test_bot 问题", chat_type="group")
    server.push_message(USER, USER, "私聊")
    server.push_message(USER, USER, "私聊（改）", edited=True)
    server.push_message(USER, USER, None, sticker=True)
    server.push_message(USER, USER, "看图", photo=True)
    updates = api(server, "getUpdates").json()["result"]
    assert updates[0]["update_id"] == mention
    msg = updates[0]["message"]
    assert msg["chat"] == {"id": group, "title": "测试群100200300", "type": "supergroup"}
    assert msg["entities"] == [{"type": "mention", "offset": 3, "length": 16}]
    assert msg["from"]["language_code"] == "zh-hans"
    assert updates[1]["update_id"] == command
    assert updates[1]["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 20}]
    assert updates[2]["message"]["message_id"] == updates[3]["edited_message"]["message_id"]
    assert updates[3]["edited_message"]["text"] == "私聊（改）"
    assert "sticker" in updates[4]["message"] and "text" not in updates[4]["message"]
    assert updates[5]["message"]["caption"] == "看图" and len(updates[5]["message"]["photo"]) == 3
    with pytest.raises(ValueError):
        server.push_message(-5, USER, "x")  # private chat id must be the user id
    with pytest.raises(ValueError):
        server.push_message(5, USER, "x", chat_type="group")


def test_reply_to_bot_in_group(server: FakeBotAPI) -> None:
    group = -42
    server.push_command(group, USER, "/ask 问题", chat_type="group")
    bot_msg = send(server, chat_id=group, text="答案").json()["result"]
    uid = server.push_message(group, USER, "追问", chat_type="group", reply_to_bot_message_id=bot_msg["message_id"])
    assert uid is not None
    reply = server.pending_updates()[-1]["message"]["reply_to_message"]
    assert reply["text"] == "答案" and reply["from"]["is_bot"]


# ------------------------------------------------------------------- getUpdates
def test_get_updates_offset_limit_and_allowed(server: FakeBotAPI) -> None:
    ids = [server.push_message(USER, USER, f"m{i}") for i in range(5)]
    first = api(server, "getUpdates", limit=2).json()["result"]
    assert [u["update_id"] for u in first] == ids[:2]
    again = api(server, "getUpdates", offset=ids[1] + 1).json()["result"]  # confirms 0 and 1
    assert [u["update_id"] for u in again] == ids[2:]
    assert [u["update_id"] for u in api(server, "getUpdates").json()["result"]] == ids[2:]
    assert [u["update_id"] for u in api(server, "getUpdates", offset=-1).json()["result"]] == [ids[-1]]
    api(server, "getUpdates", offset=ids[-1] + 1, allowed_updates=["callback_query"])
    server.push_message(USER, USER, "filtered out")
    assert api(server, "getUpdates").json()["result"] == []
    calls = server.calls_to("getUpdates")
    assert calls[-2].params["allowed_updates"] == ["callback_query"]


def test_long_poll_blocks_until_update_and_times_out(server: FakeBotAPI) -> None:
    started = time.monotonic()
    assert api(server, "getUpdates", timeout=1).json()["result"] == []
    assert 0.9 <= time.monotonic() - started < 2
    threading.Timer(0.3, server.push_message, (USER, USER, "来了")).start()
    started = time.monotonic()
    result = api(server, "getUpdates", timeout=5).json()["result"]
    assert result[0]["message"]["text"] == "来了" and time.monotonic() - started < 2


def test_second_long_poll_conflicts_first(server: FakeBotAPI) -> None:
    results: list[httpx.Response] = []
    first = threading.Thread(target=lambda: results.append(api(server, "getUpdates", timeout=5)))
    first.start()
    server.wait_for(lambda s: s.raw_paths, timeout=2)
    time.sleep(0.2)
    assert api(server, "getUpdates").json()["ok"]
    first.join(timeout=3)
    assert error(results[0]) == (409, CONFLICT)


def test_stop_releases_pending_long_poll() -> None:
    server = FakeBotAPI(TOKEN).start()
    results: list[httpx.Response] = []
    poll = threading.Thread(target=lambda: results.append(api(server, "getUpdates", timeout=30)))
    poll.start()
    server.wait_for(lambda s: s._poll_gen, timeout=2)  # the poll is waiting, not just read
    started = time.monotonic()
    server.stop()
    poll.join(timeout=5)
    assert results[0].json() == {"ok": True, "result": []}
    assert time.monotonic() - started < 2


# ------------------------------------------------------------------- faults and waiting
def test_fault_injection(server: FakeBotAPI) -> None:
    server.push_message(USER, USER, "hi")
    server.inject("sendMessage", 429, retry_after=3)
    server.inject("*", 502, times=2)
    server.inject("getMe", 500)
    flood = send(server, text="x")
    assert flood.status_code == 429 and flood.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert error(api(server, "getMe")) == (500, "Internal Server Error")
    for _ in range(2):
        gateway = send(server, text="x")
        assert gateway.status_code == 502 and "502 Bad Gateway" in gateway.text
        assert gateway.headers["content-type"] == "text/html"
    assert send(server, text="x").status_code == 200
    assert server.faults_served == 4
    assert [c.injected for c in server.calls_to("sendMessage")] == [True, True, True, False]
    assert len(server.sent_messages()) == 1  # faulted calls had no effect


def test_wait_for_timeout_dumps_state(server: FakeBotAPI) -> None:
    api(server, "getMe")
    with pytest.raises(TimeoutError, match=r"(?s)not met within 0.1s.*200 getMe"):
        server.wait_for(lambda s: s.sent_messages(), timeout=0.1)


# ------------------------------------------------------------------- real python-telegram-bot
@pytest.mark.asyncio
async def test_python_telegram_bot_echo_over_real_polling(server: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        # PTB quotes by default only outside private chats, hence do_quote=True here.
        await update.effective_message.reply_text(f"回声：<b>{update.effective_message.text}</b>", parse_mode="HTML", do_quote=True)

    app = Application.builder().base_url(server.base_url).token(TOKEN).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            await _exercise_running_bot(server, app.bot)
        finally:
            await app.updater.stop()
            await app.stop()

    calls = server.calls
    assert [c.method for c in calls[:3]] == ["getMe", "deleteWebhook", "getUpdates"]
    assert calls[0].content_type == "" and calls[0].params == {}  # empty body for getMe
    send_call = server.calls_to("sendMessage")[0]
    assert send_call.content_type == "application/x-www-form-urlencoded"
    assert send_call.params["reply_parameters"] == {"message_id": 1}
    assert server.pending_updates() == []  # the final getUpdates confirmed everything
    assert server.errors == []


async def _exercise_running_bot(server: FakeBotAPI, bot: Bot) -> None:
    server.push_message(USER, USER, "你好")
    sent = await server.async_wait_for(lambda s: s.sent_messages(USER))
    assert sent[0]["text"] == "回声：你好"
    assert sent[0]["entities"] == [{"type": "bold", "offset": 3, "length": 2}]
    assert sent[0]["reply_to_message"]["text"] == "你好"

    # Errors surface as PTB's own exception types.
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("回声：<b>你好</b>", chat_id=USER, parse_mode="HTML", message_id=sent[0]["message_id"])
    server.inject("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter, match="Flood control exceeded. Retry in 7 seconds"):
        await bot.send_message(USER, "x")
    server.inject("sendMessage", 502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(USER, "x")

    # The polling loop survives a proxy error on getUpdates (PTB waits 1s) and keeps going.
    served = server.faults_served
    server.inject("getUpdates", 502)
    await server.async_wait_for(lambda s: s.faults_served > served, timeout=5)
    server.push_message(USER, USER, "再来")
    await server.async_wait_for(lambda s: len(s.sent_messages(USER)) == 2, timeout=8)


@pytest.mark.asyncio
async def test_ptb_rate_limiter_retries_429(server: FakeBotAPI) -> None:
    """PTB itself never retries a send; AIORateLimiter(max_retries=n) does, after retry_after."""
    app = Application.builder().base_url(server.base_url).token(TOKEN).rate_limiter(AIORateLimiter(max_retries=1)).build()
    server.push_message(USER, USER, "hi")
    server.inject("sendMessage", 429, retry_after=1)
    async with app:
        started = time.monotonic()
        message = await app.bot.send_message(USER, "重试后成功")
        assert message.text == "重试后成功" and time.monotonic() - started >= 1
    assert [(c.status, c.injected) for c in server.calls_to("sendMessage")] == [(429, True), (200, False)]
