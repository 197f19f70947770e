"""A local fake of the Telegram Bot API for end-to-end tests of the bot.

python-telegram-bot is pointed at it with ``ApplicationBuilder().base_url(fake.base_url)``
and runs its real HTTP client, request encoding and polling loop against it, so the fake
answers like Telegram (envelopes, status codes, error wording, long polling), not like a
mock.  Stdlib only; serves from a background thread; all test-side methods are thread-safe.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import select
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

T = TypeVar("T")
JSON = dict[str, Any]

# python-telegram-bot JSON-encodes these inside form/multipart bodies.
_JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "link_preview_options",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "results",
    "allowed_updates",
    "button",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "user_id", "cache_time", "reply_to_message_id", "message_thread_id"}
_BOOL_FIELDS = {"disable_notification", "protect_content", "show_alert", "is_personal", "drop_pending_updates", "allow_sending_without_reply"}
_DEFAULT_OFF_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}
_BUTTON_ACTIONS = {
    "url",
    "callback_data",
    "login_url",
    "switch_inline_query",
    "web_app",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "copy_text",
}
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z]+));?")
_ATTR = r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+)))?"""
_START_TAG_RE = re.compile(rf"<[^\s>]*((?:\s+{_ATTR})*)\s*>")
_TOKEN_RE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}\b")
MAX_TEXT = 4096
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup "
    "of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


def u16len(text: str) -> int:
    """Telegram measures text lengths and entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """A Bot API error answer; ``description`` carries Telegram's exact wording."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def body(self) -> JSON:
        out: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        return out | ({"parameters": self.parameters} if self.parameters else {})


def bad(description: str) -> ApiError:
    return ApiError(400, "Bad Request: " + description.removeprefix("Bad Request: "))


class _Abandoned(Exception):
    """The client hung up during a long poll."""


@dataclass
class Call:
    """One recorded request. Status 499: the client went away before the answer."""

    method: str
    params: JSON  # JSON-encoded fields decoded, numbers and booleans typed
    status: int
    response: Any  # decoded JSON answer, or the text of a plain (proxy-style) body
    path: str
    http_method: str = "POST"
    content_type: str = ""
    injected: bool = False
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200


