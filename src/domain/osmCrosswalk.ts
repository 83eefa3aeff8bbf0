/**
 * The OpenStreetMap → service category crosswalk (geodata/osm-crosswalk.json): pure rule
 * matching, used by the geodata build and its tests.
 */

export type Fit = 'exact' | 'proxy';

export interface CrosswalkRule {
  id: string;
  /** every key must be present with one of the '|'-separated values ('*' = any value) */
  tags: Record<string, string>;
  /** regular expression the name (name, else name:zh) must match; absent = any, even unnamed */
  name?: string;
  /** regular expression the name must not match */
  notName?: string;
  /** service category ids; [] = not a life-circle service (left out) */
  categories: string[];
  fit: Fit;
  note: string;
}

export interface Crosswalk {
  note: string;
  rules: CrosswalkRule[];
}

export type OsmTags = Record<string, string | number | undefined>;

/** The display name of an OSM object: name, else name:zh, else ''. */
export function osmName(tags: OsmTags): string {
  const n = tags.name ?? tags['name:zh'];
  return typeof n === 'string' ? n.trim() : '';
}

function tagsMatch(rule: CrosswalkRule, tags: OsmTags): boolean {
  for (const [k, v] of Object.entries(rule.tags)) {
    const have = tags[k];
    if (have === undefined || have === '') return false;
    if (v !== '*' && !v.split('|').includes(String(have))) return false;
  }
  return true;
}

/** Compiles a crosswalk once (regular expressions checked: a bad pattern throws with the rule id). */
export function compileCrosswalk(cw: Crosswalk): (tags: OsmTags) => CrosswalkRule | null {
  const compiled = cw.rules.map((rule) => {
    const re = (p: string | undefined, what: string) => {
      if (p === undefined) return null;
      try {
        return new RegExp(p);
      } catch (e) {
        throw new Error(`crosswalk rule ${rule.id}: bad ${what} pattern: ${(e as Error).message}`);
      }
    };
    if (rule.fit !== 'exact' && rule.fit !== 'proxy') throw new Error(`crosswalk rule ${rule.id}: fit must be exact or proxy`);
    return { rule, name: re(rule.name, 'name'), notName: re(rule.notName, 'notName') };
  });
  return (tags) => {
    const name = osmName(tags);
    for (const c of compiled) {
      if (!tagsMatch(c.rule, tags)) continue;
      if (c.name && !c.name.test(name)) continue;
      if (c.notName?.test(name)) continue;
      return c.rule;
    }
    return null;
  };
}
