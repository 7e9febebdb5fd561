// deleteMessage with Telegram's rules for bots: its own messages anywhere and incoming messages in
// private chats, any message in a group where it is an administrator; only within 48 hours, except
// that an administrator of a supergroup may delete anything.
import { badRequest } from "../errors.js";
import { targetMessage } from "./message-target.js";
import { defineMethod } from "./method.js";

const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

export const deleteMessage = defineMethod("deleteMessage", ({ state, bot }, params): true => {
  const { view, stored } = targetMessage(state, bot, params, "message to delete not found");
  const own = stored.sender === "bot" && stored.message.from?.id === bot.id;
  const admin = view.group?.adminIds.has(bot.id) === true;
  if (!own && view.group !== undefined && !admin) throw badRequest("message can't be deleted");
  const old = state.now() - stored.message.date * 1000 > DELETE_WINDOW_MS;
  if (old && !(admin && view.chat.type === "supergroup")) {
    throw badRequest("message can't be deleted for everyone");
  }
  view.box.delete(stored.message.message_id);
  return true;
});
