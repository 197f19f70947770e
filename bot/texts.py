"""Every sentence the bot says, in Chinese, with an English fallback for non-zh users.

Kept apart from the formatting logic so wording can change without touching code paths.
Templates use str.format fields; the values put into them are HTML-escaped by the caller
(formatting.py) — the templates themselves contain only Telegram-HTML tags.
"""

from __future__ import annotations

from typing import Final

ZH: Final[dict[str, str]] = {
    "greeting": "<b>你好！我是新闻问答机器人。</b>",
    "corpus": "我读过 {articles} 篇新闻报道{dates}，共 {passages} 个句子，可以回答关于这些报道的问题。",
    "dates": "（{range}）",
    "date_range": "{first} 至 {last}",
    "examples": "<b>试试这样问：</b>",
    "usage": (
        "<b>怎么用：</b>\n"
        "• 私聊里直接发送问题，我会回复最相关的一段原文，问题里的词语会加粗。\n"
        "• 点答案下方的「◀ 上一条」「下一条 ▶」翻看其他结果，点「原文」查看整篇报道。\n"
        "• 在群里请用 /ask 问题、@{username} 问题，或直接回复我的消息。\n"
        "• 在任意聊天的输入框里键入 @{username} 问题，可以把答案发到那个聊天。"
    ),
    "no_answer": "抱歉，现有的报道里没有找到关于「{question}」的内容。",
    "covers": "我收录了 {articles} 篇报道，比如：",
    "rephrase": "换个问法试试，或发送 /help 查看示例问题。",
    "rate_limited": "您提问太快了，请休息一下，{seconds} 秒后再试。",
    "too_long": "问题太长了（{length} 个字），请控制在 {limit} 个字以内。",
    "empty": "请在命令后面写上问题，例如：/ask {example}",
    "not_text": "我只能回答文字问题，请直接用文字提问。",
    "unknown_command": "我不认识这个命令。发送 /help 查看用法。",
    "expired": "这个按钮已过期，请重新提问",
    "question_gone": "找不到原来的问题了，请重新提问",
    "sending_article": "正在发送原文…",
    "slow_down": "操作太频繁，请稍后再试",
    "error": "抱歉，出了点问题，请稍后再试。",
    "untitled": "（无标题）",
    "continued": "（{i}/{n}）",
    "prev": "◀ 上一条",
    "next": "下一条 ▶",
    "article": "原文",
    "inline_none": "没有找到相关内容，点这里看能问什么",
    "cmd_start": "开始使用与示例问题",
    "cmd_help": "帮助：能问什么、怎么翻页",
    "cmd_ask": "提问，例如 /ask 谁任指挥长",
}

EN: Final[dict[str, str]] = {
    "greeting": "<b>Hi! I answer questions about a collection of Chinese news reports.</b>",
    "corpus": "I have read {articles} articles{dates}, {passages} sentences in all.",
    "dates": " ({range})",
    "date_range": "{first} to {last}",
    "examples": "<b>Try asking (in Chinese):</b>",
    "usage": (
        "<b>How to use me:</b>\n"
        "• In a private chat just send a question; I reply with the best passage, its terms in bold.\n"
        "• Use “◀ Prev” / “Next ▶” under an answer for other results, “Full text” for the whole article.\n"
        "• In groups: /ask question, @{username} question, or reply to my message.\n"
        "• In any chat, type @{username} question in the input field to share an answer."
    ),
    "no_answer": "Sorry, the reports I have say nothing about “{question}”.",
    "covers": "I have {articles} reports, for example:",
    "rephrase": "Try rephrasing, or send /help for example questions.",
    "rate_limited": "You are asking too fast; please try again in {seconds} s.",
    "too_long": "Your question is too long ({length} characters); please keep it under {limit}.",
    "empty": "Please put a question after the command, e.g. /ask {example}",
    "not_text": "I can only answer questions written as text.",
    "unknown_command": "I don't know that command. Send /help to see what I can do.",
    "expired": "This button has expired; please ask again",
    "question_gone": "The original question is gone; please ask again",
    "sending_article": "Sending the full article…",
    "slow_down": "Too many requests; please wait a moment",
    "error": "Sorry, something went wrong. Please try again later.",
    "untitled": "(untitled)",
    "continued": "({i}/{n})",
    "prev": "◀ Prev",
    "next": "Next ▶",
    "article": "Full text",
    "inline_none": "Nothing found; tap to see what you can ask",
    "cmd_start": "Start and example questions",
    "cmd_help": "Help: what to ask, how to page",
    "cmd_ask": "Ask a question, e.g. /ask 谁任指挥长",
}

CATALOGS: Final[dict[str, dict[str, str]]] = {"zh": ZH, "en": EN}

# Questions that the bundled page answers; used when [bot] examples is empty and they still fit.
DEFAULT_EXAMPLES: Final[tuple[str, ...]] = (
    "马村区疫情防控指挥部第一副总指挥是谁?",
    "谁向马村区红十字会捐款10万元?",
    "温县县长是谁?",
)


def lang_of(language_code: str | None) -> str:
    """'zh' for zh* users and for users whose client does not say; 'en' for everyone else."""
    if not language_code or language_code.lower().startswith("zh"):
        return "zh"
    return "en"


def t(lang: str, key: str, **values: object) -> str:
    """The catalog entry for `key` in `lang` (falling back to Chinese), formatted."""
    template = CATALOGS.get(lang, ZH).get(key) or ZH[key]
    return template.format(**values) if values else template
