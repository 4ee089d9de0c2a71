import { readFileSync } from "node:fs";
import path from "node:path";
import { parseReplyFile } from "../documents/parse-reply-file.ts";
import { type ReplyJson, replyToJson } from "../documents/reply-json.ts";
import { AppError, describeError, isAppError, UsageError } from "../errors.ts";
import type { CliOutput } from "./output.ts";

/** Field labels of the human-readable `parse` output, in the order printed. */
const FIELD_LABELS: readonly [keyof ReplyJson, string][] = [
  ["docNumber", "文号"],
  ["title", "标题"],
  ["replyKind", "答复类型"],
  ["issuer", "答复机关"],
  ["issuers", "联合答复机关"],
  ["place", "地方"],
  ["session", "会议"],
  ["proposalKind", "建议/提案"],
  ["proposalNumber", "编号"],
  ["proposalTitle", "题目"],
  ["proposers", "提出人"],
  ["recipient", "致（主办单位）"],
  ["date", "日期"],
  ["dateSource", "日期来源"],
  ["result", "办理结果"],
  ["resultCategory", "办理类别"],
  ["resultLabel", "办理类别原文"],
  ["disclosure", "公开属性"],
  ["cc", "抄送"],
  ["hasAppendedProposal", "附建议/提案原文"],
  ["source", "来源"],
];

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.join("、");
  if (typeof value === "boolean") return value ? "是" : "否";
  return String(value);
}

/** The parsed fields as `label：value` lines, then the sections. */
export function formatParsedReply(doc: ReplyJson): string[] {
  const lines = FIELD_LABELS.map(([key, label]) => `${label}：${fieldText(doc[key])}`);
  if (doc.contact) {
    const c = doc.contact;
    lines.push(`联系人：${[c.name, c.phone, c.address, c.postcode].filter(Boolean).join(" ")}`);
  }
  lines.push(`章节（${doc.sections.length}）：`);
  for (const [i, s] of doc.sections.entries()) lines.push(`  ${i + 1}. [${s.kind}] ${s.title}`);
  return lines;
}

/** Reads and parses one file; the source is the path as given. */
export function parseFileAsJson(file: string): ReplyJson {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new AppError("FILE_UNREADABLE", `无法读取文件 ${file}`, { cause: error });
  }
  return replyToJson(parseReplyFile(path.basename(file), bytes), file);
}

/**
 * `parse <file> [--json]`: prints the fields parsed from one file without
 * storing anything. Exit 0 for a reply; 1 with the reason (as
 * `{"error":{"code","message"}}` under --json) when the file is not one.
 */
export function parseCommand(files: readonly string[], json: boolean, io: CliOutput): number {
  const [file] = files;
  if (!file || files.length > 1) throw new UsageError("用法：parse <文件> [--json]");
  try {
    const doc = parseFileAsJson(file);
    if (json) io.out(JSON.stringify({ document: doc }));
    else for (const line of formatParsedReply(doc)) io.out(line);
    return 0;
  } catch (error) {
    const code = isAppError(error) ? error.code : "INTERNAL";
    const message = isAppError(error) ? error.message : describeError(error);
    if (json) io.out(JSON.stringify({ error: { code, message } }));
    else io.err(`${file} 不是可识别的答复：${message}（${code}）`);
    return 1;
  }
}
