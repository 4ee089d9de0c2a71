import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { EvalCase } from "../src/cli/eval-command.ts";
import { ALL_LAYOUTS, DEFAULT_LAYOUTS, type LayoutName } from "./corpus-generator.ts";
import { checkTargets, formatReport } from "./report.ts";
import { readCasesIfPresent, runSize, type SizeResult } from "./run-size.ts";

/**
 * `npm run bench -- [--replies 1000,10000,50000] [--churn N] [--rounds N] [--json] [--seed N]
 *   [--questions N] [--layouts titled,greeting-first,huiban,meta,html]`
 * Generates a deterministic archive of the given sizes, then measures dafu's
 * ingest, index, cold start, memory, query latency and quality against
 * SQLite FTS5 and FlexSearch over the same sections (timed interleaved), and,
 * with `--churn N`, revises N replies in the running process and measures
 * again; then checks the targets.
 */
const { values } = parseArgs({
  options: {
    replies: { type: "string", default: "1000" },
    churn: { type: "string", default: "0" },
    "churn-batch": { type: "string", default: "5" },
    rounds: { type: "string", default: "10" },
    layouts: { type: "string" },
    json: { type: "boolean", default: false },
    seed: { type: "string", default: "20261122" },
    questions: { type: "string", default: "600" },
    out: { type: "string", default: path.resolve(import.meta.dirname, "out") },
  },
});

const sizes = values.replies.split(",").map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 0)) {
  process.stderr.write("--replies takes sizes such as 1000 or 1000,10000,50000\n");
  process.exit(2);
}
const count = (name: string, value: string, min: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} takes a whole number ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
};
const layouts = values.layouts?.split(",").map((s) => s.trim()) as LayoutName[] | undefined;
const unknown = layouts?.filter((l) => !(ALL_LAYOUTS as readonly string[]).includes(l)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `--layouts takes ${ALL_LAYOUTS.join(",")} (unknown: ${unknown.join(",")})\n`,
  );
  process.exit(2);
}
const evalSets: Record<string, EvalCase[]> = {};
const dev = readCasesIfPresent(path.resolve(import.meta.dirname, "../../shared/eval/dev.jsonl"));
if (dev) evalSets.dev = dev;
const own = readCasesIfPresent(
  path.resolve(import.meta.dirname, "../test/fixtures/questions.jsonl"),
);
if (own) evalSets.own = own;

const began = performance.now();
const log = (line: string) =>
  process.stderr.write(
    `${String(Math.round((performance.now() - began) / 1000)).padStart(5)}s ${line}\n`,
  );
const results: SizeResult[] = [];
for (const replies of sizes) {
  log(`${replies} replies:`);
  results.push(
    await runSize({
      replies,
      seed: Number(values.seed),
      outDir: values.out,
      questions: count("questions", values.questions, 1),
      rounds: count("rounds", values.rounds, 1),
      churn: count("churn", values.churn, 0),
      churnBatch: count("churn-batch", values["churn-batch"], 1),
      layouts: layouts ?? DEFAULT_LAYOUTS,
      evalSets,
      log,
    }),
  );
}
const checks = checkTargets(results);
const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ machine, results, targets: checks })}\n`);
} else {
  process.stdout.write(`${machine}\n\n${formatReport(results, checks)}\n`);
}
process.exitCode = checks.every((c) => c.pass) ? 0 : 1;
