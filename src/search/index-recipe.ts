import { createHash } from "node:crypto";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { SectionIndex } from "./section-index.ts";
import { TOKENIZER_VERSION } from "./tokenizer.ts";

/**
 * A fingerprint of how the index is made, apart from the replies in it: the
 * snapshot format, the tokenizer, the indexed fields and the metadata text
 * indexed with each section. It is taken by indexing a fixed probe reply
 * and hashing the result, so a change to any of these (even one nobody
 * remembered to mark with a version bump) makes saved snapshots stale.
 */

/** The probe: every metadata field filled, text with the cases the tokenizer treats specially. */
const PROBE_REPLY = {
  id: 1,
  key: "probe",
  docNumber: "沪测复〔2025〕12号",
  issuer: "上海市测试委员会",
  issuers: ["上海市测试委员会", "上海市协办局"],
  replyKind: "答复",
  proposalKind: "提案",
  session: "市政协十四届一次会议",
  proposalNumber: "0123",
  proposers: ["张三", "李四"],
  recipient: "王五代表",
  proposalTitle: "关于加强科技金融服务的建议",
  title: "关于市政协十四届一次会议第0123号提案的答复",
  date: "2025-03-01",
  result: "已解决",
  resultCategory: "A",
  resultLabel: "A类",
  disclosure: "主动公开",
  dateSource: "signature",
  place: "上海市",
  revision: 1,
  sourceFile: "probe.md",
  contentHash: "probe",
  updatedAt: "2025-03-01T00:00:00.000Z",
} as unknown as ReplySummary;

const PROBE_SECTIONS = [
  {
    id: 1,
    title: "一、关于“科技金融”",
    text: "**沪科专贷**累计发放330.5亿元，同比增长17.5%；覆盖1.6万家企业。",
  },
  {
    id: 2,
    title: "二、國際合作",
    text: "推動長三角ＡＩ協同創新，R&D投入达GDP的4.2%，建成 18569 个站点。",
  },
];

let memo: string | null = null;

/** The recipe hash (computed once per process). */
export function indexRecipe(format: number): string {
  memo ??= probeHash();
  return `${format}:${TOKENIZER_VERSION}:${memo}`;
}

function probeHash(): string {
  const { base, documents } = SectionIndex.build([
    { reply: PROBE_REPLY, sections: PROBE_SECTIONS },
  ]).toSnapshot();
  const hash = createHash("sha256");
  hash.update(`${base.fields}\n${base.terms}\n`);
  for (const array of [base.termStarts, base.postingStarts, base.ids, base.freqs]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  hash.update(
    `${[...documents.fieldLengths].join(",")}\n${documents.averageFieldLength.join(",")}`,
  );
  return hash.digest("hex").slice(0, 16);
}
