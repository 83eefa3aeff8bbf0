/**
 * The app's two languages and the one way to localise anything: Chinese first, English second.
 * In src/domain so that every layer (io, geo, report, state, map, ui, i18n, scripts) uses the
 * same `Lang`, the same `pick` and the same `{name}` interpolation.
 */

export type Lang = 'zh' | 'en';

/** A value in both languages, e.g. a category's `{ zh: '养老服务', en: 'Elderly care' }`. */
export type Localized<T = string> = { readonly zh: T; readonly en: T };

/** Values for the `{name}` placeholders of a text. */
export type TextVars = Readonly<Record<string, string | number>>;

/** `pick(lang, category)`: the value for the language (instead of `lang === 'zh' ? x.zh : x.en`). */
export function pick<T>(lang: Lang, x: Localized<T>): T {
  return x[lang];
}

/** The name of a record whose names carry the language as a suffix (districts' GeoJSON properties). */
export function pickName(lang: Lang, x: { readonly name_zh: string; readonly name_en: string }): string {
  return pick(lang, { zh: x.name_zh, en: x.name_en });
}

/** The one string interpolator: every `{name}` of the text replaced by `vars.name` (unknown names stay as they are). */
export function interpolate(text: string, vars?: TextVars): string {
  if (!vars) return text;
  let s = text;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** BCP 47 tag for number and date formatting, `<html lang>` and a document's language ('en' formats as en-US). */
export function localeOf(lang: Lang): 'zh-CN' | 'en' {
  return pick(lang, { zh: 'zh-CN', en: 'en' });
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number in the language's locale with `digits` fraction digits (at most; exactly when `fixed`).
 * The formatters are made once: `toLocaleString` with options builds a new one on every call,
 * which made a panel's render of a few dozen figures a long task.
 */
export function formatNumber(v: number, lang: Lang, digits = 0, fixed = false): string {
  const key = `${lang}|${digits}|${fixed ? 1 : 0}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0 })));
  return f.format(v);
}

/** Separators between items: an enumeration (、 / ,) and a list of clauses (； / ;). */
export const LIST_SEP: Localized = { zh: '、', en: ', ' };
export const CLAUSE_SEP: Localized = { zh: '；', en: '; ' };

/** The other language (the header's switch). */
export function otherLang(lang: Lang): Lang {
  return lang === 'zh' ? 'en' : 'zh';
}

/** A URL or CLI value read as a language, or null. */
export function parseLang(raw: unknown): Lang | null {
  return raw === 'zh' || raw === 'en' ? raw : null;
}
