// tdlib's fix_formatted_text, which every sent text goes through: control characters become
// spaces, "\r" and a few invisible characters disappear, spaces and newlines around the text are
// cut (the leading ones only up to the first entity), and entities move along.
import type { MessageEntity } from "grammy/types";
import { badRequest } from "../errors.js";
import { sortEntities } from "./entity-kinds.js";
import { fixEntities } from "./fix-entities.js";

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

function isEmptyEntity(entity: MessageEntity): boolean {
  if (entity.length <= 0) return true;
  if (entity.type === "text_link") return entity.url === "";
  if (entity.type === "text_mention") return !(entity.user.id > 0);
  if (entity.type === "custom_emoji") return entity.custom_emoji_id === "0";
  return false;
}

/** What clean_input_string does to one UTF-16 code unit: "" removes it. */
function cleanUnit(unit: number): string | undefined {
  if (unit === 0x0d) return "";
  if (unit < 0x20 && unit !== 0x0a) return " ";
  // Line and paragraph separators, bidi embeddings, and three combining marks that draw lines.
  if (unit >= 0x2028 && unit <= 0x202e) return "";
  if (unit === 0x0333 || unit === 0x033f || unit === 0x030a) return "";
  return undefined;
}

function clean({ text, entities }: FormattedText): FormattedText {
  let result = "";
  // removedBefore[i]: how many code units before index i were removed.
  const removedBefore = new Array<number>(text.length + 1);
  let removed = 0;
  for (let i = 0; i < text.length; i++) {
    removedBefore[i] = removed;
    const replacement = cleanUnit(text.charCodeAt(i));
    if (replacement === "") removed++;
    result += replacement ?? text.charAt(i);
  }
  removedBefore[text.length] = removed;
  const at = (index: number) => index - (removedBefore[Math.min(index, text.length)] ?? 0);
  const moved = entities.map((entity) => {
    const offset = at(entity.offset);
    return { ...entity, offset, length: at(entity.offset + entity.length) - offset };
  });
  // Of a run of left-to-right and right-to-left marks only the last is kept; the others become
  // zero-width non-joiners, so nothing moves.
  return { text: result.replace(/[\u200e\u200f](?=[\u200e\u200f])/g, "\u200c"), entities: moved };
}

const isBlank = (unit: number) => unit === 0x20 || unit === 0x0a;

/**
 * The text and entities as Telegram stores them. Throws 400 "text must be non-empty" when only
 * spaces and newlines are left, unless `allowEmpty` (captions), which then gives an empty text.
 */
export function fixFormattedText(input: FormattedText, allowEmpty = false): FormattedText {
  const cleaned = clean({
    text: input.text,
    entities: fixEntities(input.entities.filter((e) => !isEmptyEntity(e))),
  });
  const { text } = cleaned;
  let last = text.length - 1;
  while (last >= 0 && isBlank(text.charCodeAt(last))) last--;
  if (last < 0) {
    if (allowEmpty) return { text: "", entities: [] };
    throw badRequest("text must be non-empty");
  }
  let entities = fixEntities(cleaned.entities.filter((e) => !isEmptyEntity(e)))
    .filter((entity) => entity.offset <= last)
    .map((entity) =>
      entity.offset + entity.length > last + 1
        ? { ...entity, length: last + 1 - entity.offset }
        : entity,
    );
  entities = sortEntities(entities);
  let first = 0;
  const limit = entities[0]?.offset ?? last + 1;
  while (first < limit && isBlank(text.charCodeAt(first))) first++;
  return {
    text: text.slice(first, last + 1),
    entities: entities.map((entity) =>
      first === 0 ? entity : { ...entity, offset: entity.offset - first },
    ),
  };
}
