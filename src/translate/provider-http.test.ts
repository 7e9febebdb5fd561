// The providers' HTTP client against a local server: connections kept alive between calls, an idle
// one closed after 4 s (as fetch's are), a slow answer not cut off by that timeout.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpCall } from "./provider-http.js";

let server: Server;
let url: string;
let connections = 0;
const seen: Array<{ method?: string; length?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, length: req.headers["content-length"], body });
      const delay = Number(new URL(req.url ?? "/", "http://x").searchParams.get("delay") ?? 0);
      setTimeout(() => res.writeHead(201).end(`answered ${body}`), delay);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const call = (body: string, query = "") =>
  httpCall(`${url}${query}`, { headers: {}, body }, AbortSignal.timeout(10_000));

describe("httpCall", () => {
  it("POSTs the body with its length, reads the whole answer, and reuses the connection", async () => {
    const before = connections;
    expect(await call("héllo")).toEqual({ status: 201, text: "answered héllo" });
    expect(await call("again")).toEqual({ status: 201, text: "answered again" });
    expect(connections - before).toBe(1);
    expect(seen.at(-2)).toEqual({ method: "POST", length: "6", body: "héllo" });
  });

  it("waits out a slow answer, and opens a new connection after 4 s idle", async () => {
    expect(await call("slow", "?delay=4500")).toEqual({ status: 201, text: "answered slow" });
    const before = connections;
    await sleep(5_000);
    await call("fresh");
    expect(connections - before).toBe(1);
  }, 20_000);

  it("rejects an aborted call, and a URL that does not parse without quoting it in a field", async () => {
    const aborted = httpCall(url, { headers: {}, body: "x" }, AbortSignal.abort());
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    const error: unknown = await httpCall(
      "http://[::1/?key=SECRET",
      { headers: {} },
      AbortSignal.timeout(1000),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(Object.keys(error as object)).toEqual([]);
  });
});
