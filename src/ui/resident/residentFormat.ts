/** Text for the residents' view: distances, minutes, the completeness line. Pure (takes a translate function). */
import type { Category } from '../../domain/types';
import type { Completeness } from '../../geo/reach';
import { type Lang, pick } from '../../domain/lang';

import type { Translate as T } from '../../i18n';

/** 430 m (rounded to 10 m) below 1 km, 1.2 km above. */
export function formatDistance(m: number, t: T): string {
  if (m < 995) return t('resident.unit.m', { d: Math.round(m / 10) * 10 });
  return t('resident.unit.km', { d: (m / 1000).toFixed(1) });
}

/** Whole minutes, at least 1. */
export function roundMinutes(min: number): number {
  return Math.max(1, Math.round(min));
}

export function categoryName(categories: readonly Category[], id: string, lang: Lang): string {
  const c = categories.find((x) => x.id === id);
  return c ? pick(lang, c) : id;
}

/**
 * e.g. "6/10 类服务在目标步行时间内，未达标：养老服务、托育服务" (each category against its own
 * target), or "15 分钟内可达 8/10 类服务，缺：…" with one threshold for all.
 */
export function completenessText(c: Completeness, categories: readonly Category[], lang: Lang, t: T): string {
  if (c.total === 0) return t('resident.complete.none');
  const suffix = c.targets ? 'Targets' : '';
  if (c.missing.length === 0) return t(`resident.complete.all${suffix}`, { m: c.minutes, total: c.total });
  const missing = c.missing.map((id) => categoryName(categories, id, lang)).join(t('resident.sep'));
  return t(`resident.complete.some${suffix}`, { m: c.minutes, n: c.reachable.length, total: c.total, missing });
}

/** The rule in words, e.g. "…目标时间内（5 分钟：养老服务、托育服务；10 分钟：…）…"; empty with one threshold. */
export function completenessRule(c: Completeness, categories: readonly Category[], lang: Lang, t: T): string {
  if (!c.targets) return '';
  const byMinutes = new Map<number, string[]>();
  for (const [id, m] of Object.entries(c.targets)) byMinutes.set(m, [...(byMinutes.get(m) ?? []), categoryName(categories, id, lang)]);
  const groups = [...byMinutes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([m, names]) => t('resident.complete.ruleGroup', { m, list: names.join(t('resident.sep')) }))
    .join(t('resident.complete.ruleSep'));
  return t('resident.complete.rule', { targets: groups });
}
