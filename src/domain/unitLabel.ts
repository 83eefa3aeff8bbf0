/**
 * The name a person can read for a planning unit: the shipped hexagons carry a label from
 * the nearest named landmark and their district ('徐汇区 · 徐家汇站附近' / 'Xuhui · near
 * Xujiahui Station', built by scripts/build-geodata.ts); imported units (街镇, custom) use
 * their own name. The id stays a separate column wherever units are listed.
 */
import type { UnitProps } from './types';
import { pick, type Lang, type Localized } from './lang';

type Labelled = Pick<UnitProps, 'id' | 'name'> & Partial<Pick<UnitProps, 'label_zh' | 'label_en'>>;

/**
 * Readable label of a unit in the language asked for; falls back to its name, then its id.
 * A unit without an English label whose name begins with its district's Chinese name (an
 * older generated unit, '闵行区 -1_-7') gets the district in English ('Minhang -1_-7') when
 * `district` is given; names of imported units (街镇, custom) are data and stay as they are.
 */
export function unitLabel(unit: Labelled, lang: Lang, district?: Localized): string {
  const label = (pick(lang, { zh: unit.label_zh, en: unit.label_en }) ?? '').trim();
  if (label) return label;
  const name = (unit.name ?? '').trim();
  if (!name) return unit.id;
  if (district && name.startsWith(district.zh)) return `${pick(lang, district)}${name.slice(district.zh.length)}`;
  return name;
}
