// The Node door to the webhook core: an HTTP server with the webhook path, /healthz and /metrics.
// It refuses what it can before reading a body (wrong secret, an announced size over the limit), stops
// reading a body at the limit, and on shutdown stops accepting, then lets in-flight updates finish.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.js";
import type { WebhookCore, WebhookResponse } from "./webhook-core.js";

export interface WebhookServerOptions {
  core: WebhookCore;
  logger: Logger;
  host: string;
  port: number;
  /** The webhook path, e.g. /telegram (from WEBHOOK_URL). */
  path: string;
  /** Serves GET /metrics when given. */
  metrics?: { render(): Promise<string>; contentType: string };
}

export interface WebhookServer {
  /** http://host:port, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits for requests and updates in flight (up to timeoutMs), then closes. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

function send(res: ServerResponse, response: WebhookResponse): void {
  res.writeHead(response.status, response.headers).end(response.body);
}

/** The body, or undefined once it grows past limit (the request is then answered 413). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(res: ServerResponse, req: IncomingMessage, response: WebhookResponse): void {
  // The rest of the body is never read: answer, then drop the connection.
  res.writeHead(response.status, { ...response.headers, connection: "close" });
  res.end(response.body, () => req.destroy());
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { core, logger } = options;

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      return send(res, await core.handle({ method: req.method ?? "GET", headers: req.headers }));
    }
    const refused = core.checkSecret(req.headers);
    if (refused !== undefined)
      return send(res, { ...refused, headers: { ...refused.headers, connection: "close" } });
    if (Number(req.headers["content-length"] ?? 0) > core.maxBodyBytes) {
      return tooLarge(res, req, core.tooLarge());
    }
    const body = await readBody(req, core.maxBodyBytes);
    if (body === undefined) return tooLarge(res, req, core.tooLarge());
    send(res, await core.handle({ method: "POST", headers: req.headers, body }));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (path === options.path) return webhook(req, res);
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok\n");
      return;
    }
    if (path === "/metrics" && req.method === "GET" && options.metrics !== undefined) {
      const text = await options.metrics.render();
      res.writeHead(200, { "content-type": options.metrics.contentType }).end(text);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  }

  const server: Server = createServer(
    // Slow clients are cut off: headers within 10 s, the whole request within 30 s.
    { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 30_000 },
    (req, res) => {
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error }, "webhook server failed to answer a request");
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject).listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close(closeOptions = {}) {
      const timeoutMs = closeOptions.timeoutMs ?? 30_000;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Kept-alive connections close as soon as their request is answered; any left at the
      // deadline are cut.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
      server.closeIdleConnections();
      await core.drain({ timeoutMs });
      await closed;
      clearInterval(sweeper);
      clearTimeout(deadline);
    },
  };
}
