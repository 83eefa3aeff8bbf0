/**
 * Display names of the generated planning units. Their stored name is "<district> <q>_<r>"
 * (e.g. "闵行区 -1_-7"); in English the district part is given in English
 * ("Minhang -1_-7"). Names of imported units (街镇, custom) are data and stay as they are.
 */
export function unitDisplayName(name: string, district: { zh: string; en: string } | undefined, lang: 'zh' | 'en'): string {
  if (lang === 'zh' || !district || !name.startsWith(district.zh)) return name;
  return `${district.en}${name.slice(district.zh.length)}`;
}
