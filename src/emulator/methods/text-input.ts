// The text of a message or a caption as an edit or media method gives it, read exactly as
// sendMessage reads its text: through formatting/ (parse_mode or given entities, Telegram's
// clean-up, detected entities, the length limit).
import type { MessageEntity } from "grammy/types";
import { personById } from "../chat-members.js";
import { formatMessageText, hasParseMode } from "../formatting/index.js";
import type { Params } from "../params.js";
import type { EmulatorState } from "../state.js";
import { entitiesParam } from "./send-message.js";

export interface TextInput {
  text: string;
  entities: MessageEntity[];
  /** The parse_mode applied, if any. */
  parseMode?: string;
}

export interface TextField {
  /** "text" or "caption". */
  field: string;
  /** "entities" or "caption_entities". */
  entitiesField: string;
  limit: number;
  /** A caption may be empty, and has its own "too long" refusal. */
  caption?: boolean;
}

export function readText(state: EmulatorState, params: Params, how: TextField): TextInput {
  const parseMode = params.string("parse_mode");
  const parsed = hasParseMode(parseMode);
  const { text, entities } = formatMessageText({
    text: params.string(how.field) ?? "",
    parseMode,
    entities: parsed ? undefined : entitiesParam(params, how.entitiesField),
    limit: how.limit,
    caption: how.caption === true,
    findUser: (id) => personById(state, id),
  });
  return { text, entities, ...(parsed ? { parseMode } : {}) };
}
