import { createHash } from "node:crypto";
import type { ReplySection } from "../documents/reply.ts";
import { replyLabel } from "../lookup/reply-label.ts";
import { selectExcerpt } from "../search/excerpt.ts";
import type { ClaimedAlert } from "../storage/alert-outbox.repository.ts";
import type { AlertTables } from "../storage/alert-tables.ts";
import type { Database } from "../storage/database.ts";
import { getReply, type StoredReply } from "../storage/reply.repository.ts";
import type { AlertItem, AlertMessage, AlertTarget, SubscriptionFilter } from "./alert-types.ts";

/**
 * Turns claimed outbox rows into messages: the rows of one chat (and topic)
 * become one message, one item per reply (a reply matched by several of the
 * chat's subscriptions is one item naming them all). Each item carries the
 * reply's label and facts, the section that matched and an excerpt of it.
 */

/** One message ready to send, and the rows it delivers. */
export interface PreparedAlert {
  readonly target: AlertTarget;
  readonly message: AlertMessage;
  readonly rowIds: readonly number[];
}

interface SubscriptionInfo {
  readonly filterText: string;
  readonly keywords: readonly string[];
}

/** Groups claimed rows per chat and builds each chat's message. Rows whose reply is gone are returned apart. */
export async function prepareAlerts(
  db: Database,
  rows: readonly ClaimedAlert[],
): Promise<{ prepared: PreparedAlert[]; orphans: number[] }> {
  const subscriptions = await loadSubscriptions(db, rows);
  const replies = new Map<number, StoredReply | undefined>();
  for (const id of new Set(rows.map((r) => r.replyId))) replies.set(id, await getReply(db, id));
  const byChat = new Map<string, ClaimedAlert[]>();
  const orphans: number[] = [];
  for (const row of rows) {
    if (!replies.get(row.replyId)) {
      orphans.push(row.id);
      continue;
    }
    // Rows sent before go again as the message they went in, under its key; new rows group by chat.
    const key = row.messageKey ?? JSON.stringify([row.platform, row.chatId, row.threadId]);
    byChat.set(key, [...(byChat.get(key) ?? []), row]);
  }
  const prepared: PreparedAlert[] = [];
  for (const chatRows of byChat.values()) {
    const settings = await chatSettings(db, chatRows[0] as ClaimedAlert);
    const items = buildItems(chatRows, replies, subscriptions);
    prepared.push({
      target: targetFor(chatRows, settings.silent),
      message: { items, dailyDigest: settings.digest },
      rowIds: chatRows.map((r) => r.id),
    });
  }
  return { prepared, orphans };
}

/**
 * Where the message goes. The key (≤ 50 characters): the one recorded at the
 * rows' first send, else the row's send key, or a hash of a digest's keys.
 */
function targetFor(rows: readonly ClaimedAlert[], silent: boolean): AlertTarget {
  const first = rows[0] as ClaimedAlert;
  const keys = rows.map((r) => r.sendKey).sort();
  const key = first.messageKey
    ? first.messageKey
    : keys.length === 1
      ? (keys[0] as string).slice(0, 50)
      : `d-${createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 40)}`;
  return { platform: first.platform, chatId: first.chatId, threadId: first.threadId, silent, key };
}

async function loadSubscriptions(
  db: Database,
  rows: readonly ClaimedAlert[],
): Promise<Map<number, SubscriptionInfo>> {
  const ids = [...new Set(rows.map((r) => r.subscriptionId))];
  const found = new Map<number, SubscriptionInfo>();
  if (ids.length === 0) return found;
  const stored = await db
    .withTables<AlertTables>()
    .selectFrom("subscription")
    .select(["id", "filter_text", "filter_json"])
    .where("id", "in", ids)
    .execute();
  for (const s of stored) found.set(s.id, { filterText: s.filter_text, keywords: keywordsOf(s) });
  return found;
}

function keywordsOf(s: { filter_json: string }): readonly string[] {
  try {
    return (JSON.parse(s.filter_json) as Partial<SubscriptionFilter>).keywords ?? [];
  } catch {
    return [];
  }
}

async function chatSettings(
  db: Database,
  row: ClaimedAlert,
): Promise<{ digest: boolean; silent: boolean }> {
  const settings = await db
    .withTables<AlertTables>()
    .selectFrom("chat_settings")
    .select(["delivery", "silent"])
    .where("platform", "=", row.platform)
    .where("chat_id", "=", row.chatId)
    .executeTakeFirst();
  return { digest: settings?.delivery === "digest", silent: settings?.silent === 1 };
}

function buildItems(
  rows: readonly ClaimedAlert[],
  replies: ReadonlyMap<number, StoredReply | undefined>,
  subscriptions: ReadonlyMap<number, SubscriptionInfo>,
): AlertItem[] {
  const byReply = new Map<number, ClaimedAlert[]>();
  for (const row of rows) byReply.set(row.replyId, [...(byReply.get(row.replyId) ?? []), row]);
  return [...byReply.entries()].map(([replyId, replyRows]) =>
    buildItem(replies.get(replyId) as StoredReply, replyRows, subscriptions),
  );
}

/** One reply's item for the rows (subscriptions) it matched in a chat. */
export function buildItem(
  reply: StoredReply,
  rows: readonly ClaimedAlert[],
  subscriptions: ReadonlyMap<number, SubscriptionInfo>,
): AlertItem {
  const first = rows[0] as ClaimedAlert;
  const subs = rows.map((r) => ({
    id: r.subscriptionId,
    filter: subscriptions.get(r.subscriptionId)?.filterText ?? "",
  }));
  const keywords = [
    ...new Set(rows.flatMap((r) => subscriptions.get(r.subscriptionId)?.keywords ?? [])),
  ];
  const section = matchedSection(reply, first.sectionPosition, keywords);
  return {
    replyId: reply.id,
    title: reply.title ?? reply.proposalTitle ?? replyLabel(reply),
    label: replyLabel(reply),
    docNumber: reply.docNumber,
    place: reply.place,
    issuer: reply.issuer,
    date: reply.date,
    result: resultText(reply),
    section: section?.title ?? null,
    excerpt: section ? excerptOf(section, keywords) : null,
    revised: rows.some((r) => r.revised),
    changes: [...new Set(rows.flatMap((r) => r.changes))],
    source: reply.sourceFile || null,
    subscriptions: subs,
  };
}

function resultText(reply: StoredReply): string | null {
  if (reply.result && reply.resultCategory && !reply.result.includes(reply.resultCategory))
    return `${reply.resultCategory}类（${reply.result}）`;
  return reply.result ?? (reply.resultCategory ? `${reply.resultCategory}类` : null);
}

/** The section recorded at matching time; else the first holding every keyword; else the first body section. */
function matchedSection(
  reply: StoredReply,
  position: number | null,
  keywords: readonly string[],
): ReplySection | null {
  const sections = reply.sections;
  if (position !== null && sections[position]) return sections[position];
  const holding = keywords.length
    ? sections.find((s) => keywords.every((k) => s.text.includes(k)))
    : undefined;
  return holding ?? sections.find((s) => s.kind !== "opening") ?? sections[0] ?? null;
}

function excerptOf(section: ReplySection, keywords: readonly string[]): string | null {
  if (!section.text.trim()) return null;
  return selectExcerpt(section.text, keywords, { weight: (t) => t.length }).text || null;
}
