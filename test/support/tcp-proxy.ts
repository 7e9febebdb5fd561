// A TCP proxy to put between babelgram and a server (PostgreSQL) and cut, to play an outage without
// stopping the machine's server (other tests use it): cut() drops every connection, queries in flight
// included, and refuses new ones (the port is closed: ECONNREFUSED, as with a stopped server);
// restore() listens again on the same port.
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export interface TcpProxy {
  readonly port: number;
  /**
   * Holds what clients send until at least one query is caught unanswered (or waitMs passes), then
   * drops every connection and closes the port; resolves with how many connections had a request
   * in flight when they were cut.
   */
  cut(options?: { waitMs?: number }): Promise<number>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes from the client not yet answered by the server: a request in flight. */
  waiting: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let holding = false;
  let port = 0;
  let server: Server;

  function accept(client: Socket): void {
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream, waiting: false };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      pair.waiting = true;
      // While holding, requests stay unanswered: they are in flight when the cut comes.
      if (!holding) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      pair.waiting = false;
      client.write(chunk);
    });
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  }

  async function listen(): Promise<void> {
    server = createServer(accept);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject).listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
  }

  await listen();
  return {
    get port() {
      return port;
    },
    async cut(options = {}) {
      holding = true;
      const deadline = Date.now() + (options.waitMs ?? 3000);
      while (![...pairs].some((pair) => pair.waiting) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const inFlight = [...pairs].filter((pair) => pair.waiting).length;
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await closed;
      holding = false;
      return inFlight;
    },
    restore: listen,
    async close() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
