// The DynamoDB store's table: which one STORE_URL names, and checking or creating it. The table is
// created by `babelgram store migrate` (here) or by the SAM template, never on open.
import type * as DynamoDb from "@aws-sdk/client-dynamodb";
import { StoreError } from "../errors.js";
import { LAYOUT_VERSION, TTL_ATTRIBUTE } from "./dynamodb-items.js";
import type { StoreInfo } from "./types.js";

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

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

/** The SDK tells its errors apart by name. */
export const errorName = (error: unknown) => (error instanceof Error ? error.name : "");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TableAdmin {
  info(): Promise<StoreInfo>;
  migrate(): Promise<{ from: number; to: number }>;
}

/**
 * info and migrate for the store's table. The SDK comes from the caller, which imports it lazily
 * (see openDynamoStore).
 */
export function tableAdmin(
  sdk: Pick<
    typeof DynamoDb,
    "CreateTableCommand" | "DescribeTableCommand" | "UpdateTimeToLiveCommand"
  >,
  client: DynamoDb.DynamoDBClient,
  table: string,
  location: string,
): TableAdmin {
  const { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } = sdk;

  async function describeTable(): Promise<DynamoDb.TableDescription | undefined> {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
    } catch (error) {
      if (errorName(error) === "ResourceNotFoundException") return undefined;
      throw error;
    }
  }

  function checkKeys(description: DynamoDb.TableDescription): void {
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

  return { info, migrate };
}
