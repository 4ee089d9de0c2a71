/**
 * What the first sentence of a reply says about the proposal: its title in
 * 《…》, “…” or unquoted (关于…的建议), and who proposed it when the greeting
 * does not say (会办/协办 opinions name the deputies in the text).
 */

const KIND = "(?:建议|提案|议案|意见)";
const UNQUOTED = new RegExp(
  `(关于[^《》，。；！？]{2,80}?的${KIND})(?=收悉|已收悉|（|\\(|》|”|，|。|的|$)`,
);
const TITLE_IN_TITLE = new RegExp(
  `关于([^“”《》]{2,80}?的${KIND})(?:的)?(?:答复|复函|回复|会办|协办|办理)`,
);

/** The opening of the body up to the acknowledgement (at most 400 characters). */
export function firstSentence(text: string): string {
  const head = text.slice(0, 400);
  const m = /收悉|答复如下|函复如下|如下[：:]/.exec(head);
  return m ? head.slice(0, m.index + m[0].length) : head;
}

/** The proposal title quoted or named in the acknowledgement; null when it names none. */
export function proposalTitleIn(sentence: string): string | null {
  const book = proposalBook(sentence);
  const quotedAt = sentence.search(/提出的\s*“|“关于/);
  const quoted = quotedAt >= 0 ? bracketed(sentence.slice(quotedAt), "“", "”") : null;
  if (book && quoted) return sentence.indexOf("《") < sentence.indexOf("“") ? book : quoted;
  return book ?? quoted ?? UNQUOTED.exec(sentence)?.[1] ?? null;
}

/** The first 《…》 that reads as a proposal's title (关于…, …建议/提案/议案), not a cited law or plan. */
function proposalBook(text: string): string | null {
  let rest = text;
  for (let n = 0; n < 4; n++) {
    const book = bracketed(rest, "《", "》");
    if (book === null) return null;
    if (/^关于|(?:建议|提案|议案|意见)$/.test(book)) return book;
    rest = rest.slice(rest.indexOf("《") + book.length + 2);
  }
  return null;
}

/** The proposal title in a document title: 《…》, or `关于…的建议` before 的答复. */
export function proposalTitleInTitle(title: string): string | null {
  const book = proposalBook(title);
  if (book) return book;
  const m = TITLE_IN_TITLE.exec(title);
  if (!m?.[1] || /会议|第\s*\S{1,10}\s*号/.test(m[1])) return null;
  return `关于${m[1]}`;
}

/** Text inside the first `open … close` pair, nested pairs kept. */
function bracketed(text: string, open: string, close: string): string | null {
  const start = text.indexOf(open);
  if (start < 0) return null;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) {
      const inner = text.slice(start + 1, i).trim();
      return inner.length >= 2 ? inner : null;
    }
  }
  return null;
}

const NAMED =
  /^([^，。“”《》]{2,40}?)(?:[（(]?等[\d一二三四五六七八九十]*[位名]?[）)]?)?(?:代表|委员)(?:们)?(?:在|提出|所提|领衔|联名)/;
const ORG_NAMED = /^([^，。“”《》您你]{2,30}?)(?:在[^，。]{0,40}?)?(?:提出|所提)的/;

/** Who the first sentence says proposed it: `赵明远、钱小玲等五位代表提出的…` → [赵明远, 钱小玲]. */
export function proposersNamedIn(sentence: string): string[] {
  const m = NAMED.exec(sentence) ?? ORG_NAMED.exec(sentence);
  return m?.[1] ? splitProposers(m[1]) : [];
}

/** Splits a salutation into proposers: `孙立群、周海、吴静等委员` → [孙立群, 周海, 吴静]. */
export function splitProposers(text: string): string[] {
  return text
    .replace(/^(?:尊敬的|亲爱的)/, "")
    .replace(/[（(]\s*等[^）)]{0,6}[）)]/g, "")
    .split(/[、，,；;]/)
    .map((name) =>
      name
        .trim()
        .replace(/等[\d一二三四五六七八九十]*[位名个]?(?:委员|代表)?们?$/, "")
        .replace(/(?<!代表团|代表组)(?:委员|代表|同志|先生|女士)们?$/, "")
        .replace(/等$/, ""),
    )
    .filter((name) => name.length > 0 && !/^(?:各位|你们|您|诸位)$/.test(name));
}
