"""End to end: the real Application and its real polling loop against the fake Bot API server.

Each test starts its own fake server on 127.0.0.1 and its own Application (stopped in a
finally block); the NewsQA index is built once per module and shared.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import re
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import formatting as fmt
from bot.app import build_application, webhook_options
from bot.config import load_bot_config
from retrieval.config import load_config
from retrieval.model import Article
from retrieval.service import NewsQA

try:
    from tests.botkit import BOT, GROUP, TOKEN, make_app, running, settled, wait_sent
    from tests.fake_botapi import FakeBotAPI, u16len
except ImportError:  # tests/ on sys.path instead of the repo root
    from botkit import BOT, GROUP, TOKEN, make_app, running, settled, wait_sent  # type: ignore[no-redef]
    from fake_botapi import FakeBotAPI, u16len  # type: ignore[no-redef]

YANG = "马村区疫情防控指挥部第一副总指挥是谁?"
SORRY = "抱歉，出了点问题，请稍后再试。"
EXPIRED = "这个按钮已过期，请重新提问"

pytestmark = [
    pytest.mark.asyncio,
    # PTB 22's own RetryAfter.__init__ reads its deprecated int `retry_after`; nothing to fix on our side.
    pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"),
]


@pytest.fixture(scope="module")
def newsqa() -> NewsQA:
    return NewsQA.from_config(load_config(None))


@pytest.fixture(scope="module")
def questions() -> list[str]:
    with (Path(__file__).parent / "data" / "questions.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line)["q"] for line in f if line.strip()]


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(TOKEN) as server:
        yield server


def replies(fake: FakeBotAPI, chat_id: int) -> list[dict]:
    """Bot messages as sent (before later edits)."""
    return fake.sent_messages(chat_id)


def buttons(message: dict) -> dict[str, str]:
    return {b["text"]: b.get("callback_data") or b.get("url") for row in message["reply_markup"]["inline_keyboard"] for b in row}


CARD_END = re.compile(r"\n第 1/[0-9]+ 条$")


def bold_of(message: dict) -> list[str]:
    text = message["text"]
    return [text[e["offset"] : e["offset"] + e["length"]] for e in message.get("entities", []) if e["type"] == "bold"]


def callback_answers(fake: FakeBotAPI) -> list[str | None]:
    return [c.params.get("text") for c in fake.calls_to("answerCallbackQuery") if c.ok]


def delivered_messages(fake: FakeBotAPI) -> dict[tuple[int, int], dict]:
    """Every user message the bot received, keyed by (chat, message_id), from getUpdates answers."""
    out = {}
    for call in fake.calls_to("getUpdates"):
        for update in (call.response or {}).get("result", []) if call.ok else []:
            if msg := update.get("message"):
                out[(msg["chat"]["id"], msg["message_id"])] = msg
    return out


# ------------------------------------------------------------------ /start, questions, buttons
async def test_start_help_and_command_menu(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_command(1001, 1001, "/start")
        fake.push_command(1002, 1002, "/help", language_code="en")
        [zh] = await wait_sent(fake, 1001, 1)
        [en] = await wait_sent(fake, 1002, 1)
    assert "我读过 8 篇新闻报道（2020年2月），可以回答" in zh["text"] and "162" not in zh["text"]
    assert YANG in zh["text"] and "上一条" in zh["text"] and "原文" in zh["text"] and f"@{BOT}" in zh["text"]
    assert zh["reply_to_message"]["text"] == "/start"
    assert "I have read 8 articles (February 2020)." in en["text"]
    assert list(buttons(zh)) == [YANG, "谁向马村区红十字会捐款10万元?", "温县县长是谁?"]  # tappable examples
    menus = fake.commands
    assert [c["command"] for c in next(iter(menus.values()))] == ["start", "help", "ask", "new"]
    assert {lang for _, lang in menus} == {"", "en"}
    assert set(fake.descriptions) == {("", ""), ("", "en"), ("short", ""), ("short", "en")}
    assert "新闻问答" in fake.descriptions[("", "")] and "News Q&A" in fake.descriptions[("", "en")]
    assert all(0 < len(d) <= (120 if kind else 512) for (kind, _), d in fake.descriptions.items())


async def test_an_example_button_asks_its_question(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_command(1001, 1001, "/start")
        [help_msg] = await wait_sent(fake, 1001, 1)
        fake.push_callback(1001, 1001, help_msg["message_id"], buttons(help_msg)["温县县长是谁?"])
        [_, card] = await wait_sent(fake, 1001, 2)
    assert "李培华" in card["text"] and "\n问：温县县长是谁?\n" in card["text"] and CARD_END.search(card["text"])
    assert card["reply_to_message"]["message_id"] == help_msg["message_id"]


async def test_a_server_without_set_my_commands_is_tolerated(fake: FakeBotAPI, newsqa: NewsQA, caplog: pytest.LogCaptureFixture) -> None:
    fake.inject("setMyCommands", 404)
    async with running(make_app(fake, newsqa)):
        fake.push_command(1001, 1001, "/start")
        await wait_sent(fake, 1001, 1)
    assert "could not register the command menu" in caplog.text


async def test_question_answer_and_buttons(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [card] = await wait_sent(fake, 1001, 1)
        first_line = card["text"].split("\n")[0]
        assert "杨磊任第一副总指挥" in first_line and not first_line.startswith("直面没有硝烟的战场")  # answer first
        assert f"\n问：{YANG}\n" in card["text"] and "\n直面没有硝烟的战场 · 崔晶 · 2020年2月\n" in card["text"]
        assert card["text"].endswith("第 1/5 条") and card["reply_to_message"]["text"] == YANG
        assert "expandable_blockquote" in [e["type"] for e in card["entities"]]
        # bold only for an answer span the service found: one piece, never a single character
        assert len(bold_of(card)) <= 1 and all(len(piece) >= 2 for piece in bold_of(card))
        methods = [c.method for c in fake.calls if c.method in ("sendChatAction", "sendMessage")]
        assert methods == ["sendMessage"]  # a fast search shows no "typing…"
        assert list(buttons(card)) == ["原文", "下一条 ▶"]

        mid = card["message_id"]
        fake.push_callback(1001, 1001, mid, buttons(card)["下一条 ▶"])
        page2 = await fake.async_wait_for(lambda s: s.messages(1001)[0]["text"].endswith("第 2/5 条") and s.messages(1001)[0])
        assert list(buttons(page2)) == ["◀ 上一条", "原文", "下一条 ▶"]
        fake.push_callback(1001, 1001, mid, buttons(page2)["◀ 上一条"])
        await fake.async_wait_for(lambda s: s.messages(1001)[0]["text"] == card["text"])

        fake.push_callback(1001, 1001, mid, buttons(card)["原文"])
        await fake.async_wait_for(lambda s: len(callback_answers(s)) == 3)
        info, sentences = newsqa.article(buttons(card)["原文"].removeprefix("art:"))
        parts = (await wait_sent(fake, 1001, 2))[1:]
    assert parts[0]["reply_to_message"]["message_id"] == mid and parts[0]["text"].startswith(info.title)
    assert all(u16len(p["text"]) <= 4096 for p in parts)
    assert all(any(s.strip() in p["text"] for p in parts) for s in sentences)
    assert callback_answers(fake) == [None, None, "正在发送原文…"]
    assert len(fake.sent_messages(1001)) == 1 + len(parts)  # pages were edits, not new messages
    # each page press is acknowledged before its search, so the spinner stops at once: the
    # answerCallbackQuery of a press comes before the edit that shows its card
    order = [c.method for c in fake.calls if c.method in ("answerCallbackQuery", "editMessageText")]
    assert order[:4] == ["answerCallbackQuery", "editMessageText"] * 2


async def test_full_text_of_a_long_article_is_split(fake: FakeBotAPI) -> None:
    sentences = [f"第{i}句：温县第{i}号卫生院储备口罩{i * 37}箱与消毒液{i * 11}桶及防护服{i * 5}套{'以备不时之需并由专人登记造册' * 5}。" for i in range(80)]
    body = "\n".join("".join(sentences[i : i + 4]) for i in range(0, 80, 4))
    qa = NewsQA.build([Article(id="long:1", title="长篇<报道>", text=body, byline="记者 & 通讯员", date="2020-03")])
    async with running(make_app(fake, qa)):
        fake.push_message(1001, 1001, "第7句说的是什么物资储备?")
        [card] = await wait_sent(fake, 1001, 1)
        data = buttons(card)["原文"]
        info, article = qa.article(data.removeprefix("art:"))
        assert len(article) == len(sentences)  # one passage per sentence
        expected = len(fmt.split_article(info, article))
        fake.push_callback(1001, 1001, card["message_id"], data)
        await fake.async_wait_for(lambda s: len(callback_answers(s)) == 1)
        parts = (await wait_sent(fake, 1001, 1 + expected))[1:]
    assert 3 <= len(parts) == expected <= 5 and parts[0]["text"].startswith("长篇<报道>\n记者 & 通讯员 · 2020年3月")
    assert all(u16len(p["text"]) <= 4096 for p in parts)
    assert [p["text"].rsplit("（", 1)[1] for p in parts] == [f"第 {i}/{len(parts)} 段）" for i in range(1, len(parts) + 1)]
    for s in sentences:  # each sentence whole, inside exactly one message
        assert sum(s in p["text"] for p in parts) == 1


async def test_buttons_work_after_a_restart(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [card] = await wait_sent(fake, 1001, 1)
    # A new process: a freshly built index and Application, no memory of the first one.
    async with running(make_app(fake, NewsQA.from_config(load_config(None)))):
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["下一条 ▶"])
        await fake.async_wait_for(lambda s: s.messages(1001)[0]["text"].endswith("第 2/5 条"))
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["原文"])
        await wait_sent(fake, 1001, 2)
    assert callback_answers(fake) == [None, "正在发送原文…"]


async def test_buttons_survive_a_rebuild_that_keeps_the_article(fake: FakeBotAPI, newsqa: NewsQA, page_articles: list[Article]) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [card] = await wait_sent(fake, 1001, 1)
    extra = Article(id="extra:1", title="新增报道", text="温县新增一处疫情防控卡点。", date="2020-02-05")
    rebuilt = NewsQA.build([extra, *page_articles])  # every passage id moves, the fingerprint changes
    assert rebuilt.stats().passages != newsqa.stats().passages
    async with running(make_app(fake, rebuilt)):
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["原文"])
        [_, article] = await wait_sent(fake, 1001, 2)
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["下一条 ▶"])
        await fake.async_wait_for(lambda s: s.messages(1001)[0]["text"].endswith("第 2/5 条"))
    assert article["text"].startswith("直面没有硝烟的战场") and EXPIRED not in callback_answers(fake)


async def test_expired_and_malformed_buttons(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [card] = await wait_sent(fake, 1001, 1)
        fake.push_command(1001, 1001, "/start")
        [_, help_msg] = await wait_sent(fake, 1001, 2)
        for data in ("a:ffffffff:8", "garbage", "pg:99", "art:no-such-article", "ex:9", "pg:-1"):
            fake.push_callback(1001, 1001, card["message_id"], data)
        fake.push_callback(1001, 1001, help_msg["message_id"], "pg:1")  # no question under it
        await fake.async_wait_for(lambda s: len(callback_answers(s)) == 7)
    assert Counter(callback_answers(fake)) == {EXPIRED: 6, "找不到原来的问题了，请重新提问": 1}
    assert fake.messages(1001)[0]["text"] == card["text"] and len(fake.sent_messages(1001)) == 2


async def test_off_topic_question_gets_the_no_answer_text(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "红烧肉怎么做?")
        [reply] = await wait_sent(fake, 1001, 1)
    assert reply["text"].startswith("抱歉，现有的报道里没有找到关于「红烧肉怎么做?」的内容。")
    assert "我收录了 8 篇报道，和这个问题最接近的是：" in reply["text"]
    assert len(buttons(reply)) == 3 and all(d.startswith("ex:") for d in buttons(reply).values())
    assert reply["reply_to_message"]["text"] == "红烧肉怎么做?"


async def test_no_answer_suggests_the_nearest_headlines(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "温县经济的GDP是多少?")
        [reply] = await wait_sent(fake, 1001, 1)
    assert reply["text"].startswith("抱歉，现有的报道里没有找到")
    suggested = [line[2:] for line in reply["text"].split("\n") if line.startswith("• ")]
    assert suggested[0] == "温县召开经济运行调度视频会议" and suggested[:2] != ["直面没有硝烟的战场", "马村区疫情防控指挥部第三次工作视频会议召开"]


# ------------------------------------------------------------------ groups and inline mode
async def test_group_answers_only_ask_mentions_and_replies(newsqa: NewsQA) -> None:
    with FakeBotAPI(TOKEN, privacy_mode=False) as fake:  # the bot sees all chatter and must ignore it
        async with running(make_app(fake, newsqa)) as app:
            kw: dict[str, Any] = {"chat_type": "supergroup"}
            fake.push_message(GROUP, 1001, "今天天气不错，温县县长是谁?", **kw)
            fake.push_message(GROUP, 1002, "@someone_else 温县县长是谁?", **kw)
            fake.push_command(GROUP, 1001, "/ask@other_bot 温县县长是谁?", **kw)
            fake.push_command(GROUP, 1001, "/ask 温县县长是谁?", **kw)
            fake.push_message(GROUP, 1002, f"@{BOT} 谁任马村区疫情防控指挥部指挥长?", **kw)
            sent = await wait_sent(fake, GROUP, 2)
            fake.push_message(GROUP, 1003, "谁向马村区红十字会捐款10万元?", reply_to_bot_message_id=sent[0]["message_id"], **kw)
            fake.push_message(GROUP, 1003, "随便聊聊", **kw)
            sent = await wait_sent(fake, GROUP, 3)
            mention_card = next(m for m in sent if m["reply_to_message"]["text"].startswith("@"))
            fake.push_callback(GROUP, 1002, mention_card["message_id"], buttons(mention_card)["下一条 ▶"])
            await fake.async_wait_for(lambda s: any(m["text"].endswith("第 2/5 条") for m in s.messages(GROUP)))
            await settled(fake, app)  # the last chatter, too, was handled: with no reply
    asked = sorted(m["reply_to_message"]["text"] for m in fake.sent_messages(GROUP))
    assert asked == sorted(["/ask 温县县长是谁?", f"@{BOT} 谁任马村区疫情防控指挥部指挥长?", "谁向马村区红十字会捐款10万元?"])
    texts = {m["reply_to_message"]["text"]: m["text"] for m in fake.sent_messages(GROUP)}
    assert all(CARD_END.search(text) for text in texts.values())  # answer cards, all three
    assert "李培华" in texts["/ask 温县县长是谁?"] and "宗家桢" in texts[f"@{BOT} 谁任马村区疫情防控指挥部指挥长?"]
    assert "捐款" in texts["谁向马村区红十字会捐款10万元?"]


async def test_inline_query(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_inline_query(1001, "温县县长是谁?")
        fake.push_inline_query(1002, "红烧肉怎么做?")
        fake.push_inline_query(1003, "   ")
        fake.push_inline_query(1004, "英利经贸捐款的那张新闻照片是谁拍的?")  # a byline first, then its sentence
        await fake.async_wait_for(lambda s: len([c for c in s.calls_to("answerInlineQuery") if c.ok]) == 4)
    calls = {c.params["inline_query_id"]: c.params for c in fake.calls_to("answerInlineQuery")}
    found, none, empty, credit = (calls[k] for k in sorted(calls))
    assert [c.ok for c in fake.calls_to("answerInlineQuery")] == [True] * 4
    assert len({r["id"] for r in credit["results"]}) == len(credit["results"]) > 1
    assert credit["results"][0]["input_message_content"]["message_text"].startswith("<b>梁双 摄</b>")
    assert credit["results"][0]["title"].startswith("梁双 摄 · ")
    results = found["results"]
    expected = newsqa.ask("温县县长是谁?").hits
    assert [r["title"] for r in results] == [fmt.cut(h.text.strip(), 100) for h in expected]  # answering sentences
    assert len({r["title"] for r in results}) == len(results)  # not all the article's title
    assert all("第 1/" not in r["input_message_content"]["message_text"] for r in results)  # no page counter
    assert "问：温县县长是谁?" in results[0]["input_message_content"]["message_text"]
    assert 1 <= len(results) <= 5 and len({r["id"] for r in results}) == len(results)
    assert all(r["type"] == "article" and r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    assert "李培华" in results[0]["input_message_content"]["message_text"] and "reply_markup" not in results[0]
    assert 0 < int(found["cache_time"]) <= 10
    assert none["results"] == [] and none["button"]["start_parameter"] == "help"
    assert empty["results"] == [] and empty["button"]["start_parameter"] == "help"


# ------------------------------------------------------------------ odd input and allowed chats
async def test_stickers_photos_edits_and_long_questions(fake: FakeBotAPI, newsqa: NewsQA, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    async with running(make_app(fake, newsqa), allowed_updates=None):  # edits delivered too
        fake.push_message(1001, 1001, None, sticker=True)
        fake.push_message(1001, 1001, "温县县长是谁?", photo=True)
        fake.push_message(1001, 1001, "温" * 201)
        fake.push_command(1001, 1001, "/ask")
        fake.push_command(1001, 1001, "/frobnicate")
        fake.push_message(1001, 1001, YANG)
        await wait_sent(fake, 1001, 6)
        fake.push_message(1001, 1001, "<b>红烧肉</b> & 怎么做?")
        await wait_sent(fake, 1001, 7)
    in_order = sorted(fake.sent_messages(1001), key=lambda m: m["reply_to_message"]["message_id"])
    texts = [m["text"] for m in in_order]  # replies in the order of the questions (handled concurrently)
    assert len(texts) == 7
    assert texts[0] == texts[1] == "我只能回答文字问题，请直接用文字提问。"
    assert texts[2] == "问题太长了（201 个字），请控制在 200 个字以内。"
    assert texts[3].startswith("请在命令后面写上问题，例如：/ask ")
    assert texts[4] == "我不认识这个命令。发送 /help 查看用法。"
    assert "杨磊任第一副总指挥" in texts[5] and "「<b>红烧肉</b> & 怎么做?」" in texts[6]  # shown as typed
    assert in_order[6]["reply_to_message"]["text"] == "<b>红烧肉</b> & 怎么做?"
    assert SORRY not in texts and not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_allowed_chat_ids(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa, allowed_chat_ids=[1001])) as app:
        fake.push_message(1002, 1002, YANG)
        fake.push_inline_query(1002, YANG)
        fake.push_message(1001, 1001, YANG)
        await wait_sent(fake, 1001, 1)
        await settled(fake, app)
    assert fake.sent_messages(1002) == [] and fake.calls_to("answerInlineQuery") == []


class SlowQA:
    """Delegates to a NewsQA, but one question takes 2 s: other chats must not wait for it."""

    def __init__(self, qa: NewsQA) -> None:
        self._qa = qa

    def __getattr__(self, name: str) -> Any:
        return getattr(self._qa, name)

    def ask(self, question: str, top_k: int | None = None) -> Any:
        if question.startswith("慢"):
            time.sleep(2)
        return self._qa.ask(question, top_k)


async def test_a_slow_search_does_not_stall_other_chats(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, SlowQA(newsqa))):  # type: ignore[arg-type]
        fake.push_message(1001, 1001, "慢 " + YANG)
        await fake.async_wait_for(lambda s: s.calls_to("sendChatAction"))
        fake.push_message(1002, 1002, "温县县长是谁?")
        await wait_sent(fake, 1002, 1, timeout=1.5)
        assert fake.sent_messages(1001) == []
        await wait_sent(fake, 1001, 1)


# ------------------------------------------------------------------ load and failures
@pytest.mark.parametrize("pace", [30, 0], ids=["telegram-pace", "unthrottled"])
async def test_twenty_users_two_hundred_questions(fake: FakeBotAPI, newsqa: NewsQA, questions: list[str], pace: int) -> None:
    users, per_user, limit = 20, 10, 8
    asked = questions
    async with running(make_app(fake, newsqa, rate_limit_per_minute=limit, flood_rate_per_second=pace)) as app:
        started = time.perf_counter()
        for i in range(per_user):
            for u in range(users):
                fake.push_message(5000 + u, 5000 + u, asked[(u * per_user + i) % len(asked)])
        # Count calls (a cheap list copy), not messages (a deep copy under the server's lock).
        replies = users * (limit + 1)  # each user's over-limit questions: one refusal, then silence
        await fake.async_wait_for(lambda s: sum(c.ok for c in s.calls_to("sendMessage")) >= replies, timeout=60)
        took = time.perf_counter() - started
        await settled(fake, app, timeout=30)  # every question handled: no reply still to come
    sent = fake.sent_messages()
    received = delivered_messages(fake)
    assert len(received) == users * per_user and len(sent) == replies
    per_message = Counter((m["chat"]["id"], m["reply_to_message"]["message_id"]) for m in sent)
    assert set(per_message) <= set(received) and set(per_message.values()) == {1}  # one reply each at most
    assert Counter(chat for chat, _ in per_message) == {5000 + u: limit + 1 for u in range(users)}  # none lost
    limited = Counter(m["chat"]["id"] for m in sent if m["text"].startswith("您提问太快了"))
    assert limited == {5000 + u: 1 for u in range(users)}  # one refusal per window, then silence
    answered = sum(
        1 for m in sent if CARD_END.search(m["text"]) or m["text"].startswith(("抱歉，现有的报道", "没有可以接着问", "不客气！", "好的。还想"))
    )  # 谢谢你!: one line
    assert answered == users * limit
    print(
        f"\n[throughput, pace={pace}/s] {len(received)} questions handled ({len(sent)} replies, the rest "
        f"silently over the limit) in {took:.2f} s = {len(received) / took:.1f}/s ({answered} searched)"
    )


async def test_429_storm_is_survived(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    fake.inject("sendMessage", 429, retry_after=1, times=4)
    async with running(make_app(fake, newsqa)):
        for u in range(5):
            fake.push_message(1001 + u, 1001 + u, YANG)
        await fake.async_wait_for(lambda s: len(s.sent_messages()) == 5, timeout=30)
    assert all("杨磊任第一副总指挥" in m["text"] for m in fake.sent_messages())
    assert sum(c.status == 429 for c in fake.calls_to("sendMessage")) == 4 and fake.faults_served == 4


async def test_5xx_is_survived(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    fake.inject("getUpdates", 502, times=2)
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)  # polling must get past two bad gateways
        [card] = await wait_sent(fake, 1001, 1, timeout=20)
        fake.inject("sendMessage", 502)
        fake.push_message(1002, 1002, YANG)  # the answer fails: the user is told, the bot lives on
        [sorry] = await wait_sent(fake, 1002, 1)
        fake.inject("editMessageText", 500)
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["下一条 ▶"])
        # the press was acknowledged before the search, so the failed edit is told in the chat
        [_, sorry_in_chat] = await wait_sent(fake, 1001, 2)
        assert sorry_in_chat["text"] == SORRY and callback_answers(fake) == [None]
        fake.push_message(1002, 1002, YANG)
        await wait_sent(fake, 1002, 2)
    assert sorry["text"] == SORRY and sorry["reply_to_message"]["text"] == YANG
    assert "杨磊任第一副总指挥" in fake.sent_messages(1002)[1]["text"]
    assert fake.faults_served == 4


async def test_the_token_never_reaches_a_log(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    lines: list[str] = []

    class Capture(logging.Handler):  # any handler: the record factory scrubs records before they arrive
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    capture = Capture(logging.DEBUG)
    capture.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    saved = root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore", "telegram")}
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for name in saved[1]:
        logging.getLogger(name).setLevel(logging.DEBUG)  # httpx at DEBUG logs every URL: the worst case
    try:
        async with running(make_app(fake, newsqa)):
            fake.push_command(1001, 1001, "/start")
            fake.push_message(1001, 1001, YANG)
            sent = await wait_sent(fake, 1001, 2)
            fake.inject("sendMessage", 502)
            fake.push_message(1002, 1002, YANG)
            await wait_sent(fake, 1002, 1)
            fake.push_callback(1001, 1001, sent[1]["message_id"], buttons(sent[1])["原文"])
            await wait_sent(fake, 1001, 3)
        wrong = load_bot_config({"bot": {"base_url": fake.base_url + "x"}}, None, {})
        async with running(build_application(load_config(None), wrong, TOKEN, qa=newsqa)):
            pass
    except Exception:  # the wrong base_url makes startup fail; its traceback must be clean too
        logging.getLogger("test").exception("start-up failed")
    finally:
        root.removeHandler(capture)
        root.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)
    log = "\n".join(lines)
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "/bot[REDACTED]/sendMessage" in log  # httpx did log the URLs, redacted
    assert "error while handling an update" in log and "Traceback" in log and "start-up failed" in log


async def test_webhook_mode(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    fake.push_message(1001, 1001, YANG)
    update = fake.pending_updates()[0]
    for attempt in range(5):
        port = free_port()
        app = make_app(fake, newsqa, mode="webhook", webhook_url=f"http://127.0.0.1:{port}/hook", webhook_port=port, webhook_secret_token="s3cret-value")
        options = webhook_options(app.bot_data.state.cfg)
        assert options["url_path"] == "hook" and options["secret_token"] == "s3cret-value"
        async with app:
            assert app.updater is not None
            try:
                await app.updater.start_webhook(**options)  # type: ignore[arg-type]
            except OSError as e:  # the port was taken between free_port() and the bind (tests run on two workers)
                if e.errno != errno.EADDRINUSE or attempt == 4:
                    raise
                continue
            await app.start()
            try:
                async with httpx.AsyncClient() as client:
                    url = f"http://127.0.0.1:{port}/hook"
                    denied = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
                    ok = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"})
                [card] = await wait_sent(fake, 1001, 1)
            finally:
                await app.updater.stop()
                await app.stop()
        break
    assert denied.status_code == 403 and ok.status_code == 200 and "杨磊任第一副总指挥" in card["text"]
    assert fake.calls_to("setWebhook")[0].params["secret_token"] == "s3cret-value"


def free_port() -> int:
    """A free TCP port on 127.0.0.1, released again for the webhook server to bind (which may then find it taken)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ------------------------------------------------------------------ issue 11: a chat with manners
