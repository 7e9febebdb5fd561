// A small in-process memory of recent values with a lifetime and a size bound, least recently used
// first out: the translation cache keeps its latest entries here in front of the store (a message
// seen again within minutes costs no store read), and the bot who its groups' admins are (a burst
// of button presses costs one getChatMember). Written here rather than taken from a package because
// its clock must be the caller's (tests move time) and it needs nothing more than a Map, which
// keeps insertion order.
export interface Recent<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

export function createRecent<V>(options: {
  maxEntries: number;
  maxAgeMs: number;
  now?: () => number;
}): Recent<V> {
  const { maxEntries, maxAgeMs } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      // Re-inserted: the Map's order is the order of last use.
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      if (maxEntries <= 0) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + maxAgeMs });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
