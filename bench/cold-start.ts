/**
 * Started as a child process by the benchmark: opens dafu over an existing
 * data folder (the snapshot present) and answers one question, then prints
 * how long that took since the process started and the memory it holds.
 */
import { createAnswerer } from "../src/answering/answerer.ts";
import { openApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";

const [dataDir, question = "科技创新"] = process.argv.slice(2);
const app = await openApp(loadConfig({ DAFU_DATA_DIR: dataDir, DAFU_LOG_LEVEL: "silent" }), {
  ingestWhenEmpty: false,
});
const reply = await createAnswerer(app).answer({ text: question });
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    uptimeMs: Math.round(process.uptime() * 1000),
    indexSource: app.indexSource,
    replyKind: reply.kind,
    rssMB: Math.round(memory.rss / 2 ** 20),
    heapMB: Math.round(memory.heapUsed / 2 ** 20),
  })}\n`,
);
await app.close();
