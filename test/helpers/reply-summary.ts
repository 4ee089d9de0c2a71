import type { ReplySummary } from "../../src/storage/reply.repository.ts";

/** A stored reply's summary with nothing but its id filled in; `fields` sets the ones a test needs. */
export function replySummary(id: number, fields: Partial<ReplySummary> = {}): ReplySummary {
  return {
    id,
    key: `k${id}`,
    docNumber: null,
    issuer: null,
    replyKind: "答复",
    proposalKind: null,
    session: null,
    proposalNumber: null,
    proposers: [],
    recipient: null,
    proposalTitle: null,
    date: null,
    result: null,
    disclosure: null,
    resultCategory: null,
    resultLabel: null,
    dateSource: "signature",
    place: null,
    issuers: [],
    title: null,
    revision: 1,
    sourceFile: `f${id}`,
    contentHash: "h",
    updatedAt: "t",
    ...fields,
  } as ReplySummary;
}
