import type { Random } from "./random.ts";
import { cn, type ReplyIdentity } from "./reply-identity.ts";
import { personName } from "./vocabulary.ts";

/**
 * The layouts of ../shared/formats.md: how a reply's head reads (a title, or
 * straight into the greeting, or a 会办/协办 opinion to the lead office) and
 * which page furniture surrounds it (a metadata block as a pipe table,
 * "label：value" lines, one label per line, or a saved HTML page).
 */

/** How the reply opens. */
export type Head = "titled" | "greeting-first" | "huiban";
/** The page's metadata block, if any. */
export type MetaForm = "none" | "pipe" | "colon" | "stacked" | "html";

/** The body of one reply, already written. */
export interface ReplyContent {
  readonly proposalTitle: string;
  /** Paragraphs after the first sentence: context, topic sections, plan. */
  readonly paragraphs: readonly string[];
}

/** Everything a layout needs. */
export interface LayoutInput {
  readonly id: ReplyIdentity;
  readonly head: Head;
  readonly meta: MetaForm;
  readonly content: ReplyContent;
  readonly date: { readonly y: number; readonly m: number; readonly d: number };
  /** Titles of other replies, for 上一篇 / 下一篇 links. */
  readonly neighbours: readonly string[];
}

/** Renders one reply; returns its text and file extension. */
export function renderReply(o: LayoutInput, rng: Random): { text: string; ext: string } {
  const kindWord = o.id.congress ? (o.id.proposalKind === "议案" ? "议案" : "代表建议") : "提案";
  const number = o.id.proposalNumber ? `第${o.id.proposalNumber}号` : "";
  const title = titleOf(o, kindWord, number, rng);
  const dateInMetaOnly = o.meta !== "none" && rng.chance(0.2);
  const lines = [
    ...topLines(o, rng),
    ...(title ? title.split("\n") : []),
    ...greetingAndFirstSentence(o, title, number, rng),
    ...o.content.paragraphs,
    o.head === "huiban"
      ? "以上意见供你单位统一答复时参考。"
      : rng.pick([
          "感谢您对我们工作的关心和支持。",
          "特此函复。",
          "感谢您的关心和支持，欢迎继续提出宝贵意见。",
        ]),
    ...signature(o, dateInMetaOnly, rng),
  ];
  const displayTitle = title?.replace(/\n/g, "") ?? `关于《${o.content.proposalTitle}》的答复`;
  if (o.meta === "html") return { text: htmlPage(o, displayTitle, lines, rng), ext: "html" };
  const meta = o.meta === "none" ? [] : metadataBlock(o, displayTitle, rng);
  const crumbs = o.meta !== "none" && rng.chance(0.5) ? [CRUMBS] : [];
  const footer =
    o.meta !== "none" && rng.chance(0.5) ? ["[打印本页] [关闭窗口]", ...neighbourLinks(o)] : [];
  const ext = o.meta === "pipe" || (o.meta === "none" && rng.chance(0.4)) ? "md" : "txt";
  const body = ext === "md" ? lines : lines.map((l) => (/。|：$/.test(l) ? `　　${l}` : l));
  return {
    text: [...crumbs, ...meta, ...body, ...footer].join(ext === "md" ? "\n\n" : "\n\n"),
    ext,
  };
}

const CRUMBS = "当前位置：首页 > 政务公开 > 建议提案办理 > 正文";

/** Result mark, 签发人, letterhead and 文号 above the title. */
function topLines(o: LayoutInput, rng: Random): string[] {
  const { id } = o;
  const lines: string[] = [];
  if (id.result?.at === "top") lines.push(id.result.text);
  if (rng.chance(0.05)) lines.push(`签发人：${personName(rng)}`);
  if (id.docNumber || rng.chance(0.3)) lines.push(id.issuers.join("　"));
  if (id.docNumber) {
    const mark = id.result && id.result.at !== "top" ? id.result.text : "";
    lines.push(`${id.docNumber}${mark}`);
  }
  return lines;
}

function titleOf(o: LayoutInput, kindWord: string, number: string, rng: Random): string | null {
  const { id } = o;
  if (o.head === "greeting-first") return null;
  if (o.head === "huiban") {
    if (rng.chance(0.3)) return null;
    const kind = rng.chance(0.7) ? "会办意见" : "协办意见";
    return `关于${id.session}${number}${kindWord}的${kind}`;
  }
  const roll = rng.next();
  const split = (t: string) => (rng.chance(0.06) ? `${t.slice(0, 12)}\n${t.slice(12)}` : t);
  if (number && roll < 0.45) return split(`对${id.session}${number}${kindWord}的答复`);
  if (number && roll < 0.65) return split(`关于${id.session}${number}${kindWord}的复函`);
  if (roll < 0.8) return split(`关于对《${o.content.proposalTitle}》的答复`);
  const core = o.content.proposalTitle.replace(/^关于|的(?:建议|提案)$/g, "");
  if (roll < 0.9) return `${id.issuer}\n关于${core}${kindWord}答复的函`;
  return split(`${id.issuer}关于${id.session}${number}${kindWord}的答复`);
}

