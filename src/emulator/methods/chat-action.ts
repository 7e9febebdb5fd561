// sendChatAction: "typing…" and its kin. Recorded per chat so the web chat can show it; Telegram
// shows it for 5 seconds or until the bot's next message there (see chat-views.ts).
import { badRequest } from "../errors.js";
import { chatIdParam, resolveChat } from "./chat.js";
import { defineMethod } from "./method.js";

export const CHAT_ACTIONS = [
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
];

export const sendChatAction = defineMethod("sendChatAction", ({ state, bot }, params): true => {
  const chatId = chatIdParam(params);
  const action = params.string("action") ?? "";
  const view = resolveChat(state, bot, chatId);
  if (!CHAT_ACTIONS.includes(action)) throw badRequest("wrong parameter action in request");
  bot.records.actions.set(view.chat.id, {
    chat_id: view.chat.id,
    action,
    at: state.now(),
    sentBefore: bot.sent.length,
  });
  return true;
});
