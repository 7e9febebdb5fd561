// answerInlineQuery: the bot's results for an inline query, checked as far as their shape (an
// array of at most 50 objects, each with a type and a unique id) and kept for the control API to
// read (GET /_control/inline/:id). The results' own fields are not validated.
import type { InlineQueryResult, InlineQueryResultsButton } from "grammy/types";
import { badRequest } from "../errors.js";
import { isObject, type Params } from "../params.js";
import { answerable, QUERY_TOO_OLD } from "./callback-answer.js";
import { defineMethod } from "./method.js";

const MAX_RESULTS = 50;
const MAX_ID_BYTES = 64;

function resultsParam(params: Params): InlineQueryResult[] {
  const raw = params.raw.results;
  let value: unknown = raw;
  if (typeof raw === "string" || raw === undefined) {
    try {
      value = JSON.parse(raw ?? "");
    } catch {
      throw badRequest("can't parse JSON encoded inline query results");
    }
  }
  if (!Array.isArray(value)) throw badRequest("expected an Array of InlineQueryResult");
  const resultError = (what: string) => badRequest(`can't parse inline query result: ${what}`);
  const ids = new Set<string>();
  for (const result of value as unknown[]) {
    if (!isObject(result)) throw resultError("Inline query result must be an object");
    for (const field of ["type", "id"]) {
      if (result[field] === undefined) throw resultError(`Can't find field "${field}"`);
      if (typeof result[field] !== "string") {
        throw resultError(`Field "${field}" must be of type String`);
      }
    }
    const id = String(result.id);
    if (id === "" || Buffer.byteLength(id) > MAX_ID_BYTES) throw badRequest("RESULT_ID_INVALID");
    if (ids.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
    ids.add(id);
  }
  if (value.length > MAX_RESULTS) throw badRequest("RESULTS_TOO_MUCH");
  return value as InlineQueryResult[];
}

export const answerInlineQuery = defineMethod(
  "answerInlineQuery",
  ({ state, bot }, params): true => {
    const results = resultsParam(params);
    const record = bot.records.inlineQueries.get(params.string("inline_query_id") ?? "");
    if (
      record === undefined ||
      record.answer !== undefined ||
      !answerable(record.at, state.now())
    ) {
      throw badRequest(QUERY_TOO_OLD);
    }
    const nextOffset = params.string("next_offset");
    if (nextOffset !== undefined && Buffer.byteLength(nextOffset) > MAX_ID_BYTES) {
      throw badRequest("NEXT_OFFSET_INVALID");
    }
    const cacheTime = params.integer("cache_time");
    const button = params.json("button", "inline query results button");
    record.answer = {
      results,
      ...(cacheTime === undefined ? {} : { cache_time: cacheTime }),
      ...(params.boolean("is_personal") ? { is_personal: true } : {}),
      ...(nextOffset === undefined ? {} : { next_offset: nextOffset }),
      ...(isObject(button) ? { button: button as unknown as InlineQueryResultsButton } : {}),
    };
    return true;
  },
);
