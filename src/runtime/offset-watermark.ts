// Which offset a concurrent poller may confirm. getUpdates with offset X confirms every update below
// X for good, so X may only pass updates that have finished: the watermark is the highest update_id
// such that it and every update received before it have finished. Updates still running (or left
// unfinished at shutdown) hold it back, and Telegram keeps re-sending everything above it.

export interface OffsetWatermark {
  /**
   * Records an update from getUpdates; false when it is already known here (in hand, finished, or
   * confirmed): Telegram re-sends everything above the watermark, and each must be handled once.
   */
  receive(updateId: number): boolean;
  /** The update is finished (answered, given up, or done elsewhere): it may be confirmed. */
  finish(updateId: number): void;
  /** Highest update_id that it and all before it have finished; undefined before the first. */
  readonly watermark: number | undefined;
  /** The offset for the next getUpdates (watermark + 1), undefined while nothing may be confirmed. */
  readonly offset: number | undefined;
  /** Received and not finished. */
  readonly pending: number;
  /** Above the watermark, finished or not: what the next getUpdates will send again. */
  readonly unconfirmed: number;
}

export function createOffsetWatermark(): OffsetWatermark {
  let watermark: number | undefined;
  // Ids above the watermark, ascending; each is pending or finished.
  const ids: number[] = [];
  const pending = new Set<number>();
  const finished = new Set<number>();

  function insert(id: number): void {
    let at = ids.length;
    // Telegram's ids increase, so this almost always stops at once.
    while (at > 0 && (ids[at - 1] ?? 0) > id) at--;
    ids.splice(at, 0, id);
  }

  function advance(): void {
    while (ids.length > 0 && finished.has(ids[0] ?? NaN)) {
      const id = ids.shift() ?? NaN;
      finished.delete(id);
      watermark = id;
    }
  }

  return {
    receive(id) {
      if (watermark !== undefined && id <= watermark) return false;
      if (pending.has(id) || finished.has(id)) return false;
      insert(id);
      pending.add(id);
      return true;
    },
    finish(id) {
      if (!pending.delete(id)) return;
      finished.add(id);
      advance();
    },
    get watermark() {
      return watermark;
    },
    get offset() {
      return watermark === undefined ? undefined : watermark + 1;
    },
    get pending() {
      return pending.size;
    },
    get unconfirmed() {
      return ids.length;
    },
  };
}
