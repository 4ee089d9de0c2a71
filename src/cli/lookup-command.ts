import type { App } from "../app.ts";
import { replyToJson } from "../documents/reply-json.ts";
import { UsageError } from "../errors.ts";
import { lookupReference, replyLabel } from "../lookup/lookup.ts";
import type { StoredReply } from "../storage/reply.repository.ts";
import type { CliOutput } from "./output.ts";

/** `lookup <ref> [--json]`: exit 0 when found, 1 when not. */
export async function lookupCommand(
  app: App,
  ref: string,
  json: boolean,
  io: CliOutput,
): Promise<number> {
  if (!ref.trim())
    throw new UsageError("用法：lookup <文号或建议/提案编号>，例如 lookup 沪科提复〔2023〕45号");
  const result = await lookupReference(app.db, ref);
  if (result?.found) {
    if (json) {
      io.out(
        JSON.stringify({
          found: true,
          document: replyToJson(result.reply),
          related: result.related.map(replyLabel),
        }),
      );
    } else {
      printReply(result.reply, io);
      if (result.related.length > 0)
        io.out(`同一建议/提案的其他答复：${result.related.map(replyLabel).join("、")}`);
    }
    return 0;
  }
  const suggestions = result?.suggestions.map(replyLabel) ?? [];
  if (json) {
    io.out(
      JSON.stringify({ found: false, reason: result?.reason ?? "not_a_reference", suggestions }),
    );
  } else if (!result) {
    io.out(`“${ref}”不像文号或建议/提案编号。文号如 沪科提复〔2023〕45号，编号如 第0539号提案。`);
  } else {
    io.out(
      result.reason === "ambiguous"
        ? `“${ref}”对应多份答复，请加上会议名称：`
        : `没有找到“${ref}”。`,
    );
    if (suggestions.length > 0)
      io.out(`${result.reason === "ambiguous" ? "" : "您是否要找："}${suggestions.join("、")}`);
  }
  return 1;
}

function printReply(r: StoredReply, io: CliOutput): void {
  io.out(`${replyLabel(r)} · ${r.issuer ?? "（未注明机关）"} · ${r.date ?? "（无日期）"}`);
  io.out(
    `对${r.session ?? ""}第${r.proposalNumber ?? "?"}号${r.proposalKind === "建议" ? "代表建议" : (r.proposalKind ?? "")}的${r.replyKind}`,
  );
  if (r.proposalTitle) io.out(`${r.proposalKind ?? "题目"}：${r.proposalTitle}`);
  if (r.proposers.length > 0) io.out(`提出：${r.proposers.join("、")}`);
  if (r.recipient) io.out(`致：${r.recipient}`);
  if (r.result) io.out(`办理结果：${r.result}`);
  io.out("章节：");
  for (const [i, s] of r.sections.entries()) io.out(`  ${i + 1}. ${s.title}`);
}
