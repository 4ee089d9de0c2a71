import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { feishuWebhookRoute } from "../../adapters/feishu/webhook.ts";
import { createHttpServer, type HttpServer } from "../../adapters/http-server.ts";
import { createLogger } from "../../src/logger.ts";
import { messageEvent, postWebhook } from "../fakes/feishu-events.ts";

// The route on its own, over a real HTTP server and a real SDK dispatcher.
const KEY = "test-encrypt-key-0123456789";
const NOW_MS = Date.parse("2026-11-22T12:00:00Z");
const NOW_SEC = NOW_MS / 1000;
let server: HttpServer;
let url = "";
let handled: string[] = [];

beforeAll(async () => {
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error });
  dispatcher.register({
    "im.message.receive_v1": async (data: { message: { message_id: string } }) => {
      handled.push(data.message.message_id);
    },
  });
  const route = feishuWebhookRoute("/hook", KEY, dispatcher, createLogger("silent"), () => NOW_MS);
  server = createHttpServer([route]);
  url = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}/hook`;
});
afterAll(() => server.close());
beforeEach(() => {
  handled = [];
});

const event = () => messageEvent({ chatId: "oc_dm", chatType: "p2p", text: "你好" });
const post = (body: object, options: Parameters<typeof postWebhook>[3] = {}) =>
  postWebhook(url, KEY, body, { timestampSec: NOW_SEC, ...options });

describe("feishu webhook: order of checks", () => {
  it("handles a correctly signed, fresh event", async () => {
    const e = event();
    expect((await post(e)).status).toBe(200);
    expect(handled).toEqual([e.event.message.message_id]);
  });

  it("refuses a wrong signature with 401 before decrypting: undecryptable or not, same answer", async () => {
    const garbage = { badSignature: true, encrypt: "not-base64-ciphertext!!" };
    expect((await post(event(), garbage)).status).toBe(401);
    expect((await post(event(), { badSignature: true })).status).toBe(401);
    // A signed url_verification with a bad signature is not answered either.
    const challenge = { type: "url_verification", challenge: "c1", token: "" };
    const refused = await post(challenge, { badSignature: true });
    expect(refused.status).toBe(401);
    expect(refused.json).toBeNull();
    expect(handled).toEqual([]);
  });

  it("answers an unsigned url_verification, but refuses an unsigned event", async () => {
    const challenge = { type: "url_verification", challenge: "c2", token: "" };
    expect((await post(challenge, { unsigned: true })).json).toEqual({ challenge: "c2" });
    expect((await post(challenge)).json).toEqual({ challenge: "c2" });
    expect((await post(event(), { unsigned: true })).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it("gives 400 only to a correctly signed body that cannot be decrypted", async () => {
    expect((await post(event(), { encrypt: "not-base64-ciphertext!!" })).status).toBe(400);
  });

  it("refuses timestamps older than an hour or far in the future", async () => {
    expect(
      (await post(event(), { timestampSec: Date.parse("2023-05-01T00:00:00Z") / 1000 })).status,
    ).toBe(401);
    expect((await post(event(), { timestampSec: NOW_SEC - 3601 })).status).toBe(401);
    expect((await post(event(), { timestampSec: NOW_SEC + 3600 })).status).toBe(401);
    expect(handled).toEqual([]);
    expect((await post(event(), { timestampSec: NOW_SEC - 3500 })).status).toBe(200);
    expect((await post(event(), { timestampSec: NOW_SEC + 60 })).status).toBe(200);
    expect(handled).toHaveLength(2);
  });

  it("checks the signature over the raw bytes, whitespace and all", async () => {
    const padded = (b: { encrypt: string }) => `{ "encrypt" :  ${JSON.stringify(b.encrypt)} }\n`;
    const accepted = event();
    expect((await post(accepted, { raw: padded })).status).toBe(200);
    // The same body, signed over its re-serialised form (what the SDK would hash): refused.
    const reserialised = (sent: string) => JSON.stringify(JSON.parse(sent));
    const refused = event();
    expect((await post(refused, { raw: padded, signedRaw: reserialised })).status).toBe(401);
    expect(handled).toEqual([accepted.event.message.message_id]);
  });
});
