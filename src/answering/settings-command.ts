import type { ChatSettings } from "../alerts/alert-schedule.ts";
import type { UsageForm } from "./reply-model.ts";

/**
 * `/settings …` (提醒设置 …) read into a change of a chat's alert settings:
 * instant delivery, a daily digest at an hour, quiet hours (or none), silent
 * on or off. English and Chinese words; full-width digits and colons work.
 */

/** What a settings command asks for. */
export type SettingsCommand =
  | { readonly kind: "show" }
  | {
      readonly kind: "change";
      readonly patch: Partial<ChatSettings>;
      /** What changes, in a short Chinese phrase. */
      readonly summary: string;
    }
  | { readonly kind: "bad"; readonly problem: string };

/** The forms `/settings` takes, for the usage reply. */
export const SETTINGS_FORMS: readonly UsageForm[] = [
  { example: "/settings", meaning: "查看本群（本会话）的提醒设置" },
  { example: "/settings instant", meaning: "有新答复立即提醒（默认）；也可写“提醒设置 即时”" },
  {
    example: "/settings digest 8",
    meaning: "改为每天 8 点汇总提醒一次；也可写“提醒设置 每日 8点”",
  },
  { example: "/settings quiet 22-7", meaning: "免打扰时段 22:00–07:00（期间的提醒推迟到结束时）" },
  { example: "/settings quiet off", meaning: "取消免打扰；也可写“提醒设置 免打扰 关”" },
  {
    example: "/settings silent on",
    meaning: "静音发送（不响铃）；silent off 恢复；也可写“静音 开/关”",
  },
];

const INSTANT = /^(?:instant|realtime|即时|实时|立即|马上|及时)(?:提醒|推送)?$/i;
const DIGEST =
  /^(?:digest|daily|每日|每天|日报|汇总|每日汇总|每天汇总)\s*(?:(\d{1,2})(?::00)?\s*(?:点钟?|时)?)?$/i;
const QUIET_OFF = /^(?:quiet|免打扰|勿扰|安静时段)\s*(?:off|none|no|关|关闭|取消|无|不要)$/i;
const QUIET =
  /^(?:quiet|免打扰|勿扰|安静时段)\s*(\d{1,2})(?::(\d{2}))?\s*(?:点|时)?\s*(?:-|~|–|—|到|至)\s*(\d{1,2})(?::(\d{2}))?\s*(?:点|时)?$/i;
const SILENT = /^(?:silent|静音|免提醒音|不响铃)\s*(on|off|开|关|开启|关闭|是|否)?$/i;

/** Reads the text after `/settings` (already without the command word). */
export function parseSettingsCommand(raw: string): SettingsCommand {
  const text = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (text === "" || /^(?:show|查看|显示)$/i.test(text)) return { kind: "show" };
  if (INSTANT.test(text))
    return { kind: "change", patch: { delivery: "instant" }, summary: "改为即时提醒" };
  const digest = DIGEST.exec(text);
  if (digest) return digestChange(digest[1]);
  if (QUIET_OFF.test(text))
    return {
      kind: "change",
      patch: { quietStart: null, quietEnd: null },
      summary: "取消免打扰时段",
    };
  const quiet = QUIET.exec(text);
  if (quiet) return quietChange(quiet);
  const silent = SILENT.exec(text);
  if (silent) {
    const on = !/^(?:off|关|关闭|否)$/i.test(silent[1] ?? "on");
    return {
      kind: "change",
      patch: { silent: on },
      summary: on ? "开启静音发送" : "关闭静音发送",
    };
  }
  return { kind: "bad", problem: `看不懂“${text.slice(0, 40)}”这个设置。` };
}

function digestChange(hourText: string | undefined): SettingsCommand {
  if (hourText === undefined)
    return { kind: "change", patch: { delivery: "digest" }, summary: "改为每日汇总提醒" };
  const hour = Number(hourText);
  if (hour > 23)
    return { kind: "bad", problem: `汇总时间要写 0 到 23 点之间的整点（看到 ${hour}）。` };
  return {
    kind: "change",
    patch: { delivery: "digest", digestHour: hour },
    summary: `改为每天 ${hour} 点汇总提醒`,
  };
}

function quietChange(match: RegExpExecArray): SettingsCommand {
  const start = minuteOf(match[1], match[2]);
  const end = minuteOf(match[3], match[4]);
  if (start === null || end === null)
    return {
      kind: "bad",
      problem: "免打扰时间要写成 0–23 点（可带分钟），如 22-7 或 22:30-7:00。",
    };
  if (start === end)
    return {
      kind: "bad",
      problem: "免打扰的开始和结束不能相同；取消免打扰请写 /settings quiet off。",
    };
  return {
    kind: "change",
    patch: { quietStart: start, quietEnd: end },
    summary: `设置免打扰时段 ${clock(start)}–${clock(end)}`,
  };
}

function minuteOf(hourText: string | undefined, minuteText: string | undefined): number | null {
  const hour = Number(hourText ?? "x");
  const minute = Number(minuteText ?? "0");
  if (!Number.isInteger(hour) || hour < 0 || hour > 24) return null;
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) return null;
  if (hour === 24) return minute === 0 ? 0 : null;
  return hour * 60 + minute;
}

/** Minutes after midnight as `HH:MM`. */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}
