/**
 * Names of government bodies and organisations, as they sign a reply or head
 * its letterhead: 某县水务局, 某区某某街道办事处, 交通运输部, 区科协.
 */

const BODY_END =
  "委员会|人民政府|政府|办公厅|办公室|办事处|街道|局|厅|委|院|中心|部|署|会|处|所|站|队|社|馆|办|府|联|协|公司|集团|银行|大学|学校|医院|管委会|分局|支队|大队";
const ORGANISATION = new RegExp(`^[\\p{Script=Han}（）()]{2,40}?(?:${BODY_END})$`, "u");
const NOT_A_BODY = /^(?:此致|敬礼|特此|感谢|附件|抄送|联系|主题词|签发|承办|领导)|[，。；：:、]/;

/** True when `text` reads as the name of a body (no punctuation, a body ending). */
export function isOrganisation(text: string): boolean {
  const t = text.trim().replace(/文件$/, "");
  return t.length >= 2 && t.length <= 40 && !NOT_A_BODY.test(t) && ORGANISATION.test(t);
}

/** The organisation names of a signature line: `甲局　　乙局` → [甲局, 乙局]; [] when a part is not one. */
export function organisationsOf(parts: readonly string[]): string[] {
  const names = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  return names.length > 0 && names.every(isOrganisation) ? names : [];
}
