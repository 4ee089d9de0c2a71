import type { Database } from "../src/storage/database.ts";
import type { Random } from "./random.ts";

/** One benchmark question. */
export interface BenchQuestion {
  readonly kind: "short" | "long" | "lookup";
  readonly text: string;
}

const FIGURE = /(\d+(?:\.\d+)?)\s*(万|亿)?\s*(家|项|人次|人|个|亿元|万元|元|条|件|%)/;

/**
 * A fixed mix drawn from the stored corpus: short keyword queries (2–4
 * characters), long natural questions (a clause with its figure replaced by
 * 多少, after a clause of context) and 文号 lookups typed in varied ways.
 */
export async function questionMix(
  db: Database,
  rng: Random,
  count: number,
): Promise<BenchQuestion[]> {
  const max =
    (
      await db
        .selectFrom("reply_section")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirst()
    )?.id ?? 0;
  const replies = await db
    .selectFrom("reply")
    .select(["doc_number", "session", "proposal_number", "proposal_kind"])
    .execute();
  const questions: BenchQuestion[] = [];
  while (questions.length < count) {
    const roll = rng.next();
    if (roll < 0.2) {
      const r = rng.pick(replies);
      questions.push({ kind: "lookup", text: typedReference(r, rng) });
      continue;
    }
    const row = await db
      .selectFrom("reply_section")
      .select("body")
      .where("id", "=", rng.int(1, Number(max)))
      .executeTakeFirst();
    if (!row) continue;
    const text = roll < 0.6 ? shortQuery(row.body, rng) : longQuestion(row.body, rng);
    if (text) questions.push({ kind: roll < 0.6 ? "short" : "long", text });
  }
  return questions;
}

function shortQuery(body: string, rng: Random): string | null {
  const runs = body.match(/\p{Script=Han}{4,}/gu) ?? [];
  if (runs.length === 0) return null;
  const run = rng.pick(runs);
  const length = rng.int(2, 4);
  const at = rng.int(0, run.length - length);
  return run.slice(at, at + length);
}

function longQuestion(body: string, rng: Random): string | null {
  const clauses = body.split(/[，。；\n]/).filter((c) => c.length >= 6);
  const withFigure = clauses.map((c, i) => [c, i] as const).filter(([c]) => FIGURE.test(c));
  if (withFigure.length === 0) return null;
  const [clause, index] = rng.pick(withFigure);
  const context = index > 0 && rng.chance(0.6) ? (clauses[index - 1] ?? "") : "";
  const question = `${context}${clause.replace(FIGURE, (_m, _n, _u, unit: string) => `多少${unit === "%" ? "比例" : unit}`)}`;
  return question.slice(-48);
}

function typedReference(
  r: {
    doc_number: string | null;
    session: string | null;
    proposal_number: string | null;
    proposal_kind: string | null;
  },
  rng: Random,
): string {
  const m = r.doc_number ? /^(.+)〔(\d{4})〕(\d+)号$/.exec(r.doc_number) : null;
  if (!m || (r.proposal_number && rng.chance(0.3))) {
    return `${r.session ?? ""}第${r.proposal_number}号${r.proposal_kind === "建议" ? "代表建议" : "提案"}`;
  }
  const [, prefix, year, serial] = m;
  return rng.pick([
    `${prefix}〔${year}〕${serial}号`,
    `${prefix} ${year} ${serial}`,
    `${prefix}[${year}]${serial}号`,
    `${prefix}(${year})第${serial}号`,
  ]);
}
