/** The standards the report cites (geodata/standards.json): types and lookups. Pure. */
import { pick, type Lang } from '../domain/lang';

export interface StandardClause {
  /** id of a document in `documents` */
  doc: string;
  clause: string;
  zh: string;
  en: string;
}
export interface StandardsFile {
  note: string;
  documents: { id: string; zh: string; en: string }[];
  tiers: { zh: string; en: string; distanceM: string; population: string; clause: string }[];
  lifeCircle: { areaKm2: number; populationMin: number; populationMax: number; clause: string };
  target: { pct: number; zh: string; en: string };
  categories: Record<string, { radiusM: number; tier: number; clauses: StandardClause[] }>;
}

/** "《…》GB 50180-2018 附录 B 表 B.0.2：托儿所服务半径不宜大于 300 m" */
export function clauseText(s: StandardsFile, c: StandardClause, lang: Lang): string {
  const doc = s.documents.find((d) => d.id === c.doc);
  const name = doc ? pick(lang, doc) : c.doc;
  return pick(lang, { zh: `${name} ${c.clause}：${c.zh}`, en: `${name}, ${c.clause}: ${c.en}` });
}
