// getMe: the bot's own identity.
import { defineMethod } from "./method.js";

export const getMe = defineMethod("getMe", ({ bot }) => bot.me);
