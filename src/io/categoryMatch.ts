/**
 * Match category cells ("养老服务、社区助餐", "elderly; meals", "医疗") to the category
 * file (geodata/categories.json), and suggest the nearest category for unknown names.
 */
import type { Category } from '../domain/types';

/** Common words planners use for each category id (normalised, see catKey). */
const ALIASES: Record<string, readonly string[]> = {
  party: ['党群', '党群服务中心', '党建', '党群服务站', '社区服务', '社区服务中心', '人民坊', '邻里中心', '综合服务'],
  elderly: ['养老', '为老服务', '扶老', '助老', '日间照料', '长者照护之家', '长者', '老年', '老年人日间照料中心', '综合为老服务中心', '养老院', 'eldercare', 'elderly', 'senior'],
  childcare: ['托育', '托幼', '托儿所', '托育点', '宝宝屋', '幼托', 'nursery', 'infantcare', 'childcare', 'daycare'],
  meals: ['助餐', '社区食堂', '长者食堂', '助餐点', '食堂', '老年助餐', 'meal', 'canteen', 'communitymeals'],
  household: ['家政', '便民', '便民服务', '家政服务', '维修', '便民服务点', 'convenience', 'household'],
  health: ['健康', '医疗', '卫生', '卫生服务', '社区卫生服务中心', '卫生服务站', '医疗服务', '诊所', '医疗卫生', '健康驿站', 'medical', 'clinic', 'healthcare'],
  sports: ['体育', '健身', '运动', '体育设施', '健身点', '市民健身中心', '运动场', '球场', 'sport', 'fitness'],
  culture: ['文化', '文化活动中心', '休闲', '图书馆', '文体', '文化服务', '学习', '全民学习', '书屋', 'library', 'leisure', 'culture'],
  children: ['儿童', '儿童游憩', '儿童乐园', '游乐', '儿童活动', '儿童友好', '游憩', 'playground', 'play', 'kids'],
  employment: ['就业', '就业服务', '就业服务站', '社区就业', '人力资源', 'job', 'jobs', 'employment'],
};

/** Unknown names are compared by their first characters only (suggestions stay cheap). */
const SUGGEST_MAX_CHARS = 40;

/** Separators between several categories in one cell. */
export const CATEGORY_SEPARATORS = /[、,，;；/|｜+＋&]+|\s{2,}/;

export function catKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s'"“”‘’()（）_\-.]/g, '');
}

export interface CategoryMatcher {
  /** category id for a single name, or null */
  match(name: string): string | null;
  /** nearest category id for an unknown name, or null when nothing is close */
  suggest(name: string): string | null;
}

/** Levenshtein distance (code points), small strings only. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const prev = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (s[i - 1] === t[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[t.length];
}

export function createCategoryMatcher(categories: readonly Category[], extra: Record<string, string> = {}): CategoryMatcher {
  const exact = new Map<string, string>();
  const known = new Set(categories.map((c) => c.id));
  const names: { key: string; id: string }[] = [];
  const add = (name: string, id: string) => {
    const k = catKey(name);
    if (!k || !known.has(id)) return;
    if (!exact.has(k)) exact.set(k, id);
    names.push({ key: k, id });
  };
  for (const c of categories) {
    add(c.id, c.id);
    add(c.zh, c.id);
    add(c.en, c.id);
    // "养老服务" also as "养老"; "Elderly care" also as "elderly"
    if (c.zh.endsWith('服务') && c.zh.length > 3) add(c.zh.slice(0, -2), c.id);
    add(c.en.split(/[\s&]/)[0], c.id);
  }
  for (const [id, list] of Object.entries(ALIASES)) for (const a of list) add(a, id);
  // user-chosen mappings (from the report's "use suggestion" step) win
  for (const [name, id] of Object.entries(extra)) {
    const k = catKey(name);
    if (k && known.has(id)) exact.set(k, id);
  }
  const suggestions = new Map<string, string | null>();
  const suggest = (name: string): string | null => {
    // long cells are cut: a 300-character text costs no more than a short one
    const k = catKey(name.slice(0, 4 * SUGGEST_MAX_CHARS)).slice(0, SUGGEST_MAX_CHARS);
    if (!k) return null;
    const hit = suggestions.get(k);
    if (hit !== undefined) return hit;
    const id = nearest(k);
    if (suggestions.size < 10_000) suggestions.set(k, id);
    return id;
  };
  const nearest = (k: string): string | null => {
    // containment first: "社区养老服务中心" contains "养老"
    let best: { id: string; score: number } | null = null;
    for (const n of names) {
      if (n.key.length >= 2 && k.includes(n.key)) {
        const score = -n.key.length;
        if (!best || score < best.score) best = { id: n.id, score };
      }
    }
    if (best) return best.id;
    let bestD = Infinity;
    let bestId: string | null = null;
    for (const n of names) {
      const d = editDistance(k, n.key) / Math.max([...k].length, [...n.key].length);
      if (d < bestD) {
        bestD = d;
        bestId = n.id;
      }
    }
    return bestD <= 0.5 ? bestId : null;
  };
  return {
    match(name) {
      const k = catKey(name);
      return k ? (exact.get(k) ?? null) : null;
    },
    suggest,
  };
}

/** Split a cell into category names. */
export function splitCategories(cell: string): string[] {
  return cell
    .split(CATEGORY_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
