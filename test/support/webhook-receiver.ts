// A webhook endpoint for tests on 127.0.0.1: records every delivery (update, headers, time), counts
// how many are in flight at once (overall and per chat), and answers however the test says.
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

export interface Delivery {
  update: Update;
  headers: IncomingHttpHeaders;
  /** Date.now() when the request arrived. */
  at: number;
}

/** Answers one delivery; the receiver answers 200 with an empty body when this leaves it open. */
export type Answer = (delivery: Delivery, res: ServerResponse) => void | Promise<void>;

/** The chat an update belongs to, for the per-chat in-flight count. */
export function chatOf(update: Update): number | undefined {
  return (update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id;
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  inFlight = 0;
  maxInFlight = 0;
  maxInFlightPerChat = 0;
  answer: Answer = () => undefined;
  private readonly perChat = new Map<number, number>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = "/hook"): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    server.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => void receiver.receive(chunks, req.headers, res));
    });
    return receiver;
  }

  /** The texts of the delivered messages, in arrival order (retries included). */
  texts(chatId?: number): (string | undefined)[] {
    return this.deliveries
      .filter((d) => chatId === undefined || chatOf(d.update) === chatId)
      .map((d) => d.update.message?.text);
  }

  /** Resolves once `count` deliveries have arrived; rejects after `timeoutMs` saying what came. */
  waitFor(count: number, timeoutMs = 5000): Promise<Delivery[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.deliveries.length < count) return;
        finish();
        resolve(this.deliveries.slice());
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `webhook receiver: ${this.deliveries.length} of ${count} deliveries after ` +
              `${timeoutMs} ms: ${JSON.stringify(this.texts())}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(chunks: Buffer[], headers: IncomingHttpHeaders, res: ServerResponse) {
    const update = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Update;
    const delivery: Delivery = { update, headers, at: Date.now() };
    const chat = chatOf(update);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (chat !== undefined) {
      const count = (this.perChat.get(chat) ?? 0) + 1;
      this.perChat.set(chat, count);
      this.maxInFlightPerChat = Math.max(this.maxInFlightPerChat, count);
    }
    this.deliveries.push(delivery);
    for (const waiter of [...this.waiters]) waiter();
    const done = () => {
      this.inFlight--;
      if (chat !== undefined) this.perChat.set(chat, (this.perChat.get(chat) ?? 1) - 1);
    };
    res.on("close", done);
    await this.answer(delivery, res);
    if (!res.headersSent && !res.destroyed) res.end();
  }
}

/** Answers with `status` (and its standard reason phrase) and optional headers. */
export function answerWith(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, headers);
  res.end();
}

/** Answers 200 with a JSON body: a webhook reply. */
export function replyWith(res: ServerResponse, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(text);
}

/** Holds the answer for `ms`: a receiver that takes its time. */
export const hold = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
