import { runCli } from "../../src/cli.ts";
import { CORPUS_DIR } from "./corpus.ts";

/** Runs the CLI in-process against a data folder of the test's own; returns exit code and output. */
export async function cli(
  dataDir: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { DAFU_DATA_DIR: dataDir, DAFU_CORPUS_DIR: CORPUS_DIR, DAFU_LOG_LEVEL: "silent" },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}
