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

/**
 * The webhook endpoint on the bot's HTTP server. The body must be encrypted
 * with the app's encrypt key; events must carry a valid signature, checked
 * here over the raw body (the SDK hashes a re-serialized body instead);
 * url_verification is answered with its challenge. The event is then
 * handed to the SDK's dispatcher, whose return value (a card action's
 * card or toast) is the response.
 */
export function feishuWebhookRoute(
  path: string,
  encryptKey: string,
  dispatcher: lark.EventDispatcher,
  log: Logger,
): HttpRoute {
  const cipher = new lark.AESCipher(encryptKey);
  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  return {
    path,
    async handler(req, res) {
      const raw = await readBody(req);
      const body = raw === null ? null : parseJson(raw);
      if (!body || typeof body.encrypt !== "string") return reply(res, 400);
      let plain: Record<string, unknown> | null;
      try {
        plain = parseJson(cipher.decrypt(body.encrypt));
      } catch {
        plain = null;
      }
      if (!plain) return reply(res, 400);
      if (plain.type === "url_verification") return reply(res, 200, { challenge: plain.challenge });
      const header = (name: string) => String(req.headers[name] ?? "");
      const expected = larkSignature(
        header("x-lark-request-timestamp"),
        header("x-lark-request-nonce"),
        encryptKey,
        raw ?? "",
      );
      if (!sameHex(expected, header("x-lark-signature"))) {
        log.warn("feishu webhook: bad signature refused");
        return reply(res, 401);
      }
      const result = await dispatcher.invoke(plain, { needCheck: false });
      reply(res, 200, typeof result === "object" && result !== null ? result : {});
    },
  };
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
