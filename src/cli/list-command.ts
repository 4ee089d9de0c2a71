import type { App } from "../app.ts";
import { issuerMatches } from "../documents/issuer-match.ts";
import { replySummaryToJson } from "../documents/reply-json.ts";
import { UsageError } from "../errors.ts";
import { replyLabel } from "../lookup/lookup.ts";
import { listReplies } from "../storage/reply.repository.ts";
import type { CliOutput } from "./output.ts";

/** Options of `list`. */
export interface ListCommandOptions {
  readonly year?: string;
  readonly issuer?: string;
  readonly limit?: string;
  readonly json: boolean;
}

/** `list [--year YYYY] [--issuer TEXT] [--limit N] [--json]`: replies newest first; --limit has no upper cap. */
export async function listCommand(
  app: App,
  options: ListCommandOptions,
  io: CliOutput,
): Promise<number> {
  const year = options.year === undefined ? undefined : Number(options.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1949 && year <= 2100)) {
    throw new UsageError("--year 需要四位年份，例如 --year 2023");
  }
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit 需要正整数");
  const issuer = options.issuer;
  const replies = await listReplies(app.db, {
    ...(year ? { year } : {}),
    ...(issuer ? { issuer: (name: string) => issuerMatches(name, issuer) } : {}),
    limit,
  });
  if (options.json) {
    io.out(JSON.stringify({ replies: replies.map((r) => replySummaryToJson(r, r.sourceFile)) }));
    return 0;
  }
  if (replies.length === 0) io.out("没有符合条件的答复。");
  for (const r of replies) {
    // Without a 文号 the label already reads issuer · title · date.
    const rest = r.docNumber ? [r.issuer, r.proposalTitle] : [];
    io.out([r.date ?? "????-??-??", replyLabel(r), r.place, ...rest].filter(Boolean).join("  "));
  }
  return 0;
}
