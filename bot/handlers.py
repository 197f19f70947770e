"""Thin async handlers: route an update, call the service off the event loop, format, reply.

Everything a button needs is in its callback data or in the message it hangs under (the
answer replies to the question, so `reply_to_message` gives the question back), so button
presses keep working across restarts.  Searches run in a worker thread (`asyncio.to_thread`)
so one slow search never stalls other chats.
"""

from __future__ import annotations

import asyncio
import logging
import math
from typing import cast

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from retrieval.service import Answer, NewsQA

from . import formatting as fmt
from . import reload
from .state import AnyApplication, BotState
from .texts import lang_of, t

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
INLINE_CACHE_SECONDS = 5


def _qa(context: Context) -> NewsQA:
    return cast(NewsQA, context.bot_data["qa"])


def _state(context: Context) -> BotState:
    return cast(BotState, context.bot_data["state"])


def _lang(update: Update) -> str:
    user = update.effective_user
    return lang_of(user.language_code if user else None)


def _entities(message: Message) -> list[fmt.Entity]:
    return [(str(e.type), e.offset, e.length) for e in message.entities or ()]


def _keyboard(state: BotState, index: int, total: int, passage_id: int, lang: str) -> InlineKeyboardMarkup:
    rows = fmt.answer_buttons(state.fingerprint, index, total, passage_id, lang)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


async def _typing(context: Context, chat_id: int) -> None:
    """Best effort: a lost typing indicator must never cost the answer."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as e:
        log.debug("typing indicator failed: %s", e)


async def _search(context: Context, question: str, chat_id: int | None = None) -> Answer:
    """Ask the index in a worker thread, showing 'typing…' in the chat meanwhile."""
    work = asyncio.to_thread(_qa(context).ask, question)
    if chat_id is None:
        return await work
    _, answer = await asyncio.gather(_typing(context, chat_id), work)
    return answer


async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await message.reply_html(text, do_quote=True, reply_markup=markup)


async def _answer(update: Update, context: Context, question: str) -> None:
    """The one path from a question to a reply: limits first, then search, then one message."""
    message, user, state, lang = update.effective_message, update.effective_user, _state(context), _lang(update)
    if message is None or user is None:
        return
    if not state.asks.allow(user.id):
        wait = max(1, math.ceil(state.asks.retry_after(user.id)))
        await _reply(message, t(lang, "rate_limited", seconds=wait))
        return
    if not question:
        await _reply(message, t(lang, "empty", example=fmt.esc(state.examples[0] if state.examples else "")))
        return
    if len(question) > state.cfg.max_question_chars:
        await _reply(message, t(lang, "too_long", length=len(question), limit=state.cfg.max_question_chars))
        return
    answer = await _search(context, question, message.chat_id)
    if not answer.answered:
        await _reply(message, fmt.no_answer_text(question, state.titles, state.stats.articles, lang))
        return
    hit, total = answer.hits[0], len(answer.hits)
    await _reply(message, fmt.answer_card(hit, 0, total, lang), _keyboard(state, 0, total, hit.passage_id, lang))


# ------------------------------------------------------------------ message handlers

async def gate(update: Update, context: Context) -> None:
    """Group -1: drop updates from chats outside allowed_chat_ids (when that list is set)."""
    allowed = _state(context).cfg.allowed_chat_ids
    if not allowed:
        return
    chat, user = update.effective_chat, update.effective_user
    where = chat.id if chat else (user.id if user else None)  # inline queries have no chat
    if where not in allowed:
        raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """/start and /help: the corpus, three example questions, how to page."""
    state = _state(context)
    if update.effective_message:
        text = fmt.help_text(state.stats, state.examples, context.bot.username, _lang(update))
        await _reply(update.effective_message, text)


async def ask_command(update: Update, context: Context) -> None:
    """/ask 问题, in any chat."""
    message = update.effective_message
    if message:
        await _answer(update, context, fmt.extract_question(message.text, _entities(message), context.bot.username))


async def private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    if message:
        await _answer(update, context, fmt.extract_question(message.text, _entities(message), context.bot.username))


async def group_text(update: Update, context: Context) -> None:
    """In groups only messages that mention the bot or reply to it are questions."""
    message = update.effective_message
    if message is None or not message.text:
        return
    entities = _entities(message)
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if to_bot or fmt.mentions_bot(message.text, entities, context.bot.username):
        await _answer(update, context, fmt.extract_question(message.text, entities, context.bot.username))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice… in a private chat: say we read text only (rate-limited silently)."""
    message, user = update.effective_message, update.effective_user
    if message and user and _state(context).asks.allow(user.id):
        await _reply(message, t(_lang(update), "not_text"))


async def unknown_command(update: Update, context: Context) -> None:
    if update.effective_message:
        await _reply(update.effective_message, t(_lang(update), "unknown_command"))


# ------------------------------------------------------------------ buttons and inline mode