/** The greeting line and the first sentence (which names the session and number when no title does). */
function greetingAndFirstSentence(
  o: LayoutInput,
  title: string | null,
  number: string,
  rng: Random,
): string[] {
  const { id, content } = o;
  const kind = id.proposalKind;
  if (o.head === "huiban") {
    const lead = `${id.place.levelWord === "全国" ? "" : id.place.levelWord}${rng.pick(["住房保障和房屋管理局", "民政局", "交通运输局", "发展和改革局", "教育局"])}`;
    const role = rng.chance(0.5) ? "会办" : "协办";
    return [
      `${lead}：`,
      `${id.proposers}在${id.sessionSpoken}上提出的${number}${kind}《${content.proposalTitle}》，由你单位主办、我单位${role}。经研究，现将${role}意见函告如下：`,
    ];
  }
  const colon = rng.chance(0.03) ? "" : "：";
  if (o.head === "greeting-first") {
    const numbered = number ? `（${number}）` : "";
    return [
      `${id.proposers}${colon}`,
      `您在${id.sessionSpoken}上提出的《${content.proposalTitle}》${numbered}收悉，经研究，现答复如下：`,
    ];
  }
  const you = /、|等|代表团|界别/.test(id.proposers) ? "你们" : "您";
  // A title without the session and number leaves them to the first sentence.
  const where = title?.includes(id.session) ? "" : `在${id.sessionSpoken}上`;
  const numbered = where && number ? `（${number}）` : "";
  return [
    `${id.proposers}${colon}`,
    `${you}${where}提出的《${content.proposalTitle}》${numbered}收悉，经研究，现将办理情况答复如下：`,
  ];
}

function signature(o: LayoutInput, dateInMetaOnly: boolean, rng: Random): string[] {
  const lines: string[] = [];
  if (!rng.chance(0.1)) lines.push(o.id.issuers.join("　　"));
  if (!dateInMetaOnly) lines.push(dateText(o.date, rng));
  if (rng.chance(0.6)) {
    const contact = `联系人：${personName(rng)}　　联系电话：0${rng.int(10, 999)}-${rng.int(2000000, 89999999)}`;
    lines.push(rng.chance(0.15) ? `（${contact}）` : contact);
  }
  if (rng.chance(0.3))
    lines.push(
      `抄送：${o.id.place.levelWord === "全国" ? "" : o.id.place.levelWord}人大常委会代表工作室，${o.id.place.levelWord}政府办公室。`,
    );
  return lines;
}

/** 2023年6月21日; 二〇二二年七月一日; now and then damaged (2023927, 20235月18日). */
export function dateText(date: LayoutInput["date"], rng: Random): string {
  const { y, m, d } = date;
  const roll = rng.next();
  if (roll < 0.8) return `${y}年${m}月${d}日`;
  if (roll < 0.96) {
    const digits = "〇一二三四五六七八九";
    const year = [...String(y)].map((c) => digits[Number(c)]).join("");
    return `${year}年${cn(m)}月${cn(d)}日`;
  }
  return roll < 0.98 ? `${y}${m}${d}` : `${y}${m}月${d}日`;
}

const iso = (date: LayoutInput["date"], plusDays = 0) =>
  new Date(Date.UTC(date.y, date.m - 1, date.d + plusDays)).toISOString().slice(0, 10);

function metaFields(o: LayoutInput, title: string, rng: Random): [string, string][] {
  return [
    [
      "索引号",
      `${rng.int(10000000, 99999999)}/${o.date.y}-${String(rng.int(1, 999)).padStart(5, "0")}`,
    ],
    ["信息分类", rng.pick(["建议提案办理", "建议提案", "人大代表建议和政协委员提案办理"])],
    ["发布机构", o.id.issuer],
    ["成文日期", iso(o.date)],
    ["文号", o.id.docNumber ?? ""],
    ["名称", title],
    ["发布日期", iso(o.date, rng.int(1, 40))],
    ["是否有效", "是"],
  ];
}

function metadataBlock(o: LayoutInput, title: string, rng: Random): string[] {
  const fields = metaFields(o, title, rng);
  if (o.meta === "pipe") {
    return [
      ["| 项目 | 内容 |", "| --- | --- |", ...fields.map(([k, v]) => `| ${k} | ${v} |`)].join("\n"),
    ];
  }
  if (o.meta === "colon") return [fields.map(([k, v]) => `${k}：${v}`).join("\n")];
  return [fields.map(([k, v]) => `${k}\n${v}`).join("\n")];
}

function neighbourLinks(o: LayoutInput): string[] {
  const [before, after] = o.neighbours;
  return [before ? `上一篇：${before}` : "", after ? `下一篇：${after}` : ""].filter(Boolean);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A saved disclosure page: navigation, a metadata table, the article, footer and a script. */
function htmlPage(o: LayoutInput, title: string, lines: readonly string[], rng: Random): string {
  const quote = (s: string) =>
    rng.chance(0.5)
      ? escapeHtml(s).replace(/“/g, "&ldquo;").replace(/”/g, "&rdquo;")
      : escapeHtml(s);
  const cells = metaFields(o, title, rng)
    .map(([k, v]) => `<tr><td class="label">${k}</td><td>${escapeHtml(v)}</td></tr>`)
    .join("\n");
  const paragraphs = lines.map((l) => `<p>${rng.chance(0.5) ? "&nbsp;&nbsp;" : ""}${quote(l)}</p>`);
  return [
    "<!DOCTYPE html>",
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}_${escapeHtml(o.id.issuer)}</title>`,
    "<script>var _hmt = _hmt || [];</script></head><body>",
    `<div class="crumb">首页 &gt; 政务公开 &gt; 建议提案办理 &gt; 正文</div>`,
    `<table class="meta">\n${cells}\n</table>`,
    `<div class="article">\n${paragraphs.join("\n")}\n</div>`,
    `<div class="tools">[打印本页] [关闭窗口]</div>`,
    ...neighbourLinks(o).map((l) => `<div class="pn">${escapeHtml(l)}</div>`),
    "<!--EndFragment-->",
    "</body></html>",
  ].join("\n");
}
