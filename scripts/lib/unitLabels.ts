/**
 * Readable planning-unit labels from the nearest named landmark: '徐汇区 · 徐家汇站附近',
 * 'Xuhui · near Xujiahui Station'. Metro stations count double, parks 1.5× (a unit picks the
 * landmark with the smallest distance ÷ weight); beyond 600 m the label gives the direction,
 * beyond 2 km also the distance. Labels repeated inside a district get ' 2', ' 3' … in id order.
 */
import { pinyin } from 'pinyin-pro';

export interface Landmark { zh: string; en: string; lng: number; lat: number; weight: number }

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG = 111_320 * Math.cos((31.23 * Math.PI) / 180);

/** Pinyin of a Chinese name, capitalised, no tones: 徐家汇 → Xujiahui. Non-Han text is kept. */
export function pinyinName(zh: string): string {
  const s = pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const SUFFIX_EN: [RegExp, string][] = [
  [/社区卫生服务中心$/, ' Community Health Centre'], [/卫生服务中心$/, ' Health Centre'], [/卫生院$/, ' Health Centre'],
  [/医院$/, ' Hospital'], [/小学$/, ' Primary School'], [/初级中学$/, ' Junior Middle School'], [/中学$/, ' Middle School'],
  [/学校$/, ' School'], [/公园$/, ' Park'], [/绿地$/, ' Green'], [/广场$/, ' Square'],
];

/** An English form of a Chinese place name: known suffixes translated, the rest in pinyin; road crossings as 'A Rd / B Rd'. */
export function englishName(zh: string): string {
  const name = zh.replace(/^上海市/, '').replace(/[（(][^）)]*[）)]/g, '').trim();
  const roads = name.match(/.+?(?:公路|大道|路|街)/g);
  const road = (r: string) => { const m = /(.+?)(公路|大道|路|街)$/.exec(r)!; return `${pinyinName(m[1])} ${m[2] === '街' ? 'St' : m[2] === '大道' ? 'Ave' : 'Rd'}`; };
  if (roads && roads.join('') === name) return roads.map(road).join(' / ');
  for (const [re, en] of SUFFIX_EN) if (re.test(name)) return `${pinyinName(name.replace(re, ''))}${en}`;
  if (roads) { const rest = name.slice(roads.join('').length); return `${roads.map(road).join(' / ')}${rest ? `, ${pinyinName(rest)}` : ''}`; }
  return pinyinName(name);
}

const DIRS_ZH = ['东', '东北', '北', '西北', '西', '西南', '南', '东南'];
const DIRS_EN = ['E', 'NE', 'N', 'NW', 'W', 'SW', 'S', 'SE'];

export function labelUnits(
  units: readonly { id: string; district: string; districtZh: string; districtEn: string; at: [number, number] }[],
  landmarks: readonly Landmark[],
): { zh: string; en: string; landmark: string; distanceM: number }[] {
  const CELL = 2000;
  const grid = new Map<string, Landmark[]>();
  const key = (x: number, y: number) => `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
  const xy = (lng: number, lat: number) => [(lng - 121.47) * M_PER_DEG_LNG, (lat - 31.23) * M_PER_DEG_LAT] as const;
  for (const l of landmarks) {
    const [x, y] = xy(l.lng, l.lat);
    const k = key(x, y);
    let b = grid.get(k);
    if (!b) grid.set(k, (b = []));
    b.push(l);
  }
  const out = units.map((u) => {
    const [x, y] = xy(u.at[0], u.at[1]);
    let best: { l: Landmark; d: number; score: number } | null = null;
    for (let ring = 0; ring < 20; ring++) {
      const cx = Math.floor(x / CELL), cy = Math.floor(y / CELL);
      for (let i = cx - ring; i <= cx + ring; i++) {
        for (let j = cy - ring; j <= cy + ring; j++) {
          if (Math.max(Math.abs(i - cx), Math.abs(j - cy)) !== ring) continue;
          for (const l of grid.get(`${i},${j}`) ?? []) {
            const [lx, ly] = xy(l.lng, l.lat);
            const d = Math.hypot(lx - x, ly - y);
            const score = d / l.weight;
            if (!best || score < best.score || (score === best.score && l.zh < best.l.zh)) best = { l, d, score };
          }
        }
      }
      // every landmark not yet seen is at least ring·CELL away; weights are ≤ 2
      if (best && best.score <= (ring * CELL) / 2) break;
    }
    if (!best) return { zh: u.districtZh, en: u.districtEn, landmark: '', distanceM: NaN };
    const { l, d } = best;
    const [lx, ly] = xy(l.lng, l.lat);
    let zh: string, en: string;
    if (d <= 600) {
      zh = `${l.zh}附近`;
      en = `near ${l.en}`;
    } else {
      const a = Math.atan2(y - ly, x - lx);
      const k = ((Math.round(a / (Math.PI / 4)) % 8) + 8) % 8;
      if (d <= 2000) {
        zh = `${l.zh}${DIRS_ZH[k]}侧`;
        en = `${DIRS_EN[k]} of ${l.en}`;
      } else {
        const km = Math.round(d / 1000);
        zh = `${l.zh}${DIRS_ZH[k]}约${km}公里`;
        en = `${km} km ${DIRS_EN[k]} of ${l.en}`;
      }
    }
    return { zh: `${u.districtZh} · ${zh}`, en: `${u.districtEn} · ${en}`, landmark: l.zh, distanceM: Math.round(d) };
  });
  // repeated labels inside a district: number them in id order
  const order = units.map((u, i) => [u.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const seen = new Map<string, number>();
  for (const [, i] of order) {
    const k = out[i].zh;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n > 1) {
      out[i] = { ...out[i], zh: `${out[i].zh} ${n}`, en: `${out[i].en} ${n}` };
    }
  }
  return out;
}
