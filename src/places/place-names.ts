/**
 * Names of places as people write them: the official name (浙江省, 通山县,
 * 黔东南苗族侗族自治州) and its short form (浙江, 通山, 黔东南).
 */

/** The 55 minority nationalities named in autonomous-area names (without 族). */
const NATIONALITIES = [
  "蒙古",
  "回",
  "藏",
  "维吾尔",
  "苗",
  "彝",
  "壮",
  "布依",
  "朝鲜",
  "满",
  "侗",
  "瑶",
  "白",
  "土家",
  "哈尼",
  "哈萨克",
  "傣",
  "黎",
  "傈僳",
  "佤",
  "畲",
  "高山",
  "拉祜",
  "水",
  "东乡",
  "纳西",
  "景颇",
  "柯尔克孜",
  "土",
  "达斡尔",
  "仫佬",
  "羌",
  "布朗",
  "撒拉",
  "毛南",
  "仡佬",
  "锡伯",
  "阿昌",
  "普米",
  "塔吉克",
  "怒",
  "乌孜别克",
  "俄罗斯",
  "鄂温克",
  "德昂",
  "保安",
  "裕固",
  "京",
  "塔塔尔",
  "独龙",
  "鄂伦春",
  "赫哲",
  "门巴",
  "珞巴",
  "基诺",
].sort((a, b) => b.length - a.length);

/** Suffixes that may be dropped to get a short name, longest first. */
const DROPPABLE_SUFFIXES = [
  "特别行政区",
  "自治区",
  "自治州",
  "自治县",
  "自治旗",
  "地区",
  "新区",
  "林区",
  "特区",
  "省",
  "市",
  "县",
  "区",
  "旗",
  "盟",
];

/** Suffixes of zones that are not named by a short form (经开区 etc. are too vague). */
const ZONE_SUFFIX = /(开发区|园区|示范区|管理区|管委会|群岛|海域|委员会|新城)$/;

/**
 * The short form of an official division name, or null when it has none
 * of at least two characters: 浙江省 → 浙江, 广西壮族自治区 → 广西,
 * 黔东南苗族侗族自治州 → 黔东南, 峨边彝族自治县 → 峨边, 浦东新区 → 浦东,
 * 通山县 → 通山, 赵县 → null, 苏州工业园区 → null.
 */
export function shortPlaceName(name: string): string | null {
  if (ZONE_SUFFIX.test(name)) return null;
  const suffix = DROPPABLE_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  if (!suffix) return null;
  let stem = name.slice(0, -suffix.length);
  if (suffix.startsWith("自治")) stem = stripNationalities(stem);
  return stem.length >= 2 ? stem : null;
}

function stripNationalities(stem: string): string {
  let out = stem;
  for (;;) {
    // 新疆维吾尔自治区, 博尔塔拉蒙古自治州: multi-character names also appear without 族.
    const tail = NATIONALITIES.flatMap((n) => (n.length > 1 ? [`${n}族`, n] : [`${n}族`])).find(
      (t) => out.endsWith(t) && out.length >= t.length + 2,
    );
    if (!tail) return out.endsWith("各族") ? out.slice(0, -2) : out;
    out = out.slice(0, -tail.length);
  }
}
