/**
 * Started as a child process by the benchmark: loads a peer from disk (the
 * FTS5 database file, or FlexSearch's export) and answers one question, then
 * prints how long that took since the process started and the memory it holds.
 */
import SQLite from "better-sqlite3";
import { FlexPeer } from "./flexsearch-peer.ts";

const [kind, location, question = "科技创新"] = process.argv.slice(2);
let hits = 0;
if (kind === "flexsearch" && location) {
  hits = FlexPeer.importFrom(location).search(question, 24).length;
} else if (kind === "fts5" && location) {
  const db = new SQLite(location, { readonly: true });
  const rows = db
    .prepare(
      "select rowid from fts_trigram where fts_trigram match ? order by bm25(fts_trigram) limit 24",
    )
    .all(`"${question.slice(0, 3)}"`);
  hits = rows.length;
  db.close();
} else {
  process.stderr.write("usage: peer-cold-start.ts flexsearch|fts5 <path> [question]\n");
  process.exit(2);
}
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    uptimeMs: Math.round(process.uptime() * 1000),
    hits,
    rssMB: Math.round(memory.rss / 2 ** 20),
    heapMB: Math.round(memory.heapUsed / 2 ** 20),
  })}\n`,
);
