/**
 * What storing a reply costs once alerts are enqueued in its transaction, with
 * many subscriptions (default 100,000). Measures `storeReply` end to end
 * (reply, sections, ingest log, matching, outbox rows):
 *   1. the first reply (the cached matcher is built);
 *   2. replies with the matcher cached, matching few subscriptions;
 *   3. a reply after one subscription was added (the matcher updated, not rebuilt);
 *   4. a reply that matches a share of all subscriptions (its outbox rows inserted);
 *   5. another such reply at once (within the gather window: each chat's waiting row moves too).
 *
 *   npx tsx bench/enqueue-cost.ts [--subscriptions 100000] [--gather-ms 2000] [--json]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { filterToJson, parseSubscriptionFilter } from "../src/alerts/subscription-filter.ts";
import { parseReplyFile } from "../src/documents/parse-reply-file.ts";
import { storeReply } from "../src/ingest/ingest.ts";
import type { AlertTables } from "../src/storage/alert-tables.ts";
import { type Database, openDataDirDatabase } from "../src/storage/database.ts";
import { fixtureReplyText } from "../test/helpers/fixture-replies.ts";

const WORDS = ["养老", "教育", "交通", "医疗", "住房", "就业", "环保", "消防", "社区", "物业"];

function subscriptionRow(i: number) {
  const text = `${WORDS[i % WORDS.length]}${i % 7 === 0 ? ` ${WORDS[(i * 3) % WORDS.length]}` : ""}`;
  return {
    platform: "telegram",
    chat_id: String(i),
    thread_id: null,
    filter_text: text,
    filter_json: filterToJson(parseSubscriptionFilter(text)),
    created_by: null,
    created_at: 1,
    status: "active",
    status_reason: null,
    status_at: 1,
  };
}

function reply(n: number, topic: string) {
  const text = fixtureReplyText({
    docNumber: `沪测复〔2025〕${n}号`,
    number: String(n).padStart(4, "0"),
    title: `关于推进${topic}工作的建议`,
    topics: [[topic, `本市推进${topic}工作，已建成项目${n}个。`]],
    date: "2025-03-04",
  });
  return parseReplyFile(`r${n}.md`, Buffer.from(text));
}

/** Gather window of instant alerts (`--gather-ms`; default the product's). */
let gatherMs: number | undefined;

async function timeStore(db: Database, n: number, topic: string): Promise<number> {
  const started = performance.now();
  const result = await storeReply(db, reply(n, topic), {
    shown: `r${n}.md`,
    source: `r${n}.md`,
    gatherMs,
  });
  if (result.outcome !== "added")
    throw new Error(`reply ${n}: ${result.outcome} ${result.message}`);
  return performance.now() - started;
}

async function main() {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: "string", default: "100000" },
      "gather-ms": { type: "string" },
      json: { type: "boolean" },
    },
  });
  gatherMs = values["gather-ms"] === undefined ? undefined : Number(values["gather-ms"]);
  const count = Number(values.subscriptions);
  const dir = mkdtempSync(path.join(tmpdir(), "dafu-enqueue-bench-"));
  const db = await openDataDirDatabase(dir);
  try {
    const t = db.withTables<AlertTables>();
    for (let i = 0; i < count; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k) =>
        subscriptionRow(i + k),
      );
      await t
        .insertInto("subscription")
        .values(rows as never)
        .execute();
    }
    const first = await timeStore(db, 1, "城市更新");
    const cached: number[] = [];
    for (let n = 2; n <= 11; n++)
      cached.push(await timeStore(db, n, n % 2 ? "低空经济" : "数字政务"));
    await t
      .insertInto("subscription")
      .values(subscriptionRow(count) as never)
      .execute();
    const afterChange = await timeStore(db, 12, "城市更新");
    const wide = await timeStore(db, 13, "养老");
    const wideAgain = await timeStore(db, 14, "养老");
    const rows = await t
      .selectFrom("alert_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const median = [...cached].sort((a, b) => a - b)[Math.floor(cached.length / 2)] ?? 0;
    const figures = {
      subscriptions: count + 1,
      firstStoreMs: Math.round(first),
      cachedStoreMedianMs: Math.round(median),
      afterOneNewSubscriptionMs: Math.round(afterChange),
      wideMatchStoreMs: Math.round(wide),
      wideMatchAgainStoreMs: Math.round(wideAgain),
      wideMatchOutboxRows: Number(rows.n),
    };
    console.log(values.json ? JSON.stringify(figures) : figures);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
