import * as lark from "@larksuiteoapi/node-sdk";
import type { RateLimiter } from "../../src/alerts/rate-limiter.ts";
import type { FeishuConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import type { FeishuMessage } from "./render-card.ts";
import { type CallFailure, readFailure, retryDecision } from "./retry-policy.ts";
import { larkLogger } from "./sdk-logger.ts";

/**
 * The Open API calls dafu makes, over the SDK's Client (its domain handling,
 * token fetching and cache), with Feishu's error codes handled: a rejected
 * token dropped and the call retried once, rate limits backed off and
 * retried with the same `uuid`, a used-up monthly quota stopping all sends.
 */

/** A call that failed for good, with Feishu's code (0 when none, e.g. a network error). */
export class FeishuApiError extends Error {
  override name = "FeishuApiError";
  constructor(
    readonly code: number,
    message: string,
    readonly status: number | null = null,
    /** How long to wait before trying again (a rate limit seen by an alert send), in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`feishu ${code}: ${message}`);
  }
}

/** What the adapter sends through. */
export interface OpenApi {
  /** The bot's own open_id (asked once, from `/open-apis/bot/v3/info`). */
  botOpenId(): Promise<string>;
  /** Replies to a message; resolves with the new message's id. */
  reply(messageId: string, message: FeishuMessage, uuid: string): Promise<string>;
  /**
   * Sends to a chat (`chat_id`); resolves with the new message's id. An
   * `alert` send is not paced here (the alert dispatcher paces it) and is not
   * retried after a rate limit or a transient failure: it throws at once, a
   * limit's wait in {@link FeishuApiError.retryAfterMs}, so the dispatcher
   * pauses the whole queue.
   */
  create(
    chatId: string,
    message: FeishuMessage,
    uuid: string,
    options?: { readonly alert?: boolean },
  ): Promise<string>;
  /** Replaces the content of a card the bot sent. */
  patch(messageId: string, message: FeishuMessage): Promise<void>;
  /** True once 99991403 (monthly quota used up) was seen: nothing more is sent. */
  readonly quotaExhausted: boolean;
}

/** Options for {@link createOpenApi}. */
export interface OpenApiOptions {
  readonly config: FeishuConfig;
  readonly log: Logger;
  /** First back-off after a rate limit, in ms (then ×3, ×9). Default 500. */
  readonly backoffMs?: number;
  /** Longest wait we accept from `x-ogw-ratelimit-reset`, in ms. Default 60 000. */
  readonly maxWaitMs?: number;
  /**
   * Paces answers (reply and create) at high priority, on the budget alerts
   * share (see `sharedRateLimiter("feishu")`). Default: not paced.
   */
  readonly pacer?: RateLimiter;
}

/** A token cache the adapter can clear (the SDK's never drops a rejected token). */
class ClearableCache {
  private readonly values = new Map<string, { value: unknown; expiredTime?: number }>();
  private key(key: { toString(): string }, namespace?: string) {
    return `${namespace ?? ""}/${key.toString()}`;
  }
  async get(key: { toString(): string }, options?: { namespace?: string }): Promise<unknown> {
    const hit = this.values.get(this.key(key, options?.namespace));
    if (!hit || (hit.expiredTime && hit.expiredTime <= Date.now())) return undefined;
    return hit.value;
  }
  async set(
    key: { toString(): string },
    value: unknown,
    expiredTime?: number,
    options?: { namespace?: string },
  ): Promise<boolean> {
    this.values.set(this.key(key, options?.namespace), {
      value,
      ...(expiredTime ? { expiredTime } : {}),
    });
    return true;
  }
  clear(): void {
    this.values.clear();
  }
}

interface ApiResult {
  code?: number;
  msg?: string;
  data?: { message_id?: string; bot?: { open_id?: string } } & Record<string, unknown>;
  bot?: { open_id?: string };
}

/** Creates the Open API client for one app. */
export function createOpenApi(options: OpenApiOptions): OpenApi & { readonly client: lark.Client } {
  const { config, log } = options;
  const cache = new ClearableCache();
  const client = new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    cache,
    logger: larkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
  });
  let quotaExhausted = false;
  let botOpenId: Promise<string> | null = null;

  async function call(what: string, fn: () => Promise<unknown>, alert = false): Promise<ApiResult> {
    let tokenRetried = false;
    for (let attempt = 0; ; attempt++) {
      if (quotaExhausted) throw new FeishuApiError(99991403, "monthly quota used up; not sending");
      let failure: CallFailure;
      try {
        const result = (await fn()) as ApiResult;
        if (!result?.code) return result;
        failure = { code: result.code, message: result.msg ?? "", status: 200, resetSeconds: null };
      } catch (error) {
        failure = readFailure(error);
      }
      const decision = retryDecision(failure, attempt, tokenRetried, options);
      if (decision.kind === "token") {
        tokenRetried = true;
        cache.clear();
        log.warn("feishu token rejected; fetched anew", { what, code: failure.code });
        continue;
      }
      if (decision.kind === "quota") {
        quotaExhausted = true;
        log.error("FEISHU MONTHLY API QUOTA USED UP (99991403): no more messages are sent", {
          what,
        });
      }
      if (decision.kind !== "wait" || alert)
        throw new FeishuApiError(
          failure.code,
          failure.message,
          failure.status,
          // The gateway's own reset when it sent one (exact), else the back-off we would have waited.
          failure.resetSeconds !== null
            ? failure.resetSeconds * 1000
            : decision.kind === "wait"
              ? decision.ms
              : null,
        );
      log.debug("feishu call limited; retrying", { what, code: failure.code, ms: decision.ms });
      await new Promise((resolve) => setTimeout(resolve, decision.ms));
    }
  }

  const messageId = (r: ApiResult) => r.data?.message_id ?? "";

  return {
    client,
    get quotaExhausted() {
      return quotaExhausted;
    },
    botOpenId() {
      botOpenId ??= call("bot.info", () =>
        client.request({ method: "GET", url: "/open-apis/bot/v3/info" }),
      ).then((r) => {
        const id = r.bot?.open_id ?? r.data?.bot?.open_id;
        if (!id) throw new FeishuApiError(0, "bot info without open_id");
        return id;
      });
      botOpenId.catch(() => {
        botOpenId = null;
      });
      return botOpenId;
    },
    async reply(id, message, uuid) {
      // Keyed by the message replied to (its chat is not known here): the overall budget is what counts.
      await options.pacer?.acquire(id, "answer");
      const data = { content: message.content, msg_type: message.msgType, uuid };
      return messageId(
        await call("message.reply", () =>
          client.im.v1.message.reply({ path: { message_id: id }, data }),
        ),
      );
    },
    async create(chatId, message, uuid, sendOptions = {}) {
      if (!sendOptions.alert) await options.pacer?.acquire(chatId, "answer");
      const data = {
        receive_id: chatId,
        content: message.content,
        msg_type: message.msgType,
        uuid,
      };
      return messageId(
        await call(
          "message.create",
          () => client.im.v1.message.create({ params: { receive_id_type: "chat_id" }, data }),
          sendOptions.alert,
        ),
      );
    },
    async patch(id, message) {
      await call("message.patch", () =>
        client.im.v1.message.patch({
          path: { message_id: id },
          data: { content: message.content },
        }),
      );
    },
  };
}
