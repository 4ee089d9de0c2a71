import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One path on the bot's HTTP server, e.g. Telegram's webhook. */
export interface HttpRoute {
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => unknown;
}

/** The bot's one HTTP server: each platform mounts its webhook on its own path. */
export interface HttpServer {
  /** Listens on `port` (0 = any free port); resolves with the port used. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting requests; resolves once those in flight have been answered (at most 15 s). */
  close(): Promise<void>;
}

/** How long requests in flight may take to finish once the server is closing. */
const CLOSE_GRACE_MS = 15_000;

/** Creates the server over `routes`; other paths get 404, other methods 405. */
export function createHttpServer(routes: readonly HttpRoute[]): HttpServer {
  const byPath = new Map(routes.map((r) => [r.path, r]));
  let server: Server | null = null;
  return {
    listen(port, host) {
      server = createServer((req, res) => {
        const route = byPath.get(new URL(req.url ?? "/", "http://localhost").pathname);
        if (!route) return void res.writeHead(404).end();
        if (req.method !== "POST") return void res.writeHead(405).end();
        Promise.resolve(route.handler(req, res)).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      });
      const s = server;
      return new Promise((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
      });
    },
    close() {
      const s = server;
      if (!s) return Promise.resolve();
      // Requests in flight (a webhook call being answered) finish first; idle keep-alive sockets close now.
      return new Promise((resolve) => {
        const force = setTimeout(() => s.closeAllConnections(), CLOSE_GRACE_MS);
        s.close(() => {
          clearTimeout(force);
          resolve();
        });
        s.closeIdleConnections();
      });
    },
  };
}
