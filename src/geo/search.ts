/**
 * Place search for residents: facility names, district names and 街镇 names, matched in
 * Chinese and in pinyin (full syllables, initials, or a mix: `jingan`, `jaq`, `jingaq`,
 * `caoyang`, `cyxc`), with polyphonic characters matched under each of their readings.
 * Pure: plain entries in, ranked hits out.
 */
import { pinyin } from 'pinyin-pro';

/** metro / bus / poi: named OpenStreetMap places (stations, stops named after street crossings, services) */
export type PlaceKind = 'district' | 'street' | 'metro' | 'facility' | 'poi' | 'bus';

export interface PlaceEntry {
  /** unique within its kind */
  id: string;
  kind: PlaceKind;
  /** name shown to the user */
  label: string;
  /** other names that match too (e.g. English district names) */
  aliases?: string[];
  /** 6-digit district code when known */
  district?: string;
  /** where choosing the entry puts the place (WGS84) */
  lng: number;
  lat: number;
  /** [minLng, minLat, maxLng, maxLat] for areas */
  bbox?: [number, number, number, number];
  /** the label's word-aware pinyin, one syllable per Han character, space-separated (precomputed for big gazetteers) */
  pinyin?: string;
}

interface IndexedName {
  /** characters of the name, lower-cased, whitespace and punctuation removed */
  chars: string[];
  /** accepted readings per character: pinyin readings for Han characters, the character itself otherwise */
  readings: string[][];
  /** every letter or character a match can begin with (quick rejection) */
  firsts: Set<string>;
  /** bit per latin letter a–z occurring in any reading or character (quick rejection) */
  letters: number;
  /** the characters joined (Chinese queries are substring tests) */
  text: string;
}

interface IndexedEntry {
  entry: PlaceEntry;
  names: IndexedName[];
}

export interface SearchIndex {
  readonly items: readonly IndexedEntry[];
}

export interface SearchHit {
  entry: PlaceEntry;
  /** lower is better */
  rank: number[];
}

const HAN = /\p{Script=Han}/u;
const KEEP = /[\p{L}\p{N}]/u;

/** Lower-case, strip spaces/punctuation/apostrophes, fold ü to v. */
export function normaliseQuery(q: string): string {
  let out = '';
  for (const ch of q.normalize('NFKC').toLowerCase()) {
    if (ch === 'ü') out += 'v';
    else if (KEEP.test(ch)) out += ch;
  }
  return out;
}

const charReadingCache = new Map<string, string[]>();

function foldReading(r: string): string[] {
  const lower = r.toLowerCase();
  return lower.includes('ü') ? [lower.replace(/ü/g, 'v'), lower.replace(/ü/g, 'u')] : [lower];
}

/** All readings of one Han character, without tones. */
function charReadings(ch: string): string[] {
  let rs = charReadingCache.get(ch);
  if (!rs) {
    const all = pinyin(ch, { toneType: 'none', type: 'array', multiple: true });
    rs = [...new Set(all.flatMap(foldReading))].filter((r) => r.length > 0);
    charReadingCache.set(ch, rs);
  }
  return rs;
}

function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) m |= 1 << c;
  }
  return m;
}

function indexName(name: string, precomputed?: string): IndexedName {
  const chars: string[] = [];
  for (const ch of name.normalize('NFKC').toLowerCase()) {
    if (ch === 'ü') chars.push('v');
    else if (KEEP.test(ch)) chars.push(ch);
  }
  const hanText = chars.join('');
  // contextual readings (word-aware) first, then the other readings of each character
  const given = precomputed ? precomputed.split(' ') : null;
  const contextual = !HAN.test(hanText) ? [] : given && given.length === [...hanText].filter((c) => HAN.test(c)).length ? given : pinyin(hanText, { toneType: 'none', type: 'array', nonZh: 'removed' });
  let k = 0;
  const readings = chars.map((ch) => {
    if (!HAN.test(ch)) return [ch];
    const ctx = contextual[k++];
    const rs = charReadings(ch);
    const first = ctx ? foldReading(ctx) : [];
    return [...new Set([...first, ...rs])];
  });
  const firsts = new Set<string>(chars);
  let letters = letterMask(hanText);
  for (const rs of readings) for (const r of rs) {
    firsts.add(r[0]);
    letters |= letterMask(r);
  }
  return { chars, readings, firsts, letters, text: hanText };
}

