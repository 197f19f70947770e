"""Every sentence the bot says, in Chinese, with an English fallback for non-zh users.

Kept apart from the formatting logic so wording can change without touching code paths.
Templates use str.format fields; the values put into them are HTML-escaped by the caller
(formatting.py) — the templates themselves contain only Telegram-HTML tags.
"""

from __future__ import annotations

from typing import Final

ZH: Final[dict[str, str]] = {
    "greeting": "<b>你好！我是新闻问答机器人。</b>",
    "corpus": "我读过 {articles} 篇新闻报道{dates}，可以回答关于这些报道的问题。",
    "dates": "（{range}）",
    "date_range": "{first} 至 {last}",
    "examples": "<b>试试这样问：</b>",
    "usage": (
        "<b>怎么用：</b>\n"
        "• 私聊里直接发送问题，我先给出答案所在的句子，答案加粗，上下文可以展开。\n"
        "• 可以接着问：他是谁、那温县呢、还有呢、第二点是什么。发送 /new 换个话题。\n"
        "• 点答案下方的「◀ 上一条」「下一条 ▶」翻看其他结果，点「原文」查看整篇报道。\n"
        "• 在群里请用 /ask 问题、@{username} 问题，或直接回复我的消息。\n"
        "• 在任意聊天的输入框里键入 @{username} 问题，可以把答案发到那个聊天。"
    ),
    "no_answer": "抱歉，现有的报道里没有找到关于「{question}」的内容。",
    "nearest": "我收录了 {articles} 篇报道，和这个问题最接近的是：",
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
    "continued": "（第 {i}/{n} 段）",
    "prev": "◀ 上一条",
    "next": "下一条 ▶",
    "article": "原文",
    "inline_none": "没有找到相关内容，点这里看能问什么",
    "cmd_start": "开始使用与示例问题",
    "cmd_help": "帮助：能问什么、怎么翻页",
    "cmd_ask": "提问，例如 /ask 谁任指挥长",
    "cmd_new": "换个话题（忘掉上一个问题）",
    "question": "问：{question}",
    "follow_of": "（接上题：{previous}）",
    "page": "第 {i}/{n} 条",
    "open_url": "🔗 阅读网页原文",
    "article_capped": "原文较长，这里只发送了前 {shown} 段（共 {total} 段）。",
    "orphan": "没有可以接着问的上一个问题，请把问题问完整。",
    "again": "没找到明确的回答，这是刚才那段报道：",
    "chatter_thanks": "不客气！还想知道什么，直接问我就行。",
    "chatter": "好的。还想知道什么，直接问我就行。",
    "new_topic": "好的，换个话题。请提问。",
    "group_none": "没找到相关的报道。",
    "description": (
        "新闻问答机器人：用中文提问，我从收录的新闻报道里找出回答问题的句子，答案加粗，"
        "并附上下文、标题、作者和日期。可以接着追问（他是谁、那温县呢、还有呢）。"
        "在群里用 /ask 问题 或 @我。"
    ),
    "short_description": "用中文问新闻里的问题：我给出答案所在的句子和出处。",
}

EN: Final[dict[str, str]] = {
    "greeting": "<b>Hi! I answer questions about a collection of Chinese news reports.</b>",
    "corpus": "I have read {articles} articles{dates}.",
    "dates": " ({range})",
    "date_range": "{first} to {last}",
    "examples": "<b>Try asking (in Chinese):</b>",
    "usage": (
        "<b>How to use me:</b>\n"
        "• In a private chat just send a question; I reply with the sentence that answers it, the answer in bold.\n"
        "• Follow up with 他是谁, 那温县呢, 还有呢 or 第二点是什么; /new starts a new topic.\n"
        "• Use “◀ Prev” / “Next ▶” under an answer for other results, “Full text” for the whole article.\n"
        "• In groups: /ask question, @{username} question, or reply to my message.\n"
        "• In any chat, type @{username} question in the input field to share an answer."
    ),
    "no_answer": "Sorry, the reports I have say nothing about “{question}”.",
    "nearest": "I have {articles} reports; the nearest to your question:",
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
    "continued": "(part {i} of {n})",
    "prev": "◀ Prev",
    "next": "Next ▶",
    "article": "Full text",
    "inline_none": "Nothing found; tap to see what you can ask",
    "cmd_start": "Start and example questions",
    "cmd_help": "Help: what to ask, how to page",
    "cmd_ask": "Ask a question, e.g. /ask 谁任指挥长",
    "cmd_new": "New topic (forget the last question)",
    "question": "Q: {question}",
    "follow_of": " (following: {previous})",
    "page": "Result {i} of {n}",
    "open_url": "🔗 Read on the web",
    "article_capped": "The article is long; only the first {shown} of {total} parts were sent.",
    "orphan": "There is no earlier question to follow up on; please ask in full.",
    "again": "No clear answer found; here is the report shown before:",
    "chatter_thanks": "You are welcome! Ask me anything else about the reports.",
    "chatter": "OK. Ask me anything else about the reports.",
    "new_topic": "OK, new topic. Ask away.",
    "group_none": "Nothing on that in the reports.",
    "description": (
        "News Q&A bot: ask in Chinese and I find the sentence in my news reports that answers it, "
        "the answer in bold, with its context, headline, author and date. Follow-up questions work too. "
        "In groups use /ask or mention me."
    ),
    "short_description": "Ask about the news in Chinese: the answering sentence and its source.",
}


def _traditional(catalog: dict[str, str]) -> dict[str, str]:
    """The Chinese catalog in Traditional characters (OpenCC), for zh-Hant/zh-TW/zh-HK users.
    Only the bot's own words change: the corpus is quoted as written."""
    from opencc import OpenCC

    convert = OpenCC("s2t").convert
    return {key: convert(value) for key, value in catalog.items()}


ZHT: Final[dict[str, str]] = _traditional(ZH)
CATALOGS: Final[dict[str, dict[str, str]]] = {"zh": ZH, "zht": ZHT, "en": EN}
_TRADITIONAL_CODES = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")

# Questions that the bundled page answers; used when [bot] examples is empty and they still fit.
DEFAULT_EXAMPLES: Final[tuple[str, ...]] = (
    "马村区疫情防控指挥部第一副总指挥是谁?",
    "谁向马村区红十字会捐款10万元?",
    "温县县长是谁?",
)


def lang_of(language_code: str | None) -> str:
    """'zht' (Traditional) for zh-Hant/zh-TW/zh-HK/zh-MO, 'zh' for other zh* users and for users
    whose client does not say; 'en' for everyone else."""
    code = (language_code or "").lower().replace("_", "-")
    if code.startswith(_TRADITIONAL_CODES):
        return "zht"
    if not code or code.startswith("zh"):
        return "zh"
    return "en"


def t(lang: str, key: str, **values: object) -> str:
    """The catalog entry for `key` in `lang` (falling back to Chinese), formatted."""
    template = CATALOGS.get(lang, ZH).get(key) or ZH[key]
    return template.format(**values) if values else template
