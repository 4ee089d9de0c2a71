import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readCard } from "./feishu-card-check.ts";
import { type Ack, FakeLongConnection } from "./feishu-fake-long-connection.ts";

/**
 * A fake Feishu Open API on 127.0.0.1 over real HTTP, for the Lark SDK
 * pointed at it through `domain`: tenant tokens, bot info, message reply /
 * create / patch (with Feishu's `uuid` de-duplication and card checks), and
 * the long connection (`/callback/ws/endpoint`, then binary pbbp2 frames over
 * a WebSocket). Failures are scripted per route.
 */

/** One call the bot made. */
export interface FeishuCall {
  readonly route:
    | "token"
    | "bot_info"
    | "reply"
    | "create"
    | "patch"
    | "ws_endpoint"
    | "chat_info"
    | "other";
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly token: string | null;
  /** Feishu code answered (0 = success). */
  readonly code: number;
  /** The message id created (reply/create), or patched. */
  readonly messageId: string | null;
  /** True when an earlier send had the same uuid (nothing new was posted). */
  readonly deduped: boolean;
  /** When the request arrived (`performance.now()`). */
  readonly at: number;
}

/** A scripted failure: HTTP status, Feishu code, headers. */
export interface ScriptedFailure {
  readonly status: number;
  readonly code: number;
  readonly headers?: Record<string, string>;
}

/** The app the fake knows. */
export const FAKE_APP = { appId: "cli_0123456789abcdef", appSecret: "fake-secret-value" };
export const BOT_OPEN_ID = "ou_fakebot000000000000000000000000";

export type { Ack };

/** The owner of a group the fake was told nothing about. */
export const DEFAULT_OWNER = "ou_owner_default";

/** A chat as 获取群信息 describes it (open_ids). */
export interface FakeChatInfo {
  readonly chat_mode: "group" | "p2p" | "topic";
  readonly owner_id?: string;
  readonly user_manager_id_list?: readonly string[];
}

/** The fake Feishu server: Open API routes and the long connection. */
export class FakeFeishuServer {
  readonly calls: FeishuCall[] = [];
  private readonly failures = new Map<string, ScriptedFailure[]>();
  /** Checked before each message call; a failure it returns answers the call (rate limits: platform-rate-limits.ts). */
  gate:
    | ((route: FeishuCall["route"], body: Record<string, unknown>) => ScriptedFailure | null)
    | null = null;
  private readonly listeners = new Set<(call: FeishuCall) => void>();
  private readonly byUuid = new Map<string, string>();
  private readonly validTokens = new Set<string>();
  /** The long connection (`/callback/ws/endpoint` hands out its address). */
  readonly ws = new FakeLongConnection();
  /** What 获取群信息 answers per chat id (unknown chats: a group owned by {@link DEFAULT_OWNER}). */
  readonly chatInfo = new Map<string, FakeChatInfo>();
  private tokenCount = 0;
  private messageCount = 0;

  private constructor(private readonly server: Server) {}

