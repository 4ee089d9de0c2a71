import type { App } from "../app.ts";
import { issuerMatches } from "../documents/issuer-match.ts";
import { replySummaryToJson } from "../documents/reply-json.ts";
import { UsageError } from "../errors.ts";
import { shortLabel } from "../lookup/lookup.ts";
import { placeStem } from "../lookup/reference.ts";
import { listReplies } from "../storage/reply.repository.ts";
import type { CliOutput } from "./output.ts";

/** Options of `list`. */
export interface ListCommandOptions {
  readonly year?: string;
  readonly issuer?: string;
  /** A place the replies belong to (通山, 武侯区). */
  readonly place?: string;
  readonly limit?: string;
  readonly json: boolean;
}

/** `list [--year YYYY] [--issuer TEXT] [--place TEXT] [--limit N] [--json]`: replies newest first; --limit has no upper cap. */
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
  const placeFilter = options.place
    ? (placeStem(options.place) ?? options.place.trim())
    : undefined;
  const replies = await listReplies(app.db, {
    ...(year ? { year } : {}),
    ...(issuer
      ? {
          issuer: (name: string, place: string | null) =>
            issuerMatches(name, issuer, { issuerPlace: place }),
        }
      : {}),
    ...(placeFilter ? { place: placeFilter } : {}),
    limit,
  });
  if (options.json) {
    io.out(JSON.stringify({ replies: replies.map((r) => replySummaryToJson(r, r.sourceFile)) }));
    return 0;
  }
  if (replies.length === 0) io.out("没有符合条件的答复。");
  for (const r of replies) {
    // 文号, else the place and proposal number; then place (when not said yet), issuer and title.
    const place = r.docNumber ? r.place : null;
    const fields = [r.date ?? "????-??-??", shortLabel(r), place, r.issuer, r.proposalTitle];
    io.out(fields.filter(Boolean).join("  "));
  }
  return 0;
}
