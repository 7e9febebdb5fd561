// The control API's chat interactions and views (documented in control.ts): button presses and
// inline queries with the bot's answers and the results users pick, forum topics, forwards, group
// membership, privacy mode and inline feedback, the command menu, and the web chat's chat list,
// message view and chat action.
import { callbackAnswer, inlineAnswer, pressButton, sendInlineQuery } from "./callbacks.js";
import type { InlineQueryRequest, MemberAction } from "./chat-types.js";
import { chatAction, chatList, chatMessages } from "./chat-views.js";
import type { Route } from "./control.js";
import { ControlError } from "./errors.js";
import { forwardMessage } from "./forwards.js";
import { chooseInlineResult } from "./inline-messages.js";
import { changeMember } from "./membership.js";
import { commandMenu } from "./methods/commands.js";
import { createTopic } from "./topics.js";

export const CHAT_ROUTES: Record<string, Route> = {
  "POST callbacks": ({ state, bot, input }) =>
    pressButton(state, bot, {
      chat_id: input.integer("chat_id"),
      message_id: input.integer("message_id"),
      from_id: input.integer("from_id"),
      data: input.string("data"),
    }),
  "GET callbacks/:id": ({ bot, input }) => callbackAnswer(bot, input.string("id")),
  "POST inline": ({ state, bot, input }) =>
    sendInlineQuery(state, bot, {
      from_id: input.integer("from_id"),
      query: input.optionalString("query") ?? "",
      chat_type: input.optionalString("chat_type") as InlineQueryRequest["chat_type"],
      offset: input.optionalString("offset"),
    }),
  "GET inline/:id": ({ bot, input }) => inlineAnswer(bot, input.string("id")),
  "POST inline/:id/choose": ({ state, bot, input }) =>
    chooseInlineResult(state, bot, input.string("id"), {
      result_id: input.string("result_id"),
      chat_id: input.integer("chat_id"),
    }),
  "POST bot/inline_feedback": ({ bot, input }) => {
    if (!input.has("enabled")) throw new ControlError(400, "enabled: expected true or false");
    bot.records.inlineFeedback = input.boolean("enabled");
    return { enabled: bot.records.inlineFeedback };
  },
  "POST forwards": ({ state, bot, input }) =>
    forwardMessage(state, bot, {
      chat_id: input.integer("chat_id"),
      from_id: input.integer("from_id"),
      message_id: input.integer("message_id"),
      to_chat_id: input.integer("to_chat_id"),
    }),
  "POST groups/:chat_id/members": ({ state, bot, input }) =>
    changeMember(state, bot, input.integer("chat_id"), {
      user_id: input.integer("user_id"),
      action: input.string("action") as MemberAction,
      from_id: input.optionalInteger("from_id"),
    }),
  "POST groups/:chat_id/topics": ({ state, bot, input }) =>
    createTopic(state, bot, input.integer("chat_id"), {
      from_id: input.integer("from_id"),
      name: input.string("name"),
      icon_color: input.optionalInteger("icon_color"),
      icon_custom_emoji_id: input.optionalString("icon_custom_emoji_id"),
    }),
  "POST bot/privacy": ({ bot, input }) => {
    if (!input.has("enabled")) throw new ControlError(400, "enabled: expected true or false");
    bot.records.privacy = input.boolean("enabled");
    return { enabled: bot.records.privacy };
  },
  "GET chats": ({ state, bot, input }) => chatList(state, bot, input.optionalInteger("user_id")),
  "GET chats/:chat_id/messages": ({ state, bot, input }) =>
    chatMessages(state, bot, input.integer("chat_id")),
  "GET commands": ({ state, bot, input }) =>
    commandMenu(state, bot, {
      user_id: input.integer("user_id"),
      chat_id: input.optionalInteger("chat_id"),
      language_code: input.optionalString("language_code"),
    }),
  "GET actions": ({ state, bot, input }) => chatAction(state, bot, input.integer("chat_id")),
};