def ok_calls(fake: FakeBotAPI, method: str, chat_id: int) -> list:
    return [c for c in fake.calls_to(method) if c.ok and c.params.get("chat_id") == chat_id]


async def test_a_deleted_question_still_gets_its_answer(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        mid = fake.push_message(1001, 1001, YANG) and max(m for c, m in delivered_or_stored(fake) if c == 1001)
        fake.delete_message(1001, mid)  # an anti-spam bot removes it before the bot can answer
        fake.push_message(GROUP, 1002, "/ask 温县县长是谁?", chat_type="supergroup")
        group_mid = max(m for c, m in delivered_or_stored(fake) if c == GROUP)
        fake.delete_message(GROUP, group_mid)
        [card] = await wait_sent(fake, 1001, 1)
        [group_card] = await wait_sent(fake, GROUP, 1)
    assert "杨磊任第一副总指挥" in card["text"] and "reply_to_message" not in card
    assert "李培华" in group_card["text"] and "reply_to_message" not in group_card
    assert all(c.ok for c in fake.calls_to("sendMessage"))  # no 400 "message to be replied not found"
    assert SORRY not in [m["text"] for m in fake.sent_messages()]


def delivered_or_stored(fake: FakeBotAPI) -> list[tuple[int, int]]:
    """(chat, message_id) of every message the fake holds or has queued."""
    return [(u["message"]["chat"]["id"], u["message"]["message_id"]) for u in fake.pending_updates() if "message" in u]


async def test_sixteen_users_in_one_group_all_answered_promptly(fake: FakeBotAPI, newsqa: NewsQA, questions: list[str]) -> None:
    asked = [q for q in questions if newsqa.ask(q).answered][:16]
    async with running(make_app(fake, newsqa)):  # default pacing: 30/s overall, Telegram's 20/min per group
        for u, question in enumerate(asked):
            fake.push_command(GROUP, 7000 + u, f"/ask {question}", chat_type="supergroup")
            await asyncio.sleep(0.5)  # 16 questions spread over 8 s
        last = time.perf_counter()
        await wait_sent(fake, GROUP, 16, timeout=30)
        took = time.perf_counter() - last
    assert took <= 5, f"the last answers came {took:.1f} s after the last question"
    assert ok_calls(fake, "sendChatAction", GROUP) == []  # no typing: it would spend the group's budget
    assert sum(bool(CARD_END.search(m["text"])) for m in fake.sent_messages(GROUP)) == 16


async def test_typing_only_for_slow_searches_and_never_in_groups(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, SlowQA(newsqa))):  # type: ignore[arg-type]
        fake.push_message(1001, 1001, "温县县长是谁?")
        await wait_sent(fake, 1001, 1)
        assert ok_calls(fake, "sendChatAction", 1001) == []  # fast: no typing
        fake.push_message(1001, 1001, "慢 " + YANG)
        fake.push_command(GROUP, 1002, "/ask 慢 " + YANG, chat_type="supergroup")
        await wait_sent(fake, 1001, 2)
        await wait_sent(fake, GROUP, 1)
    assert len(ok_calls(fake, "sendChatAction", 1001)) == 1 and ok_calls(fake, "sendChatAction", GROUP) == []


