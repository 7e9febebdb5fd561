// Opens the store named by STORE_URL. Each backend lives in its own file behind the Store contract and
// is imported only when chosen, so a runtime that never uses a driver (Lambda: SQLite, pg) never
// loads it.
import type { OpenStoreOptions, Store } from "./types.js";

export type {
  CachedTranslation,
  ChatSettings,
  ClaimResult,
  OpenStoreOptions,
  Store,
  StoreInfo,
  TranslationKey,
  Usage,
  UsageDelta,
  UsageSubject,
} from "./types.js";
export { claimsFromStore } from "./claims.js";

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url === "memory:") return (await import("./memory.js")).createMemoryStore(options);
  if (url.startsWith("sqlite:")) {
    const [{ openSqliteStore }, { loadSqliteDriver }] = await Promise.all([
      import("./sqlite.js"),
      import("./sqlite-driver.js"),
    ]);
    const driver = await loadSqliteDriver();
    return openSqliteStore(url.slice("sqlite:".length), { ...options, driver });
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return (await import("./postgres.js")).openPostgresStore(url, options);
  }
  if (url.startsWith("dynamodb:")) {
    return (await import("./dynamodb.js")).openDynamoStore(url, options);
  }
  // config.ts validates STORE_URL, so this is a programming error.
  throw new Error(`unsupported store URL scheme in ${url.split(":")[0] ?? url}`);
}
