import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Chat, InlineKeyboardMarkup, Message, Update, User } from "grammy/types";
import { checkContent, commandKey, entitiesOf, readPayload } from "./telegram-fake-wire.ts";
import { parseTelegramHtml } from "./telegram-html-check.ts";

/**
 * A fake Telegram Bot API server on 127.0.0.1 (real HTTP) for tests and the
 * load bench: grammY is pointed at it with `client.apiRoot`. It keeps chats,
 * messages and an update queue, long-polls `getUpdates`, checks what Telegram
 * checks (HTML, 4096 characters, 64-byte callback data, reply targets,
 * threads, answered callbacks, ≤ 50 inline results) and injects faults.
 */

/** One API call the bot made, with the time it arrived (ms, `performance.now()`). */
export interface ApiCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  readonly at: number;
  readonly ok: boolean;
  /** What the fake answered (e.g. the Message sent). */
  readonly result?: unknown;
  readonly error?: string;
}

/** A chat known to the fake. `privacy` (groups): the bot sees only messages meant for it. */
export interface FakeChat {
  readonly chat: Chat;
  privacy: boolean;
  blocked: boolean;
  migratedTo: number | null;
  readonly topics: Set<number>;
  /** User ids of the group's administrators (the first is the creator), for `getChatAdministrators`. */
  readonly admins: Set<number>;
  readonly messages: Map<number, Message & { html?: string }>;
  nextMessageId: number;
}

type Fault = { code: number; description: string; retryAfter?: number };
type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; code: number; description: string; parameters?: object };

const ok = (result: unknown): ApiResult => ({ ok: true, result });
const bad = (description: string, code = 400, parameters?: object): ApiResult => ({
  ok: false,
  code,
  description,
  ...(parameters ? { parameters } : {}),
});

/** The fake server. Start with {@link FakeTelegramServer.start}. */
export class FakeTelegramServer {
  readonly calls: ApiCall[] = [];
  readonly chats = new Map<number, FakeChat>();
  /** When each update was handed to the bot (ms), by update id. */
  readonly deliveredAt = new Map<number, number>();
  readonly commands = new Map<string, unknown>();
  readonly bot: User & { username: string };
  private readonly events = new EventEmitter();
  private readonly updates: Update[] = [];
  private nextUpdateId = 1;
  /** Ends the poll now waiting, if any (a newer poll came). */
  private endHeldPoll: (() => void) | null = null;
  private readonly faults = new Map<string, Fault[]>();
  /** Checked before each call is carried out; a fault it returns answers the call (rate limits: platform-rate-limits.ts). */
  gate: ((method: string, payload: Record<string, unknown>) => Fault | null) | null = null;
  private readonly drops = new Map<string, number>();
  private readonly openCallbacks = new Set<string>();
  private readonly openInline = new Set<string>();
  private nextQueryId = 1;
  private server: Server | null = null;
  private port = 0;

  private constructor(
    readonly token: string,
    username: string,
  ) {
    this.bot = { id: 7_000_001, is_bot: true, first_name: "dafu", username };
    this.events.setMaxListeners(0);
  }