async def test_one_refusal_per_window_commands_count_invalid_input_does_not(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa, rate_limit_per_minute=3)):
        fake.push_message(1001, 1001, "温" * 201)  # invalid: answered, not counted
        fake.push_message(1001, 1001, None, sticker=True)  # invalid: answered, not counted
        fake.push_command(1001, 1001, "/start")  # 1
        fake.push_command(1001, 1001, "/frobnicate")  # 2
        fake.push_message(1001, 1001, YANG)  # 3
        await wait_sent(fake, 1001, 5)
        for _ in range(5):
            fake.push_message(1001, 1001, YANG)  # over: one refusal, then silence
        fake.push_command(1001, 1001, "/help")  # over as well
        await wait_sent(fake, 1001, 6)
        # A later question from someone else: handled after the flood, whose limit checks come
        # first in each handler; by the time it is answered any (wrong) reply was on its way.
        fake.push_message(1002, 1002, YANG)
        await wait_sent(fake, 1002, 1)
        await fake.async_wait_for(lambda s: not any(c.response is None for c in s.calls_to("sendMessage")))
    texts = [m["text"] for m in fake.sent_messages(1001)]
    assert len(texts) == 6 and sum(t.startswith("您提问太快了") for t in texts) == 1
    assert any(t.startswith("问题太长了") for t in texts) and "我只能回答文字问题，请直接用文字提问。" in texts


