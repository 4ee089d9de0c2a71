import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

/** Runs `src/main.ts` (what `npm start` runs) with `input` on stdin; resolves with stdout and stderr. */
function runMain(
  input: string,
  dataDir: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "src/main.ts")],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DAFU_DATA_DIR: dataDir,
          DAFU_CORPUS_DIR: CORPUS_DIR,
          DAFU_LOG_LEVEL: "info",
          // Empty counts as unset (and wins over a developer's .env): no platform, so the console.
          TELEGRAM_BOT_TOKEN: "",
        },
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe("npm start without platform credentials", () => {
  it("ingests the bundled replies on first run and answers on stdin/stdout", async () => {
    const t = tempDir();
    temps.push(t.cleanup);
    const first = await runMain("杨浦有多少家专精特新小巨人企业\n/quit\n", t.dir);
    expect(first.code).toBe(0);
    expect(first.out).toContain("已载入 5 份答复");
    expect(first.out).toContain("“专精特新”小巨人企业23家");
    expect(first.out).toContain(
      "杨府〔2023〕6号 · 上海市杨浦区人民政府 · 2023-03-24 · 办理结果 A 类 · 四、关于发挥企业科技创新主体作用",
    );
    expect(first.err).toContain('source="built"');

    const second = await runMain("沪科提复 2022 8\n", t.dir);
    expect(second.code).toBe(0);
    expect(second.out).toContain("沪科提复〔2022〕8号 · 上海市科学技术委员会 · 2022-06-06");
    expect(second.err).toContain('source="snapshot"');
  });
});