  /** Starts a fake on 127.0.0.1, port 0. */
  static async start(
    options: { token?: string; username?: string } = {},
  ): Promise<FakeTelegramServer> {
    const fake = new FakeTelegramServer(
      options.token ?? "123456:TEST-token",
      options.username ?? "DafuTestBot",
    );
    fake.server = createServer((req, res) => void fake.route(req, res));
    await new Promise<void>((resolve) => fake.server?.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The address to give grammY as `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops the server, releasing held polls and keep-alive sockets. */
  async close(): Promise<void> {
    this.events.emit("update");
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Adds a chat. Groups are supergroups with privacy mode on unless told otherwise. */
  addChat(
    chat: Chat,
    options: { privacy?: boolean; topics?: number[]; admins?: number[] } = {},
  ): FakeChat {
    const state: FakeChat = {
      chat,
      privacy: options.privacy ?? chat.type !== "private",
      blocked: false,
      migratedTo: null,
      topics: new Set(options.topics ?? []),
      admins: new Set(options.admins ?? []),
      messages: new Map(),
      nextMessageId: 1,
    };
    this.chats.set(chat.id, state);
    return state;
  }

  /** Makes the next `times` calls of `method` fail with `fault` (e.g. 429 with `retryAfter`). */
  failNext(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method.toLowerCase()) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method.toLowerCase(), queue);
  }

  /** Makes the next `times` calls of `method` end with a dropped connection (a network outage); 0 ends it. */
  dropNext(method: string, times = 1): void {
    this.drops.set(method.toLowerCase(), times);
  }

  /**
   * A user writes in a chat. Builds `bot_command` and `mention` entities as
   * Telegram does and delivers the message only if privacy mode lets the bot
   * see it. Returns the message, and the update delivered (null when privacy mode hid it).
   */
  userSays(
    chatId: number,
    from: User,
    text: string,
    options: { replyTo?: number; thread?: number; senderChat?: Chat } = {},
  ): { message: Message; update: Update | null } {
    const state = this.chatState(chatId);
    const entities = entitiesOf(text);
    const replyTo = options.replyTo ? state.messages.get(options.replyTo) : undefined;
    const message = {
      message_id: state.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: state.chat,
      from,
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(replyTo ? { reply_to_message: replyTo } : {}),
      ...(options.thread ? { message_thread_id: options.thread, is_topic_message: true } : {}),
      ...(options.senderChat ? { sender_chat: options.senderChat } : {}),
    } as Message.TextMessage;
    state.messages.set(message.message_id, message);
    const delivered = !state.privacy || this.meantForBot(message, replyTo);
    const update = delivered ? this.push({ message } as Omit<Update, "update_id">) : null;
    return { message, update };
  }

  /** A user presses an inline button on a bot message; returns the callback query id. */
  pressButton(chatId: number, messageId: number, data: string, from: User): string {
    const message = this.chatState(chatId).messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId} in chat ${chatId}`);
    const id = String(this.nextQueryId++);
    this.openCallbacks.add(id);
    this.push({ callback_query: { id, from, chat_instance: String(chatId), message, data } });
    return id;
  }

  /** A user types `@bot query` in any chat; returns the inline query id. */
  inlineQuery(from: User, query: string): string {
    const id = String(this.nextQueryId++);
    this.openInline.add(id);
    this.push({ inline_query: { id, from, query, offset: "" } });
    return id;
  }

  /** Queues a raw update (a new id unless `update_id` is given, e.g. to redeliver one). */
  push(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    this.updates.push(full);
    this.events.emit("update");
    return full;
  }

  /** Calls `listener` with every API call from now on (except getUpdates); returns an unsubscribe. */
  onCall(listener: (call: ApiCall) => void): () => void {
    const forward = () => {
      const last = this.calls.at(-1);
      if (last) listener(last);
    };
    this.events.on("call", forward);
    return () => this.events.off("call", forward);
  }

