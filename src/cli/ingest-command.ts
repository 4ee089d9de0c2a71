import type { App } from "../app.ts";
import type { CliOutput } from "./output.ts";
import { createProgressBar } from "./progress.ts";

/** `ingest [PATH...]`: ingests files and folders (default the corpus folder). Exit 1 when any file failed. */
export async function ingestCommand(
  app: App,
  paths: readonly string[],
  json: boolean,
  io: CliOutput,
): Promise<number> {
  const bar = createProgressBar();
  const started = performance.now();
  const report = await app.ingest(paths.length > 0 ? paths : [app.config.corpusDir], {
    onProgress: (done, total, result) => bar.update(done, total, result.file),
  });
  bar.done();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (json) {
    io.out(JSON.stringify(report));
  } else {
    for (const r of report.results.filter((x) => x.outcome === "failed")) {
      io.err(`失败 ${r.file}：${r.message}（${r.errorCode}）`);
    }
    for (const r of report.results.filter((x) => x.outcome === "revised")) {
      io.out(`修订 ${r.docNumber ?? r.replyKey}（${r.file}）`);
    }
    io.out(
      `新增 ${report.added} · 修订 ${report.revised} · 未变 ${report.unchanged} · 失败 ${report.failed}` +
        `（共 ${report.results.length} 个文件，${seconds} 秒）`,
    );
  }
  return report.failed > 0 ? 1 : 0;
}
