// DynamoDB store (AWS SDK v3): for Lambda. STORE_URL=dynamodb:<table>[?region=eu-west-1]; without
// ?region= the SDK's own configuration decides (AWS_REGION). The endpoint is left to the SDK too, so
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local or dynalite.
//
// One table, string keys pk (partition) and sk (sort):
//   chat#<id>            settings         setting.<field> per chat setting
//   chat#<id>            replies#<msg>    reply_ids: the bot's replies to message <msg>
//   chat#<id> | user#<id> usage#<day>     characters, requests (ADD, atomic)
//   update#<id>          claim            state: leased | done
//   translation#<sha256> translation      text, source, provider (when known)
//   counter#<name>       counter          total (ADD, atomic)
// Expiring items carry `until` (epoch ms, what every read and condition decides by) and `expires_at`
// (epoch seconds, never earlier than until: the table's TTL attribute). DynamoDB deletes expired items
// late, so reads treat an item whose `until` has passed as absent.
//
// New item kinds and attributes that old items can be read without (counters, a translation's
// provider) need no new layout version.
//
// The table is created by `babelgram store migrate` (here) or by the SAM template, never on open.
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { StoreError } from "../errors.js";
import {
  checkCounter,
  checkDay,
  checkMs,
  checkUsage,
  FINISHED_KEEP_MS,
  REPLY_LINK_KEEP_MS,
  safeCause,
  translationKeyHash,
  USAGE_KEEP_MS,
  usageSubject,
  utcDay,
} from "./common.js";
import type {
  ClaimResult,
  OpenStoreOptions,
  Store,
  StoreInfo,
  Usage,
  UsageSubject,
} from "./types.js";

/** The item layout above; a change that old items cannot be read with needs a new version. */
const LAYOUT_VERSION = 1;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const SETTING = "setting.";
const TTL_ATTRIBUTE = "expires_at";

export interface DynamoTarget {
  table: string;
  region: string | undefined;
}

