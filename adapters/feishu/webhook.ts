import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../../src/logger.ts";
import type { HttpRoute } from "../http-server.ts";

/** Largest event body accepted, in bytes. */
const MAX_BODY_BYTES = 1 << 20;

/** `X-Lark-Signature` = sha256 hex of timestamp + nonce + encrypt key + the raw body. */
export function larkSignature(timestamp: string, nonce: string, key: string, raw: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + key + raw)
    .digest("hex");
}

/** A request older than this (by `x-lark-request-timestamp`) is refused: 1 hour. */
export const MAX_REQUEST_AGE_MS = 3600_000;
/** A request dated further ahead than this is refused: 5 minutes (clock skew). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

type Verdict = "ok" | "unsigned" | "bad-signature" | "stale";

/**
 * The webhook endpoint on the bot's HTTP server. Order of checks: when the
 * request carries signature headers, the signature over the raw bytes and the
 * timestamp's age are checked FIRST (401 before anything is decrypted, so a
 * forger learns nothing from the answer); only then is the body decrypted
 * (400 when it cannot be). A request without signature headers is decrypted
 * and accepted only as a url_verification challenge. Events then go to the
 * SDK's dispatcher, whose return value (a card action's card or toast) is
 * the response. `now` is injectable for tests.
 */
export function feishuWebhookRoute(
  path: string,
  encryptKey: string,
  dispatcher: lark.EventDispatcher,
  log: Logger,
  now: () => number = Date.now,
): HttpRoute {
  const cipher = new lark.AESCipher(encryptKey);
  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const decrypt = (raw: string): Record<string, unknown> | null => {
    const body = parseJson(raw);
    if (!body || typeof body.encrypt !== "string") return null;
    try {
      return parseJson(cipher.decrypt(body.encrypt));
    } catch {
      return null;
    }
  };
  return {
    path,
    async handler(req, res) {
      const raw = await readBody(req);
      if (raw === null) return reply(res, 413);
      const verdict = checkRequest(req, raw, encryptKey, now());
      if (verdict === "bad-signature" || verdict === "stale") {
        log.warn("feishu webhook: request refused", { reason: verdict });
        return reply(res, 401);
      }
      const plain = decrypt(raw);
      if (!plain) return reply(res, 400);
      if (plain.type === "url_verification") return reply(res, 200, { challenge: plain.challenge });
      if (verdict === "unsigned") {
        log.warn("feishu webhook: unsigned event refused");
        return reply(res, 401);
      }
      const result = await dispatcher.invoke(plain, { needCheck: false });
      reply(res, 200, typeof result === "object" && result !== null ? result : {});
    },
  };
}

/**
 * Checks a request's signature headers against the raw body and the clock:
 * "unsigned" when it carries none of them, "stale" when its timestamp is
 * older than {@link MAX_REQUEST_AGE_MS} or ahead by more than
 * {@link MAX_CLOCK_SKEW_MS} (or not a number).
 */
export function checkRequest(
  req: IncomingMessage,
  raw: string,
  encryptKey: string,
  nowMs: number,
): Verdict {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : "";
  };
  const timestamp = header("x-lark-request-timestamp");
  const nonce = header("x-lark-request-nonce");
  const signature = header("x-lark-signature");
  if (!timestamp && !nonce && !signature) return "unsigned";
  const expected = larkSignature(timestamp, nonce, encryptKey, raw);
  if (!sameHex(expected, signature)) return "bad-signature";
  if (!/^\d{1,13}$/.test(timestamp)) return "stale";
  const age = nowMs - Number(timestamp) * 1000;
  return age > MAX_REQUEST_AGE_MS || age < -MAX_CLOCK_SKEW_MS ? "stale" : "ok";
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : null),
    );
    req.on("error", reject);
  });
}
