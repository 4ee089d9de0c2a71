import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegramServer } from "../fakes/telegram-api-server.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";
import { ALICE, answerTo, PRIVATE_CHAT, visibleText } from "./telegram-harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Starts `src/main.ts` (what `npm start` runs) with Telegram pointed at the fake. */
function startMain(fake: FakeTelegramServer, dataDir: string, args: string[] = []) {
  // One process (node with tsx's loader), so signals and exit codes are the bot's own.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "src/main.ts"), ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DAFU_DATA_DIR: dataDir,
        DAFU_CORPUS_DIR: CORPUS_DIR,
        DAFU_LOG_LEVEL: "info",
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: "",
      },
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    err += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, exited, output: () => ({ out, err }) };
}

describe("npm start with TELEGRAM_BOT_TOKEN set", () => {
  let fake: FakeTelegramServer;
  let temp: { dir: string; cleanup: () => void };
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    fake = await FakeTelegramServer.start();
    fake.addChat(PRIVATE_CHAT);
    temp = tempDir("dafu-main-tg-");
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await fake.close();
    temp.cleanup();
  });

  it("runs the Telegram bot without the console, and stops cleanly on SIGTERM", async () => {
    const run = startMain(fake, temp.dir);
    child = run.child;
    run.child.stdin.end("高新技术企业有多少家\n");
    await fake.waitForCall((c) => c.method === "deleteWebhook");
    const { message } = fake.userSays(PRIVATE_CHAT.id, ALICE, "高新技术企业有多少家");
    const answer = await answerTo(fake, PRIVATE_CHAT.id, message.message_id);
    expect(visibleText(answer)).toMatch(/〔\d{4}〕\d+号/);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const { out, err } = run.output();
    expect(out).toBe("");
    expect(err).toContain("telegram bot ready");
    expect(err).not.toContain(fake.token);
  });

  it("runs the console beside it with --console", async () => {
    const run = startMain(fake, temp.dir, ["--console"]);
    child = run.child;
    await fake.waitForCall((c) => c.method === "deleteWebhook", fake.calls.length);
    run.child.stdin.end("/quit\n");
    const code = await run.exited;
    expect(code).toBe(0);
    expect(run.output().out).toContain("份答复");
  });
});
