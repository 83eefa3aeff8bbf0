/**
 * Dictionaries: Chinese first, English second. Each area of the app keeps its own
 * `{ zh, en }` file; register it in `areas` below. Missing keys fall back to Chinese,
 * then to the key itself.
 */
import * as core from './core';
import * as plan from './plan';
import * as resident from './resident';
import * as importArea from './import';
import * as coverage from './coverage';
import * as planner from './planner';
import * as dataArea from './data';
import * as network from './network';

export type Lang = 'zh' | 'en';
type Dict = Record<string, string>;

const areas: { zh: Dict; en: Dict }[] = [core, plan, resident, importArea, coverage, planner, dataArea, network];

const merged: Record<Lang, Dict> = {
  zh: Object.assign({}, ...areas.map((a) => a.zh)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  let s = merged[lang][key] ?? merged.zh[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** All keys of every area, for the test that both languages have the same keys. @internal only tests use it */
export function dictionaries(): Record<Lang, Dict> {
  return merged;
}
