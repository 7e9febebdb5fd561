// getMe: the bot's own identity.
import { defineMethod } from "./method.js";

// can_read_all_group_messages is what BotFather's privacy setting says (off: reads everything).
export const getMe = defineMethod("getMe", ({ bot }) => ({
  ...bot.me,
  can_read_all_group_messages: !bot.records.privacy,
}));
