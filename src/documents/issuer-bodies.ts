/**
 * Names of Chinese government bodies and their usual abbreviations, reduced
 * to one key per function: 科委 / 科技局 / 科学技术委员会 → 科技, 交通局 /
 * 交通运输局 / 交委 → 交通运输. A general list of the bodies found at every
 * level of government, not taken from any reply set.
 */

/** Function key → the stems (names without 局/委/厅/部) that denote it. */
const BODY_STEMS: Readonly<Record<string, readonly string[]>> = {
  科技: ["科技", "科学技术", "科", "科学技术和工业信息化", "科技和工业信息化"],
  交通运输: ["交通运输", "交通", "交运", "交"],
  卫生健康: ["卫生健康", "卫健", "卫生和计划生育", "卫生计生", "卫计", "卫生"],
  住房城乡建设: ["住房和城乡建设", "住房城乡建设", "住建", "城乡建设", "建设", "建"],
  教育: ["教育", "教育和体育", "教育体育", "教体", "教"],
  文化旅游: [
    "文化和旅游",
    "文化旅游",
    "文旅",
    "文化广电和旅游",
    "文化广电旅游",
    "文广旅",
    "文化广电体育和旅游",
    "文化体育和旅游",
    "文体旅",
    "文广体旅",
    "文化广电新闻出版旅游",
    "旅游",
  ],
  发展改革: ["发展和改革", "发展改革", "发改"],
  人力资源社会保障: ["人力资源和社会保障", "人力资源社会保障", "人社", "人保"],
  自然资源: [
    "自然资源",
    "自然资源和规划",
    "规划和自然资源",
    "自然资源规划",
    "自规",
    "规资",
    "国土资源",
    "国土",
  ],
  生态环境: ["生态环境", "环境保护", "环保", "生态环境保护"],
  农业农村: ["农业农村", "农业和农村", "农业", "农", "农业农村和水利"],
  水利: ["水利", "水务", "水利和湖泊"],
  商务: ["商务", "商"],
  民政: ["民政"],
  财政: ["财政"],
  公安: ["公安"],
  司法: ["司法"],
  市场监管: ["市场监督管理", "市场监管", "市监", "工商行政管理", "工商"],
  应急管理: ["应急管理", "应急", "安全生产监督管理", "安监"],
  城市管理: [
    "城市管理",
    "城管",
    "城市管理综合执法",
    "城市管理和综合执法",
    "综合行政执法",
    "城管执法",
  ],
  工业信息化: ["工业和信息化", "工业信息化", "工信", "经济和信息化", "经济信息化", "经信"],
  医疗保障: ["医疗保障", "医保"],
  退役军人事务: ["退役军人事务", "退役军人"],
  林业: ["林业", "林业和草原", "林草"],
  体育: ["体育"],
  统计: ["统计"],
  审计: ["审计"],
  税务: ["税务"],
  民族宗教: ["民族宗教事务", "民族宗教", "民宗", "民族和宗教事务"],
  机关事务: ["机关事务管理", "机关事务"],
  信访: ["信访"],
  数据: ["大数据管理", "大数据", "数据", "政务服务和数据管理", "政务服务数据管理"],
  乡村振兴: ["乡村振兴", "扶贫开发", "扶贫"],
  粮食物资储备: ["粮食和物资储备", "粮食和储备", "粮食"],
  国有资产: ["国有资产监督管理", "国资"],
  房屋管理: ["住房保障和房屋管理", "房屋管理", "房管", "房地产管理", "住房保障"],
  规划: ["规划", "规划和国土资源"],
  人民政府: ["人民政府", "政府"],
  政府办公室: ["人民政府办公室", "政府办公室", "政府办"],
};

const STEM_TO_KEY: ReadonlyMap<string, string> = new Map(
  Object.entries(BODY_STEMS).flatMap(([key, stems]) => stems.map((s) => [s, key] as const)),
);

/** Kinds of body by the rank their last word shows; 局 and 委 are peers (科技局, 科委). */
export type BodyRank = "ministry" | "department" | "bureau";

/** The rank a body's last word shows, or null when it shows none (人民政府, 文旅). */
export function bodyRank(body: string): BodyRank | null {
  if (/部$/.test(body)) return "ministry";
  if (/厅$/.test(body)) return "department";
  if (/(委员会|局|委)$/.test(body)) return "bureau";
  return null;
}

/** A body's name without its rank word: 交通运输局 → 交通运输, 科学技术委员会 → 科学技术. */
export function bodyStem(body: string): string {
  return body.replace(/(委员会|局|委|厅|部)$/, "");
}

/**
 * The function key of a body name or abbreviation (科委 → 科技, 卫健局 →
 * 卫生健康), or null when the body is not in the list.
 */
export function bodyKey(body: string): string | null {
  return STEM_TO_KEY.get(bodyStem(body)) ?? STEM_TO_KEY.get(body) ?? null;
}