export function parseDynamoUrl(url: string): DynamoTarget {
  const rest = url.replace(/^dynamodb:/, "");
  const [table = "", query = ""] = rest.split("?", 2);
  if (!TABLE_NAME.test(table)) {
    throw new StoreError({
      message: "STORE_URL must name a DynamoDB table: dynamodb:<table>?region=<region>",
    });
  }
  const region = new URLSearchParams(query).get("region") ?? undefined;
  return { table, region: region === "" ? undefined : region };
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openDynamoStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  const { table, region } = parseDynamoUrl(url);
  // Imported here, not at the top: esbuild's ESM bundle (the CLI) hoists a static import of an
  // external package to the bundle's start, which would load the SDK for every store.
  const [
    { CreateTableCommand, DescribeTableCommand, DynamoDBClient, UpdateTimeToLiveCommand },
    { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand },
  ] = await Promise.all([import("@aws-sdk/client-dynamodb"), import("@aws-sdk/lib-dynamodb")]);
  const location = `table ${table}${region === undefined ? "" : ` in ${region}`}`;
  // No endpoint here: the SDK reads AWS_ENDPOINT_URL_DYNAMODB (and AWS_ENDPOINT_URL) itself.
  const client = new DynamoDBClient(region === undefined ? {} : { region });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });

  async function guard<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      let hint = "";
      if (errorName(error) === "ResourceNotFoundException") {
        hint =
          ": the table does not exist; create it with `babelgram store migrate` (or the SAM template)";
      } else if (error instanceof Error && /region is missing/i.test(error.message)) {
        hint = ": no AWS region; add ?region=<region> to STORE_URL or set AWS_REGION";
      }
      throw new StoreError({
        message: `DynamoDB store (${location}) failed to ${what}${hint}`,
        cause: safeCause(error),
      });
    }
  }

  /** Expiry attributes of an item that is live until the given instant. */
  const expiring = (until: number) => ({ until, [TTL_ATTRIBUTE]: Math.ceil(until / 1000) });

  async function get(pk: string, sk: string, consistent = true) {
    const result = await doc.send(
      new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: consistent }),
    );
    const item = result.Item;
    if (item === undefined) return undefined;
    // Expired but not yet deleted by TTL: absent.
    if (typeof item.until === "number" && item.until <= now()) return undefined;
    return item;
  }

  async function describeTable(): Promise<TableDescription | undefined> {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
    } catch (error) {
      if (errorName(error) === "ResourceNotFoundException") return undefined;
      throw error;
    }
  }

  function checkKeys(description: TableDescription): void {
    const keys = (description.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`);
    if (keys.join(",") !== "pk:HASH,sk:RANGE") {
      throw new StoreError({
        message: `DynamoDB ${location} does not have babelgram's keys (string pk, sk): it has ${keys.join(", ") || "none"}`,
      });
    }
  }

  async function info(): Promise<StoreInfo> {
    const description = await describeTable();
    if (description !== undefined) checkKeys(description);
    return {
      backend: "dynamodb",
      location,
      schemaVersion: description === undefined ? 0 : LAYOUT_VERSION,
      latestVersion: LAYOUT_VERSION,
    };
  }

  async function migrate(): Promise<{ from: number; to: number }> {
    const existing = await describeTable();
    if (existing !== undefined) {
      checkKeys(existing);
      return { from: LAYOUT_VERSION, to: LAYOUT_VERSION };
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
        }),
      );
    } catch (error) {
      // Another instance is creating it right now: wait for it like for our own.
      if (errorName(error) !== "ResourceInUseException") throw error;
    }
    for (let waited = 0; ; waited += 250) {
      const status = (await describeTable())?.TableStatus;
      if (status === "ACTIVE") break;
      if (waited > 120_000) {
        throw new StoreError({ message: `DynamoDB ${location} is not active after 2 minutes` });
      }
      await sleep(250);
    }
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    } catch (error) {
      // Already on (another instance did it), or a local emulator without TTL (dynalite): reads
      // filter expired items either way.
      const name = errorName(error);
      if (name !== "ValidationException" && name !== "UnknownOperationException") throw error;
    }
    return { from: 0, to: LAYOUT_VERSION };
  }

  async function claim(updateId: number, leaseMs: number): Promise<ClaimResult> {
    const key = { pk: `update#${updateId}`, sk: "claim" };
    // A live item can vanish or expire between the write and the read (released, or its lease ran
    // out): then try again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const at = now();
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...key, state: "leased", ...expiring(at + leaseMs) },
            ConditionExpression: "attribute_not_exists(pk) OR #until <= :now",
            ExpressionAttributeNames: { "#until": "until" },
            ExpressionAttributeValues: { ":now": at },
          }),
        );
        return "claimed";
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException") throw error;
      }
      const current = await get(key.pk, key.sk);
      if (current !== undefined) return current.state === "done" ? "done" : "busy";
    }
    return "busy";
  }

  async function addTo(subject: string, day: string, delta: Usage, at: number): Promise<Usage> {
    const result = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: subject, sk: `usage#${day}` },
        UpdateExpression: "ADD characters :c, requests :r SET #until = :until, #ttl = :ttl",
        ExpressionAttributeNames: { "#until": "until", "#ttl": TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ":c": delta.characters,
          ":r": delta.requests,
          ":until": at + USAGE_KEEP_MS,
          ":ttl": Math.ceil((at + USAGE_KEEP_MS) / 1000),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    const item = result.Attributes ?? {};
    return { characters: Number(item.characters ?? 0), requests: Number(item.requests ?? 0) };
  }

  /**
   * ADD to a live counter; an expired one that DynamoDB has not deleted yet is replaced, under a
   * condition, so that two instances resetting it at once do not both win.
   */
  async function addToCounter(name: string, amount: number, ttlMs: number): Promise<number> {
    const key = { pk: `counter#${name}`, sk: "counter" };
    for (let attempt = 0; attempt < 5; attempt++) {
      const at = now();
      const until = at + ttlMs;
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "ADD #total :amount SET #until = :until, #ttl = :ttl",
            ConditionExpression: "attribute_not_exists(pk) OR #until > :now",
            ExpressionAttributeNames: {
              "#total": "total",
              "#until": "until",
              "#ttl": TTL_ATTRIBUTE,
            },
            ExpressionAttributeValues: {
              ":amount": amount,
              ":until": until,
              ":ttl": Math.ceil(until / 1000),
              ":now": at,
            },
            ReturnValues: "UPDATED_NEW",
          }),
        );
        return Number(result.Attributes?.total ?? amount);
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException") throw error;
      }
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...key, total: amount, ...expiring(until) },
            ConditionExpression: "#until <= :now",
            ExpressionAttributeNames: { "#until": "until" },
            ExpressionAttributeValues: { ":now": at },
          }),
        );
        return amount;
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException") throw error;
      }
    }
    throw new StoreError({ message: `DynamoDB ${location}: counter ${name} kept changing` });
  }

  const subjectKey = (subject: UsageSubject) => {
    const { kind, id } = usageSubject(subject);
    return `${kind}#${id}`;
  };

  const store: Store = {
    getChatSettings: (chatId) =>
      guard("read chat settings", async () => {
        const item = await get(`chat#${chatId}`, "settings");
        const settings: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(item ?? {})) {
          if (name.startsWith(SETTING)) settings[name.slice(SETTING.length)] = value;
        }
        return settings;
      }),
    updateChatSettings: (chatId, patch) =>
      guard("write chat settings", async () => {
        const names: Record<string, string> = {};
        const values: Record<string, unknown> = {};
        const set: string[] = [];
        const remove: string[] = [];
        for (const [index, [field, value]] of Object.entries(patch).entries()) {
          names[`#f${index}`] = `${SETTING}${field}`;
          if (value === undefined) remove.push(`#f${index}`);
          else {
            values[`:v${index}`] = value;
            set.push(`#f${index} = :v${index}`);
          }
        }
        if (set.length + remove.length === 0) return;
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `chat#${chatId}`, sk: "settings" },
            UpdateExpression: [
              set.length > 0 ? `SET ${set.join(", ")}` : "",
              remove.length > 0 ? `REMOVE ${remove.join(", ")}` : "",
            ].join(" "),
            ExpressionAttributeNames: names,
            ...(set.length > 0 ? { ExpressionAttributeValues: values } : {}),
          }),
        );
      }),

    claimUpdate: (updateId, { leaseMs }) =>
      guard("claim an update", () => claim(updateId, checkMs("leaseMs", leaseMs))),
    finishUpdate: (updateId) =>
      guard("finish an update", async () => {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: `update#${updateId}`,
              sk: "claim",
              state: "done",
              ...expiring(now() + FINISHED_KEEP_MS),
            },
          }),
        );
      }),
    releaseUpdate: (updateId) =>
      guard("release an update", async () => {
        try {
          await doc.send(
            new DeleteCommand({
              TableName: table,
              Key: { pk: `update#${updateId}`, sk: "claim" },
              ConditionExpression: "#state = :leased",
              ExpressionAttributeNames: { "#state": "state" },
              ExpressionAttributeValues: { ":leased": "leased" },
            }),
          );
        } catch (error) {
          // Finished (stays so) or not there: nothing to release.
          if (errorName(error) !== "ConditionalCheckFailedException") throw error;
        }
      }),

    getTranslation: (key) =>
      guard("read the translation cache", async () => {
        const item = await get(`translation#${translationKeyHash(key)}`, "translation", false);
        if (item === undefined) return undefined;
        const found = { text: String(item.text), source: String(item.source) };
        return typeof item.provider === "string" ? { ...found, provider: item.provider } : found;
      }),
    putTranslation: (key, translation, { ttlMs }) =>
      guard("write the translation cache", async () => {
        const until = now() + checkMs("ttlMs", ttlMs);
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: `translation#${translationKeyHash(key)}`,
              sk: "translation",
              text: translation.text,
              source: translation.source,
              ...(translation.provider === undefined ? {} : { provider: translation.provider }),
              ...expiring(until),
            },
          }),
        );
      }),

    linkReplies: (chatId, messageId, replyIds, options = {}) =>
      guard("record reply links", async () => {
        const until = now() + checkMs("ttlMs", options.ttlMs ?? REPLY_LINK_KEEP_MS);
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: `chat#${chatId}`,
              sk: `replies#${messageId}`,
              reply_ids: [...replyIds],
              ...expiring(until),
            },
          }),
        );
      }),
    getReplies: (chatId, messageId) =>
      guard("read reply links", async () => {
        const item = await get(`chat#${chatId}`, `replies#${messageId}`);
        return Array.isArray(item?.reply_ids) ? item.reply_ids.map(Number) : [];
      }),

    addUsage: ({ chatId, userId, characters, requests }) =>
      guard("count usage", async () => {
        const delta = { characters, requests };
        checkUsage(delta);
        const at = now();
        const day = utcDay(at);
        // Each counter is atomic (ADD); the two are separate writes.
        const [chat, user] = await Promise.all([
          addTo(`chat#${chatId}`, day, delta, at),
          addTo(`user#${userId}`, day, delta, at),
        ]);
        return { chat, user };
      }),
    getUsage: (subject, day) =>
      guard("read usage", async () => {
        const item = await get(subjectKey(subject), `usage#${checkDay(day ?? utcDay(now()))}`);
        return {
          characters: Number(item?.characters ?? 0),
          requests: Number(item?.requests ?? 0),
        };
      }),

    addToCounter: (name, amount, { ttlMs }) =>
      guard("count", () => {
        checkCounter(name, amount);
        return addToCounter(name, amount, checkMs("ttlMs", ttlMs));
      }),
    getCounter: (name) =>
      guard("read a counter", async () => {
        checkCounter(name);
        const item = await get(`counter#${name}`, "counter");
        return Number(item?.total ?? 0);
      }),

    info: () => guard("describe the table", info),
    migrate: () => guard("create the table", migrate),
    close: () => guard("close", () => Promise.resolve(client.destroy())),
  };
  return store;
}
