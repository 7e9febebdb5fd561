// answerCallbackQuery: the bot's answer to a button press, kept for the control API to read
// (GET /_control/callbacks/:id). A query can be answered once, within Telegram's time window.
import { QUERY_ANSWER_WINDOW_MS } from "../bot-records.js";
import { badRequest } from "../errors.js";
import { defineMethod } from "./method.js";

export const QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid";

/** Whether a query made at `at` (ms) can still be answered at `now`. */
export function answerable(at: number, now: number): boolean {
  return now - at <= QUERY_ANSWER_WINDOW_MS;
}

export const answerCallbackQuery = defineMethod(
  "answerCallbackQuery",
  ({ state, bot }, params): true => {
    const record = bot.records.callbacks.get(params.string("callback_query_id") ?? "");
    if (
      record === undefined ||
      record.answer !== undefined ||
      !answerable(record.at, state.now())
    ) {
      throw badRequest(QUERY_TOO_OLD);
    }
    const text = params.string("text");
    const url = params.string("url");
    const cacheTime = params.integer("cache_time");
    record.answer = {
      ...(text === undefined ? {} : { text }),
      show_alert: params.boolean("show_alert"),
      ...(url === undefined ? {} : { url }),
      ...(cacheTime === undefined ? {} : { cache_time: cacheTime }),
    };
    return true;
  },
);
