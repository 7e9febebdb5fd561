/*
 * The control API: how tests (and later the web chat) play the users' side and inspect the bot.
 *
 * JSON over HTTP under /_control/ (a path no Bot API URL can take: those start with /bot). Bodies
 * are JSON objects; GET parameters go in the query string. Every endpoint takes an optional
 * `token` (body or query) to pick the bot; the default is the first bot.
 * Success: HTTP 200 `{"ok":true,"result":...}`. Failure: HTTP 4xx `{"ok":false,"error":"..."}`.
 *
 *   POST /_control/users     {first_name, last_name?, username?, language_code?, is_premium?}
 *                            → User (ids from 1000 up). Every user has a private chat with every
 *                            bot (chat id = user id, type "private").
 *   GET  /_control/users     → User[], oldest first.
 *   POST /_control/groups    {title, member_ids: number[], type?: "group"|"supergroup", username?,
 *                             is_forum?: true} → Chat (negative id); the bot is a member. A forum
 *                            (supergroups only) has is_forum: true in its Chat and getChat.
 *   POST /_control/groups/:chat_id/topics {from_id, name, icon_color?, icon_custom_emoji_id?}
 *                            → Message: a member opens a forum topic; the forum_topic_created
 *                            service message, whose message_id is the topic's message_thread_id
 *                            (it carries that and is_topic_message: true). Queues {message}.
 *   POST /_control/messages  {chat_id, from_id, text?, entities?, photo?|video?|document?: true,
 *                             caption?, caption_entities?, sticker?: true, reply_to_message_id?,
 *                             message_thread_id?}
 *                            → Message; queues {update_id, message} for the chat's bots.
 *                            Entities Telegram detects (bot_command, url, mention...) are added.
 *                            In a forum topic (message_thread_id, or a reply to a message in one)
 *                            it carries message_thread_id, is_topic_message: true and, unless it
 *                            replies to another message, reply_to_message = the topic's creation
 *                            message, as Telegram shows it; a message_thread_id that is not a
 *                            topic of the chat (any, outside forums) is refused.
 *   POST /_control/edits     {chat_id, message_id, text?, entities?, caption?, caption_entities?}
 *                            → Message: the same message_id with the new text (a text message)
 *                            or caption ("" removes it) and edit_date; queues {edited_message}.
 *                            An edit that changes nothing is refused (400) and queues nothing:
 *                            Telegram's apps never send one.
 *   POST /_control/updates   {update: {...}} → {queued: true, update_id} (update_id assigned when
 *                            missing), or {queued: false} when allowed_updates leaves it out.
 *   GET  /_control/sent?chat_id=     → Message[]: what the bot sent, in order (all chats if none).
 *   POST /_control/wait      {chat_id?, count, timeout_ms? = 10000}
 *                            → Message[] (all the bot's messages there) once at least `count`
 *                            exist; 408 with what did arrive when the time runs out.
 *   GET  /_control/calls?method=     → CallRecord[]: the Bot API call log, in answer order.
 *   GET  /_control/bot               → {pending_update_count, next_update_id, webhook_url,
 *                                      long_polling}
 *   POST /_control/faults    {method, count? = 1, error_code, description?, retry_after?}
 *                            or {method, count? = 1, drop: true}
 *                            or {method, count? = 1, delay_ms}
 *                            → the next `count` calls of `method` answer with that Telegram error
 *                            (429 carries parameters.retry_after), lose their connection, or
 *                            answer normally after `delay_ms` (0 to 600000). With `duration_ms`
 *                            (1 to 3600000) the fault holds for that long from now: every call in
 *                            it, or the first `count` of them (an outage: 502 for 30 s).
 *   GET  /_control/limits    → {enabled, time_scale, violations, violations_by_limit: {chat, group,
 *                              global}, max_per_chat_per_second, max_per_chat_per_minute,
 *                              max_per_group_per_minute, max_per_second}: the bot's sending. The
 *                            max_* rates count successful sends and are measured even when off.
 *   POST /_control/limits    {enabled: boolean, time_scale?} → the same; switches Telegram's flood
 *                            limits on or off for the bot (default: the emulator's `floodLimits`
 *                            option, which reset restores). On, a send (sendMessage, sendPhoto,
 *                            sendDocument, editMessageText and the like) over about 1 a second per
 *                            chat (bursts of 3), 20 a minute per group or 30 a second in all is
 *                            refused: 429 "Too Many Requests: retry after N", parameters.retry_after.
 *                            time_scale (0.001 to 100, default the `floodTimeScale` option, else 1)
 *                            multiplies those windows, and the max_* figures' second and minute;
 *                            retry_after stays in whole real seconds.
 *   POST /_control/reset     → forgets users, chats, messages, updates, faults, webhooks, call logs;
 *                            keeps the bots (and keeps ids counting up).
 *   GET  /_control/events    → text/event-stream: one `data: {type, ...}` JSON line per change
 *                            (message, edited, deleted, chat_action, callback_answer, users,
 *                            chats, reset; see events.ts), for the web chat to re-fetch.
 *   POST /_control/callbacks {chat_id, from_id, message_id, data} → {callback_query_id}: the user
 *                            presses the bot message's inline button with that callback_data
 *                            (400 if there is none); queues {callback_query}.
 *   GET  /_control/callbacks/:id     → {text?, show_alert, url?, cache_time?}: the bot's answer
 *                                      (answerCallbackQuery), or null while it has none.
 *   POST /_control/inline    {from_id, query, chat_type?, offset?} → {inline_query_id}; queues
 *                            {inline_query}. GET /_control/inline/:id → {results, cache_time?,
 *                            is_personal?, next_offset?, button?} (answerInlineQuery) or null.
 *   POST /_control/inline/:id/choose {result_id, chat_id} → {message, inline_message_id}: the
 *                            query's user picks a result of the bot's answer and sends it into
 *                            one of their chats: a Message from them with via_bot, made of the
 *                            result's input_message_content (text) or its photo/video/document
 *                            and caption, with the result's inline keyboard; queued as {message}
 *                            for the chat's bots like anything the user says. With inline
 *                            feedback on, also {chosen_inline_result: {result_id, from, query,
 *                            inline_message_id (only with a keyboard)}}. The bot edits the message
 *                            by inline_message_id (editMessageText, editMessageCaption,
 *                            editMessageReplyMarkup answer true); a button press on it
 *                            (POST /_control/callbacks) gives a callback_query with
 *                            inline_message_id instead of message.
 *   POST /_control/bot/inline_feedback {enabled} → {enabled}: BotFather's /setinlinefeedback
 *                            (default off).
 *   POST /_control/forwards  {chat_id, from_id, message_id, to_chat_id} → Message: the user
 *                            forwards a message into a chat; it carries forward_origin.
 *   POST /_control/groups/:chat_id/members {user_id, action: "join"|"leave"|"promote"|"demote",
 *                            from_id?} → {chat_member, message?}. user_id may be a bot's. Queues
 *                            my_chat_member for that bot, chat_member for the group's admin bots
 *                            (if their allowed_updates name it), and for join/leave a service
 *                            message (new_chat_members / left_chat_member). The group's first
 *                            member is its owner. "leave" by the member themself (the default)
 *                            makes them "left"; by an administrator (from_id) it removes them:
 *                            "kicked" (until_date 0), and only someone else can add them back
 *                            ("join" with from_id). A bot removed and added back this way gets
 *                            my_chat_member member → kicked, then kicked → member (left → member
 *                            if it left by itself), and the group keeps its chat id throughout;
 *                            meanwhile its sends fail with 403 "Forbidden: bot was kicked from
 *                            the group chat" ("... is not a member of ..." after leaving).
 *   POST /_control/bot/privacy {enabled} → {enabled}. Privacy mode (default on): in groups where
 *                            it is not an admin, the bot only gets commands for it, replies to
 *                            it, mentions of it and service messages (see privacy.ts).
 *   GET  /_control/chats?user_id=    → [{id, type, title, username?}]: the user's private chat
 *                                      with the bot (title = the bot's name), then their groups.
 *   GET  /_control/chats/:chat_id/messages → Message[]: the chat as it is now, both sides, oldest
 *                                      first (edits applied, deleted messages gone).
 *   GET  /_control/actions?chat_id=  → {chat_id, action, date, active} or null: the bot's last
 *                                      sendChatAction there; active for 5 s or until it speaks.
 *   GET  /_control/commands?user_id=&chat_id=&language_code= → BotCommand[]: the bot's command
 *                            menu as that user sees it in that chat (default: their chat with the
 *                            bot; language default: theirs), by the Bot API's "Determining list of
 *                            commands" order over what setMyCommands set. getMyCommands itself
 *                            answers one scope and language exactly, without that fallback.
 *
 * Webhooks: while one is set, queued updates are POSTed to it as Telegram does (see
 * webhook/delivery.ts); getWebhookInfo reports pending_update_count and the last error. Unlike
 * Telegram, setWebhook also takes http:// and any port for a loopback host (127.0.0.0/8,
 * localhost, [::1]), so a local test server can receive updates; other hosts keep Telegram's rules
 * (HTTPS; ports 443, 80, 88, 8443) and are never contacted: their updates stay pending.
 * Timing comes from the emulator options webhookTimeoutMs, webhookRetryBaseMs, webhookRetryCapMs.
 *
 * client.ts is a typed client of all of this.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BotState } from "./bot-state.js";
import { matchRoute } from "./control-match.js";
import { CHAT_ROUTES } from "./control-routes.js";
import { ClientGone, ControlError } from "./errors.js";
import { controlEvent } from "./events.js";
import { faultError, type Fault } from "./faults.js";
import { MAX_TIME_SCALE, MIN_TIME_SCALE } from "./flood-limits.js";
import { sendJson } from "./http.js";
import { editUserMessage, injectUpdate, receiveUserMessage } from "./incoming.js";
import { Input } from "./input.js";
import type { MessageEntity } from "grammy/types";
import { createGroup, createUser } from "./people.js";
import type { EmulatorState } from "./state.js";
import { sentMessages, waitForBotMessages } from "./wait.js";

export interface Call {
  state: EmulatorState;
  bot: BotState;
  input: Input;
  signal: AbortSignal;
}

export type Route = (call: Call) => unknown;

const ROUTES: Record<string, Route> = {
  "POST users": ({ state, input }) =>
    createUser(state, {
      first_name: input.string("first_name"),
      last_name: input.optionalString("last_name"),
      username: input.optionalString("username"),
      language_code: input.optionalString("language_code"),
      is_premium: input.boolean("is_premium"),
    }),
  "GET users": ({ state }) => [...state.users.values()],
  "POST groups": ({ state, bot, input }) => {
    const type = input.optionalString("type") ?? "group";
    if (type !== "group" && type !== "supergroup") {
      throw new ControlError(400, 'type: "group" or "supergroup"');
    }
    return createGroup(state, bot, {
      title: input.string("title"),
      member_ids: input.integers("member_ids"),
      type,
      username: input.optionalString("username"),
      is_forum: input.boolean("is_forum"),
    });
  },
  "POST messages": ({ state, bot, input }) =>
    receiveUserMessage(state, bot, {
      chat_id: input.integer("chat_id"),
      from_id: input.integer("from_id"),
      text: input.optionalString("text"),
      caption: input.optionalString("caption"),
      photo: input.boolean("photo"),
      video: input.boolean("video"),
      document: input.boolean("document"),
      sticker: input.boolean("sticker"),
      entities: input.optionalArray("entities") as MessageEntity[] | undefined,
      caption_entities: input.optionalArray("caption_entities") as MessageEntity[] | undefined,
      reply_to_message_id: input.optionalInteger("reply_to_message_id"),
      message_thread_id: input.optionalInteger("message_thread_id"),
    }),
  "POST edits": ({ state, bot, input }) =>
    editUserMessage(state, bot, {
      chat_id: input.integer("chat_id"),
      message_id: input.integer("message_id"),
      text: input.optionalString("text"),
      entities: input.optionalArray("entities") as MessageEntity[] | undefined,
      caption: input.optionalString("caption"),
      caption_entities: input.optionalArray("caption_entities") as MessageEntity[] | undefined,
    }),
  "POST updates": ({ bot, input }) => injectUpdate(bot, input.object("update")),
  "GET sent": ({ bot, input }) => sentMessages(bot, input.optionalInteger("chat_id")),
  "POST wait": ({ state, bot, input, signal }) =>
    waitForBotMessages(
      state,
      bot,
      {
        chat_id: input.optionalInteger("chat_id"),
        count: input.integer("count"),
        timeout_ms: input.optionalInteger("timeout_ms"),
      },
      signal,
    ),
  "GET calls": ({ bot, input }) => {
    const method = input.optionalString("method")?.toLowerCase();
    return bot.calls.filter((call) => method === undefined || call.method.toLowerCase() === method);
  },
  "GET bot": ({ bot }) => bot.view(),
  "POST faults": ({ bot, input }) => {
    const method = input.string("method");
    const count = input.optionalInteger("count");
    if (count !== undefined && count < 1) throw new ControlError(400, "count: at least 1");
    const durationMs = input.optionalInteger("duration_ms");
    if (durationMs !== undefined && (durationMs < 1 || durationMs > 3_600_000)) {
      throw new ControlError(400, "duration_ms: 1 to 3600000");
    }
    const arm = (fault: Fault) => bot.faults.add(method, count, fault, durationMs);
    if (input.boolean("drop")) {
      arm({ kind: "drop" });
      return true;
    }
    const delayMs = input.optionalInteger("delay_ms");
    if (delayMs !== undefined) {
      if (delayMs < 0 || delayMs > 600_000) throw new ControlError(400, "delay_ms: 0 to 600000");
      arm({ kind: "delay", ms: delayMs });
      return true;
    }
    const code = input.integer("error_code");
    if (code < 400 || code > 599) throw new ControlError(400, "error_code: from 400 to 599");
    const error = faultError(
      code,
      input.optionalString("description"),
      input.optionalInteger("retry_after"),
    );
    arm({ kind: "error", error });
    return true;
  },
  "GET limits": ({ bot }) => bot.flood.view(),
  "POST limits": ({ bot, input }) => {
    if (!input.has("enabled")) throw new ControlError(400, "enabled: expected true or false");
    const enabled = input.boolean("enabled");
    const scale = input.optionalNumber("time_scale");
    if (scale !== undefined) {
      if (!(scale >= MIN_TIME_SCALE && scale <= MAX_TIME_SCALE)) {
        throw new ControlError(400, `time_scale: from ${MIN_TIME_SCALE} to ${MAX_TIME_SCALE}`);
      }
      bot.flood.timeScale = scale;
    }
    bot.flood.enabled = enabled;
    return bot.flood.view();
  },
  "POST reset": ({ state }) => {
    state.reset();
    return true;
  },
  ...CHAT_ROUTES,
};

export async function handleControl(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  signal: AbortSignal,
): Promise<void> {
  const name = url.pathname.slice("/_control/".length).replace(/\/$/, "");
  const found = matchRoute(ROUTES, req.method ?? "GET", name);
  try {
    if (found === undefined) {
      throw new ControlError(
        404,
        `no control endpoint ${req.method} /_control/${name}; see control.ts`,
      );
    }
    const input = (await Input.read(req, url)).with(found.params);
    const token = input.optionalString("token");
    const bot = state.bot(token);
    if (bot === undefined) throw new ControlError(404, "token: no bot with this token");
    const result: unknown = await found.route({ state, bot, input, signal });
    state.events.emit(controlEvent(req.method, name, result));
    sendJson(res, 200, { ok: true, result });
  } catch (error) {
    if (error instanceof ClientGone) return;
    if (error instanceof ControlError) {
      return sendJson(res, error.status, { ok: false, error: error.message });
    }
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 500, { ok: false, error: `emulator bug: ${message}` });
  }
}
