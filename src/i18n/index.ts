/**
 * Dictionaries: Chinese first, English second. Each area of the app keeps its own
 * `{ zh, en }` file (the English one typed by the Chinese one's keys); register it in `areas`
 * below. A key is a type (`Key`): a key missing from the dictionaries is a type error.
 * src/i18n imports no store: the UI's translator follows the language in src/state/useT.ts.
 */
import { interpolate, type Lang, type TextVars } from '../domain/lang';
import * as core from './core';
import * as plan from './plan';
import * as resident from './resident';
import * as importArea from './import';
import * as coverage from './coverage';
import * as planner from './planner';
import * as dataArea from './data';
import * as network from './network';
import * as search from './search';

/** A dictionary pair: the Chinese texts and the English ones under the same keys. */
type Area<K extends string> = { readonly zh: Readonly<Record<K, string>>; readonly en: Readonly<Record<K, string>> };

/** Every key of the app's UI dictionaries. */
export type Key =
  | keyof typeof core.zh
  | keyof typeof plan.zh
  | keyof typeof resident.zh
  | keyof typeof importArea.zh
  | keyof typeof coverage.zh
  | keyof typeof planner.zh
  | keyof typeof dataArea.zh
  | keyof typeof network.zh
  | keyof typeof search.zh;

const areas: readonly Area<string>[] = [core, plan, resident, importArea, coverage, planner, dataArea, network, search];

const merged: Area<Key> = {
  zh: Object.assign({}, ...areas.map((a) => a.zh)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

/** A translator over one dictionary pair (the app's below; the gap report's in src/i18n/report.ts). */
export function translator<K extends string>(dict: Area<K>): (lang: Lang, key: K, vars?: TextVars) => string {
  return (lang, key, vars) => interpolate(dict[lang][key] ?? dict.zh[key] ?? key, vars);
}

export const translate = translator(merged);

/** What `useT()` returns and what components pass down: the translator for one language. */
export type Translate = (key: Key, vars?: TextVars) => string;

/** All keys of every area, for the test that both languages have the same keys. @internal only tests use it */
export function dictionaries(): Area<Key> {
  return merged;
}
