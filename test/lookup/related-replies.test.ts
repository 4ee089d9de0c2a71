import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { hashDocument } from "../../src/ingest/ingest.ts";
import { lookupReference } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { saveReply } from "../../src/storage/reply.repository.ts";

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

/** The lead office's 复函 to 武侯区 第0156号建议; each test adds other replies. */
function reply(fields: Partial<ReplyDocument>): ReplyDocument {
  return {
    docNumber: null,
    issuer: "成都市武侯区住房和城乡建设局",
    replyKind: "复函",
    proposalKind: "建议",
    session: "区十九届人大三次会议",
    proposalNumber: "0156",
    proposers: ["刘德明"],
    recipient: null,
    proposalTitle: "关于利用中小学操场地下空间建设公共停车场的建议",
    date: "2024-06-18",
    result: null,
    resultCategory: null,
    resultLabel: null,
    dateSource: "signature",
    place: "武侯区",
    issuers: [],
    title: null,
    appendedProposal: null,
    disclosure: null,
    contact: null,
    cc: [],
    sections: [{ title: "正文", kind: "topic", text: "已完成评估。", subsections: [] }],
    ...fields,
  };
}

const huiban = (fields: Partial<ReplyDocument>) =>
  reply({
    issuer: "成都市武侯区教育局",
    replyKind: "会办意见",
    recipient: "区住房和城乡建设局",
    date: "2024-05-27",
    ...fields,
  });

async function store(...docs: ReplyDocument[]): Promise<void> {
  for (const [i, doc] of docs.entries())
    await saveReply(db, doc, { file: `r${i}.txt`, contentHash: hashDocument(doc) });
}

async function summary(text: string): Promise<string> {
  const r = await lookupReference(db, text);
  if (!r) return "not a reference";
  if (r.found) return [r.reply.sourceFile, ...r.related.map((x) => x.sourceFile)].join(" + ");
  return r.reason;
}

describe("related replies", () => {
  it("joins a 会办意见 that names no session to the one proposal of its place", async () => {
    await store(reply({}), huiban({ session: null }));
    expect(await summary("第0156号建议")).toBe("r0.txt + r1.txt");
    expect(await summary("武侯区第156号建议")).toBe("r0.txt + r1.txt");
  });

  it("keeps a session-less 会办意见 apart when its place has several such proposals", async () => {
    await store(
      reply({}),
      reply({ session: "区十九届人大二次会议", issuer: "成都市武侯区交通运输局" }),
      huiban({ session: null }),
    );
    expect(await summary("第0156号建议")).toBe("ambiguous");
    expect(await summary("区十九届人大三次会议第0156号建议")).toBe("r0.txt");
  });

  it("never relates replies of other places, even without a session", async () => {
    await store(
      reply({}),
      huiban({ session: null, place: "锦江区", issuer: "成都市锦江区教育局" }),
    );
    expect(await summary("第0156号建议")).toBe("ambiguous");
    expect(await summary("武侯区十九届人大三次会议第0156号建议")).toBe("r0.txt");
  });

  it("relates replies of another proposal kind never", async () => {
    await store(reply({}), huiban({ proposalKind: "提案", session: "区政协十届三次会议" }));
    expect(await summary("第0156号建议")).toBe("r0.txt");
  });

  it("relates a 会办意见 that prints no number to the proposal of the same title in its place", async () => {
    await store(
      reply({ docNumber: "武住建函〔2024〕37号" }),
      huiban({ proposalNumber: null, session: null, docNumber: "武教函〔2024〕52号" }),
      huiban({
        proposalNumber: null,
        session: null,
        place: "锦江区",
        issuer: "成都市锦江区教育局",
      }),
    );
    expect(await summary("第0156号建议")).toBe("r0.txt + r1.txt");
    expect(await summary("武教函〔2024〕52号")).toBe("r1.txt + r0.txt");
  });
});
