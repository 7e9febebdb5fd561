// DynamoDB for tests: dynalite (a pure-Node implementation of the DynamoDB API) on a free port in this
// process, found by the AWS SDK through AWS_ENDPOINT_URL_DYNAMODB, with throwaway credentials.
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import { afterAll } from "vitest";

/** Call at the top level of a test file; returns the endpoint and restores the env at the end. */
export async function useDynalite(): Promise<{ endpoint: string }> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ACCESS_KEY_ID: "test-key-id",
    AWS_SECRET_ACCESS_KEY: "test-secret",
    // The SDK's notice that its 2027 releases need Node 22: true, but noise in test output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });
  return { endpoint };
}
