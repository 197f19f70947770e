"""Write docs/bot.md's transcript from a real run: the real Application against the fake server.

    .venv/bin/python tests/make_transcript.py > /tmp/transcript.md

Bold is shown as **…**, the expandable quote as lines starting with ▸, buttons as [ … ].
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.config import load_config  # noqa: E402
from retrieval.service import NewsQA  # noqa: E402
from tests.botkit import BOT, GROUP, TOKEN, make_app, running, wait_sent  # noqa: E402
from tests.fake_botapi import FakeBotAPI  # noqa: E402


def render(message: dict) -> str:
    """A bot message as a reader sees it: bold, the collapsed quote, the buttons."""
    text, out, pos = message["text"], [], 0
    marks = sorted(message.get("entities", []), key=lambda e: e["offset"])
    for e in marks:  # the transcript's texts hold no astral characters: UTF-16 offsets = str offsets
        a, b = e["offset"], e["offset"] + e["length"]
        out.append(text[pos:a])
        piece = text[a:b]
        if e["type"] == "bold":
            out.append(f"**{piece}**")
        elif e["type"] == "expandable_blockquote":
            short = piece if len(piece) <= 60 else piece[:60] + "…（点开展开）"
            out.append(f"▸ {short}")
        else:
            out.append(piece)
        pos = b
    out.append(text[pos:])
    body = "".join(out)
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    if rows:
        body += "\n" + "  ".join(f"[{b['text']}]" for row in rows for b in row)
    return body


def said(who: str, text: str) -> str:
    return f"**{who}：** {text}"


async def main() -> None:
    qa = NewsQA.from_config(load_config(None))
    lines: list[str] = ["### 私聊：提问、追问、还有呢", ""]
    with FakeBotAPI(TOKEN) as fake:
        async with running(make_app(fake, qa)):
            for n, question in enumerate(("温县县长是谁?", "他1月29日晚去了哪里督导?", "还有呢?"), start=1):
                fake.push_message(1001, 1001, question, first_name="小王")
                [*_, reply] = await wait_sent(fake, 1001, n)
                lines += ["```text", f"小王：{question}", "", "机器人：", render(reply), "```", ""]
            lines += ["### 群聊：/ask、@提及、闲聊与问不到的问题", ""]
            kw = {"chat_type": "supergroup"}
            fake.push_command(GROUP, 2001, "/ask 谁向马村区红十字会捐款10万元?", first_name="老李", **kw)
            [card] = await wait_sent(fake, GROUP, 1)
            fake.push_message(GROUP, 2002, "谢谢", reply_to_bot_message_id=card["message_id"], first_name="小张", **kw)
            fake.push_message(GROUP, 2003, f"@{BOT} 马村区有多少人民直面疫情危机?", first_name="阿强", **kw)
            fake.push_message(GROUP, 2002, f"@{BOT} 温县经济的GDP是多少?", first_name="小张", **kw)
            sent = await wait_sent(fake, GROUP, 3)
            await fake.async_wait_for(lambda s: not s.pending_updates())
    by_question = {m["reply_to_message"]["text"]: m for m in sent}
    chat = [
        ("老李", "/ask 谁向马村区红十字会捐款10万元?"),
        ("小张", "谢谢（回复机器人）"),
        ("阿强", f"@{BOT} 马村区有多少人民直面疫情危机?"),
        ("小张", f"@{BOT} 温县经济的GDP是多少?"),
    ]
    keys = ["/ask 谁向马村区红十字会捐款10万元?", "谢谢", f"@{BOT} 马村区有多少人民直面疫情危机?", f"@{BOT} 温县经济的GDP是多少?"]
    lines.append("```text")
    for (who, text), key in zip(chat, keys):
        lines.append(f"{who}：{text}")
        reply = by_question.get(key)
        lines += ["", "机器人：", render(reply), ""] if reply else ["", "（机器人不回复）", ""]
    lines.append("```")
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
