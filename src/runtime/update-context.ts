// The update being handled, as the parts of the runtime that need it see it from anywhere below it:
// supervision (which update a stray error belongs to), flow control (the signal and deadline its
// Telegram calls must keep) and the Lambda scope (its calls cut off at the budget). One
// AsyncLocalStorage for all of them: on Node 20 each storage in use adds work to every promise
// the process makes (#9's profiles: about 10 µs per update for a second one).
import { AsyncLocalStorage } from "node:async_hooks";

export interface UpdateContext {
  /** Absent when only bounds are set (tests of flow control). */
  updateId?: number | undefined;
  chatId?: number | undefined;
  /** Aborted when the update must stop (shutdown, the end of its lease, the budget on Lambda). */
  signal?: AbortSignal | undefined;
  /** Epoch ms after which none of its Telegram calls may still be waiting (Lambda's budget). */
  deadline?: number | undefined;
}

const storage = new AsyncLocalStorage<UpdateContext>();

/** Runs work as the handling of one update (see UpdateContext). */
export function runInUpdate<T>(context: UpdateContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/** The context of the update whose handling is running now, if any. */
export function currentUpdate(): UpdateContext | undefined {
  return storage.getStore();
}
