// tdlib's fix_entities and merge_new_entities: how Telegram makes a message's entities consistent
// before answering. Continuous entities (links, code, mentions...) never overlap: the first in
// tdlib's order wins. Bold and friends are split at the borders of the others, merged when they
// touch, and dropped inside pre and code; which is why a bold text with a URL in it comes back as
// three bold entities around the url.
import type { MessageEntity } from "grammy/types";
import {
  SPLITTABLE,
  isBlockquote,
  isContinuous,
  isPre,
  isSplittable,
  sortEntities,
} from "./entity-kinds.js";

const end = (entity: MessageEntity) => entity.offset + entity.length;

/** tdlib tells pre from pre-with-language (PreCode) when it checks for same-type nesting. */
const kind = (entity: MessageEntity) =>
  entity.type === "pre" && entity.language !== undefined ? "pre_code" : entity.type;

function areEntitiesValid(entities: readonly MessageEntity[]): boolean {
  const splittableEnd = new Map<string, number>();
  const stack: MessageEntity[] = [];
  for (const entity of entities) {
    while (stack.length > 0 && entity.offset >= end(stack[stack.length - 1] as MessageEntity)) {
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) {
      const has = (test: (e: MessageEntity) => boolean) => stack.some(test);
      if (end(entity) > end(parent)) return false;
      if (has((e) => kind(e) === kind(entity))) return false;
      if (isPre(parent.type)) return false;
      if (isPre(entity.type) && has((e) => !isBlockquote(e.type))) return false;
      const nestsWhole = isContinuous(entity.type) || isBlockquote(entity.type);
      if (nestsWhole && has((e) => isContinuous(e.type))) return false;
      if (isBlockquote(entity.type) && has((e) => isBlockquote(e.type))) return false;
      if (has((e) => isSplittable(e.type))) return false;
    }
    if (isSplittable(entity.type)) {
      if ((splittableEnd.get(entity.type) ?? -1) >= entity.offset) return false;
      splittableEnd.set(entity.type, end(entity));
    }
    stack.push(entity);
  }
  return true;
}

/** Keeps, in order, only the entities that start after every kept one ends. */
function removeIntersecting(entities: MessageEntity[]): MessageEntity[] {
  let lastEnd = 0;
  return entities.filter((entity) => {
    if (entity.offset < lastEnd) return false;
    lastEnd = end(entity);
    return true;
  });
}

/** Drops the entities that cross a blockquote's border (being wholly inside one is fine). */
function removeCrossingBlockquotes(
  entities: MessageEntity[],
  quotes: readonly MessageEntity[],
): MessageEntity[] {
  let q = 0;
  return entities.filter((entity) => {
    while (q < quotes.length && end(quotes[q] as MessageEntity) <= entity.offset) q++;
    const quote = quotes[q];
    if (quote === undefined) return true;
    return !(
      end(quote) < end(entity) ||
      (entity.offset < quote.offset && quote.offset < end(entity))
    );
  });
}

/**
 * tdlib's split_entities: merges touching or overlapping splittable entities of one type, cuts
 * them at every border of `others`, and drops the pieces inside pre and code.
 */
function splitEntities(
  splittable: readonly MessageEntity[],
  others: readonly MessageEntity[],
): MessageEntity[] {
  const result: MessageEntity[] = [];
  const begin = new Map<string, number>();
  const finish = new Map<string, number>();
  let next = 0;
  const flush = (offset: number) => {
    for (const type of SPLITTABLE) {
      const from = begin.get(type) ?? 0;
      const to = finish.get(type) ?? 0;
      if (to === 0 || from >= offset) continue;
      result.push({ type, offset: from, length: Math.min(to, offset) - from });
      if (to <= offset) {
        begin.set(type, 0);
        finish.set(type, 0);
      } else {
        begin.set(type, offset);
      }
    }
  };
  const addUntil = (endOffset: number) => {
    for (let entity = splittable[next]; entity !== undefined; entity = splittable[++next]) {
      if (entity.offset >= endOffset) break;
      const to = finish.get(entity.type) ?? 0;
      if (to !== 0 && entity.offset <= to) {
        finish.set(entity.type, Math.max(to, end(entity)));
      } else {
        flush(entity.offset);
        begin.set(entity.type, entity.offset);
        finish.set(entity.type, end(entity));
      }
    }
    flush(endOffset);
  };
  const stack: MessageEntity[] = [];
  const addOffset = (offset: number) => {
    for (let top = stack.at(-1); top !== undefined && offset >= end(top); top = stack.at(-1)) {
      const kept = result.length;
      addUntil(end(top));
      if (isPre(top.type)) result.length = kept;
      stack.pop();
    }
    addUntil(offset);
  };
  for (const other of others) {
    addOffset(other.offset);
    stack.push(other);
  }
  addOffset(Number.MAX_SAFE_INTEGER);
  return sortEntities(result);
}

function resplit(splittable: MessageEntity[], others: MessageEntity[]): MessageEntity[] {
  if (splittable.length === 0) return others;
  return sortEntities([...others, ...splitEntities(splittable, others)]);
}

function partition(entities: readonly MessageEntity[]) {
  return {
    splittable: entities.filter((e) => isSplittable(e.type)),
    quotes: entities.filter((e) => isBlockquote(e.type)),
    continuous: entities.filter((e) => !isSplittable(e.type) && !isBlockquote(e.type)),
  };
}

/** tdlib's fix_entities: sorted, consistent entities. */
export function fixEntities(input: readonly MessageEntity[]): MessageEntity[] {
  const entities = sortEntities([...input]);
  if (areEntitiesValid(entities)) return entities;
  const { splittable, quotes, continuous } = partition(entities);
  let kept = removeIntersecting(continuous);
  if (quotes.length > 0) {
    const keptQuotes = removeIntersecting(quotes);
    kept = sortEntities([...removeCrossingBlockquotes(kept, keptQuotes), ...keptQuotes]);
  }
  return resplit(splittable, kept);
}

/**
 * tdlib's merge_new_entities: adds the entities Telegram finds by itself (`found`, sorted and not
 * overlapping each other) unless they overlap a continuous entity or cross a blockquote.
 */
export function mergeNewEntities(
  entities: readonly MessageEntity[],
  found: readonly MessageEntity[],
): MessageEntity[] {
  if (found.length === 0) return [...entities];
  const { splittable, quotes, continuous } = partition(entities);
  const fresh = removeCrossingBlockquotes([...found], quotes);
  const merged: MessageEntity[] = [];
  let f = 0;
  for (const old of continuous) {
    while (f < fresh.length && end(fresh[f] as MessageEntity) <= old.offset) {
      merged.push(fresh[f++] as MessageEntity);
    }
    merged.push(old);
    while (f < fresh.length && (fresh[f] as MessageEntity).offset < end(old)) f++;
  }
  merged.push(...fresh.slice(f));
  const all = quotes.length > 0 ? sortEntities([...merged, ...quotes]) : merged;
  return resplit(splittable, all);
}
