import type {
  AlertMessage,
  AlertSender,
  AlertTarget,
  SendOutcome,
} from "../../src/alerts/alert-types.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { type Database, writeTransaction } from "../../src/storage/database.ts";
import { saveReply } from "../../src/storage/reply.repository.ts";

/** A short invented reply; tests change the fields that matter to them. */
export function sampleReply(fields: Partial<ReplyDocument> = {}): ReplyDocument {
  return {
    docNumber: "示例复〔2025〕7号",
    issuer: "示例县交通运输局",
    replyKind: "答复",
    proposalKind: "建议",
    session: "县十届人大二次会议",
    proposalNumber: "12",
    proposers: ["王某"],
    recipient: null,
    proposalTitle: "关于改善乡村公路养护的建议",
    date: "2025-05-20",
    result: "解决采纳",
    resultCategory: "A",
    resultLabel: "A类",
    dateSource: "signature",
    place: "示例县",
    issuers: ["示例县交通运输局"],
    title: null,
    appendedProposal: null,
    disclosure: null,
    contact: null,
    cc: [],
    sections: [
      { title: "开头", kind: "opening", text: "您提出的建议收悉，现答复如下。", subsections: [] },
      {
        title: "公路养护",
        kind: "topic",
        text: "今年已安排乡村公路养护资金820万元。全县完成路面修补46公里，新建错车道30处。",
        subsections: [],
      },
    ],
    ...fields,
  };
}

/** Stores a reply and returns its id. */
export async function storeSample(db: Database, fields: Partial<ReplyDocument> = {}) {
  const saved = await writeTransaction(db, (trx) =>
    saveReply(trx, sampleReply(fields), { file: "示例/7.txt", contentHash: `h-${Math.random()}` }),
  );
  return saved.id;
}

/** One subscription per chat and one pending outbox row per subscription for `replyId`. */
export async function seedOutbox(
  db: Database,
  input: {
    replyId: number;
    chats: readonly string[];
    platform?: string;
    filter?: string;
    keywords?: readonly string[];
    version?: number;
    dueAt?: number;
    revised?: boolean;
  },
): Promise<number[]> {
  const platform = input.platform ?? "telegram";
  const now = Date.now();
  return writeTransaction(db, async (trx) => {
    const ids: number[] = [];
    const tt = trx.withTables<AlertTables>();
    for (const chatId of input.chats) {
      const existing = await tt
        .selectFrom("subscription")
        .select("id")
        .where("platform", "=", platform)
        .where("chat_id", "=", chatId)
        .where("filter_text", "=", input.filter ?? "")
        .executeTakeFirst();
      const subId =
        existing?.id ??
        Number(
          (
            await tt
              .insertInto("subscription")
              .values({
                platform,
                chat_id: chatId,
                thread_id: null,
                filter_text: input.filter ?? "",
                filter_json: JSON.stringify({ keywords: input.keywords ?? [], excluded: [] }),
                created_by: null,
                created_at: now,
                status: "active",
                status_reason: null,
                status_at: null,
              } as never)
              .executeTakeFirstOrThrow()
          ).insertId,
        );
      const row = await tt
        .insertInto("alert_outbox")
        .values({
          reply_id: input.replyId,
          reply_version: input.version ?? 1,
          subscription_id: subId,
          platform,
          chat_id: chatId,
          thread_id: null,
          revised: input.revised ? 1 : 0,
          changes: input.revised ? JSON.stringify(["办理结果：B类 → A类"]) : null,
          section_position: null,
          state: "pending",
          due_at: input.dueAt ?? now - 1,
          claimed_by: null,
          claim_until: null,
          attempts: 0,
          send_key: `k-${input.replyId}-${input.version ?? 1}-${subId}`,
          sent_at: null,
          last_error: null,
          created_at: now,
        } as never)
        .executeTakeFirstOrThrow();
      ids.push(Number(row.insertId));
    }
    return ids;
  });
}

/** Rows of the outbox by id. */
export async function outboxRows(db: Database) {
  return db
    .withTables<AlertTables>()
    .selectFrom("alert_outbox")
    .selectAll()
    .orderBy("id")
    .execute();
}

/** Subscriptions by id. */
export async function subscriptionRows(db: Database) {
  return db
    .withTables<AlertTables>()
    .selectFrom("subscription")
    .selectAll()
    .orderBy("id")
    .execute();
}

/** One send a scripted sender saw. */
export interface SeenSend {
  readonly target: AlertTarget;
  readonly message: AlertMessage;
}

/**
 * A sender that records every send and answers from a script (by chat id,
 * one outcome per call; "sent" once the script for a chat runs out).
 */
export function scriptedSender(
  platform = "telegram",
  script: Record<string, SendOutcome[]> = {},
): AlertSender & { readonly seen: SeenSend[] } {
  const seen: SeenSend[] = [];
  let nextId = 1;
  return {
    platform,
    seen,
    async send(target, message) {
      seen.push({ target, message });
      const outcome = script[target.chatId]?.shift();
      return outcome ?? { kind: "sent", messageId: String(nextId++) };
    },
  };
}
