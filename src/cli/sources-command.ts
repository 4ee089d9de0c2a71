import type { App } from "../app.ts";
import { createLogger } from "../logger.ts";
import { printable } from "../sources/page-fetcher.ts";
import { pollerFromConfig } from "../sources/poller-from-config.ts";
import type { RoundReport } from "../sources/source-round.ts";
import { type SourceStatus, sourceStatuses } from "../storage/source.repository.ts";
import type { CliOutput } from "./output.ts";

/**
 * `sources [--once] [--json]`: each configured disclosure column with its
 * last success, last error, pages known and replies ingested; with --once,
 * every source is polled once first (for cron). Exit code 1 when a polled
 * source failed.
 */
export async function sourcesCommand(
  app: App,
  options: { readonly once: boolean; readonly json: boolean },
  io: CliOutput,
): Promise<number> {
  const { config, db } = app;
  if (config.sources.addresses.length === 0) {
    io.out(
      options.json
        ? JSON.stringify({ sources: [] })
        : "未配置来源：在 DAFU_SOURCES 中填写栏目列表页地址（多个用逗号分隔）。",
    );
    return 0;
  }
  let rounds: RoundReport[] = [];
  if (options.once) {
    const poller = pollerFromConfig(config, {
      db,
      log: createLogger(config.logLevel),
      onIngested: async () => void (await app.follower.sync()),
    });
    rounds = (await poller?.pollOnce()) ?? [];
  }
  const statuses = await sourceStatuses(db, config.sources.addresses);
  if (options.json) {
    io.out(JSON.stringify({ sources: statuses.map((s) => toJson(s, rounds)) }));
  } else {
    const time = timeFormat(config.timeZone);
    for (const s of statuses) {
      io.out(describeSource(s, time));
      const round = rounds.find((r) => r.address === s.address);
      if (round) io.out(`  本次：${describeRound(round, s, time)}`);
    }
  }
  return rounds.some((r) => r.status === "failed") ? 1 : 0;
}

type TimeFormat = (ms: number | null) => string;

function timeFormat(timeZone: string): TimeFormat {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    dateStyle: "short",
    timeStyle: "short",
  });
  return (ms) => (ms === null ? "—" : format.format(ms));
}

function describeSource(s: SourceStatus, time: TimeFormat): string {
  const state =
    s.consecutive_failures > 0
      ? `连续失败 ${s.consecutive_failures} 次，暂停到 ${time(s.next_poll_at)}`
      : s.last_success_at === null
        ? "尚未轮询"
        : "正常";
  // Errors can quote what a site sent: printed without control characters.
  const error = s.last_error ? `${printable(s.last_error)}（${time(s.last_error_at)}）` : "无";
  return [
    s.address,
    `  状态：${state}`,
    `  上次成功：${time(s.last_success_at)}　上次错误：${error}`,
    `  已知页面 ${s.pagesKnown} 个，其中答复 ${s.replyPages} 个；累计入库 ${s.replies_ingested} 次（新增或更新）`,
  ].join("\n");
}

const OUTCOME_LABELS: readonly [keyof RoundReport["pages"], string][] = [
  ["added", "新增"],
  ["revised", "更新"],
  ["unchanged", "内容未变"],
  ["not-modified", "未修改(304)"],
  ["not-reply", "非答复"],
  ["rested", "暂不复查"],
  ["skipped", "跳过"],
  ["failed", "失败"],
];

function describeRound(round: RoundReport, s: SourceStatus, time: TimeFormat): string {
  if (round.status === "busy") return "另一进程正在轮询，跳过";
  if (round.status === "resting") return `退避中，${time(s.next_poll_at)} 后再试`;
  if (round.status === "failed")
    return `失败：${printable(round.error ?? "")}，${time(s.next_poll_at)} 后再试`;
  const counts = OUTCOME_LABELS.filter(([k]) => round.pages[k]).map(
    ([k, label]) => `${label} ${round.pages[k]}`,
  );
  return `读取列表 ${round.listingPages} 页；${counts.join("，") || "没有条目"}`;
}

function toJson(s: SourceStatus, rounds: readonly RoundReport[]) {
  return {
    address: s.address,
    lastSuccessAt: s.last_success_at,
    lastError: s.last_error === null ? null : printable(s.last_error),
    lastErrorAt: s.last_error_at,
    consecutiveFailures: s.consecutive_failures,
    nextPollAt: s.next_poll_at,
    pagesKnown: s.pagesKnown,
    replyPages: s.replyPages,
    repliesIngested: s.replies_ingested,
    round: rounds.find((r) => r.address === s.address) ?? null,
  };
}
