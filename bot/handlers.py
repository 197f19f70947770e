"""Thin async handlers: route an update, call the library off the event loop, format, reply.

Everything a button needs is in its callback data or in the card it hangs under (the card
carries its question on its 问： line), so buttons keep working across restarts and index
rebuilds, and after the question message is deleted.  Searches run in a worker thread
(`asyncio.to_thread`) so one slow search never stalls other chats.

Manners: every reply may be sent without its question (an anti-spam bot may have deleted
it); "typing…" is shown only when a search is slow and never in groups (each action counts
against Telegram's 20-messages-a-minute group limit); one refusal per rate-limit window;
chatter addressed to the bot in a group (谢谢, 哈哈) gets nothing.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Hashable

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
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from retrieval.dialogue import Dialogue, Turn
from retrieval.model import ArticleInfo
from retrieval.service import NewsQA

from . import formatting as fmt
from . import reload
from .state import AnyApplication, BotState, Context
from .texts import lang_of, t

log = logging.getLogger(__name__)
INLINE_CACHE_SECONDS = 5
TYPING_AFTER = 0.5  # seconds: a search faster than this needs no "typing…"
ARTICLE_PARTS_MAX = 5  # messages one 原文 press may send (a long article is capped, not flooded)
# A message addressed to the bot in a group is a question if it asks something; 谢谢 and
# 哈哈 do not, and get no reply at all.
_ASKS = re.compile(r"[?？]|谁|誰|什么|什麼|啥|哪|几|幾|多少|多久|吗|嗎|呢|怎|咋|如何|为何|為何|为什么|為什麼|是否|何时|何時")


def _qa(context: Context) -> NewsQA:
    """The current index (a reload swaps it; each question keeps the one it started with)."""
    return context.bot_data.qa


def _state(context: Context) -> BotState:
    """Limiters, conversations and what the handlers derive from the index, shared in bot_data."""
    return context.bot_data.state


def _lang(user: User | None) -> str:
    """The UI language of the user who acted (not of the chat: a group has many)."""
    return lang_of(user.language_code if user else None)


def _entities(message: Message) -> list[fmt.Entity]:
    """Entities as plain tuples, so formatting stays free of telegram types."""
    return [(str(e.type), e.offset, e.length) for e in message.entities or ()]


def _markup(rows: list[list[fmt.ButtonSpec]]) -> InlineKeyboardMarkup | None:
    """Telegram buttons from formatting's (label, kind, value) rows."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, url=value) if kind == "url" else InlineKeyboardButton(label, callback_data=value) for label, kind, value in row]
            for row in rows
        ]
    )


def _card_markup(hit_article: ArticleInfo, index: int, total: int, lang: str) -> InlineKeyboardMarkup | None:
    """◀ 原文 ▶ (and the article's link) under card `index` of `total`."""
    return _markup(fmt.answer_buttons(index, total, hit_article.id, hit_article.url, lang))


def _in_group(message: Message) -> bool:
    """Groups get no typing action, a short line for unanswered questions, per-member memory."""
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def _typing(context: Context, chat_id: int) -> None:
    """Best effort: a lost typing indicator must never cost the answer."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as e:
        log.debug("typing indicator failed: %s", e)


async def _search(context: Context, question: str, *, dialogue: Dialogue | None = None, typing_chat: int | None = None) -> Turn:
    """Ask in a worker thread; show "typing…" in typing_chat only if the search is slow."""
    qa = _qa(context)
    if dialogue is not None:
        work = asyncio.to_thread(dialogue.ask, qa, question)
    else:
        work = asyncio.to_thread(lambda: Turn(qa.ask(question), question))
    task = asyncio.ensure_future(work)
    if typing_chat is not None:
        done, _ = await asyncio.wait({task}, timeout=TYPING_AFTER)
        if not done:
            await _typing(context, typing_chat)
    return await task


async def _replay(context: Context, question: str, previous: str | None) -> Turn:
    """A card's turn again from its 问： line: a follow-up is replayed after what it followed."""
    if not previous:
        return await _search(context, question)
    qa = _qa(context)

    def both() -> Turn:
        return Dialogue.resumed(qa, previous).ask(qa, question)

    return await asyncio.to_thread(both)


async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None, quote: bool = True) -> Message:
    """Reply in HTML; sent even if the message replied to is gone by now (deleted questions
    still get their answer instead of 400 "message to be replied not found")."""
    if not quote:
        return await message.reply_html(text, reply_markup=markup, do_quote=False)
    reply = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    return await message.reply_html(text, reply_markup=markup, reply_parameters=reply)