  /** Starts the fake on a free port. */
  static async start(): Promise<FakeFeishuServer> {
    const server = createServer();
    const fake = new FakeFeishuServer(server);
    server.on("request", (req, res) => void fake.serve(req, res));
    server.on("upgrade", (req, socket, head) => {
      fake.ws.upgrade(req, socket, head);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** `http://127.0.0.1:PORT`, the SDK's `domain`. */
  get domain(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Fails the next `times` calls of `route` with `failure`. */
  fail(route: FeishuCall["route"], failure: ScriptedFailure, times = 1): void {
    const queue = this.failures.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(route, queue);
  }

  /** Makes every token issued so far invalid (the next call with one gets 99991663). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  /** Calls `listener` on every call; returns the unsubscribe. */
  onCall(listener: (call: FeishuCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first call (past or future) matching `predicate`. */
  waitForCall(predicate: (call: FeishuCall) => boolean): Promise<FeishuCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const off = this.onCall((call) => {
        if (!predicate(call)) return;
        off();
        resolve(call);
      });
    });
  }

  /** Successful reply/create calls that posted a message. */
  sends(): FeishuCall[] {
    return this.calls.filter(
      (c) => (c.route === "reply" || c.route === "create") && c.code === 0 && !c.deduped,
    );
  }

  /** Resolves once the bot has a long connection open (and has opened more than `after` in all). */
  connected(after = 0): Promise<void> {
    return this.ws.connected(after);
  }

  /** Pushes an event over the long connection; resolves with the bot's ack. */
  push(envelope: object, fragments = 1, redeliverMs = 1000): Promise<Ack> {
    return this.ws.push(envelope, fragments, redeliverMs);
  }

  /** Connections the bot opened so far. */
  get connections(): number {
    return this.ws.connections;
  }

  /** Closes every long connection from the server side (the bot should reconnect). */
  dropConnections(): void {
    this.ws.drop();
  }

  async close(): Promise<void> {
    this.ws.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? "/", this.domain);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : null;
    const route = routeOf(req.method ?? "", url.pathname);
    const answer = (
      status: number,
      json: Record<string, unknown>,
      call: Partial<FeishuCall>,
      headers: Record<string, string> = {},
    ) => {
      const code = typeof json.code === "number" ? json.code : 0;
      const record: FeishuCall = {
        route,
        path: url.pathname,
        body,
        token,
        code,
        messageId: null,
        deduped: false,
        at,
        ...call,
      };
      this.calls.push(record);
      res
        .writeHead(status, { "content-type": "application/json", ...headers })
        .end(JSON.stringify(json));
      for (const listener of [...this.listeners]) listener(record);
    };
    const scripted = this.failures.get(route)?.shift();
    if (scripted)
      return answer(
        scripted.status,
        { code: scripted.code, msg: "scripted failure" },
        {},
        scripted.headers,
      );
    if (route === "token") {
      if (body.app_id !== FAKE_APP.appId || body.app_secret !== FAKE_APP.appSecret)
        return answer(400, { code: 10014, msg: "app secret invalid" }, {});
      const issued = `t-fake-${++this.tokenCount}`;
      this.validTokens.add(issued);
      return answer(200, { code: 0, msg: "ok", tenant_access_token: issued, expire: 7200 }, {});
    }
    if (route === "ws_endpoint") {
      if (body.AppID !== FAKE_APP.appId)
        return answer(200, { code: 1000040344, msg: "bad app" }, {});
      const port = (this.server.address() as AddressInfo).port;
      const data = {
        URL: `ws://127.0.0.1:${port}/ws?device_id=d&service_id=1`,
        ClientConfig: {
          PingInterval: 120,
          ReconnectCount: -1,
          ReconnectInterval: 1,
          ReconnectNonce: 0,
        },
      };
      return answer(200, { code: 0, data }, {});
    }
    if (!token || !this.validTokens.has(token))
      return answer(200, { code: 99991663, msg: "Invalid access token for authorization." }, {});
    if (route === "bot_info")
      return answer(
        200,
        { code: 0, msg: "ok", bot: { open_id: BOT_OPEN_ID, app_name: "dafu" } },
        {},
      );
    if (route === "chat_info") {
      const id = decodeURIComponent(url.pathname.split("/").pop() ?? "");
      const info = this.chatInfo.get(id) ?? { chat_mode: "group", owner_id: DEFAULT_OWNER };
      const data = { user_manager_id_list: [], owner_id_type: "open_id", ...info };
      return answer(200, { code: 0, msg: "success", data }, {});
    }
    if (route === "reply" || route === "create" || route === "patch") {
      const limited = this.gate?.(route, body);
      if (limited)
        return answer(
          limited.status,
          { code: limited.code, msg: "rate limited" },
          {},
          limited.headers,
        );
      this.message(route, body, url, answer);
      return;
    }
    return answer(404, { code: 404, msg: "no such route in the fake" }, {});
  }

  private message(
    route: "reply" | "create" | "patch",
    body: Record<string, unknown>,
    url: URL,
    answer: (status: number, json: Record<string, unknown>, call: Partial<FeishuCall>) => unknown,
  ): unknown {
    const content = String(body.content ?? "");
    if (Buffer.byteLength(content) > 30 * 1024)
      return answer(400, { code: 230025, msg: "message too long" }, {});
    if (body.msg_type === "interactive" || route === "patch") {
      try {
        readCard(content);
      } catch (error) {
        return answer(400, { code: 230099, msg: `card error: ${(error as Error).message}` }, {});
      }
    }
    if (route === "patch") {
      const id = url.pathname.split("/").pop() ?? "";
      return answer(200, { code: 0, msg: "ok", data: {} }, { messageId: id });
    }
    const uuid = typeof body.uuid === "string" ? body.uuid : null;
    const earlier = uuid ? this.byUuid.get(uuid) : undefined;
    const messageId = earlier ?? `om_bot_${++this.messageCount}`;
    if (uuid && !earlier) this.byUuid.set(uuid, messageId);
    return answer(
      200,
      { code: 0, msg: "ok", data: { message_id: messageId } },
      { messageId, deduped: earlier !== undefined },
    );
  }
}

function routeOf(method: string, path: string): FeishuCall["route"] {
  if (path === "/open-apis/auth/v3/tenant_access_token/internal") return "token";
  if (path === "/open-apis/bot/v3/info") return "bot_info";
  if (path === "/callback/ws/endpoint") return "ws_endpoint";
  if (method === "POST" && path === "/open-apis/im/v1/messages") return "create";
  if (method === "POST" && /^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(path))
    return "reply";
  if (method === "PATCH" && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path)) return "patch";
  if (method === "GET" && /^\/open-apis\/im\/v1\/chats\/[^/]+$/.test(path)) return "chat_info";
  return "other";
}