async def test_our_own_inline_answers_are_not_questions(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "杨磊任第一副总指挥\n问：" + YANG, via_bot=True)  # posted via @bot
        fake.push_message(1001, 1001, "温县县长是谁?")
        [only] = await wait_sent(fake, 1001, 1)  # handled in order: the via_bot one was dropped first
        await fake.async_wait_for(lambda s: not s.pending_updates())
    assert "李培华" in only["text"] and len(fake.sent_messages(1001)) == 1
    assert only["reply_to_message"]["text"] == "温县县长是谁?"


async def test_an_edited_question_is_answered_again(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [first] = await wait_sent(fake, 1001, 1)
        fake.push_message(1001, 1001, "温县县长是谁?", edited=True)
        [_, second] = await wait_sent(fake, 1001, 2)
    assert "杨磊" in first["text"] and "李培华" in second["text"] and "问：温县县长是谁?" in second["text"]
    assert second["reply_to_message"]["message_id"] == first["reply_to_message"]["message_id"]


async def test_pages_work_after_the_question_is_deleted(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, YANG)
        [card] = await wait_sent(fake, 1001, 1)
        fake.delete_message(1001, card["reply_to_message"]["message_id"])
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["下一条 ▶"])
        page2 = await fake.async_wait_for(lambda s: s.messages(1001)[0]["text"].endswith("第 2/5 条") and s.messages(1001)[0])
    assert "reply_to_message" not in page2 and f"问：{YANG}" in page2["text"]
    assert page2["text"].split("\n")[0].lstrip("…") in newsqa.ask(YANG).hits[1].text  # the card may open at the answer's clause


