import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { renderText } from "../adapters/console/render-text.ts";
import { openApp } from "./app.ts";
import { askCommand } from "./cli/ask-command.ts";
import { evalCommand } from "./cli/eval-command.ts";
import { fieldEvalCommand } from "./cli/field-eval.ts";
import { ingestCommand } from "./cli/ingest-command.ts";
import { listCommand } from "./cli/list-command.ts";
import { lookupCommand } from "./cli/lookup-command.ts";
import { type CliOutput, processOutput } from "./cli/output.ts";
import { parseCommand } from "./cli/parse-command.ts";
import { sourcesCommand } from "./cli/sources-command.ts";
import { loadConfig, loadDotEnv } from "./config.ts";
import { describeError, isAppError, UsageError } from "./errors.ts";

const USAGE = `用法：npm run --silent cli -- <命令>

  ingest [PATH...]                   入库答复文件或目录（默认 index-data/）
  lookup <文号或编号> [--json]        按文号或建议/提案编号查找
  list [--year YYYY] [--issuer 机关] [--place 地方] [--limit N] [--json]
                                     列出答复，最新的在前
  ask "<问题>" [--limit N] [--json]   提问，返回带出处的摘录
  ask --json --stdin                 每行一个问题，每行输出一个 JSON
  parse <文件> [--json]               解析一个文件并显示各字段（不入库）
  eval [FILE] [--json]               在临时数据库（自带答复 + FILE 所在目录）上评测问题集
                                     （默认 ../shared/eval/dev.jsonl）
  eval --fields EXPECTED.jsonl       解析同目录的每个文件，逐字段与 EXPECTED 比较
  sources [--once] [--json]          列出关注的政府公开栏目（DAFU_SOURCES）及其状态；
                                     --once 先把每个栏目轮询一次（供 cron 使用）`;

/** The dev question set, beside the project in the shared folder. */
const DEFAULT_EVAL_FILE = "../shared/eval/dev.jsonl";

/** Runs one CLI command and returns its exit code (0 ok, 1 failure or not found, 2 usage). */
export async function runCli(
  argv: readonly string[],
  io: CliOutput = processOutput,
  env = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: "boolean", default: false },
      year: { type: "string" },
      issuer: { type: "string" },
      place: { type: "string" },
      limit: { type: "string" },
      stdin: { type: "boolean", default: false },
      fields: { type: "string" },
      once: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const json = values.json === true;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  let app: Awaited<ReturnType<typeof openApp>> | undefined;
  try {
    // Commands that need no database of the user's own.
    if (command === "parse") return parseCommand(rest, json, io);
    if (command === "eval" && str(values.fields)) {
      return fieldEvalCommand(str(values.fields) ?? "", json, io);
    }
    const config = loadConfig(env);
    if (command === "eval")
      return await evalCommand(config, rest[0] ?? DEFAULT_EVAL_FILE, json, io);
    app = await openApp(config, { ingestWhenEmpty: command !== "ingest" });
    switch (command) {
      case "ingest":
        return await ingestCommand(app, rest, json, io);
      case "lookup":
        return await lookupCommand(app, rest.join(" "), json, io);
      case "list":
        return await listCommand(
          app,
          {
            year: str(values.year),
            issuer: str(values.issuer),
            place: str(values.place),
            limit: str(values.limit),
            json,
          },
          io,
        );
      case "ask":
        return await askCommand(
          app,
          rest.join(" "),
          { json, stdin: values.stdin === true, limit: str(values.limit) },
          io,
          renderText,
        );
      case "sources":
        return await sourcesCommand(app, { once: values.once === true, json }, io);
      default:
        throw new UsageError(`未知命令：${command}\n${USAGE}`);
    }
  } catch (error) {
    io.err(isAppError(error) ? `错误：${error.message}` : `内部错误：${describeError(error)}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await app?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadDotEnv();
  process.exitCode = await runCli(process.argv.slice(2));
}