  /** Resolves with the first call from index `from` on that passes `test` (waits for it). */
  waitForCall(test: (call: ApiCall) => boolean, from = 0): Promise<ApiCall> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.calls.slice(from).find(test);
        if (!found) return false;
        this.events.off("call", check);
        resolve(found);
        return true;
      };
      if (!check()) this.events.on("call", check);
    });
  }

  /** Calls of one method (case-insensitive), optionally to one chat. */
  callsOf(method: string, chatId?: number): ApiCall[] {
    return this.calls.filter(
      (c) =>
        c.method.toLowerCase() === method.toLowerCase() &&
        (chatId === undefined || Number(c.payload.chat_id) === chatId),
    );
  }

  private chatState(chatId: number): FakeChat {
    const state = this.chats.get(chatId);
    if (!state) throw new Error(`unknown chat ${chatId}`);
    return state;
  }

  private meantForBot(message: Message.TextMessage, replyTo: Message | undefined): boolean {
    const me = `@${this.bot.username.toLowerCase()}`;
    const command = message.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
    if (command) {
      const target = message.text.slice(0, command.length).split("@")[1];
      return target === undefined || `@${target.toLowerCase()}` === me;
    }
    if (replyTo?.from?.id === this.bot.id) return true;
    return (message.entities ?? []).some(
      (e) =>
        e.type === "mention" &&
        message.text.slice(e.offset, e.offset + e.length).toLowerCase() === me,
    );
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(
      new URL(req.url ?? "/", this.apiRoot).pathname,
    );
    const payload = await readPayload(req);
    const reply = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== this.token)
      return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2] ?? "";
    const drops = this.drops.get(method.toLowerCase()) ?? 0;
    if (drops > 0) {
      this.drops.set(method.toLowerCase(), drops - 1);
      req.socket.destroy();
      const error = "connection dropped";
      this.calls.push({ method, payload, at: performance.now(), ok: false, error });
      this.events.emit("call");
      return;
    }
    const fault = this.faults.get(method.toLowerCase())?.shift() ?? this.gate?.(method, payload);
    const result: ApiResult = fault
      ? bad(
          fault.description,
          fault.code,
          fault.retryAfter ? { retry_after: fault.retryAfter } : undefined,
        )
      : await this.dispatch(method, payload, res);
    if (method.toLowerCase() !== "getupdates") {
      this.calls.push({
        method,
        payload,
        at: performance.now(),
        ok: result.ok,
        ...(result.ok ? { result: result.result } : { error: result.description }),
      });
      this.events.emit("call");
    }
    if (result.ok) return reply(200, { ok: true, result: result.result });
    const { code, description, parameters } = result;
    reply(code, {
      ok: false,
      error_code: code,
      description,
      ...(parameters ? { parameters } : {}),
    });
  }

  private async dispatch(
    method: string,
    p: Record<string, unknown>,
    res: ServerResponse,
  ): Promise<ApiResult> {
    switch (method.toLowerCase()) {
      case "getme":
        return ok({ ...this.bot, can_join_groups: true, supports_inline_queries: true });
      case "getupdates":
        return this.getUpdates(p, res);
      case "deletewebhook":
      case "setwebhook":
      case "sendchataction":
        return ok(true);
      case "setmycommands":
        this.commands.set(commandKey(p), p.commands);
        return ok(true);
      case "getmycommands":
        return ok(this.commands.get(commandKey(p)) ?? []);
      case "sendmessage":
        return this.sendMessage(p);
      case "getchatadministrators":
        return this.getChatAdministrators(p);
      case "editmessagetext":
        return this.editMessageText(p);
      case "answercallbackquery":
        return this.openCallbacks.delete(String(p.callback_query_id))
          ? ok(true)
          : bad(
              "Bad Request: query is too old and response timeout expired or query ID is invalid",
            );
      case "answerinlinequery":
        return this.answerInlineQuery(p);
      default:
        return bad("Not Found", 404);
    }
  }

  /**
   * Long polling as Telegram does it: a poll waits up to `timeout` seconds
   * for updates; a newer poll ends the one still waiting with 409 "terminated
   * by other getUpdates request"; a client that hangs up ends its own poll.
   */
  private async getUpdates(p: Record<string, unknown>, res: ServerResponse): Promise<ApiResult> {
    this.endHeldPoll?.();
    const offset = Number(p.offset ?? 0);
    const limit = Number(p.limit ?? 100);
    const drop = this.updates.findIndex((u) => u.update_id >= offset);
    this.updates.splice(0, drop < 0 ? this.updates.length : drop);
    if (this.updates.length === 0 && Number(p.timeout ?? 0) > 0) {
      const superseded = await new Promise<boolean>((resolve) => {
        const done = (ended: boolean) => {
          clearTimeout(timer);
          this.events.off("update", wake);
          res.off("close", wake);
          if (this.endHeldPoll === end) this.endHeldPoll = null;
          resolve(ended);
        };
        const wake = () => done(false);
        const end = () => done(true);
        const timer = setTimeout(wake, Number(p.timeout) * 1000);
        this.events.on("update", wake);
        res.on("close", wake);
        this.endHeldPoll = end;
      });
      if (superseded) return bad("Conflict: terminated by other getUpdates request", 409);
    }
    if (res.destroyed) return ok([]);
    const batch = this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    const now = performance.now();
    for (const u of batch)
      if (!this.deliveredAt.has(u.update_id)) this.deliveredAt.set(u.update_id, now);
    return ok(batch);
  }

  private sendMessage(p: Record<string, unknown>): ApiResult {
    const state = this.chats.get(Number(p.chat_id));
    if (!state) return bad("Bad Request: chat not found");
    if (state.blocked) return bad("Forbidden: bot was blocked by the user", 403);
    if (state.migratedTo !== null)
      return bad("Bad Request: group chat was upgraded to a supergroup chat", 400, {
        migrate_to_chat_id: state.migratedTo,
      });
    const checked = checkContent(p);
    if (!checked.ok) return bad(checked.error);
    const thread = p.message_thread_id === undefined ? undefined : Number(p.message_thread_id);
    if (thread !== undefined && !state.topics.has(thread))
      return bad("Bad Request: message thread not found");
    const replyParams = p.reply_parameters as
      | { message_id?: number; allow_sending_without_reply?: boolean }
      | undefined;
    const target = replyParams?.message_id ? state.messages.get(replyParams.message_id) : undefined;
    if (replyParams?.message_id && !target && !replyParams.allow_sending_without_reply)
      return bad("Bad Request: message to be replied not found");
    const message = {
      message_id: state.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: state.chat,
      from: this.bot,
      text: checked.text,
      html: String(p.text),
      ...(target ? { reply_to_message: target } : {}),
      ...(thread ? { message_thread_id: thread, is_topic_message: true } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup as InlineKeyboardMarkup } : {}),
    } as Message.TextMessage & { html: string };
    state.messages.set(message.message_id, message);
    return ok(message);
  }

  private getChatAdministrators(p: Record<string, unknown>): ApiResult {
    const state = this.chats.get(Number(p.chat_id));
    if (!state) return bad("Bad Request: chat not found");
    if (state.chat.type === "private")
      return bad("Bad Request: there are no administrators in the private chat");
    const members = [...state.admins].map((id, i) => ({
      status: i === 0 ? "creator" : "administrator",
      user: { id, is_bot: false, first_name: `admin${id}` },
      ...(i === 0 ? { is_anonymous: false } : {}),
    }));
    return ok(members);
  }

  private editMessageText(p: Record<string, unknown>): ApiResult {
    const state = this.chats.get(Number(p.chat_id));
    const message = state?.messages.get(Number(p.message_id));
    if (!state || !message || message.from?.id !== this.bot.id)
      return bad("Bad Request: message to edit not found");
    const checked = checkContent(p);
    if (!checked.ok) return bad(checked.error);
    const sameMarkup =
      JSON.stringify(message.reply_markup ?? null) === JSON.stringify(p.reply_markup ?? null);
    if (message.html === String(p.text) && sameMarkup)
      return bad(
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    const edited = {
      ...message,
      text: checked.text,
      html: String(p.text),
      edit_date: Math.floor(Date.now() / 1000),
      ...(p.reply_markup ? { reply_markup: p.reply_markup as InlineKeyboardMarkup } : {}),
    };
    if (!p.reply_markup) delete (edited as { reply_markup?: unknown }).reply_markup;
    state.messages.set(message.message_id, edited);
    return ok(edited);
  }

  private answerInlineQuery(p: Record<string, unknown>): ApiResult {
    if (!this.openInline.delete(String(p.inline_query_id)))
      return bad(
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      );
    const results = (p.results ?? []) as {
      id: string;
      input_message_content?: { message_text?: string };
    }[];
    if (results.length > 50) return bad("Bad Request: RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const r of results) {
      const bytes = Buffer.byteLength(r.id ?? "");
      if (bytes < 1 || bytes > 64) return bad("Bad Request: RESULT_ID_INVALID");
      if (ids.has(r.id)) return bad("Bad Request: RESULT_ID_DUPLICATE");
      ids.add(r.id);
      const html = parseTelegramHtml(r.input_message_content?.message_text ?? "");
      if (!html.ok) return bad(html.error);
    }
    return ok(true);
  }
}
