// Gathers single translations that arrive together (a burst of messages from many chats) into
// batches, so that providers that take several texts per call (DeepL 50, Google 128, Azure 1000)
// get one call instead of many. Nothing waits for a timer: requests that arrive in the same turn of
// the event loop go together, and while a group's calls are in flight (at most maxInFlight), later
// requests queue and leave together as soon as one returns. Idle, a request leaves at once.
//
// Only requests with a known source language are gathered: with "auto" each text may be in another
// language, and a batch answer names one detected language for all of them. Requests with their
// own abort signal go alone too (a batch cannot be cancelled for one of its texts). Requests for
// formal, informal and the default address go in separate batches.
import { ProviderError } from "../errors.js";
import type { Outcome } from "./fallback.js";
import type {
  BatchRequest,
  Formality,
  TranslateRequest,
  TranslateResult,
  Translator,
} from "./types.js";

export interface EachTranslator extends Translator {
  /** Every text's outcome (see fallback.ts); rejects only when the whole call fails. */
  translateEach(request: BatchRequest): Promise<Outcome[]>;
}

export interface BatchingOptions {
  /** Most texts in one batch; default 50. */
  maxBatch?: number;
  /** Most batches of one language pair in flight at once; default 4. */
  maxInFlight?: number;
}

interface Waiting {
  text: string;
  resolve(result: TranslateResult): void;
  reject(error: unknown): void;
}

interface Group {
  source: string;
  target: string;
  formality: Formality | undefined;
  queue: Waiting[];
  inFlight: number;
  scheduled: boolean;
}

export function createBatchingTranslator<T extends EachTranslator>(
  inner: T,
  options: BatchingOptions = {},
): T {
  const maxBatch = options.maxBatch ?? 50;
  const maxInFlight = options.maxInFlight ?? 4;
  const groups = new Map<string, Group>();

  async function send(group: Group, batch: Waiting[]): Promise<void> {
    // The same text twice in one batch is sent once.
    const unique = [...new Set(batch.map((waiting) => waiting.text))];
    const { source, target, formality } = group;
    const asked = { source, target, ...(formality === undefined ? {} : { formality }) };
    try {
      const outcomes =
        unique.length === 1
          ? [
              await inner.translate({ text: unique[0] ?? "", ...asked }).catch((error: unknown) => {
                if (error instanceof ProviderError) return error;
                throw error;
              }),
            ]
          : await inner.translateEach({ texts: unique, ...asked });
      for (const waiting of batch) {
        const outcome = outcomes[unique.indexOf(waiting.text)];
        if (outcome === undefined) waiting.reject(new Error("no outcome for a batched text"));
        else if (outcome instanceof ProviderError) waiting.reject(outcome);
        else waiting.resolve(outcome);
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }

  function flush(key: string, group: Group): void {
    group.scheduled = false;
    while (group.inFlight < maxInFlight && group.queue.length > 0) {
      const batch = group.queue.splice(0, maxBatch);
      group.inFlight++;
      void send(group, batch).finally(() => {
        group.inFlight--;
        if (group.queue.length > 0) flush(key, group);
        else if (group.inFlight === 0) groups.delete(key);
      });
    }
  }

  function translate(request: TranslateRequest): Promise<TranslateResult> {
    if (request.source === "auto" || request.signal !== undefined) return inner.translate(request);
    const key = `${request.source}\u0000${request.target}\u0000${request.formality ?? ""}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        source: request.source,
        target: request.target,
        formality: request.formality,
        queue: [],
        inFlight: 0,
        scheduled: false,
      };
      groups.set(key, group);
    }
    const current = group;
    return new Promise<TranslateResult>((resolve, reject) => {
      current.queue.push({ text: request.text, resolve, reject });
      if (!current.scheduled && current.inFlight < maxInFlight) {
        current.scheduled = true;
        setImmediate(() => flush(key, current));
      }
    });
  }

  // Everything else (status, budget, links...) is the inner translator's own.
  return { ...inner, translate };
}
