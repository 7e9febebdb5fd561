// DynamoDB store (AWS SDK v3): for Lambda. STORE_URL=dynamodb:<table>[?region=eu-west-1]; without
// ?region= the SDK's own configuration decides (AWS_REGION). The endpoint is left to the SDK too, so
// AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local or dynalite.
//
// One table (dynamodb-table.ts creates it); what each item holds and how it expires is in
// dynamodb-items.ts.
import { StoreError } from "../errors.js";
import {
  checkCounter,
  checkDay,
  checkMs,
  checkUsage,
  FINISHED_KEEP_MS,
  REPLY_LINK_KEEP_MS,
  safeCause,
  USAGE_KEEP_MS,
  usageSubject,
  utcDay,
} from "./common.js";
import {
  expiring,
  itemKey,
  settingsFromItem,
  settingsUpdate,
  translationFromItem,
  translationItem,
  TTL_ATTRIBUTE,
  usageFromItem,
  type ItemKey,
} from "./dynamodb-items.js";
import { errorName, parseDynamoUrl, tableAdmin } from "./dynamodb-table.js";
import type { ClaimResult, OpenStoreOptions, Store, Usage } from "./types.js";

export { parseDynamoUrl, type DynamoTarget } from "./dynamodb-table.js";

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
  const admin = tableAdmin(
    { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand },
    client,
    table,
    location,
  );

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

  async function get(key: ItemKey, consistent = true) {
    const result = await doc.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: consistent }),
    );
    const item = result.Item;
    if (item === undefined) return undefined;
    // Expired but not yet deleted by TTL: absent.
    if (typeof item.until === "number" && item.until <= now()) return undefined;
    return item;
  }

  async function claim(updateId: number, leaseMs: number): Promise<ClaimResult> {
    const key = itemKey.claim(updateId);
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
      const current = await get(key);
      if (current !== undefined) return current.state === "done" ? "done" : "busy";
    }
    return "busy";
  }

  async function addTo(key: ItemKey, delta: Usage, at: number): Promise<Usage> {
    const result = await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
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
    return usageFromItem(result.Attributes);
  }

  /**
   * ADD to a live counter; an expired one that DynamoDB has not deleted yet is replaced, under a
   * condition, so that two instances resetting it at once do not both win.
   */
  async function addToCounter(name: string, amount: number, ttlMs: number): Promise<number> {
    const key = itemKey.counter(name);
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

  const store: Store = {
    getChatSettings: (chatId) =>
      guard("read chat settings", async () => {
        return settingsFromItem(await get(itemKey.settings(chatId)));
      }),
    updateChatSettings: (chatId, patch) =>
      guard("write chat settings", async () => {
        const update = settingsUpdate(patch);
        if (update === undefined) return;
        await doc.send(
          new UpdateCommand({ TableName: table, Key: itemKey.settings(chatId), ...update }),
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
              ...itemKey.claim(updateId),
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
              Key: itemKey.claim(updateId),
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
        const item = await get(itemKey.translation(key), false);
        return item === undefined ? undefined : translationFromItem(item);
      }),
    putTranslation: (key, translation, { ttlMs }) =>
      guard("write the translation cache", async () => {
        const until = now() + checkMs("ttlMs", ttlMs);
        await doc.send(
          new PutCommand({ TableName: table, Item: translationItem(key, translation, until) }),
        );
      }),

    linkReplies: (chatId, messageId, replyIds, options = {}) =>
      guard("record reply links", async () => {
        const until = now() + checkMs("ttlMs", options.ttlMs ?? REPLY_LINK_KEEP_MS);
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...itemKey.replies(chatId, messageId),
              reply_ids: [...replyIds],
              ...expiring(until),
            },
          }),
        );
      }),
    getReplies: (chatId, messageId) =>
      guard("read reply links", async () => {
        const item = await get(itemKey.replies(chatId, messageId));
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
          addTo(itemKey.usage("chat", chatId, day), delta, at),
          addTo(itemKey.usage("user", userId, day), delta, at),
        ]);
        return { chat, user };
      }),
    getUsage: (subject, day) =>
      guard("read usage", async () => {
        const { kind, id } = usageSubject(subject);
        return usageFromItem(await get(itemKey.usage(kind, id, checkDay(day ?? utcDay(now())))));
      }),

    addToCounter: (name, amount, { ttlMs }) =>
      guard("count", () => {
        checkCounter(name, amount);
        return addToCounter(name, amount, checkMs("ttlMs", ttlMs));
      }),
    getCounter: (name) =>
      guard("read a counter", async () => {
        checkCounter(name);
        const item = await get(itemKey.counter(name));
        return Number(item?.total ?? 0);
      }),

    info: () => guard("describe the table", () => admin.info()),
    migrate: () => guard("create the table", () => admin.migrate()),
    close: () => guard("close", () => Promise.resolve(client.destroy())),
  };
  return store;
}