async def _limited(message: Message, user: User, state: BotState, lang: str) -> bool:
    """Count one question or command; True if over the limit (refused once per window, then silent)."""
    verdict = state.asks.verdict(user.id)
    if verdict == "allow":
        return False
    if verdict == "refuse":
        wait = max(1, math.ceil(state.asks.retry_after(user.id)))
        await _reply(message, t(lang, "rate_limited", seconds=wait))
    return True


def _conversation(message: Message, user: User) -> Hashable:
    """Whose memory a question uses: the private chat's, or one user's within a group."""
    return (message.chat_id, user.id) if _in_group(message) else message.chat_id


def _card_question(message: Message, bot_id: int) -> tuple[str, str | None] | None:
    """The question of the bot's answer card this message replies to, if it replies to one."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
        return None
    return fmt.read_question_line(replied.text)


async def _answer(context: Context, message: Message, user: User, question: str, *, explicit: bool) -> None:
    """The one path from a question to a reply.

    `explicit`: asked in private or with /ask, so it always gets a reply.  Otherwise (a
    mention or a reply to the bot in a group) chatter gets nothing and an unanswered
    question one short line, never the help block."""
    state, lang = _state(context), _lang(user)
    group = _in_group(message)
    if not explicit and not _ASKS.search(question):
        return  # 谢谢 / 哈哈: not a question, not counted, no reply
    if len(question) > state.cfg.max_question_chars:  # invalid input: not counted as a question
        if state.invalid.allow(user.id):
            await _reply(message, t(lang, "too_long", length=len(question), limit=state.cfg.max_question_chars))
        return
    if await _limited(message, user, state, lang):
        return
    if not question:
        await _reply(message, t(lang, "empty", example=fmt.esc(state.examples[0] if state.examples else "")))
        return
    key = _conversation(message, user)
    dialogue = state.dialogues.get(key)
    followed = _card_question(message, context.bot.id)
    if followed is not None:  # a reply to an answer card follows that card, whoever asked it
        dialogue = await asyncio.to_thread(Dialogue.resumed, _qa(context), *followed)
        state.dialogues.put(key, dialogue)
    turn = await _search(context, question, dialogue=dialogue, typing_chat=None if group else message.chat_id)
    if turn.chatter:  # 谢谢 / 好的: one short line when addressed directly, else nothing
        if explicit:
            await _reply(message, fmt.esc(fmt.chatter_text(question, lang)))
        return
    if turn.orphan:
        await _reply(message, t(lang, "orphan"))
        return
    answer = turn.answer
    if not answer.answered or not answer.hits:
        if not explicit:
            await _reply(message, t(lang, "group_none"))
            return
        nearest = fmt.nearest_titles(answer.terms or _qa(context).analyzer.tokens(question), state.titles)
        markup = None if group else _markup(fmt.example_buttons(state.examples))
        await _reply(message, fmt.no_answer_text(question, nearest, state.stats.articles, lang), markup)
        return
    hit, total = answer.hits[0], len(answer.hits)
    card = fmt.answer_card(hit, 0, total, lang, question=question, previous=turn.previous, again=turn.again)
    await _reply(message, card, _card_markup(hit.article, 0, total, lang))


# ------------------------------------------------------------------ message handlers


async def gate(update: Update, context: Context) -> None:
    """Group -1: drop updates from chats outside allowed_chat_ids (when that list is set), and
    our own inline answers posted into a chat (via_bot is us): they are answers, not questions."""
    message = update.effective_message
    if message is not None and message.via_bot is not None and message.via_bot.id == context.bot.id:
        raise ApplicationHandlerStop
    allowed = _state(context).cfg.allowed_chat_ids
    if not allowed:
        return
    chat, user = update.effective_chat, update.effective_user
    where = chat.id if chat else (user.id if user else None)  # inline queries have no chat
    if where not in allowed:
        raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """/start and /help: the corpus, example questions as buttons, how to page and follow up."""
    state, message, user = _state(context), update.effective_message, update.effective_user
    if message is None or user is None or await _limited(message, user, state, _lang(user)):
        return
    text = fmt.help_text(state.stats, state.examples, context.bot.username, _lang(user))
    await _reply(message, text, _markup(fmt.example_buttons(state.examples)))


async def new_topic(update: Update, context: Context) -> None:
    """/new: forget the conversation, so the next question stands alone."""
    state, message, user = _state(context), update.effective_message, update.effective_user
    if message is None or user is None or await _limited(message, user, state, _lang(user)):
        return
    state.dialogues.clear(_conversation(message, user))
    await _reply(message, t(_lang(user), "new_topic"))


async def ask_command(update: Update, context: Context) -> None:
    """/ask 问题, in any chat (and again when the message is edited)."""
    message, user = update.effective_message, update.effective_user
    if message and user:
        question = fmt.extract_question(message.text, _entities(message), context.bot.username)
        await _answer(context, message, user, question, explicit=True)


async def private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question (an edited one is answered again)."""
    message, user = update.effective_message, update.effective_user
    if message and user:
        question = fmt.extract_question(message.text, _entities(message), context.bot.username)
        await _answer(context, message, user, question, explicit=True)


