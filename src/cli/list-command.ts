import type { App } from "../app.ts";
import { issuerMatches } from "../documents/issuer-match.ts";
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

/** `list [--year YYYY] [--issuer TEXT] [--limit N] [--json]`: replies newest first. */
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
    const items = replies.map((r) => ({
      docNumber: r.docNumber,
      issuer: r.issuer,
      date: r.date,
      replyKind: r.replyKind,
      proposalKind: r.proposalKind,
      session: r.session,
      proposalNumber: r.proposalNumber,
      proposalTitle: r.proposalTitle,
    }));
    io.out(JSON.stringify({ replies: items }));
    return 0;
  }
  if (replies.length === 0) io.out("没有符合条件的答复。");
  for (const r of replies) {
    io.out(
      `${r.date ?? "????-??-??"}  ${replyLabel(r)}  ${r.issuer ?? ""}  ${r.proposalTitle ?? ""}`,
    );
  }
  return 0;
}
