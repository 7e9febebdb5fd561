// The Node door to the webhook core: an HTTP server with the webhook path, /healthz and /metrics, and
// 404 for everything else. It refuses what it can before reading a body (an address outside the
// allowed ranges, a wrong secret, an announced size over the limit), stops reading a body at the
// limit, cuts off clients that send their request too slowly, and on shutdown stops accepting, then
// lets in-flight updates finish.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.js";
import { http } from "../node-http.js";
import { addressSet, clientAddress } from "./client-ip.js";
import type { WebhookCore, WebhookResponse } from "./webhook-core.js";
import { headerValue, secretChecker } from "./webhook-input.js";

export interface WebhookServerOptions {
  core: WebhookCore;
  logger: Logger;
  host: string;
  port: number;
  /** The webhook path, e.g. /telegram (from WEBHOOK_URL). */
  path: string;
  /** Serves GET /metrics when given (else 404); with a token, only to `Authorization: Bearer <token>`. */
  metrics?: { render(): Promise<string>; contentType: string; token?: string | undefined };
  /** Deliveries only from these addresses and CIDR ranges (else 403); default: from anywhere. */
  allowedSources?: readonly string[] | undefined;
  /** Proxies whose X-Forwarded-For tells the client's address (for allowedSources). */
  trustedProxies?: readonly string[] | undefined;
  timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** A client must have sent its request's headers within this long of starting it (else 408). */
  headersMs: number;
  /** ... and the whole request, body included (else 408). */
  requestMs: number;
  /** An idle kept-alive connection is closed after this long. */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 30_000,
};

export interface WebhookServer {
  /** http://host:port, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits for requests and updates in flight (up to timeoutMs), then closes. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** Whether the request has a body that has not been read (answered early: refused, 404, 405). */
function unreadBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
  return hasBody && !req.complete;
}

function send(req: IncomingMessage, res: ServerResponse, response: WebhookResponse): void {
  // A body that was not read is not worth reading: rather than keep the connection (Node would read
  // the rest of the body and throw it away), it is closed once answered.
  const headers = unreadBody(req) ? { ...response.headers, connection: "close" } : response.headers;
  res.writeHead(response.status, headers).end(response.body);
}

const plain = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body,
});

/**
 * The body, or undefined once it grows past limit (reading then stops; the request is answered 413).
 * Events rather than `for await`: the async iterator costs about ten promises a request (#9).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      req.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // The client went away mid-body: req.destroyed tells the caller so (clientGone).
    const onClose = () => onError(new Error("the request ended before its body was complete"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

function tooLarge(res: ServerResponse, req: IncomingMessage, response: WebhookResponse): void {
  // The rest of the body is never read: answer, then drop the connection.
  res.writeHead(response.status, { ...response.headers, connection: "close" });
  res.end(response.body, () => req.destroy());
}

/** Whether a request's Authorization header carries the token, compared in constant time. */
function bearerChecker(token: string): (req: IncomingMessage) => boolean {
  const check = secretChecker(token);
  return (req) => {
    const match = /^Bearer +(\S+) *$/i.exec(headerValue(req.headers, "authorization") ?? "");
    return check(match?.[1]);
  };
}

/** A request that ended early (the client went away, or was cut off for being slow). */
function clientGone(req: IncomingMessage, error: unknown): boolean {
  return req.destroyed || (error as { code?: unknown } | undefined)?.code === "ECONNRESET";
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { core, logger, metrics } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const sources =
    options.allowedSources === undefined ? undefined : addressSet(options.allowedSources);
  const proxies = addressSet(options.trustedProxies ?? []);
  const metricsAllowed = metrics?.token === undefined ? () => true : bearerChecker(metrics.token);

  function fromAllowedSource(req: IncomingMessage): boolean {
    if (sources === undefined) return true;
    const forwarded = headerValue(req.headers, "x-forwarded-for");
    const address = clientAddress(req.socket.remoteAddress, forwarded, proxies);
    if (sources.has(address)) return true;
    logger.debug(
      { address, peer: req.socket.remoteAddress },
      "delivery from outside the allowed ranges",
    );
    return false;
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!fromAllowedSource(req)) return send(req, res, core.forbidden());
    if (req.method !== "POST") {
      return send(
        req,
        res,
        await core.handle({ method: req.method ?? "GET", headers: req.headers }),
      );
    }
    // A wrong secret is answered from the headers alone: a flood of them costs a hash each.
    const refused = core.checkSecret(req.headers);
    if (refused !== undefined) return send(req, res, refused);
    if (Number(req.headers["content-length"] ?? 0) > core.maxBodyBytes) {
      return tooLarge(res, req, core.tooLarge());
    }
    const body = await readBody(req, core.maxBodyBytes);
    if (body === undefined) return tooLarge(res, req, core.tooLarge());
    send(
      req,
      res,
      await core.handle({ method: "POST", headers: req.headers, body, secretChecked: true }),
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (path === options.path) return webhook(req, res);
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      return send(req, res, plain(200, "ok\n"));
    }
    if (path === "/metrics" && req.method === "GET" && metrics !== undefined) {
      if (!metricsAllowed(req)) {
        return send(
          req,
          res,
          plain(401, "metrics need the token\n", { "www-authenticate": "Bearer" }),
        );
      }
      const text = await metrics.render();
      return send(req, res, {
        status: 200,
        headers: { "content-type": metrics.contentType },
        body: text,
      });
    }
    send(req, res, plain(404, "not found\n"));
  }

  const server: Server = http.createServer(
    {
      // Slow clients (slow-loris) are cut off with a 408: headers within 10 s, the whole request
      // within 30 s, checked every second (Node's default is every 30 s).
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, timeouts.headersMs / 4)),
    },
    (req, res) => {
      route(req, res).catch((error: unknown) => {
        if (clientGone(req, error)) {
          logger.debug({ err: error }, "the client went away before its request was complete");
          res.destroy();
          return;
        }
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