async def on_button(update: Update, context: Context) -> None:
    """◀ / ▶ re-ask the replied-to question and edit the card; 原文 sends the whole article."""
    query, state, lang = update.callback_query, _state(context), _lang(update)
    if query is None:
        return
    button = fmt.decode_callback(query.data)
    if button is None or button.fingerprint != state.fingerprint:
        await query.answer(t(lang, "expired"))
        return
    if not state.browse.allow(query.from_user.id):
        await query.answer(t(lang, "slow_down"))
        return
    message = query.message if isinstance(query.message, Message) else None
    if button.kind == "a":
        await _send_article(update, context, button.value, message, lang)
        return
    source = message.reply_to_message if message else None
    question = fmt.extract_question(source.text, _entities(source), context.bot.username) if source else ""
    if not question:
        await query.answer(t(lang, "question_gone"))
        return
    answer = await _search(context, question)
    if not answer.answered or button.value >= len(answer.hits):
        await query.answer(t(lang, "expired"))
        return
    hit, total = answer.hits[button.value], len(answer.hits)
    try:
        await query.edit_message_text(fmt.answer_card(hit, button.value, total, lang), parse_mode=ParseMode.HTML,
                                      reply_markup=_keyboard(state, button.value, total, hit.passage_id, lang))
    except BadRequest as e:
        if "not modified" not in str(e).lower():  # a double press: the card already shows it
            raise
    await query.answer()


async def _send_article(update: Update, context: Context, passage_id: int, message: Message | None, lang: str) -> None:
    query = update.callback_query
    assert query is not None
    found = _qa(context).article_of_passage(passage_id)
    if found is None or message is None:
        await query.answer(t(lang, "expired"))
        return
    info, sentences = found
    parts = fmt.split_article(info, sentences, lang)
    await query.answer(t(lang, "sending_article"))
    for i, part in enumerate(parts):
        await message.reply_html(part, do_quote=(i == 0))


async def on_inline(update: Update, context: Context) -> None:
    """@bot 问题 in any chat: the top passages as article results (no buttons: no chat to page in)."""
    query, state, lang = update.inline_query, _state(context), _lang(update)
    if query is None:
        return
    question = " ".join(query.query.split())[: state.cfg.max_question_chars]
    help_button = InlineQueryResultsButton(text=t(lang, "inline_none"), start_parameter="help")
    if not question or not state.browse.allow(query.from_user.id):
        button = None if question else help_button  # empty query: offer help; rate-limited: nothing
        await query.answer([], cache_time=INLINE_CACHE_SECONDS, button=button)
        return
    answer = await _search(context, question)
    hits = answer.hits if answer.answered else []
    results = [
        InlineQueryResultArticle(
            id=f"{hit.rank}-{hit.passage_id}",  # a byline and its last sentence share a passage
            title=fmt.cut(hit.article.title or t(lang, "untitled"), 100),
            description=fmt.cut(hit.text, 120),
            input_message_content=InputTextMessageContent(fmt.answer_card(hit, i, len(hits), lang),
                                                          parse_mode=ParseMode.HTML),
        )
        for i, hit in enumerate(hits)
    ]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=None if results else help_button)


# ------------------------------------------------------------------ start-up and errors

async def post_init(application: AnyApplication) -> None:
    """Register the command menu (zh default, en for English clients; tolerate servers without
    it) and start watching a saved index for rebuilds."""
    if "reload" in application.bot_data:
        reload.start(application, *application.bot_data["reload"])
    for lang, code in (("zh", None), ("en", "en")):
        commands = [BotCommand(name, t(lang, f"cmd_{name}")) for name in ("start", "help", "ask")]
        try:
            await application.bot.set_my_commands(commands, language_code=code)
        except TelegramError as e:
            log.warning("could not register the command menu (setMyCommands): %s", e)
            return


async def post_stop(application: AnyApplication) -> None:
    await reload.stop(application)


async def on_error(update: object, context: Context) -> None:
    """Log (redacted by logsafe), tell the user something went wrong, keep running."""
    error = context.error
    if isinstance(error, Forbidden):  # the user blocked the bot: nobody to tell
        log.warning("cannot reach the user: %s", error)
        return
    log.error("error while handling an update: %s", error, exc_info=error)
    if not isinstance(update, Update) or update.inline_query:
        return
    text = t(_lang(update), "error")
    if update.callback_query:
        try:
            await update.callback_query.answer(text)
            return
        except TelegramError:
            pass  # already answered or too old: say it in the chat instead
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return
    reply = ReplyParameters(message.message_id, allow_sending_without_reply=True) if message else None
    thread = message.message_thread_id if message and message.is_topic_message else None
    try:
        await context.bot.send_message(chat.id, text, reply_parameters=reply, message_thread_id=thread)
    except TelegramError as e:
        log.warning("could not tell the user about the error: %s", e)
