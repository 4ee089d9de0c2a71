import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { withStatementCache } from "../../src/storage/statement-cache.ts";

/** A real in-memory database that counts the statements it prepares. */
function counted() {
  const sqlite = new Database(":memory:");
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  return { sqlite, prepared };
}

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

describe("statement cache", () => {
  it("prepares each SQL text once and keeps the most recently used", () => {
    const { sqlite, prepared } = counted();
    open.push(sqlite);
    const db = withStatementCache(sqlite, 2);
    db.prepare("create table t (a integer)").run([]);
    const insert = "insert into t (a) values (?)";
    for (let i = 0; i < 5; i++) db.prepare(insert).run([i]);
    expect(prepared.filter((s) => s === insert)).toHaveLength(1);

    const count = "select count(*) as n from t";
    expect(db.prepare(count).all([])).toEqual([{ n: 5 }]);
    // Two kept: using insert again makes count the oldest, so a third text evicts count.
    db.prepare(insert).run([5]);
    db.prepare("select 1").all([]);
    db.prepare(insert).run([6]);
    db.prepare(count).all([]);
    expect(prepared.filter((s) => s === insert)).toHaveLength(1);
    expect(prepared.filter((s) => s === count)).toHaveLength(2);
  });

  it("a kept statement sees a schema change made after it was prepared", () => {
    const { sqlite } = counted();
    open.push(sqlite);
    const db = withStatementCache(sqlite);
    db.prepare("create table t (a integer)").run([]);
    db.prepare("insert into t (a) values (1)").run([]);
    const all = "select * from t";
    expect(db.prepare(all).all([])).toEqual([{ a: 1 }]);
    sqlite.exec("alter table t add column b text default 'x'");
    expect(db.prepare(all).all([])).toEqual([{ a: 1, b: "x" }]);
  });

  it("close closes the database", () => {
    const { sqlite } = counted();
    const db = withStatementCache(sqlite);
    db.prepare("select 1").all([]);
    db.close();
    expect(sqlite.open).toBe(false);
  });
});
