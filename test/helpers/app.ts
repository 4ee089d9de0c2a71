import { type App, openApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { CORPUS_DIR, tempDir } from "./corpus.ts";

/** An app over a fresh data folder and the bundled corpus (or `corpusDir`). */
export async function openTestApp(
  corpusDir = CORPUS_DIR,
): Promise<{ app: App; dataDir: string; cleanup: () => Promise<void> }> {
  const temp = tempDir();
  const config = loadConfig({
    DAFU_DATA_DIR: temp.dir,
    DAFU_CORPUS_DIR: corpusDir,
    DAFU_LOG_LEVEL: "silent",
  });
  const app = await openApp(config);
  return {
    app,
    dataDir: temp.dir,
    cleanup: async () => {
      await app.close();
      temp.cleanup();
    },
  };
}
