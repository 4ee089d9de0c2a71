import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { replyKey } from "../../src/documents/reply.ts";
import { hashDocument } from "../../src/ingest/ingest.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { countReplies, getReply, saveReply } from "../../src/storage/reply.repository.ts";

let db: Database;
beforeEach(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
});
afterEach(() => db.destroy());

/** A short reply; each test changes the fields that matter to it. */
function reply(fields: Partial<ReplyDocument>): ReplyDocument {
  return {
    docNumber: null,
    issuer: "崇阳县住房和城乡建设局",
    replyKind: "答复",
    proposalKind: "建议",
    session: "县十八届人大三次会议",
    proposalNumber: "36",
    proposers: ["杜明秀"],
    recipient: null,
    proposalTitle: "关于加快白霓镇老旧小区雨污分流改造的建议",
    date: "2024-06-05",
    result: null,
    resultCategory: null,
    resultLabel: null,
    dateSource: "signature",
    place: "崇阳县",
    issuers: ["崇阳县住房和城乡建设局"],
    title: null,
    appendedProposal: null,
    disclosure: null,
    contact: null,
    cc: [],
    sections: [
      {
        title: "正文",
        kind: "topic",
        text: "今年已纳入改造计划，总投资约1250万元。",
        subsections: [],
      },
    ],
    ...fields,
  };
}

const edited = (doc: ReplyDocument): ReplyDocument => ({
  ...doc,
  sections: [{ title: "正文", kind: "topic", text: "投资调整为约1300万元。", subsections: [] }],
});

async function save(doc: ReplyDocument, file = "a.txt") {
  return saveReply(db, doc, { file, contentHash: hashDocument(doc) });
}

/** Saves `doc`, then its edited version: the second must revise the first, in place. */
async function expectRevision(doc: ReplyDocument): Promise<void> {
  const first = await save(doc);
  const again = await save(doc);
  const second = await save(edited(doc), "b.txt");
  expect([first.outcome, again.outcome, second.outcome]).toEqual(["added", "unchanged", "revised"]);
  expect(second.id).toBe(first.id);
  const stored = await getReply(db, first.id);
  expect(stored?.revision).toBe(2);
  expect(stored?.sections[0]?.text).toContain("1300万元");
  expect(stored?.sourceFile).toBe("b.txt");
  expect(await countReplies(db)).toBe(1);
}

describe("identity by 文号", () => {
  const doc = reply({ docNumber: "浏水字〔2023〕41号" });

  it("revises the reply with the same 文号, whatever its spelling", async () => {
    await expectRevision(doc);
    const respelled = await save({ ...doc, docNumber: "瀏水字[2023]041號" }, "c.txt");
    expect(respelled.outcome).toBe("revised");
    expect(await countReplies(db)).toBe(1);
  });

  it("keeps 文号 with other prefixes or sub-numbers apart", async () => {
    await save(doc);
    expect((await save(reply({ docNumber: "浏交字〔2023〕41号" }))).outcome).toBe("added");
    expect((await save(reply({ docNumber: "浏水字〔2023〕41-2号" }))).outcome).toBe("added");
    expect(await countReplies(db)).toBe(3);
  });
});

describe("identity by place, session, proposal number, kind and issuer", () => {
  it("revises the reply to the same proposal from the same body", async () => {
    await expectRevision(reply({}));
  });

  it("treats 36 and 036 as one proposal number", () => {
    expect(replyKey(reply({ proposalNumber: "036" }))).toBe(replyKey(reply({})));
  });

  it("keeps the same number from another place, body or reply kind apart", async () => {
    await save(reply({}));
    const others = [
      reply({ place: "盐津县", issuer: "盐津县教育体育局", issuers: ["盐津县教育体育局"] }),
      reply({ issuer: "崇阳县水利和湖泊局", issuers: ["崇阳县水利和湖泊局"] }),
      reply({ replyKind: "会办意见", recipient: "县住房和城乡建设局" }),
      reply({ proposalNumber: "37" }),
    ];
    for (const other of others) expect((await save(other)).outcome).toBe("added");
    expect(await countReplies(db)).toBe(5);
  });
});

describe("identity by issuer, title and date", () => {
  const untitled = reply({ session: null, proposalNumber: null });

  it("revises the reply with the same issuer, title, date and kind", async () => {
    await expectRevision(untitled);
  });

  it("keeps another title or another date apart", async () => {
    await save(untitled);
    expect((await save({ ...untitled, proposalTitle: "关于白霓镇停车的建议" })).outcome).toBe(
      "added",
    );
    expect((await save({ ...untitled, date: "2024-07-01" })).outcome).toBe("added");
    expect(await countReplies(db)).toBe(3);
  });
});

describe("proposal numbers stored as text", () => {
  it("stores long and prefixed numbers whole", async () => {
    for (const proposalNumber of ["20230158", "丽15", "A-078"]) {
      const { id } = await save(reply({ proposalNumber }));
      expect((await getReply(db, id))?.proposalNumber).toBe(proposalNumber);
    }
  });
});
