/**
 * Which OpenStreetMap ways people can walk on: one rule table, applied the same way by the
 * app's import worker and the command line (README "Street network: walkable ways").
 *
 * Rules are tried in order; the first that matches decides. Every dropped way is counted
 * under the rule that dropped it, so the import report can say why the network lost it.
 * `oneway` binds cars, not people: walking is two-way unless `oneway:foot` says otherwise.
 */

export type Tags = Readonly<Record<string, string>>;

/** Highway classes kept when no foot/access/sidewalk tag says otherwise. */
export const WALKABLE_HIGHWAYS: readonly string[] = [
  'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service',
  'road', 'pedestrian', 'footway', 'path', 'steps', 'track', 'cycleway', 'bridleway',
  'corridor', 'elevator', 'crossing',
];

/** Highway classes never walked: motorways, things not (yet or any more) built, bus-only ways. */
export const DROPPED_HIGHWAYS: readonly string[] = [
  'motorway', 'motorway_link', 'construction', 'proposed', 'abandoned', 'disused', 'raceway',
  'bus_guideway', 'busway', 'escape', 'platform', 'rest_area', 'services', 'via_ferrata',
];

const NO = new Set(['no', 'private']);
const NOT_BUILT = new Set(['construction', 'proposed', 'abandoned', 'disused']);
const FOOT_YES = new Set(['yes', 'designated', 'permissive', 'official', 'destination']);
const SIDEWALK_YES = new Set(['both', 'left', 'right', 'yes']);

export type RuleId =
  | 'not-a-way-for-walking'
  | 'ferry'
  | 'foot-no'
  | 'foot-yes'
  | 'highway-dropped'
  | 'access-no'
  | 'sidewalk-yes'
  | 'elevated-or-tunnel-trunk'
  | 'sidewalk-no-trunk'
  | 'highway-walkable'
  | 'highway-unknown';

export interface WayRule {
  id: RuleId;
  keep: boolean;
  /** what the rule means, for the README and the import report */
  zh: string;
  en: string;
  test: (t: Tags) => boolean;
}

const isTrunk = (t: Tags) => t.highway === 'trunk' || t.highway === 'trunk_link';

/** The table. Order matters: the first matching rule decides. */
export const WAY_RULES: readonly WayRule[] = [
  {
    id: 'ferry', keep: false, zh: '轮渡航线（候船时间无从计算）', en: 'ferry route (waiting time is unknown)',
    test: (t) => t.route === 'ferry' || t.highway === 'ferry',
  },
  {
    id: 'not-a-way-for-walking', keep: false, zh: '不是道路（无 highway 标签）', en: 'not a road (no highway tag)',
    test: (t) => t.highway === undefined,
  },
  {
    id: 'foot-no', keep: false, zh: 'foot=no / private：禁止步行', en: 'foot=no / private: walking not allowed',
    test: (t) => NO.has(t.foot ?? ''),
  },
  {
    id: 'foot-yes', keep: true, zh: 'foot=yes / designated / permissive：允许步行（优先于道路等级和 access）', en: 'foot=yes / designated / permissive: walking allowed (over road class and access)',
    test: (t) => FOOT_YES.has(t.foot ?? '') && !NOT_BUILT.has(t.highway ?? ''),
  },
  {
    id: 'highway-dropped', keep: false, zh: '高速公路、在建或废弃道路、公交专用道等', en: 'motorway, road under construction or abandoned, bus-only way …',
    test: (t) => DROPPED_HIGHWAYS.includes(t.highway ?? ''),
  },
  {
    id: 'access-no', keep: false, zh: 'access=no / private：不对公众开放（如封闭小区内部道路）', en: 'access=no / private: not public (e.g. inside gated compounds)',
    test: (t) => NO.has(t.access ?? ''),
  },
  {
    id: 'sidewalk-yes', keep: true, zh: 'sidewalk=both / left / right / yes：有人行道', en: 'sidewalk=both / left / right / yes: has a pavement',
    test: (t) => SIDEWALK_YES.has(t.sidewalk ?? '') || SIDEWALK_YES.has(t['sidewalk:both'] ?? '') || t['sidewalk:left'] === 'yes' || t['sidewalk:right'] === 'yes',
  },
  {
    id: 'elevated-or-tunnel-trunk', keep: false, zh: '高架或隧道中的快速路（trunk + bridge/tunnel，无人行道标注）', en: 'elevated or tunnelled trunk road (trunk + bridge/tunnel, no pavement tagged)',
    test: (t) => isTrunk(t) && ((t.bridge !== undefined && t.bridge !== 'no') || (t.tunnel !== undefined && t.tunnel !== 'no')),
  },
  {
    id: 'sidewalk-no-trunk', keep: false, zh: '快速路且 sidewalk=no / none', en: 'trunk road with sidewalk=no / none',
    test: (t) => isTrunk(t) && (t.sidewalk === 'no' || t.sidewalk === 'none'),
  },
  {
    id: 'highway-walkable', keep: true, zh: '可步行的道路等级（含台阶 steps、人行道、小路、居住区道路等）', en: 'walkable road class (incl. steps, footways, paths, residential streets …)',
    test: (t) => WALKABLE_HIGHWAYS.includes(t.highway ?? ''),
  },
  {
    id: 'highway-unknown', keep: false, zh: '其他 highway 值（不在可步行等级表中）', en: 'other highway value (not in the walkable class list)',
    test: () => true,
  },
];

/**
 * Every tag key the table and `footDirection` read. A reader may hand `classifyWay` only these
 * (the PBF reader does); tests/unit/network-pbf.test.ts checks that the rules read no other key.
 */
export const RULE_KEYS: readonly string[] = [
  'highway', 'route', 'foot', 'access', 'sidewalk', 'sidewalk:both', 'sidewalk:left', 'sidewalk:right',
  'bridge', 'tunnel', 'oneway:foot',
];

/** Direction walkers may use: 0 both ways, 1 only along the way's node order, -1 only against it. */
export type FootDirection = 0 | 1 | -1;

export interface WayDecision {
  keep: boolean;
  rule: RuleId;
  direction: FootDirection;
}

export function footDirection(t: Tags): FootDirection {
  const v = t['oneway:foot'];
  if (v === 'yes' || v === 'true' || v === '1') return 1;
  if (v === '-1' || v === 'reverse') return -1;
  return 0;
}

export function classifyWay(tags: Tags): WayDecision {
  for (const r of WAY_RULES) {
    if (r.test(tags)) return { keep: r.keep, rule: r.id, direction: r.keep ? footDirection(tags) : 0 };
  }
  /* c8 ignore next */
  return { keep: false, rule: 'highway-unknown', direction: 0 };
}
