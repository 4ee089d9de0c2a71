/**
 * Everyday Chinese words that are also the short form of some division
 * (和平 → 和平区, 新建 → 新建区, 资源 → 资源县, 比如 → 比如县). A question using
 * them almost always means the word, so they name a place only in full
 * (和平区, 资源县). General vocabulary chosen from the dataset's short forms,
 * not from any question set.
 */
const COMMON_WORDS = new Set(
  [
    // ideals and slogans
    "和平 新华 长安 复兴 振兴 宏伟 太平 友谊 友好 前进 东风 新兴 工农 爱民 红旗 解放 平安 互助",
    "合作 共和 同心 同德 同仁 安居 光明 长寿 富民 惠民 惠农 富裕 安定 民权 博爱 兴国 康乐 长乐",
    "永定 永和 永安 永丰 永兴 永福 永康 长兴 新民 新安 威信 高明 祥云 兴业 万全 文昌 大同",
    // ordinary words and phrases
    "新建 大方 方正 延长 通道 资源 比如 会同 南部 公安 商城 上街 上高 天桥 港口 运河 中方 台前",
    "洞口 河口 江口 城口 江岸 沿河 湖滨 滨海 滨江 滨湖 临江 临海 平原 万年 天涯 天长 明光 光泽",
    "连城 大关 大厂 小店 长子 平顺 孝义 丰满 盘山 平坝 平川 高台 石柱 石棉 名山 前锋 武功 开化",
    "修水 修文 加查 改则 定远 进贤 建始 保康 大化 大观 朝天 三台 马尾 仙游 神木 大丰 海盐 天台",
    // brands and rivers better known than the place (阿里巴巴, 黄浦江)
    "阿里 浦江 红塔 乌苏 福田",
    // towns' and cities' parts
    "新城 老城 古城 城关 城东 城西 城北 城中 城厢 市中 市南 市北 南城 山城 江城 龙城 新市 新区",
    // nature, colours, plants and things
    "清水 白水 黑水 温泉 甘泉 白沙 金沙 青山 金山 西山 东海 东方 江南 江北 河东 河西 南湖 东湖 西湖",
    "江山 三江 九龙 七星 双峰 石门 凤凰 莲花 白云 龙泉 龙潭 盐田 盐池 沙湾 荷塘 芙蓉 牡丹 海棠",
    "樟树 榆树 梨树 白杨 木兰 麒麟 盘龙 卧龙 元宝 灯塔 鼓楼 钟楼 宝塔 金塔 铜鼓 石狮 白玉 新星",
    "红山 松山 宝山 泰山 太白 曲水 未央 景泰 延寿 铁力 马关 弥勒 金牛 三原 二七 三元 大田 白河",
  ]
    .join(" ")
    .split(" "),
);

/** True when `word` is an everyday word that only names a place in full. */
export function isCommonWord(word: string): boolean {
  return COMMON_WORDS.has(word);
}

/**
 * Parts of a town that many divisions are named after (老城区, 新城区, 城关镇,
 * 城东街道): in running text they mean "the old town", "the town centre", so
 * they name a division only right after its parent (洛阳市老城区).
 */
const GENERIC_STEMS = new Set(
  "老城 新城 古城 城关 城中 城东 城西 城南 城北 城郊 市中 南城 北城 中城 站前 新村 城厢 郊区 矿区".split(
    " ",
  ),
);

/** True when an official name's stem (老城 in 老城区) is a generic part of a town. */
export function hasGenericStem(officialName: string): boolean {
  const stem = officialName.replace(/(街道|镇|乡|区|县|市)$/, "");
  return GENERIC_STEMS.has(stem);
}
