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

/**
 * Source categories that are several of ours: the national list (国办函〔2023〕121号) has
 * 养老托育 as one category, split here into 养老服务 and 托育服务.
 */
const MULTI_ALIASES: readonly { ids: readonly string[]; names: readonly string[] }[] = [
  { ids: ['elderly', 'childcare'], names: ['养老托育', '托育养老', '一老一小', '养老和托育', '养老与托育', '养老及托育', 'eldercareandchildcare', 'elderlyandchildcare', 'elderlyandinfantcare'] },
];

/** Separators between several categories in one cell. */
export const CATEGORY_SEPARATORS = /[、,，;；/|｜+＋&]+|\s{2,}/;

export function catKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s'"“”‘’()（）_\-.]/g, '');
}

export interface CategoryMatcher {
  /** category id for a single name, or null (the first one when the name stands for several) */
  match(name: string): string | null;
  /** every category id a single name stands for ([] when unknown): 养老托育 -> elderly, childcare */
  matchAll(name: string): string[];
  /** nearest category id for an unknown name, or null when nothing is close */
  suggest(name: string): string | null;
  /** the nearest known name's categories ([] when nothing is close) */
  suggestAll(name: string): string[];
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

/** A user's mapping: an unknown name to one category id or several. */
export type CategoryAliases = Record<string, string | readonly string[]>;

export function createCategoryMatcher(categories: readonly Category[], extra: CategoryAliases = {}): CategoryMatcher {
  const exact = new Map<string, string[]>();
  const known = new Set(categories.map((c) => c.id));
  const names: { key: string; ids: string[] }[] = [];
  const addAll = (name: string, list: readonly string[]) => {
    const k = catKey(name);
    const ids = list.filter((id) => known.has(id));
    if (!k || ids.length === 0) return;
    if (!exact.has(k)) exact.set(k, ids);
    names.push({ key: k, ids });
  };
  const add = (name: string, id: string) => addAll(name, [id]);
  for (const c of categories) {
    add(c.id, c.id);
    add(c.zh, c.id);
    add(c.en, c.id);
    // "养老服务" also as "养老"; "Elderly care" also as "elderly"
    if (c.zh.endsWith('服务') && c.zh.length > 3) add(c.zh.slice(0, -2), c.id);
    add(c.en.split(/[\s&]/)[0], c.id);
  }
  for (const [id, list] of Object.entries(ALIASES)) for (const a of list) add(a, id);
  for (const m of MULTI_ALIASES) if (m.ids.every((id) => known.has(id))) for (const n of m.names) addAll(n, m.ids);
  // user-chosen mappings (from the report's "use suggestion" step) win
  for (const [name, value] of Object.entries(extra)) {
    const k = catKey(name);
    const ids = (typeof value === 'string' ? [value] : [...value]).filter((id) => known.has(id));
    if (k && ids.length > 0) exact.set(k, [...new Set(ids)]);
  }
  const suggestions = new Map<string, string[]>();
  const suggestAll = (name: string): string[] => {
    // long cells are cut: a 300-character text costs no more than a short one
    const k = catKey(name.slice(0, 4 * SUGGEST_MAX_CHARS)).slice(0, SUGGEST_MAX_CHARS);
    if (!k) return [];
    const hit = suggestions.get(k);
    if (hit !== undefined) return hit;
    const ids = nearest(k);
    if (suggestions.size < 10_000) suggestions.set(k, ids);
    return ids;
  };
  const nearest = (k: string): string[] => {
    // containment first, the longest contained name: "社区养老托育服务中心" contains "养老托育"
    let best: { ids: string[]; len: number } | null = null;
    for (const n of names) {
      if (n.key.length >= 2 && k.includes(n.key) && (!best || n.key.length > best.len)) best = { ids: n.ids, len: n.key.length };
    }
    if (best) return best.ids;
    let bestD = Infinity;
    let bestIds: string[] = [];
    for (const n of names) {
      const d = editDistance(k, n.key) / Math.max([...k].length, [...n.key].length);
      if (d < bestD) {
        bestD = d;
        bestIds = n.ids;
      }
    }
    return bestD <= 0.5 ? bestIds : [];
  };
  const matchAll = (name: string): string[] => {
    const k = catKey(name);
    return k ? (exact.get(k) ?? []) : [];
  };
  return {
    match: (name) => matchAll(name)[0] ?? null,
    matchAll,
    suggest: (name) => suggestAll(name)[0] ?? null,
    suggestAll,
  };
}

/** Split a cell into category names. */
export function splitCategories(cell: string): string[] {
  return cell
    .split(CATEGORY_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