async def test_follow_up_questions_new_topic_and_orphans(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "温县县长是谁?")
        await wait_sent(fake, 1001, 1)
        fake.push_message(1001, 1001, "他1月29日晚去了哪里督导?")
        [_, follow] = await wait_sent(fake, 1001, 2)
        assert "焦温高速下站口" in follow["text"]
        assert "问：他1月29日晚去了哪里督导?（接上题：温县县长是谁?）" in follow["text"]
        fake.push_callback(1001, 1001, follow["message_id"], buttons(follow)["下一条 ▶"])
        page2 = await fake.async_wait_for(lambda s: s.messages(1001)[-1]["text"].endswith("第 2/5 条") and s.messages(1001)[-1])
        assert "（接上题：温县县长是谁?）" in page2["text"]
        fake.push_command(1001, 1001, "/new")
        [*_, fresh] = await wait_sent(fake, 1001, 3)
        fake.push_message(1001, 1001, "还有呢?")
        [*_, orphan] = await wait_sent(fake, 1001, 4)
    assert fresh["text"] == "好的，换个话题。请提问。"
    assert orphan["text"] == "没有可以接着问的上一个问题，请把问题问完整。"


async def test_thanks_get_one_line_and_an_unanswered_follow_up_says_so(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "温县县长是谁?")
        await wait_sent(fake, 1001, 1)
        fake.push_message(1001, 1001, "谢谢!")
        [_, thanks] = await wait_sent(fake, 1001, 2)
        fake.push_message(1001, 1001, "他今年多大?")  # the conversation goes on past the thanks
        [*_, again] = await wait_sent(fake, 1001, 3)
        fake.push_message(1001, 1001, "他1月29日晚去了哪里督导?")
        [*_, follow] = await wait_sent(fake, 1001, 4)
    assert thanks["text"] == "不客气！还想知道什么，直接问我就行。" and "reply_markup" not in thanks
    assert again["text"].startswith("没找到明确的回答，这是刚才那段报道：\n") and "县长李培华" in again["text"]
    assert "焦温高速下站口" in follow["text"] and not follow["text"].startswith("没找到")


