/**
 * Facility type, status, district and 街镇 cells as planners write them, read into
 * the app's codes. Unknown values return null; the caller reports them.
 */
import type { FacilityStatus, FacilityType } from '../domain/types';

function key(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）]/g, '');
}

const TYPE_WORDS: readonly [FacilityType, readonly string[]][] = [
  ['renminfang', ['人民坊', 'renminfang', 'rmf', '1', '一站式', '党群服务中心', 'hub', '社区综合服务中心']],
  ['liuyiting', ['六艺亭', 'liuyiting', 'lyt', 'n', '服务点', '亭', 'kiosk', 'servicepoint']],
  ['embedded', ['嵌入式', '社区嵌入式服务设施', '嵌入式服务设施', 'embedded', '服务设施', '设施', '其他', 'other', '综合体', '嵌入式设施']],
];

export function parseFacilityType(cell: string): FacilityType | null {
  const k = key(cell);
  if (!k) return null;
  for (const [t, words] of TYPE_WORDS) if (words.includes(k)) return t;
  if (k.includes('人民坊')) return 'renminfang';
  if (k.includes('六艺亭')) return 'liuyiting';
  if (k.includes('嵌入式')) return 'embedded';
  return null;
}

/** Type read from a facility's name ("曹杨新村人民坊"), or null. */
export function typeFromName(name: string): FacilityType | null {
  if (name.includes('人民坊')) return 'renminfang';
  if (name.includes('六艺亭')) return 'liuyiting';
  return null;
}

const STATUS_WORDS: readonly [FacilityStatus, readonly string[]][] = [
  ['open', ['open', 'opened', 'operating', 'done', 'completed', 'built', '已建', '已建成', '建成', '开放', '已开放', '运营', '运营中', '在营', '已完成', '完成', '投用', '已投用', '启用', '已启用', '正常']],
  ['building', ['building', 'construction', 'underconstruction', 'inprogress', '在建', '建设中', '施工', '施工中', '推进中', '实施中', '装修中']],
  ['planned', ['planned', 'plan', 'planning', 'proposed', '规划', '规划中', '拟建', '计划', '待建', '未建', '筹建', '储备']],
];

export function parseFacilityStatus(cell: string): FacilityStatus | null {
  const k = key(cell);
  if (!k) return null;
  for (const [s, words] of STATUS_WORDS) if (words.includes(k)) return s;
  for (const [s, words] of STATUS_WORDS) if (words.some((w) => w.length >= 2 && /[^\x00-\x7f]/.test(w) && k.includes(w))) return s;
  return null;
}

/** Shanghai's 16 districts (2023): code, Chinese name, pinyin. */
export const SHANGHAI_DISTRICTS: readonly { code: string; zh: string; en: string }[] = [
  { code: '310101', zh: '黄浦区', en: 'Huangpu' },
  { code: '310104', zh: '徐汇区', en: 'Xuhui' },
  { code: '310105', zh: '长宁区', en: 'Changning' },
  { code: '310106', zh: '静安区', en: "Jing'an" },
  { code: '310107', zh: '普陀区', en: 'Putuo' },
  { code: '310109', zh: '虹口区', en: 'Hongkou' },
  { code: '310110', zh: '杨浦区', en: 'Yangpu' },
  { code: '310112', zh: '闵行区', en: 'Minhang' },
  { code: '310113', zh: '宝山区', en: 'Baoshan' },
  { code: '310114', zh: '嘉定区', en: 'Jiading' },
  { code: '310115', zh: '浦东新区', en: 'Pudong' },
  { code: '310116', zh: '金山区', en: 'Jinshan' },
  { code: '310117', zh: '松江区', en: 'Songjiang' },
  { code: '310118', zh: '青浦区', en: 'Qingpu' },
  { code: '310120', zh: '奉贤区', en: 'Fengxian' },
  { code: '310151', zh: '崇明区', en: 'Chongming' },
];

function districtKey(s: string): string {
  return key(s).replace(/^上海市?/, '').replace(/(新区|区|district|qu)$/, '').replace(/'/g, '');
}

const DISTRICT_BY_KEY = new Map<string, string>();
for (const d of SHANGHAI_DISTRICTS) {
  DISTRICT_BY_KEY.set(d.code, d.code);
  DISTRICT_BY_KEY.set(districtKey(d.zh), d.code);
  DISTRICT_BY_KEY.set(districtKey(d.en), d.code);
}

/** 6-digit district code from a name ("浦东", "浦东新区", "Pudong") or a code (6 or more digits). */
export function parseDistrict(cell: string): string | null {
  const k = key(cell);
  if (!k) return null;
  if (/^31\d{4}/.test(k)) {
    const code = k.slice(0, 6);
    return DISTRICT_BY_KEY.has(code) ? code : null;
  }
  return DISTRICT_BY_KEY.get(districtKey(k)) ?? null;
}

export interface Street {
  code: string;
  name: string;
  district: string;
}

/** Parse geodata/shanghai-streets-2023.csv text (street_code,street,district_code). */
export function parseStreetList(csvText: string): Street[] {
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: Street[] = [];
  for (const l of lines.slice(1)) {
    const [code, name, district] = l.split(',');
    if (code && name) out.push({ code: code.trim(), name: name.trim(), district: (district ?? code.slice(0, 6)).trim() });
  }
  return out;
}

/** Street name without its administrative suffix: "曹杨新村街道" -> "曹杨新村". */
export function streetBase(name: string): string {
  return key(name)
    .replace(/^上海市?/, '')
    .replace(/(街道办事处|街道|办事处|地区办事处|镇人民政府|人民政府|地区|镇|乡|subdistrict|street|town)$/, '');
}

export interface StreetIndex {
  /** the street a name or code means, given an optional district to disambiguate */
  find(cell: string, district?: string): Street | null;
}

export function createStreetIndex(streets: readonly Street[]): StreetIndex {
  const byCode = new Map<string, Street>();
  const byBase = new Map<string, Street[]>();
  for (const s of streets) {
    byCode.set(s.code, s);
    const b = streetBase(s.name);
    byBase.set(b, [...(byBase.get(b) ?? []), s]);
    const full = key(s.name);
    if (full !== b) byBase.set(full, [...(byBase.get(full) ?? []), s]);
  }
  return {
    find(cell, district) {
      const k = key(cell);
      if (!k) return null;
      if (/^31\d{7}/.test(k)) return byCode.get(k.slice(0, 9)) ?? null;
      const list = byBase.get(key(cell)) ?? byBase.get(streetBase(cell));
      if (!list || list.length === 0) return null;
      if (list.length === 1) return list[0];
      const inDistrict = district ? list.filter((s) => s.district === district) : [];
      return inDistrict.length === 1 ? inDistrict[0] : null;
    },
  };
}