# ----------------------------------------------------------------- Telegram HTML
def parse_html(src: str, strict: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML like tdlib; returns plain text and entities (UTF-16 offsets).

    ``strict`` also rejects unknown named entities and bare '&': the Bot API docs demand
    escaping them, though real Telegram keeps them as literal text.
    """
    out: list[str] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[JSON] = []
    pos = i = 0  # pos: UTF-16 offset reached in the output

    def fail(msg: str, k: int | None = None) -> ApiError:
        where = "" if k is None else f" at byte offset {len(src[:k].encode())}"
        return bad(f"can't parse entities: {msg}{where}")

    while i < len(src):
        if src[i] != "<":
            ch, j = _decode_entity(src, i) if src[i] == "&" else (src[i], i + 1)
            if ch is None:
                if strict:
                    snippet = re.match(r"&[^\s;&<]{0,10};?", src[i:]).group()  # type: ignore
                    raise fail(f'Unsupported HTML entity "{snippet}"', i)
                ch, j = "&", i + 1
            out.append(ch)
            pos, i = pos + u16len(ch), j
            continue
        closing = src.startswith("</", i)
        j = i + 1 + closing
        while j < len(src) and not src[j].isspace() and src[j] != ">":
            j += 1
        name = src[i + 1 + closing : j].lower()
        if closing:
            end = src.find(">", j)
            if not stack:
                raise fail("Unexpected end tag", i)
            if end < 0 or src[j:end].strip():
                raise fail("Unclosed end tag", i)
            tag, begin, attrs = stack.pop()
            if name and name != tag:
                raise fail(f'Unmatched end tag at byte offset {len(src[:i].encode())}, expected "</{tag}>", found "</{name}>"')
            _close_entity(entities, tag, begin, pos - begin, attrs)
            i = end + 1
            continue
        if j >= len(src):
            raise fail("Unclosed start tag", i)
        if name not in _HTML_TAGS:
            raise fail(f'Unsupported start tag "{name}"', i)
        m = _START_TAG_RE.match(src, i)
        if not m:
            raise fail("Unclosed start tag" if ">" not in src[j:] else f'Invalid attribute in the tag "{name}"', i)
        attrs: dict[str, str] = {}
        for a in re.finditer(_ATTR, m.group(1)):
            value = next((v for v in a.groups()[1:] if v is not None), None)
            if value is None and (name, a.group(1)) != ("blockquote", "expandable"):
                raise fail(f'Expected equal sign in declaration of an attribute of the tag "{name}"', i)
            attrs[a.group(1).lower()] = _unescape(value or "")
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise fail('Tag "span" must have class "tg-spoiler"', i)
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise fail("Custom emoji entity must contain a valid custom emoji identifier")
        stack.append((name, pos, attrs))
        i = m.end()
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _decode_entity(src: str, i: int) -> tuple[str | None, int]:
    """Decode the HTML entity at src[i] ('&'); (None, i) if Telegram does not support it."""
    m = _ENTITY_RE.match(src, i)
    if not m:
        return None, i
    if m.group(3) is not None:
        return _NAMED_ENTITIES.get(m.group(3)), m.end()
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, i
    return chr(code), m.end()


def _unescape(value: str) -> str:
    return re.sub(r"&[^&;\s]*;?", lambda m: _decode_entity(m.group(), 0)[0] or m.group(), value)


def _close_entity(entities: list[JSON], tag: str, offset: int, length: int, attrs: dict[str, str]) -> None:
    entity: JSON = {"type": _HTML_TAGS[tag], "offset": offset, "length": length}
    if tag == "a" and attrs.get("href"):
        entity["url"] = attrs["href"]
    elif tag == "a":
        return
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    elif tag == "code" and attrs.get("class", "").startswith("language-"):
        entity["language"] = attrs["class"].removeprefix("language-")
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "pre" and entities and entities[-1]["type"] == "code" and (entities[-1]["offset"], entities[-1]["length"]) == (offset, length):
        language = entities.pop().get("language")  # <pre><code class="language-x">
        entity |= {"language": language} if language else {}
    if length > 0:
        entities.append(entity)


# ----------------------------------------------------------------- HTTP plumbing
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org
    server_version, sys_version = "nginx/1.18.0", ""
    disable_nagle_algorithm = True  # headers and body are two writes: avoid 40 ms stalls
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.fake._cond:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.fake._cond:
            self.server.fake._connections.discard(self.connection)
        super().finish()

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep tests quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of new connections must not be refused (default backlog: 5)
    fake: FakeBotAPI

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients dropping keep-alive connections is normal; handler bugs go to .errors."""


def _client_gone(sock: socket.socket) -> bool:
    """Mid long poll the client sends nothing, so a readable socket peeking EOF means gone."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def _parse_params(query: str, body: bytes, content_type: str) -> JSON:
    """Query string plus urlencoded / multipart / JSON body, typed the way Telegram reads it."""
    raw: JSON = dict(parse_qsl(query, keep_blank_values=True))
    ctype = content_type.split(";")[0].strip().lower()
    if body and ctype == "application/json":
        try:
            raw.update(json.loads(body))
        except (ValueError, TypeError):
            raise bad("can't parse JSON object") from None
    elif body and ctype == "multipart/form-data":
        msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in msg.iter_parts():
            payload = part.get_payload(decode=True) or b""
            raw[part.get_param("name", header="content-disposition")] = (
                {"filename": part.get_filename(), "size": len(payload)} if part.get_filename() else payload.decode()
            )
    elif body:  # application/x-www-form-urlencoded: what PTB sends when there are no files
        raw.update(parse_qsl(body.decode(), keep_blank_values=True))
    for key, value in raw.items():
        if not isinstance(value, str):
            continue
        try:
            if key in _JSON_FIELDS:
                raw[key] = json.loads(value)
            elif key == "timeout":
                raw[key] = float(value)
            elif key in _INT_FIELDS and (key != "chat_id" or re.fullmatch(r"-?\d+", value)):
                raw[key] = int(value)
            elif key in _BOOL_FIELDS:
                raw[key] = value.lower() in ("true", "1")
        except ValueError:
            what = "reply keyboard markup" if key == "reply_markup" else key
            raise bad(f"can't parse {what} JSON object" if key in _JSON_FIELDS else f"invalid {key} specified") from None
    return raw


# ----------------------------------------------------------------- the fake
class FakeBotAPI:
    """Fake Bot API server: tests push updates and inspect ``calls``/``messages``."""

    def __init__(self, token: str, bot_username: str = "newsqa_test_bot", *, privacy_mode: bool = True, strict_html: bool = True) -> None:
        self.token = token
        self.privacy_mode = privacy_mode  # groups deliver only what a real bot would see
        self.strict_html = strict_html
        bot_id = int(token.split(":")[0]) if _TOKEN_RE.fullmatch(token) else 1
        self.bot_user: JSON = {"id": bot_id, "is_bot": True, "first_name": "NewsQA Test", "username": bot_username}
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self.raw_paths: list[str] = []  # every request path, 401/404 ones included
        self.errors: list[str] = []  # exceptions inside the fake (a fake bug if non-empty)
        self.faults_served = 0
        self._faults: list[list[Any]] = []  # [method, status, retry_after, description, left]
        self._queue: list[JSON] = []
        self._allowed: list[str] | None = None
        self._poll_gen, self._closing = 0, False
        self._update_ids = itertools.count(10001)
        self._query_ids = itertools.count(4_200_000_000_000_000_001)
        self._last_mid: defaultdict[int, int] = defaultdict(int)
        self._chats: dict[int, JSON] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._sent: list[JSON] = []
        self._open_queries: set[str] = set()
        self.blocked: set[int] = set()  # chats answering 403 "bot was blocked by the user"
        self.commands: dict[tuple[str, str], list[JSON]] = {}  # (scope JSON, lang) -> list
        self.descriptions: dict[tuple[str, str], str] = {}  # (kind, lang) -> text; kind "" or "short"
        self._connections: set[socket.socket] = set()
        self._in_flight = 0  # requests read but not yet answered: stop() lets them finish
        self._local = threading.local()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": self._get_me,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyDescription": self._set_my_description,
            "setMyShortDescription": self._set_my_short_description,
            "close": lambda p: True,
            "logOut": lambda p: True,
        }
        self._methods = {name.lower(): (name, fn) for name, fn in methods.items()}

    # ------------------------------------------------------------- lifecycle
    def start(self) -> FakeBotAPI:
        """Bind 127.0.0.1:0 (a free port) and serve from a daemon thread."""
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake, self._closing = self, False
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True, name="fake-botapi")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Answer pending long polls with [], then close every connection so nothing hangs."""
        if self._httpd is None:
            return
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            # Closing sockets under a handler that has not written its reply yet would
            # turn a released long poll into a dropped connection (a flaky test, once).
            self._cond.wait_for(lambda: self._in_flight == 0, timeout=2)
        self._httpd.shutdown()
        with self._cond:
            connections = list(self._connections)
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        assert self._thread is not None
        self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url()``; PTB appends ``{token}/{method}``."""
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/bot"

    # ------------------------------------------------------------- test-side API
    def inject(self, method: str, status: int, retry_after: int | None = None, times: int = 1, description: str | None = None) -> None:
        """Fail the next ``times`` calls of ``method`` ("*": any method) with ``status``,
        before they take effect: 429 with retry_after, 500 JSON, other 5xx a proxy page."""
        with self._cond:
            self._faults.append([method, status, retry_after, description, times])

    def push_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None = None,
        *,
        chat_type: str = "private",
        first_name: str = "用户",
        language_code: str = "zh-hans",
        reply_to_bot_message_id: int | None = None,
        entities: list[JSON] | None = None,
        sticker: bool = False,
        photo: bool = False,
        edited: bool = False,
        message_id: int | None = None,
        via_bot: bool = False,
    ) -> int | None:
        """Queue a user message and return its update_id, or None when Telegram would not
        deliver it (privacy mode: a group message that is no command/mention/reply to the bot).
        Like Telegram, commands and @mentions in ``text`` get entities automatically.
        ``edited`` re-sends ``message_id`` (default: the user's last one) as edited_message;
        ``via_bot`` marks it as sent through this bot's inline mode (an inline answer)."""
        if (chat_type == "private") != (chat_id == user_id) or (chat_id < 0) == (chat_type == "private"):
            raise ValueError("private chat ids equal the user id; group chat ids are negative")
        with self._cond:
            user = self._user(user_id, first_name, language_code)
            chat = (
                {"id": chat_id, "first_name": first_name, "type": "private"}
                if chat_type == "private"
                else {"id": chat_id, "title": f"测试群{-chat_id}", "type": chat_type}
            )
            self._chats[chat_id] = chat
            fields: JSON = {}
            if reply_to_bot_message_id is not None:
                fields["reply_to_message"] = self._snapshot(chat_id, reply_to_bot_message_id)
            if sticker:
                fields["sticker"] = {
                    "file_id": "CAACAgIAAxkBAAIB",
                    "file_unique_id": "AgADst",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "👍",
                }
            if photo:
                fields["photo"] = [{"file_id": f"AgACAgIAAxkBAAIB{w}", "width": w, "height": w, "file_unique_id": f"AQAD{w}"} for w in (90, 320, 1280)]
            ents = self._auto_entities(text or "") + list(entities or [])
            if text is not None:
                fields["caption" if photo else "text"] = text
            if ents:
                fields["caption_entities" if photo else "entities"] = ents
            if via_bot:
                fields["via_bot"] = copy.deepcopy(self.bot_user)
            if edited:
                mid = message_id or max((m for (c, m), v in self._messages.items() if c == chat_id and v["from"]["id"] == user_id), default=None)
                if mid is None:
                    raise ValueError("edited=True needs an earlier message from this user")
                msg = self._messages[(chat_id, mid)] = {
                    "message_id": mid,
                    "from": user,
                    "chat": chat,
                    "date": int(time.time()) - 1,
                    "edit_date": int(time.time()),
                    **fields,
                }
            else:
                msg = self._new_message(chat, user, **fields)
            if self.privacy_mode and chat_type != "private" and not self._bot_sees(msg, ents):
                return None
            return self._push({"edited_message" if edited else "message": copy.deepcopy(msg)})

    def delete_message(self, chat_id: int, message_id: int) -> None:
        """A user (or an anti-spam bot) deletes a message: replies to it now find nothing."""
        with self._cond:
            if self._messages.pop((chat_id, message_id), None) is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            for (chat, _), msg in self._messages.items():  # replies to it no longer show it
                if chat == chat_id and msg.get("reply_to_message", {}).get("message_id") == message_id:
                    del msg["reply_to_message"]

    def push_command(self, chat_id: int, user_id: int, text: str, **kwargs: Any) -> int | None:
        """push_message for a text starting with the command, e.g. "/ask 问题"."""
        if not text.startswith("/"):
            raise ValueError("a command starts with '/'")
        return self.push_message(chat_id, user_id, text, **kwargs)

    def push_callback(self, chat_id: int, user_id: int, message_id: int, data: str, *, first_name: str = "用户", language_code: str = "zh-hans") -> str:
        """A button press on bot message ``message_id``; returns the callback_query id."""
        with self._cond:
            msg = self._messages.get((chat_id, message_id))
            if msg is None or msg["from"]["id"] != self.bot_user["id"]:
                raise ValueError(f"no bot message {message_id} in chat {chat_id}")
            qid = str(next(self._query_ids))
            self._open_queries.add(qid)
            self._push(
                {
                    "callback_query": {
                        "id": qid,
                        "from": self._user(user_id, first_name, language_code),
                        "message": copy.deepcopy(msg),
                        "chat_instance": str(-7 * chat_id),
                        "data": data,
                    }
                }
            )
            return qid

    def push_inline_query(self, user_id: int, query: str, *, first_name: str = "用户", language_code: str = "zh-hans") -> str:
        """An inline query ("@bot query" typed anywhere); returns the inline_query id."""
        with self._cond:
            qid = str(next(self._query_ids))
            self._open_queries.add(qid)
            self._push(
                {"inline_query": {"id": qid, "from": self._user(user_id, first_name, language_code), "query": query, "offset": "", "chat_type": "sender"}}
            )
            return qid

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages as returned by successful sendMessage calls, in send order."""
        with self._cond:
            return [copy.deepcopy(m) for m in self._sent if chat_id is None or m["chat"]["id"] == chat_id]

    def messages(self, chat_id: int) -> list[JSON]:
        """Current state (after edits) of every bot message in the chat, by message_id."""
        with self._cond:
            return [copy.deepcopy(m) for (c, _), m in sorted(self._messages.items()) if c == chat_id and m["from"]["id"] == self.bot_user["id"]]

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return copy.deepcopy(self._queue)

    def wait_for(self, predicate: Callable[[FakeBotAPI], T], timeout: float = 10.0) -> T:
        """Block until predicate(self) is truthy and return it. Never call this on the event
        loop that runs the bot (it would freeze the bot): use ``async_wait_for`` there."""
        deadline = time.monotonic() + timeout
        while not (value := self._check(predicate, deadline, timeout)):
            time.sleep(0.01)
        return value

    async def async_wait_for(self, predicate: Callable[[FakeBotAPI], T], timeout: float = 10.0) -> T:
        """Like wait_for, but lets the event loop (and so the bot) run between checks."""
        deadline = time.monotonic() + timeout
        while not (value := self._check(predicate, deadline, timeout)):
            await asyncio.sleep(0.01)
        return value

    def _check(self, predicate: Callable[[FakeBotAPI], T], deadline: float, timeout: float) -> T:
        with self._cond:
            if (value := predicate(self)) or time.monotonic() < deadline:
                return value
            lines = [f"condition {getattr(predicate, '__name__', predicate)} not met within {timeout}s; last requests:"]
            lines += [
                f"  {c.status} {c.method} {json.dumps(c.params, ensure_ascii=False)[:200]} -> {json.dumps(c.response, ensure_ascii=False)[:200]}"
                for c in self._calls[-25:]
            ]
            lines.append(f"pending updates: {json.dumps(self._queue, ensure_ascii=False)[:800]}")
            lines.append(f"unserved faults: {self._faults}; fake errors: {self.errors}")
            raise TimeoutError("\n".join(lines))

    # ------------------------------------------------------------- request dispatch
    def _serve(self, h: _Handler) -> None:
        with self._cond:
            self._in_flight += 1
        try:
            self._answer(h)
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    def _answer(self, h: _Handler) -> None:
        url = urlsplit(h.path)
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        ctype_in = h.headers.get("Content-Type", "")
        with self._cond:
            self.raw_paths.append(h.path)
        m = re.fullmatch(r"/bot([^/]*)/([A-Za-z]*)", url.path)
        method, params, injected = (m.group(2) if m else url.path), {}, False
        ctype = "application/json"
        try:
            if not m or not _TOKEN_RE.fullmatch(m.group(1)):
                raise ApiError(404, "Not Found")  # what Telegram says to malformed tokens
            if m.group(1) != self.token:
                raise ApiError(401, "Unauthorized")
            method, fn = self._methods.get(m.group(2).lower(), (m.group(2), None))
            if fn is None:
                raise ApiError(404, "Not Found")
            params = _parse_params(url.query, body, ctype_in)
            if fault := self._take_fault(method):
                injected, (status, payload, ctype) = True, fault
            else:
                self._local.conn = h.connection
                with self._cond:  # copy under the lock: results may be live state
                    result = copy.deepcopy(fn(params))
                status, payload = 200, {"ok": True, "result": result}
                if method == "deleteWebhook":
                    payload["description"] = "Webhook is already deleted"
        except ApiError as e:
            status, payload = e.code, e.body()
        except _Abandoned:
            self._record(Call(method, params, 499, None, h.path, h.command, ctype_in))
            h.close_connection = True
            return
        except Exception as e:  # a bug in the fake: answer 500 and keep it visible
            with self._cond:
                self.errors.append(f"{method}: {e!r}")
            status, payload = 500, ApiError(500, "Internal Server Error").body()
        self._record(Call(method, params, status, payload, h.path, h.command, ctype_in, injected))
        raw = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(raw)))
            h.end_headers()
            h.wfile.write(raw)
        except OSError:
            h.close_connection = True

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)

    def _take_fault(self, method: str) -> tuple[int, Any, str] | None:
        with self._cond:
            fault = next((f for f in self._faults if f[0] == method), None) or next((f for f in self._faults if f[0] == "*"), None)
            if fault is None:
                return None
            fault[4] -= 1
            if fault[4] <= 0:
                self._faults.remove(fault)
            self.faults_served += 1
        _, status, retry_after, description, _ = fault
        phrase = HTTPStatus(status).phrase
        if status == 429:
            n = retry_after or 1
            return 429, ApiError(429, description or f"Too Many Requests: retry after {n}", {"retry_after": n}).body(), "application/json"
        if status > 500:  # the nginx in front of Telegram answers with an HTML page
            return (
                status,
                (
                    f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n"
                    f"<body>\r\n<center><h1>{status} {phrase}</h1></center>\r\n"
                    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
                ),
                "text/html",
            )
        return status, ApiError(status, description or phrase).body(), "application/json"

    # ------------------------------------------------------------- state helpers
    def _push(self, payload: JSON) -> int:
        """Queue an update unless the bot's allowed_updates exclude its type."""
        update_id, kind = next(self._update_ids), next(iter(payload))
        if (kind in self._allowed) if self._allowed else (kind not in _DEFAULT_OFF_UPDATES):
            self._queue.append({"update_id": update_id, **payload})
            self._cond.notify_all()
        return update_id

    @staticmethod
    def _user(user_id: int, first_name: str, language_code: str) -> JSON:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}

    def _new_message(self, chat: JSON, sender: JSON, **fields: Any) -> JSON:
        """Message ids count up per chat, shared by the users' and the bot's messages."""
        self._last_mid[chat["id"]] += 1
        msg = {"message_id": self._last_mid[chat["id"]], "from": sender, "chat": chat, "date": int(time.time()), **fields}
        self._messages[(chat["id"], msg["message_id"])] = msg
        return msg

    def _snapshot(self, chat_id: int, message_id: int) -> JSON:
        """A replied-to message as Telegram nests it: one level deep, no reply_to_message."""
        if (chat_id, message_id) not in self._messages:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        msg = copy.deepcopy(self._messages[(chat_id, message_id)])
        msg.pop("reply_to_message", None)
        return msg

    @staticmethod
    def _auto_entities(text: str) -> list[JSON]:
        found = [("bot_command", m) for m in _COMMAND_RE.finditer(text)]
        found += [("mention", m) for m in _MENTION_RE.finditer(text)]
        return sorted(({"type": kind, "offset": u16len(text[: m.start()]), "length": u16len(m.group())} for kind, m in found), key=lambda e: e["offset"])

    def _bot_sees(self, msg: JSON, entities: list[JSON]) -> bool:
        """Privacy mode: groups deliver commands, mentions of the bot and replies to it."""
        utf16 = (msg.get("text") or msg.get("caption") or "").encode("utf-16-le")
        me = "@" + self.bot_user["username"].lower()
        for e in entities:
            piece = utf16[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            if e["type"] == "bot_command" and ("@" not in piece or piece.lower().endswith(me)):
                return True
            if e["type"] == "mention" and piece.lower() == me:
                return True
        reply = msg.get("reply_to_message")
        return bool(reply and reply["from"]["id"] == self.bot_user["id"])

    # ------------------------------------------------------------- validation
    def _chat(self, p: JSON) -> JSON:
        chat_id = p.get("chat_id")
        if chat_id in (None, ""):
            raise bad("chat_id is empty")
        if chat_id not in self._chats:  # the bot can only write where a user reached it
            raise bad("chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return self._chats[chat_id]

    def _format(self, text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[JSON]]:
        """Parse text as Telegram does, trim it, and apply its emptiness and length limits."""
        if not isinstance(text, str) or not text:
            raise bad("message text is empty")
        mode = (parse_mode or "").lower()
        if mode == "html":
            text, entities = parse_html(text, self.strict_html)
        elif mode not in ("", "markdown", "markdownv2"):  # Markdown passes through unparsed
            raise bad("unsupported parse_mode")
        stripped = text.strip()
        shift, size = u16len(text[: len(text) - len(text.lstrip())]), u16len(stripped)
        fixed = []
        for e in entities or []:
            start, end = max(e["offset"] - shift, 0), min(e["offset"] + e["length"] - shift, size)
            if end > start:
                fixed.append({**e, "offset": start, "length": end - start})
        if not stripped:
            raise bad("message text is empty")
        if size > MAX_TEXT:
            raise bad("message is too long")
        return stripped, fixed

    @staticmethod
    def _markup(markup: Any, inline_only: bool = False) -> JSON | None:
        """Validate reply_markup; return what Telegram echoes back (inline keyboards only)."""
        if markup is None or (isinstance(markup, dict) and "inline_keyboard" not in markup and not inline_only):
            return None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad("can't parse reply keyboard markup JSON object")
        for button in itertools.chain.from_iterable(rows):
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad('can\'t parse inline keyboard button: Field "text" must be of type String')
            if not _BUTTON_ACTIONS & button.keys():
                raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= 64:
                raise bad("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
                raise bad("BUTTON_URL_INVALID")
        return copy.deepcopy(markup)

    # ------------------------------------------------------------- Bot API methods
    def _get_me(self, p: JSON) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _delete_webhook(self, p: JSON) -> bool:
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _set_webhook(self, p: JSON) -> bool:
        """Recorded, not called: like a self-hosted server in --local mode, plain http is accepted."""
        self.webhook_url = str(p.get("url", ""))
        return True

    def _get_webhook_info(self, p: JSON) -> JSON:
        return {"url": getattr(self, "webhook_url", ""), "has_custom_certificate": False, "pending_update_count": len(self._queue)}

    @staticmethod
    def _commands_key(p: JSON) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(p.get("language_code") or "")

    def _set_my_commands(self, p: JSON) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad("can't parse commands JSON object")
        for c in commands:
            if not re.fullmatch(r"/?[a-z0-9_]{1,32}", str(c.get("command", ""))):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
                raise bad("command description must be non-empty")
        self.commands[self._commands_key(p)] = [{"command": c["command"].lstrip("/"), "description": c["description"]} for c in commands]
        return True

    def _set_description(self, p: JSON, kind: str, key: str, limit: int) -> bool:
        text = str(p.get(key) or "")
        if len(text) > limit:
            raise bad(f"BOT_{'ABOUT' if kind else 'DESCRIPTION'}_INVALID")
        self.descriptions[(kind, str(p.get("language_code") or ""))] = text
        return True

    def _set_my_description(self, p: JSON) -> bool:
        return self._set_description(p, "", "description", 512)

    def _set_my_short_description(self, p: JSON) -> bool:
        return self._set_description(p, "short", "short_description", 120)

    def _get_my_commands(self, p: JSON) -> list[JSON]:
        return copy.deepcopy(self.commands.get(self._commands_key(p), []))

    def _delete_my_commands(self, p: JSON) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def _get_updates(self, p: JSON) -> list[JSON]:
        """Long polling: confirm by offset, then wait up to ``timeout`` for an update.
        A newer getUpdates makes a waiting one answer 409, as on Telegram."""
        self._poll_gen += 1
        gen = self._poll_gen
        self._cond.notify_all()
        if "allowed_updates" in p:  # persists; [] means "the default set"
            self._allowed = list(p["allowed_updates"] or []) or None
        offset = p.get("offset")
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + max(float(p.get("timeout") or 0), 0.0)
        while True:
            if offset and offset < 0:  # the last -offset updates; earlier ones are forgotten
                self._queue = self._queue[offset:]
            elif offset:
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
            if self._queue or self._closing:
                return copy.deepcopy(self._queue[:limit])
            if (remaining := deadline - time.monotonic()) <= 0:
                return []
            self._cond.wait(min(remaining, 0.1))
            if self._closing:
                continue  # answer [] at the top, before the socket is shut
            if _client_gone(self._local.conn):  # e.g. PTB cancelled this poll at stop
                raise _Abandoned()
            if self._poll_gen != gen:
                raise ApiError(409, CONFLICT)

    def _send_message(self, p: JSON) -> JSON:
        chat = self._chat(p)
        text, entities = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"))
        markup = self._markup(p.get("reply_markup"))
        fields: JSON = {}
        rp = p.get("reply_parameters") or {}
        if (mid := rp.get("message_id", p.get("reply_to_message_id"))) is not None:
            if (chat["id"], mid) in self._messages:
                fields["reply_to_message"] = self._snapshot(chat["id"], mid)
            elif not (rp.get("allow_sending_without_reply") or p.get("allow_sending_without_reply")):
                raise bad("message to be replied not found")
        fields["text"] = text
        fields |= {"entities": entities} if entities else {}
        fields |= {"reply_markup": markup} if markup else {}
        msg = self._new_message(chat, self.bot_user, **fields)
        self._sent.append(copy.deepcopy(msg))
        return msg

    def _edit_message_text(self, p: JSON) -> JSON | bool:
        if p.get("inline_message_id"):  # a message sent via inline mode: Telegram says True
            self._format(p.get("text"), p.get("parse_mode"), p.get("entities"))
            self._markup(p.get("reply_markup"), inline_only=True)
            return True
        chat = self._chat(p)
        if p.get("message_id") is None:
            raise bad("message identifier is not specified")
        msg = self._messages.get((chat["id"], p["message_id"]))
        if msg is None:
            raise bad("message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise bad("message can't be edited")
        if "text" not in msg:
            raise bad("there is no text in the message to edit")
        text, entities = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"))
        markup = self._markup(p.get("reply_markup"), inline_only=True)
        if (text, entities or None, markup) == (msg["text"], msg.get("entities"), msg.get("reply_markup")):
            raise bad(NOT_MODIFIED)
        msg["text"], msg["edit_date"] = text, int(time.time())
        for key, value in (("entities", entities), ("reply_markup", markup)):
            msg[key] = value  # leaving reply_markup out of an edit removes the keyboard
            if not value:
                del msg[key]
        return copy.deepcopy(msg)

    def _take_query(self, p: JSON, key: str) -> None:
        if str(p.get(key) or "") not in self._open_queries:
            raise bad(QUERY_TOO_OLD)

    def _answer_callback_query(self, p: JSON) -> bool:
        self._take_query(p, "callback_query_id")
        if len(str(p.get("text") or "")) > 200:
            raise bad("MESSAGE_TOO_LONG")
        self._open_queries.discard(str(p["callback_query_id"]))
        return True

    def _answer_inline_query(self, p: JSON) -> bool:
        self._take_query(p, "inline_query_id")
        results = p.get("results")
        if not isinstance(results, list):
            raise bad("can't parse results JSON object")
        if len(results) > 50:
            raise bad("RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if not all(1 <= len(i.encode()) <= 64 for i in ids):
            raise bad("RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise bad("RESULT_ID_DUPLICATE")
        for r in results:
            content = r.get("input_message_content")
            if r.get("type") == "article" and not isinstance(content, dict):
                raise bad("can't parse InlineQueryResultArticle: input_message_content expected")
            if isinstance(content, dict) and "message_text" in content:
                self._format(content["message_text"], content.get("parse_mode"), content.get("entities"))
            self._markup(r.get("reply_markup"), inline_only=True)
        self._open_queries.discard(str(p["inline_query_id"]))
        return True

    def _send_chat_action(self, p: JSON) -> bool:
        self._chat(p)
        if p.get("action") not in _CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True
