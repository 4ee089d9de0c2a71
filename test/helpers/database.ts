import path from "node:path";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { tempDir } from "./corpus.ts";

/**
 * A database file under a fresh temporary folder, migrated to the latest
 * schema; `close` destroys it and removes the folder.
 */
export async function openTempDatabase(): Promise<{
  db: Database;
  dir: string;
  close: () => Promise<void>;
}> {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(path.join(dir, "data", "dafu.sqlite"));
  await migrateToLatest(db);
  return {
    db,
    dir,
    close: async () => {
      await db.destroy();
      cleanup();
    },
  };
}