async def test_paging_back_to_a_re_shown_report_keeps_its_note(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_message(1001, 1001, "温县县长是谁?")
        await wait_sent(fake, 1001, 1)
        fake.push_message(1001, 1001, "他今年多大?")
        [_, again] = await wait_sent(fake, 1001, 2)
        fake.push_callback(1001, 1001, again["message_id"], buttons(again)["下一条 ▶"])
        page2 = await fake.async_wait_for(lambda s: s.messages(1001)[-1]["text"].endswith("第 2/5 条") and s.messages(1001)[-1])
        fake.push_callback(1001, 1001, again["message_id"], buttons(page2)["◀ 上一条"])
        page1 = await fake.async_wait_for(lambda s: s.messages(1001)[-1]["text"].endswith("第 1/5 条") and s.messages(1001)[-1])
    assert not page2["text"].startswith("没找到明确的回答") and page1["text"].startswith("没找到明确的回答，这是刚才那段报道：\n")


async def test_each_group_member_has_their_own_conversation(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_command(GROUP, 1001, "/ask 温县县长是谁?", chat_type="supergroup")
        await wait_sent(fake, GROUP, 1)
        fake.push_command(GROUP, 1002, "/ask 还有呢?", chat_type="supergroup")
        fake.push_command(GROUP, 1001, "/ask 还有呢?", chat_type="supergroup")
        sent = await wait_sent(fake, GROUP, 3)
    by_user = {m["reply_to_message"]["from"]["id"]: m["text"] for m in sent[1:]}
    assert by_user[1002] == "没有可以接着问的上一个问题，请把问题问完整。"
    assert CARD_END.search(by_user[1001])


async def test_group_chatter_gets_nothing_and_unanswered_questions_one_line(newsqa: NewsQA) -> None:
    with FakeBotAPI(TOKEN) as fake:
        async with running(make_app(fake, newsqa)):
            kw: dict[str, Any] = {"chat_type": "supergroup"}
            fake.push_command(GROUP, 1001, "/ask 温县县长是谁?", **kw)
            [card] = await wait_sent(fake, GROUP, 1)
            fake.push_message(GROUP, 1002, "谢谢", reply_to_bot_message_id=card["message_id"], **kw)
            fake.push_message(GROUP, 1003, f"@{BOT} 哈哈", **kw)
            fake.push_message(GROUP, 1004, "温县经济的GDP是多少?", reply_to_bot_message_id=card["message_id"], **kw)
            fake.push_message(GROUP, 1005, f"@{BOT} 谁向马村区红十字会捐款10万元?", **kw)
            # the chatter is dropped before any await; the two questions need a search each
            sent = await wait_sent(fake, GROUP, 3)
            await fake.async_wait_for(lambda s: not s.pending_updates())
    replied_to = sorted(m["reply_to_message"]["from"]["id"] for m in sent[1:])
    assert replied_to == [1004, 1005]
    short = next(m["text"] for m in sent if m["reply_to_message"]["from"]["id"] == 1004)
    assert short == "没找到相关的报道。"  # one short line, never the help block


async def test_traditional_chinese_users_get_a_traditional_ui(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        fake.push_command(1001, 1001, "/start", language_code="zh-hant")
        fake.push_message(1002, 1002, YANG, language_code="zh-TW")
        [start_msg] = await wait_sent(fake, 1001, 1)
        [card] = await wait_sent(fake, 1002, 1)
    assert start_msg["text"].startswith("你好！我是新聞問答機器人。") and "怎麼用" in start_msg["text"]
    assert f"問：{YANG}" in card["text"] and card["text"].endswith("第 1/5 條")
    assert "杨磊任第一副总指挥" in card["text"]  # the corpus is quoted as written
    assert list(buttons(card)) == ["原文", "下一條 ▶"]


async def test_url_button_and_a_capped_full_text(fake: FakeBotAPI) -> None:
    body = "\n".join(f"第{i}段：温县第{i}号卫生院储备口罩{i * 37}箱。" + "并由专人登记造册以备不时之需。" * 60 for i in range(120))
    qa = NewsQA.build([Article(id="long:2", title="很长的报道", text=body, date="2020-03-05", url="https://example.com/news/2?x=1&y=2")])
    async with running(make_app(fake, qa)):
        fake.push_message(1001, 1001, "第7号卫生院储备了多少箱口罩?")
        [card] = await wait_sent(fake, 1001, 1)
        assert buttons(card)["🔗 阅读网页原文"] == "https://example.com/news/2?x=1&y=2"
        assert "很长的报道 · 2020年3月5日" in card["text"]
        fake.push_callback(1001, 1001, card["message_id"], buttons(card)["原文"])
        parts = (await wait_sent(fake, 1001, 6))[1:]
        await fake.async_wait_for(lambda s: len(callback_answers(s)) == 1)
    total = int(parts[-1]["text"].rsplit("共 ", 1)[1].split(" ")[0])
    info, sentences = qa.article("long:2")
    assert total >= len(fmt.split_article(info, sentences)) > 5 and len(parts) == 5
    assert all(u16len(p["text"]) <= 4096 for p in parts)
    assert parts[-1]["text"].endswith(f"原文较长，这里只发送了前 5 段（共 {total} 段）。")
    assert buttons(parts[-1]) == {"🔗 阅读网页原文": "https://example.com/news/2?x=1&y=2"}


async def test_a_reply_to_an_answer_card_follows_that_card(fake: FakeBotAPI, newsqa: NewsQA) -> None:
    async with running(make_app(fake, newsqa)):
        kw: dict[str, Any] = {"chat_type": "supergroup"}
        fake.push_command(GROUP, 1001, "/ask 温县县长是谁?", **kw)
        [card] = await wait_sent(fake, GROUP, 1)
        # someone else, who never asked anything, replies to the card with a follow-up
        fake.push_message(GROUP, 1002, "他1月29日晚去了哪里督导?", reply_to_bot_message_id=card["message_id"], **kw)
        [_, follow] = await wait_sent(fake, GROUP, 2)
        fake.push_command(GROUP, 1002, "/ask 那1月31日晚呢?", **kw)  # and goes on from there
        [*_, again] = await wait_sent(fake, GROUP, 3)
    assert "焦温高速下站口" in follow["text"] and "（接上题：温县县长是谁?）" in follow["text"]
    assert "南河渡黄河大桥" in again["text"]