export function buildSearchIndex(entries: readonly PlaceEntry[]): SearchIndex {
  return {
    items: entries.map((entry) => ({
      entry,
      names: [entry.label, ...(entry.aliases ?? [])].filter((n) => n.trim() !== '').map((n, i) => indexName(n, i === 0 ? entry.pinyin : undefined)),
    })),
  };
}

const TWO_LETTER_INITIALS = ['zh', 'ch', 'sh'];

/**
 * Minimum number of initial-only steps needed to match q from each start character.
 * Returns best over starts as [startIndex, initials], or null when q does not match.
 */
function matchName(name: IndexedName, q: string): { start: number; initials: number } | null {
  const n = name.chars.length;
  const m = q.length;
  // memo[i * (m + 1) + j] = min initials to match q[j..] beginning at char i; -1 unknown
  const memo = new Float64Array((n + 1) * (m + 1)).fill(-1);
  const f = (i: number, j: number): number => {
    if (j === m) return 0;
    if (i === n) return Infinity;
    const key = i * (m + 1) + j;
    const cached = memo[key];
    if (cached >= 0) return cached;
    let best = Infinity;
    const c = name.chars[i];
    if (q[j] === c) best = Math.min(best, f(i + 1, j + 1));
    if (HAN.test(c)) {
      const rest = m - j;
      for (const r of name.readings[i]) {
        if (q.startsWith(r, j)) best = Math.min(best, f(i + 1, j + r.length));
        else if (rest < r.length && r.startsWith(q.slice(j))) best = Math.min(best, 0); // query ends mid-syllable
        if (r[0] === q[j]) {
          best = Math.min(best, 1 + f(i + 1, j + 1));
          const two = r.slice(0, 2);
          if (TWO_LETTER_INITIALS.includes(two) && q.startsWith(two, j)) best = Math.min(best, 1 + f(i + 1, j + 2));
        }
        if (best === 0) break;
      }
    }
    memo[key] = best;
    return best;
  };
  let found: { start: number; initials: number } | null = null;
  for (let s = 0; s < n; s++) {
    const cost = f(s, 0);
    if (cost === Infinity) continue;
    if (!found || cost < found.initials) found = { start: s, initials: cost };
    if (s === 0 || cost === 0) break; // a prefix match or an all-syllable match beats later starts
  }
  return found;
}

const KIND_ORDER: Record<PlaceKind, number> = { district: 0, street: 1, metro: 2, facility: 3, poi: 4, bus: 5 };

/**
 * Ranked matches. Order: exact name, then prefix matches, then matches using fewer
 * pinyin initials, then districts before 街镇 before facilities, then shorter names.
 */
export function searchPlaces(index: SearchIndex, query: string, limit = 8): SearchHit[] {
  const q = normaliseQuery(query);
  if (q === '') return [];
  const hits: SearchHit[] = [];
  const qLetters = letterMask(q);
  const hanFirst = HAN.test(q[0]);
  for (const item of index.items) {
    let best: number[] | null = null;
    for (const name of item.names) {
      if (!name.firsts.has(q[0]) || (name.letters & qLetters) !== qLetters) continue;
      // a query with Chinese characters matches only where the name contains them
      if (hanFirst && !name.text.includes(q[0])) continue;
      const m = matchName(name, q);
      if (!m) continue;
      const exact = name.chars.join('') === q ? 0 : 1;
      const rank = [exact, m.start === 0 ? 0 : 1, m.initials, KIND_ORDER[item.entry.kind], item.entry.label.length];
      if (!best || compareRank(rank, best) < 0) best = rank;
    }
    if (best) hits.push({ entry: item.entry, rank: best });
  }
  hits.sort((a, b) => compareRank(a.rank, b.rank) || a.entry.label.localeCompare(b.entry.label, 'zh-CN'));
  return hits.slice(0, limit);
}

/** Merge two ranked hit lists (e.g. local data and the gazetteer) into one, best first. */
export function mergeHits(a: readonly SearchHit[], b: readonly SearchHit[], limit: number): SearchHit[] {
  return [...a, ...b].sort((x, y) => compareRank(x.rank, y.rank) || x.entry.label.localeCompare(y.entry.label, 'zh-CN')).slice(0, limit);
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
