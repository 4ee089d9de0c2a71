import type { App } from "../app.ts";
import { replySummaryToJson, replyToJson } from "../documents/reply-json.ts";
import { UsageError } from "../errors.ts";
import { type LookupResult, lookupReference, replyLabel, replyLine } from "../lookup/lookup.ts";
import type { ReplySummary, StoredReply } from "../storage/reply.repository.ts";
import type { CliOutput } from "./output.ts";

const summaryJson = (r: ReplySummary) => replySummaryToJson(r, r.sourceFile);

/** `lookup <ref> [--json]`: exit 0 when found, 1 when not. */
export async function lookupCommand(
  app: App,
  ref: string,
  json: boolean,
  io: CliOutput,
): Promise<number> {
  if (!ref.trim())
    throw new UsageError(
      "用法：lookup <文号或建议/提案编号>：文号如 机关代字〔年份〕序号号，编号如 第36号建议（可加地方或会议名称）",
    );
  const result = await lookupReference(app.db, ref);
  if (json) io.out(JSON.stringify(lookupJson(ref, result)));
  else printResult(ref, result, io);
  return result?.found ? 0 : 1;
}

/**
 * `{"found":true,"document","related"}` or `{"found":false,"reason","suggestions"}`
 * (+ `candidates` when ambiguous; + `message` when the text is no reference at all).
 */
export function lookupJson(ref: string, result: LookupResult | null): object {
  if (result?.found) {
    return {
      found: true,
      document: replyToJson(result.reply, result.reply.sourceFile),
      related: result.related.map(summaryJson),
    };
  }
  const candidates =
    result?.reason === "ambiguous" ? { candidates: result.candidates.map(summaryJson) } : {};
  const why = result ? {} : { message: `“${ref}”不像文号或建议/提案编号` };
  return {
    found: false,
    reason: result?.reason ?? "not_found",
    suggestions: result?.suggestions.map(replyLabel) ?? [],
    ...candidates,
    ...why,
  };
}

function printResult(ref: string, result: LookupResult | null, io: CliOutput): void {
  if (result?.found) {
    printReply(result.reply, io);
    if (result.related.length > 0)
      io.out(`同一建议/提案的其他答复：${result.related.map(replyLine).join("、")}`);
  } else if (!result) {
    io.out(
      `“${ref}”不像文号或建议/提案编号。文号由机关代字、〔年份〕和序号组成，编号如 第36号建议、第0123号提案，可加地方或会议名称。`,
    );
  } else if (result.reason === "ambiguous") {
    io.out(`“${ref}”对应多份答复，请加上地方或会议名称：`);
    for (const c of result.candidates) io.out(`  · ${replyLine(c)}（${c.sourceFile}）`);
  } else {
    io.out(`没有找到“${ref}”。`);
    const suggestions = result.suggestions.map(replyLabel);
    if (suggestions.length > 0) io.out(`您是否要找：${suggestions.join("、")}`);
  }
}

function printReply(r: StoredReply, io: CliOutput): void {
  io.out(replyLine(r));
  const number = r.proposalNumber ? `第${r.proposalNumber}号` : "";
  const kind = r.proposalKind === "建议" ? "代表建议" : (r.proposalKind ?? "");
  io.out(`对${r.session ?? ""}${number}${kind}的${r.replyKind}`);
  if (!r.docNumber) io.out(`文号：无`);
  if (r.proposalTitle) io.out(`${r.proposalKind ?? "题目"}：${r.proposalTitle}`);
  if (r.proposers.length > 0) io.out(`提出：${r.proposers.join("、")}`);
  if (r.recipient) io.out(`致：${r.recipient}`);
  if (r.issuers.length > 1) io.out(`联合答复：${r.issuers.join("、")}`);
  if (r.result || r.resultLabel)
    io.out(`办理结果：${[r.result, r.resultLabel].filter(Boolean).join(" ")}`);
  io.out(`来源：${r.sourceFile}`);
  io.out("章节：");
  for (const [i, s] of r.sections.entries()) io.out(`  ${i + 1}. ${s.title}`);
}
