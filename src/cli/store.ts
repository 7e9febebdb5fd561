// `babelgram store migrate|check`: creates or upgrades the schema of STORE_URL's store, and checks
// that babelgram can connect, read and write there. Neither needs a bot token; the password in
// STORE_URL is never printed.
import { randomUUID } from "node:crypto";
import { Command } from "commander";
import { storeUrl } from "../config.js";
import { openStore } from "../store/index.js";
import type { Store, StoreInfo } from "../store/types.js";

async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeUrl(process.env), { migrate: false });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

const describeStore = (info: StoreInfo) => `${info.backend} store (${info.location})`;

function migrateCommand(): Command {
  return new Command("migrate")
    .description(
      "create or upgrade the store's schema (DynamoDB: create the table); safe to run from several instances at once",
    )
    .action(() =>
      withStore(async (store) => {
        const { from, to } = await store.migrate();
        const info = await store.info();
        if (from === to) {
          console.log(`${describeStore(info)} is up to date: schema version ${to}.`);
        } else {
          console.log(`${describeStore(info)} migrated from schema version ${from} to ${to}.`);
        }
      }),
    );
}

function checkCommand(): Command {
  return new Command("check")
    .description("connect to the store, read and write, and report its backend and schema version")
    .action(() =>
      withStore(async (store) => {
        const info = await store.info();
        console.log(`store: ${describeStore(info)}`);
        if (info.schemaVersion < info.latestVersion) {
          const created = info.schemaVersion === 0 ? "none (not created yet)" : info.schemaVersion;
          console.error(
            `schema version: ${created}; this babelgram needs ${info.latestVersion}: run \`babelgram store migrate\``,
          );
          process.exitCode = 1;
          return;
        }
        console.log(
          info.schemaVersion === info.latestVersion
            ? `schema version: ${info.schemaVersion} (up to date)`
            : `schema version: ${info.schemaVersion}, newer than this babelgram (${info.latestVersion}): upgrade babelgram`,
        );
        // A throwaway cache entry: it expires by itself, so the check leaves nothing behind.
        const started = Date.now();
        const key = {
          provider: "babelgram-store-check",
          source: "x",
          target: "x",
          text: randomUUID(),
        };
        await store.putTranslation(key, { text: key.text, source: "x" }, { ttlMs: 60_000 });
        const read = await store.getTranslation(key);
        if (read?.text !== key.text) {
          console.error("read and write: FAILED (what was written could not be read back)");
          process.exitCode = 1;
          return;
        }
        await store.getChatSettings(0);
        console.log(`read and write: ok (${Date.now() - started} ms)`);
      }),
    );
}

export function storeCommand(): Command {
  return new Command("store")
    .description("the store named by STORE_URL: `store migrate`, `store check`")
    .addCommand(migrateCommand())
    .addCommand(checkCommand());
}