async def group_text(update: Update, context: Context) -> None:
    """In groups only messages that mention the bot or reply to it, and that ask something."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    entities = _entities(message)
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if to_bot or fmt.mentions_bot(message.text, entities, context.bot.username):
        question = fmt.extract_question(message.text, entities, context.bot.username)
        await _answer(context, message, user, question, explicit=False)


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice… in a private chat: say we read text only.  Invalid input does not
    count as a question; its replies have their own (silent) limit."""
    message, user = update.effective_message, update.effective_user
    if message and user and _state(context).invalid.allow(user.id):
        await _reply(message, t(_lang(user), "not_text"))


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown /command in private: say so (counted: commands are not a way round the limit)."""
    message, user = update.effective_message, update.effective_user
    if message and user and not await _limited(message, user, _state(context), _lang(user)):
        await _reply(message, t(_lang(user), "unknown_command"))


# ------------------------------------------------------------------ buttons and inline mode


async def on_button(update: Update, context: Context) -> None:
    """◀ / ▶ re-ask the card's own question and edit it; 原文 sends the article; an example
    button asks its question."""
    query, state = update.callback_query, _state(context)
    if query is None:
        return
    lang = _lang(query.from_user)
    button = fmt.decode_callback(query.data)
    if button is None or (button.kind == "legacy_article" and button.fingerprint != state.fingerprint):
        await query.answer(t(lang, "expired"))
        return
    if not state.browse.allow(query.from_user.id):
        await query.answer(t(lang, "slow_down"))
        return
    message = query.message if isinstance(query.message, Message) else None
    if button.kind in ("article", "legacy_article"):
        await _send_article(update, context, button, message, lang)
    elif button.kind == "example":
        await _ask_example(update, context, int(button.value), message, lang)
    else:
        await _page(update, context, int(button.value), message, lang)


async def _page(update: Update, context: Context, index: int, message: Message | None, lang: str) -> None:
    """Show card `index` of the card's own question, asked again.

    What can be checked without searching is checked first, with a toast saying why
    the press does nothing; then the press is acknowledged at once, so the client stops
    its spinner while the search runs, and an error after that is told in the chat
    (on_error), since a query is answered only once.
    """
    query = update.callback_query
    assert query is not None
    found = fmt.read_question_line(message.text if message else None)
    if found is None and message is not None and message.reply_to_message is not None:  # a card from before 问：
        source = message.reply_to_message
        found = (fmt.extract_question(source.text, _entities(source), context.bot.username), None)
    if not found or not found[0]:
        await query.answer(t(lang, "question_gone"))
        return
    if message is None or not 0 <= index < _qa(context).search.top_k:  # no search returns that many cards
        await query.answer(t(lang, "expired"))
        return
    await query.answer()
    question, previous = found
    turn = await _replay(context, question, previous)
    answer = turn.answer
    if not answer.answered or index >= len(answer.hits):  # the index changed under the card: leave it as it is
        log.debug("card %d of %r is gone after a reload", index, question)
        return
    hit, total = answer.hits[index], len(answer.hits)
    try:
        await query.edit_message_text(
            fmt.answer_card(hit, index, total, lang, question=question, previous=previous, again=turn.again and index == 0),
            parse_mode=ParseMode.HTML,
            reply_markup=_card_markup(hit.article, index, total, lang),
        )
    except BadRequest as e:
        if "not modified" not in str(e).lower():  # a double press: the card already shows it
            raise


def _find_article(qa: NewsQA, key: str) -> tuple[ArticleInfo, list[str]] | None:
    """An article by its callback key: its id, or `#hash` of a long id (scanned, rare)."""
    if not key.startswith("#"):
        return qa.article(key)
    for info, _ in qa.articles():
        if fmt.article_key(info.id) == key:
            return qa.article(info.id)
    return None


async def _send_article(update: Update, context: Context, button: fmt.Button, message: Message | None, lang: str) -> None:
    query = update.callback_query
    assert query is not None
    qa = _qa(context)
    if button.kind == "legacy_article":
        found = qa.article_of_passage(int(button.value))
    else:
        found = await asyncio.to_thread(_find_article, qa, button.value)
    if found is None or message is None:
        await query.answer(t(lang, "expired"))
        return
    info, sentences = found
    parts = fmt.split_article(info, sentences, lang)
    if len(parts) > ARTICLE_PARTS_MAX:  # leave room in each part for the note the last one gets
        note = t(lang, "article_capped", shown=ARTICLE_PARTS_MAX, total=9999)
        parts = fmt.split_article(info, sentences, lang, limit=fmt.TG_LIMIT - fmt.u16len(note) - 2)
    shown = parts[:ARTICLE_PARTS_MAX]
    if len(parts) > len(shown):
        shown[-1] += "\n\n" + fmt.esc(t(lang, "article_capped", shown=len(shown), total=len(parts)))
    await query.answer(t(lang, "sending_article"))
    for i, part in enumerate(shown):
        markup = _markup([[(t(lang, "open_url"), "url", info.url)]]) if info.url and i == len(shown) - 1 else None
        await _reply(message, part, markup, quote=(i == 0))


async def _ask_example(update: Update, context: Context, i: int, message: Message | None, lang: str) -> None:
    query = update.callback_query
    assert query is not None
    examples = _state(context).examples
    if message is None or not 0 <= i < len(examples):
        await query.answer(t(lang, "expired"))
        return
    await query.answer()
    await _answer(context, message, query.from_user, examples[i], explicit=True)


async def on_inline(update: Update, context: Context) -> None:
    """@bot 问题 in any chat: one result per hit, titled by its answering sentence (no buttons
    and no page counter: there is no chat to page in)."""
    query, state = update.inline_query, _state(context)
    if query is None:
        return
    lang = _lang(query.from_user)
    question = " ".join(query.query.split())[: state.cfg.max_question_chars]
    help_button = InlineQueryResultsButton(text=t(lang, "inline_none"), start_parameter="help")
    if not question or not state.browse.allow(query.from_user.id):
        button = None if question else help_button  # empty query: offer help; rate-limited: nothing
        await query.answer([], cache_time=INLINE_CACHE_SECONDS, button=button)
        return
    answer = (await _search(context, question)).answer
    hits = answer.hits if answer.answered else []
    results = []
    for i, hit in enumerate(hits):
        sentence = hit.text.strip()
        if hit.kind == "byline":
            sentence = f"{sentence} · {hit.article.title or t(lang, 'untitled')}"
        results.append(
            InlineQueryResultArticle(
                id=f"{hit.rank}-{hit.passage_id}",  # a byline and its last sentence share a passage
                title=fmt.cut(sentence or t(lang, "untitled"), 100),
                description=fmt.cut(fmt.card_meta(hit.article, lang), 120),
                input_message_content=InputTextMessageContent(
                    fmt.answer_card(hit, i, len(hits), lang, question=question, counter=False), parse_mode=ParseMode.HTML
                ),
            )
        )
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=None if results else help_button)


# ------------------------------------------------------------------ start-up and errors


async def post_init(application: AnyApplication) -> None:
    """Register the command menu and the bot's description (Chinese by default, English for
    English clients; tolerate servers without them), and start watching a saved index."""
    if application.bot_data.reload is not None:
        reload.start(application, *application.bot_data.reload)
    bot = application.bot
    for lang, code in (("zh", None), ("en", "en")):
        commands = [BotCommand(name, t(lang, f"cmd_{name}")) for name in ("start", "help", "ask", "new")]
        try:
            await bot.set_my_commands(commands, language_code=code)
        except TelegramError as e:
            log.warning("could not register the command menu (setMyCommands): %s", e)
            break
    for lang, code in (("zh", None), ("en", "en")):
        try:
            await bot.set_my_description(t(lang, "description"), language_code=code)
            await bot.set_my_short_description(t(lang, "short_description"), language_code=code)
        except TelegramError as e:
            log.warning("could not set the bot's description: %s", e)
            break


async def post_stop(application: AnyApplication) -> None:
    """Stop watching the index, so shutdown leaves no task behind."""
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
    text = t(_lang(update.effective_user), "error")
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
