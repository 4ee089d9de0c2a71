import path from "node:path";
import type { ReplyJson } from "../documents/reply-json.ts";
import { describeError, isAppError } from "../errors.ts";
import { readJsonLines } from "./json-lines.ts";
import type { CliOutput } from "./output.ts";
import { parseFileAsJson } from "./parse-command.ts";

/** One line of an expected-fields file: the file name and the fields a parser should extract. */
export type ExpectedFields = { file: string } & Record<string, unknown>;

/** Per-field tallies and every mismatch. */
export interface FieldScores {
  fields: Record<string, { right: number; total: number }>;
  right: number;
  total: number;
  mismatches: string[];
}

/**
 * `sections` lists distinctive words of each section title of a long reply,
 * in order: right when each word is in a later section title than the one
 * before. A short reply's `[]` pins nothing: its numbered paragraphs may or
 * may not be read as sections.
 */
function sectionsMatch(expected: readonly string[], doc: ReplyJson): boolean {
  let at = 0;
  for (const word of expected) {
    while (at < doc.sections.length && !doc.sections[at]?.title.includes(word)) at++;
    if (at === doc.sections.length) return false;
    at++;
  }
  return true;
}

function fieldMatches(field: string, expected: unknown, doc: ReplyJson): boolean {
  if (field === "sections" && Array.isArray(expected)) return sectionsMatch(expected, doc);
  return JSON.stringify(doc[field as keyof ReplyJson] ?? null) === JSON.stringify(expected);
}

function shown(field: string, doc: ReplyJson): string {
  if (field === "sections") return JSON.stringify(doc.sections.map((s) => s.title));
  return JSON.stringify(doc[field as keyof ReplyJson] ?? null);
}

/** Parses every file named in `expected` (beside it) and compares each field. */
export function scoreFields(expected: readonly ExpectedFields[], folder: string): FieldScores {
  const scores: FieldScores = { fields: {}, right: 0, total: 0, mismatches: [] };
  const tally = (field: string, ok: boolean) => {
    const f = scores.fields[field] ?? { right: 0, total: 0 };
    scores.fields[field] = f;
    f.total++;
    scores.total++;
    if (ok) {
      f.right++;
      scores.right++;
    }
  };
  for (const { file, ...fields } of expected) {
    let doc: ReplyJson | null = null;
    let failure = "";
    try {
      doc = parseFileAsJson(path.join(folder, file));
    } catch (error) {
      failure = isAppError(error) ? `${error.code} ${error.message}` : describeError(error);
    }
    for (const [field, value] of Object.entries(fields)) {
      const ok = doc !== null && fieldMatches(field, value, doc);
      tally(field, ok);
      if (ok) continue;
      const got = doc ? shown(field, doc) : `not parsed (${failure})`;
      scores.mismatches.push(`${file} ${field}: expected ${JSON.stringify(value)}, got ${got}`);
    }
  }
  return scores;
}

const pct = (n: number, d: number) => (d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`);

/** `eval --fields FILE`: per-field accuracy, the total and every mismatch; exit 1 when any. */
export function fieldEvalCommand(file: string, json: boolean, io: CliOutput): number {
  const expected = readJsonLines<ExpectedFields>(file);
  const s = scoreFields(expected, path.dirname(file));
  if (json) {
    io.out(JSON.stringify(s));
  } else {
    for (const m of s.mismatches) io.out(`✗ ${m}`);
    for (const [field, f] of Object.entries(s.fields))
      io.out(`${field.padEnd(16)} ${f.right}/${f.total} (${pct(f.right, f.total)})`);
    io.out(`total ${s.right}/${s.total} (${pct(s.right, s.total)}) over ${expected.length} files`);
  }
  return s.mismatches.length === 0 ? 0 : 1;
}
