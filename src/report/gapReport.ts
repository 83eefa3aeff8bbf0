/**
 * Gap report (缺口报告) for a scope (the city, a district, one unit or imported 街镇, or a
 * selection of units), to go into a community plan draft. One document model, several
 * renderings: Markdown / plain text / ledger CSV here, PDF in pdfReport.ts, Word in
 * docxReport.ts. Contents in this order: cover; summary findings generated from the figures;
 * method and parameters; data sources (vintage, licence, synthetic / OpenStreetMap notices);
 * maps; charts; tables per unit; standards with source and clause and whether the scope meets
 * them; the 问题清单 ledger; trial sites before → after and site suggestions (those outside the
 * scope listed separately, labelled); limitations. Pure: the caller passes everything in.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import type { Category, DistrictFeature, Facility, FacilityType, PlanRow, UnitFeature } from '../domain/types';
import { COVERAGE_CLASSES, DISTRICT_LINE, LAND, GAP_COLOR, PRINT_NO_DATA_COLOR, PRINT_OUTSIDE_COLOR, SUGGESTION_COLOR, TRIAL_COLOR, TYPE_STYLE, UNIT_LINE, coverageColor } from '../domain/palette';
import type { SourceInfo } from '../data/sources';
import { COMPLETE_SLOT, type CoverageResult } from '../geo/coverageTypes';
import type { SitingResult } from '../geo/siting';
import type { UncoveredCollection } from '../geo/uncovered';
import { neutraliseFormula, toCsv, type CsvCell } from '../io/csvExport';
import { coverageChart, stackedChart } from './charts';
import type { Figure } from './figure';
import { buildLedger, type LedgerRow } from './ledger';
import { buildMap, type LegendItem, type MapPoint, type MapPolygon } from './mapFigure';
import { cleanText } from './safeText';
import { comparable } from './scenarioDiff';
import { scopeFigures, scopeUnitIndices, type ReportScope, type ScopeFigures } from './scope';
import { clauseText, type StandardsFile } from './standards';
import * as reportText from '../i18n/report';
import type { ReportKey } from '../i18n/report';
import { translator } from '../i18n';
import { CLAUSE_SEP, LIST_SEP, localeOf, pick, type Lang, type TextVars } from '../domain/lang';

export type { ReportScope } from './scope';

export interface ReportTrialSite {
  name: string;
  type: FacilityType;
  categories: string[];
  lng: number;
  lat: number;
  /** district code, '' when outside every district */
  district: string;
}

/** Optional network walk figure: share covered by the circle minus the share by the network, per unit, pp. */
export interface OverstatementInput {
  slot: string;
  /** unit id → circle share − network share, percentage points (NaN: no network data) */
  byUnit: ReadonlyMap<string, number>;
  /** unit id → category id → the same for every category (the ledger's overstatement column) */
  byUnitCategory?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface GapReportInput {
  lang: Lang;
  scope: ReportScope;
  /** the current result (with the trial sites, if any) */
  result: CoverageResult;
  /** the result without the trial sites, for before → after (null: none or stale) */
  baseline?: CoverageResult | null;
  categories: readonly Category[];
  districtNames: ReadonlyMap<string, { zh: string; en: string }>;
  /** unit id → readable name */
  unitNames: ReadonlyMap<string, string>;
  /** 'street' when the unit layer is imported 街镇 outlines */
  unitKind?: 'unit' | 'street';
  sources: readonly SourceInfo[];
  datasets: readonly { label: string; synthetic: boolean; count: number }[];
  unitsLabel?: string;
  /** label of imported residential points when they replace the census spread */
  demandLabel?: string;
  /** true when any facility in the data is synthetic: the notice goes into every rendering */
  synthetic: boolean;
  trials?: readonly ReportTrialSite[];
  suggestions?: SitingResult | null;
  /** slot the maps and worst-units table use (default: completeness) */
  slot?: string;
  /** how many worst units (default 10) */
  worstCount?: number;
  /** ledger rows printed in PDF/Word/Markdown (all go to the CSV; default 30) */
  ledgerPrintRows?: number;
  /** YYYY-MM-DD */
  date: string;
  /** unit polygons (maps; trial sites located in units); without them there are no maps */
  unitFeatures?: readonly UnitFeature[];
  districtFeatures?: readonly DistrictFeature[];
  /** real facilities (facility map, counts of 人民坊 / 六艺亭 in scope) */
  facilities?: readonly Facility[];
  /** uncovered areas of `slot` over the scope's units */
  uncovered?: UncoveredCollection | null;
  plan?: readonly PlanRow[];
  standards?: StandardsFile | null;
  overstatement?: OverstatementInput | null;
  /** the walk network file, when the network model is used */
  networkLabel?: string;
}

/** A table cell: text for the documents, raw value for CSV. */
export interface ReportCell {
  t: string;
  v?: CsvCell;
}
export type ReportBlock =
  | { kind: 'cover'; title: string; subtitle: string; lines: string[] }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; label: string; text: string }
  | { kind: 'table'; head: string[]; rows: ReportCell[][]; caption?: string }
  | { kind: 'figure'; figure: Figure; caption: string };

export interface ReportDoc {
  title: string;
  scopeName: string;
  blocks: ReportBlock[];
  /** the full 问题清单 (the printed table may be shortened) */
  ledger: LedgerRow[];
  ledgerHead: string[];
  ledgerRows: ReportCell[][];
}

const tr = translator<ReportKey>(reportText);

const round = (v: number, d: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);


function unitLocator(features: readonly UnitFeature[]): (lng: number, lat: number) => string | null {
  const boxes = features.map((f) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of polys) for (const [x, y] of p[0]) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    return [x0, y0, x1, y1] as const;
  });
  return (lng, lat) => {
    for (let i = 0; i < features.length; i++) {
      const b = boxes[i];
      if (lng < b[0] || lng > b[2] || lat < b[1] || lat > b[3]) continue;
      if (booleanPointInPolygon([lng, lat], features[i].geometry)) return features[i].properties.id;
    }
    return null;
  };
}

/** Everything of the report as blocks (rendered by the functions below and pdfReport/docxReport). */
export function buildGapReport(input: GapReportInput): ReportDoc {
  const { lang, result: r } = input;
  const t = (key: ReportKey, vars?: TextVars) => tr(lang, key, vars);
  const locale = localeOf(lang);
  const sep = pick(lang, LIST_SEP);
  const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString(locale) : '—');
  const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
  const pctV = (part: number, whole: number) => round(whole > 0 ? (100 * part) / whole : NaN, 2);
  const catName = (id: string) => {
    if (id === COMPLETE_SLOT) return t('complete', { n: r.completeOf.length });
    const c = input.categories.find((x) => x.id === id);
    return c ? pick(lang, c) : cleanText(id);
  };
  const districtName = (code: string) => {
    const d = input.districtNames.get(code);
    return d ? pick(lang, d) : cleanText(code) || '—';
  };
  const unitName = (id: string) => cleanText(input.unitNames.get(id) ?? id);
  const withMark = (name: string, synthetic: boolean) => (synthetic && !/合成|synthetic/i.test(name) ? name + t('syntheticMark') : name);
  const S = r.slots.length;
  const C = r.categories.length;
  const estimate = r.popSource !== 'demand-points';
  const std = input.standards ?? null;
  const target = std?.target.pct ?? 85;

  // ---- scope
  const scope = input.scope;
  const scopeUnits = scopeUnitIndices(scope, r);
  const scopeIds = new Set(scopeUnits.map((u) => r.unitIds[u]));
  const street = input.unitKind === 'street';
  let scopeName: string;
  if (scope.kind === 'city') scopeName = t('city');
  else if (scope.kind === 'district') scopeName = districtName(scope.code);
  else if (scope.kind === 'unit') {
    const u0 = r.unitIds.indexOf(scope.id);
    scopeName = t(street ? 'streetScope' : 'unitScope', { name: unitName(scope.id), district: u0 >= 0 ? districtName(r.unitDistrict[u0]) : '—' });
  } else {
    const names = scope.ids.slice(0, 3).map(unitName).join(sep);
    scopeName = t('unitsScope', { n: scope.ids.length, names: scope.ids.length > 3 ? `${names}…` : names });
  }
  const figures = (res: CoverageResult): ScopeFigures | null => scopeFigures(scope, res);
  const scopeDistricts = [...new Set(scopeUnits.map((u) => r.unitDistrict[u]))].filter(Boolean).sort();

  const features = input.unitFeatures ?? [];
  const featureById = new Map(features.map((f) => [f.properties.id, f]));
  const locate = features.length ? unitLocator(features) : null;
  // unit populations spread by the OSM-based density surface (geodata/population-model.json) rather than evenly
  const dasymetric = estimate && scopeUnits.some((u) => /dasymetric/.test(featureById.get(r.unitIds[u])?.properties.pop_source ?? ''));
  const inScopeAt = (lng: number, lat: number, district: string): { unitId: string | null; inside: boolean } => {
    if (locate) {
      const id = locate(lng, lat);
      return { unitId: id, inside: id !== null && scopeIds.has(id) };
    }
    // without polygons: by district
    const inside = scope.kind === 'city' || (scope.kind === 'district' && district === scope.code);
    return { unitId: null, inside };
  };

  const trials = (input.trials ?? []).map((s) => ({ ...s, name: cleanText(s.name), ...inScopeAt(s.lng, s.lat, s.district) }));
  const trialsIn = trials.filter((s) => s.inside);
  const trialsOut = trials.filter((s) => !s.inside);
  const sg = input.suggestions ?? null;
  const sugIn = sg ? sg.suggestions.filter((x) => scopeIds.has(x.unitId)) : [];
  const sugOut = sg ? sg.suggestions.filter((x) => !scopeIds.has(x.unitId)) : [];

  const now = figures(r);
  const base = input.baseline && trials.length > 0 && comparable(input.baseline, r) ? figures(input.baseline) : null;
  // shares over the land and residents the walk model has data for (all of it with circles)
  const popWith = (f: ScopeFigures, s: number) => f.pop - f.noDataPop[s];
  const areaWith = (f: ScopeFigures, s: number) => f.area - f.noDataArea[s];
  const popShareOf = (f: ScopeFigures, s: number) => (popWith(f, s) > 0 ? (100 * f.popCov[s]) / popWith(f, s) : areaWith(f, s) > 0 ? (100 * f.cov[s]) / areaWith(f, s) : NaN);
  const landShareOf = (f: ScopeFigures, s: number) => (areaWith(f, s) > 0 ? (100 * f.cov[s]) / areaWith(f, s) : NaN);
  const noData = now ? now.noDataArea.some((v) => v > 0) : false;

  const blocks: ReportBlock[] = [];
  const title = t('title', { scope: scopeName });
  // chapters numbered as they come (一、二、… / 1, 2, …): sections without content are left out
  const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
  let chapter = 0;
  const h1 = (text: string): ReportBlock => {
    chapter++;
    return { kind: 'heading', level: 1, text: pick(lang, { zh: `${NUM[chapter - 1] ?? chapter}、${text}`, en: `${chapter} ${text}` }) };
  };

  // ---------------------------------------------------------------- cover
  blocks.push({
    kind: 'cover',
    title,
    subtitle: t('subtitle'),
    lines: [
      t('coverScope', { scope: scopeName }),
      t('coverDate', { date: input.date }),
      t('coverFor'),
      t('coverBy'),
      ...(input.synthetic ? [t('synthetic')] : []),
      ...(trials.length > 0 ? [t('trialNotice', { n: trials.length })] : []),
    ],
  });

  // ---------------------------------------------------------------- summary findings
  const ledger = buildLedger({
    result: r,
    units: scopeUnits,
    unitName,
    targetPct: target,
    radiusM: (id) => std?.categories[id]?.radiusM ?? input.categories.find((c) => c.id === id)?.standardRadiusM ?? null,
    trials: trialsIn.map((s) => ({ name: s.name, unitId: s.unitId, categories: s.categories })),
    suggestions: sugIn.map((x) => ({ rank: x.rank, unitId: x.unitId, gainPop: x.gainPop, categories: sg?.categories ?? [] })),
  });
  blocks.push(h1(t('summaryHead')));
  const findings: string[] = [];
  const completeExplain = now ? completenessNote(now) : null;
  if (now) {
    const shares = r.categories.map((c, s) => ({ id: c.id, v: popShareOf(now, s) })).filter((x) => Number.isFinite(x.v));
    if (shares.length) {
      const sorted = [...shares].sort((a, b) => b.v - a.v);
      findings.push(t('findRange', { scope: scopeName, best: catName(sorted[0].id), bestPct: sorted[0].v.toFixed(1), worst: catName(sorted[sorted.length - 1].id), worstPct: sorted[sorted.length - 1].v.toFixed(1), what: estimate ? t('residentsEst') : t('residents') }));
      const below = sorted.filter((x) => x.v < target);
      findings.push(below.length === 0
        ? t('findTargetAll', { n: shares.length, target })
        : t('findTarget', { met: shares.length - below.length, n: shares.length, target, list: below.map((x) => catName(x.id)).join(sep) }));
    }
    const cs = S - 1;
    findings.push(t('findComplete', { n: r.completeOf.length, pct: (popShareOf(now, cs) || 0).toFixed(1) }) + (completeExplain ? ` ${completeExplain}` : ''));
  }
  if (scope.kind !== 'unit' && scopeUnits.length > 0) {
    const s = r.slots.indexOf(mapSlot());
    let worst = -1, worstUnc = -1;
    for (const u of scopeUnits) {
      const unc = r.unitPop[u] - r.popCovered[u * S + s];
      if (unc > worstUnc) { worstUnc = unc; worst = u; }
    }
    if (worst >= 0 && worstUnc > 0.5) findings.push(t('findWorstUnit', { unit: unitName(r.unitIds[worst]), district: districtName(r.unitDistrict[worst]), slot: catName(mapSlot()), n: int(worstUnc) }));
  }
  if (ledger.length > 0) findings.push(t('findLedger', { n: ledger.length, units: new Set(ledger.map((l) => l.unitId)).size, target }));
  if (now && base && trialsIn.length + trialsOut.length > 0) {
    let best = -1, gain = 0;
    for (let s = 0; s < S; s++) { const g = now.popCov[s] - base.popCov[s]; if (g > gain) { gain = g; best = s; } }
    if (best >= 0) findings.push(t('findTrial', { n: trials.length, slot: catName(r.slots[best]), gain: int(gain), before: popShareOf(base, best).toFixed(1), after: popShareOf(now, best).toFixed(1) }));
  }
  blocks.push({ kind: 'list', items: findings.slice(0, 5) });

  // ---------------------------------------------------------------- method and parameters
  blocks.push(h1(t('methodHead')));
  const p = r.params;
  const mode: string = r.engine.walkModel === 'network' ? 'network' : p.mode;
  blocks.push({
    kind: 'list',
    items: [
      `${t('mode')}: ${mode === 'standard' ? t('modeStandard') : mode === 'network' ? t('modeNetwork', { speed: p.speedKmh, persona: t(`persona_${p.persona}`) }) : t('modeWalk', { speed: p.speedKmh, detour: p.detour, persona: t(`persona_${p.persona}`) })}`,
      `${t('perCategory')}: ${r.categories.map((c) => `${catName(c.id)} ${t('minutesReach', { minutes: round(c.minutes, 1) ?? '—', reach: Math.round(c.reachM) })}`).join(pick(lang, CLAUSE_SEP))}`,
      `${t('completeOf')}: ${r.completeOf.map(catName).join(sep)}`,
      `${t('engine')}: ${t('engineText', { cell: r.engine.cellSizeM, version: r.engine.version })}`,
      estimate ? t(dasymetric ? 'popEstimateDasy' : 'popEstimate') : t('popPoints', { label: cleanText(input.demandLabel ?? '') }),
    ],
  });
  blocks.push({ kind: 'code', label: t('paramsLine'), text: r.paramsText });

  blocks.push({ kind: 'heading', level: 2, text: t('sourcesHead') });
  if (input.synthetic) blocks.push({ kind: 'notice', text: t('synthetic') });
  // OpenStreetMap notice and attribution when OSM data is in use (facilities or the walk network), not merely shipped
  const osmRe = /openstreetmap|\bosm\b/i;
  const osm = input.datasets.some((d) => osmRe.test(d.label)) || (input.facilities ?? []).some((f) => osmRe.test(f.source))
    || /openstreetmap|osm|\.pbf$/i.test(input.networkLabel ?? '') || dasymetric;
  if (osm) blocks.push({ kind: 'notice', text: t('osmNotice') });
  blocks.push({
    kind: 'table',
    head: t('sourceCols').split('|'),
    rows: input.sources.map((s) => [
      { t: withMark(pick(lang, s), s.synthetic) },
      { t: s.source }, { t: s.vintage }, { t: s.crs }, { t: s.licence },
    ]),
  });
  const extra = input.datasets.map((d) => `${t('datasets')}: ${withMark(cleanText(d.label), d.synthetic)}, ${t('records', { n: d.count })}`);
  if (input.unitsLabel) extra.push(`${t('unitsLayer')}: ${cleanText(input.unitsLabel)}`);
  if (input.networkLabel) extra.push(`${t('networkLayer')}: ${cleanText(input.networkLabel)}`);
  blocks.push({ kind: 'list', items: extra });

  // ---------------------------------------------------------------- maps
  function mapSlot(): string {
    return input.slot && r.slots.includes(input.slot) ? input.slot : COMPLETE_SLOT;
  }
  const extent = scopeUnits.map((u) => featureById.get(r.unitIds[u])?.geometry).filter((g): g is Polygon | MultiPolygon => Boolean(g));
  if (extent.length > 0) {
    blocks.push(h1(t('mapsHead')));
    const attribution = t('attribution') + (osm ? ' · © OpenStreetMap contributors (ODbL)' : '') + (input.synthetic ? ` · ${t('syntheticShort')}` : '');
    const context: MapPolygon[] = (input.districtFeatures ?? []).map((d) => ({ geometry: d.geometry, fill: LAND, stroke: DISTRICT_LINE, strokeWidth: 0.8 }));
    const classLegend = (): LegendItem[] => COVERAGE_CLASSES.map((k, i) => ({ kind: 'fill', paint: { fill: k.color }, label: i < COVERAGE_CLASSES.length - 1 ? `${k.min}–${COVERAGE_CLASSES[i + 1].min}%` : `≥ ${k.min}%` }));
    const scopeOutline: MapPolygon[] = extent.map((g) => ({ geometry: g, stroke: '#111111', strokeWidth: 0.6 }));
    const choropleth = (slot: string): MapPolygon[] => {
      const s = r.slots.indexOf(slot);
      return scopeUnits.flatMap((u) => {
        const f = featureById.get(r.unitIds[u]);
        const area = r.unitAreaM2[u];
        const c = r.coveredM2[u * S + s];
        const fill = Number.isFinite(c) ? coverageColor(area > 0 ? (100 * c) / area : 0) : PRINT_NO_DATA_COLOR;
        return f ? [{ geometry: f.geometry, fill, stroke: UNIT_LINE, strokeWidth: 0.5 }] : [];
      });
    };
    const noDataLegend: LegendItem[] = noData ? [{ kind: 'fill', paint: { fill: PRINT_NO_DATA_COLOR }, label: t('noNetwork') }] : [];
    const slot = mapSlot();
    const gaps: MapPolygon[] = (input.uncovered?.features ?? [])
      .filter((g) => scopeIds.has(g.properties.unit_id) && g.properties.slot === slot)
      .map((g) => ({ geometry: g.geometry, fill: GAP_COLOR, opacity: 0.6 }));
    const mapsCommon = { extent, attribution, northLabel: t('north') };
    const m1 = buildMap({
      ...mapsCommon,
      id: 'map-coverage',
      polygons: [...context, ...choropleth(slot), ...gaps, ...scopeOutline],
      points: [],
      legendTitle: t('mapCoverageLegend', { slot: catName(slot) }),
      legend: [...classLegend(), ...noDataLegend, ...(gaps.length ? [{ kind: 'fill' as const, paint: { fill: GAP_COLOR, opacity: 0.6 }, label: t('uncoveredArea') }] : []), { kind: 'line', paint: { stroke: DISTRICT_LINE, strokeWidth: 1.5 }, label: t('districtBoundary') }],
    });
    blocks.push({ kind: 'figure', figure: m1, caption: t('mapCoverageCaption', { slot: catName(slot), scope: scopeName }) + (gaps.length ? t('mapGapsNote') : '') });
    if (slot !== COMPLETE_SLOT) {
      const m2 = buildMap({ ...mapsCommon, id: 'map-complete', polygons: [...context, ...choropleth(COMPLETE_SLOT), ...scopeOutline], points: [], legendTitle: t('mapCoverageLegend', { slot: catName(COMPLETE_SLOT) }), legend: [...classLegend(), ...noDataLegend, { kind: 'line', paint: { stroke: DISTRICT_LINE, strokeWidth: 1.5 }, label: t('districtBoundary') }] });
      blocks.push({ kind: 'figure', figure: m2, caption: t('mapCoverageCaption', { slot: catName(COMPLETE_SLOT), scope: scopeName }) });
    }
    // facilities, trial sites, suggestions
    const plain: MapPolygon[] = scopeUnits.flatMap((u) => { const f = featureById.get(r.unitIds[u]); return f ? [{ geometry: f.geometry, fill: '#ffffff', stroke: UNIT_LINE, strokeWidth: 0.5 }] : []; });
    const facs = (input.facilities ?? []).filter((f) => !f.trial);
    const order: FacilityType[] = ['service', 'embedded', 'liuyiting', 'renminfang'];
    const pts: MapPoint[] = [];
    // facilities inside the scope: located among the scope's own units only
    const scopeLocate = scope.kind !== 'city' && locate ? unitLocator(features.filter((f) => scopeIds.has(f.properties.id))) : null;
    const inside = (f: Facility) => scope.kind === 'city' || (scopeLocate ? scopeLocate(f.lng, f.lat) !== null : scope.kind === 'district' && f.district === scope.code);
    const facIn = facs.map(inside);
    facs.forEach((f, i) => { if (!facIn[i]) pts.push({ lng: f.lng, lat: f.lat, r: 1.6, fill: PRINT_OUTSIDE_COLOR }); });
    for (const type of order) facs.forEach((f, i) => { if (facIn[i] && f.type === type) pts.push({ lng: f.lng, lat: f.lat, r: type === 'service' ? 2.2 : type === 'embedded' ? 3 : type === 'liuyiting' ? 5 : 7, fill: TYPE_STYLE[type].color, stroke: '#ffffff', strokeWidth: type === 'embedded' || type === 'service' ? 0.3 : 1 }); });
    trials.forEach((s, i) => pts.push({ lng: s.lng, lat: s.lat, r: 8, fill: '#ffffff', stroke: TRIAL_COLOR, strokeWidth: 3, label: `T${i + 1}` }));
    sugIn.forEach((x) => pts.push({ lng: x.lng, lat: x.lat, r: 8, fill: SUGGESTION_COLOR, stroke: '#ffffff', strokeWidth: 1.5, label: String(x.rank) }));
    const present = new Set(facs.map((f) => f.type));
    const legend3: LegendItem[] = order.slice().reverse().filter((type) => present.has(type)).map((type) => ({ kind: 'point', paint: { fill: TYPE_STYLE[type].color, stroke: '#ffffff' }, label: t(`type_${type}`) + (facs.some((f) => f.type === type && f.synthetic) ? t('syntheticMark') : '') }));
    if (facIn.some((x) => !x)) legend3.push({ kind: 'point', paint: { fill: PRINT_OUTSIDE_COLOR }, label: t('legendOutside') });
    if (trials.length) legend3.push({ kind: 'point', paint: { fill: '#ffffff', stroke: TRIAL_COLOR, strokeWidth: 3 }, label: t('legendTrial') });
    if (sugIn.length) legend3.push({ kind: 'point', paint: { fill: SUGGESTION_COLOR, stroke: '#ffffff' }, label: t('legendSuggest') });
    legend3.push({ kind: 'line', paint: { stroke: DISTRICT_LINE, strokeWidth: 1.5 }, label: t('districtBoundary') });
    const m3 = buildMap({ ...mapsCommon, id: 'map-facilities', polygons: [...context, ...plain, ...scopeOutline], points: pts, legendTitle: t('mapFacilitiesLegend'), legend: legend3 });
    blocks.push({ kind: 'figure', figure: m3, caption: t('mapFacilitiesCaption', { scope: scopeName }) });
    const ov = input.overstatement;
    if (ov && scopeUnits.some((u) => Number.isFinite(ov.byUnit.get(r.unitIds[u]) ?? NaN))) {
      const OV = [{ min: 0, color: '#fee5d9' }, { min: 10, color: '#fcae91' }, { min: 20, color: '#fb6a4a' }, { min: 40, color: '#cb181d' }];
      const polys: MapPolygon[] = scopeUnits.flatMap((u) => {
        const f = featureById.get(r.unitIds[u]);
        const v = ov.byUnit.get(r.unitIds[u]);
        if (!f) return [];
        if (v === undefined || !Number.isFinite(v)) return [{ geometry: f.geometry, fill: PRINT_NO_DATA_COLOR, stroke: UNIT_LINE, strokeWidth: 0.5 }];
        let c = OV[0].color;
        for (const k of OV) if (v >= k.min) c = k.color;
        return [{ geometry: f.geometry, fill: c, stroke: UNIT_LINE, strokeWidth: 0.5 }];
      });
      const lg: LegendItem[] = OV.map((k, i) => ({ kind: 'fill', paint: { fill: k.color }, label: i < OV.length - 1 ? `${k.min}–${OV[i + 1].min} pp` : `≥ ${k.min} pp` }));
      lg.push({ kind: 'fill', paint: { fill: PRINT_NO_DATA_COLOR }, label: t('noNetwork') });
      const m4 = buildMap({ ...mapsCommon, id: 'map-overstatement', polygons: [...context, ...polys, ...scopeOutline], points: [], legendTitle: t('mapOverLegend', { slot: catName(ov.slot) }), legend: lg });
      blocks.push({ kind: 'figure', figure: m4, caption: t('mapOverCaption', { slot: catName(ov.slot) }) });
    }
  }

  // ---------------------------------------------------------------- charts
  if (now) {
    blocks.push(h1(t('chartsHead')));
    const bars = r.slots.map((slot, s) => ({ label: catName(slot), land: landShareOf(now, s), people: now.pop > 0 ? popShareOf(now, s) : NaN }));
    blocks.push({ kind: 'figure', figure: coverageChart('chart-coverage', bars, target, { land: t('landShare'), people: estimate ? t('popShareEst') : t('popShare'), target: t('targetShort'), unit: '%' }), caption: t('chartCoverageCaption', { scope: scopeName }) });
    const bands = [
      { label: t('band5'), color: '#006d2c' }, { label: t('band10'), color: '#31a354' }, { label: t('band15'), color: '#a1d99b' },
      { label: t('bandOver'), color: '#fb6a4a' }, { label: t('bandNone'), color: '#67000d' },
    ];
    const stacked = r.categories.map((c, ci) => {
      const v = [0, 0, 0, 0, 0];
      for (const u of scopeUnits) {
        if (!Number.isFinite(r.coveredM2[u * S + ci])) continue; // no data for the walk model here
        const m = r.timeMedian[u * C + ci];
        const k = !Number.isFinite(m) ? 4 : m <= 5 ? 0 : m <= 10 ? 1 : m <= 15 ? 2 : 3;
        v[k] += r.unitPop[u];
      }
      return { label: catName(c.id), values: v };
    });
    blocks.push({ kind: 'figure', figure: stackedChart('chart-time', stacked, bands, '%'), caption: t('chartTimeCaption') });
  }

  // ---------------------------------------------------------------- tables
  blocks.push(h1(t('tablesHead')));
  blocks.push({ kind: 'heading', level: 2, text: t('coverageHead', { scope: scopeName }) });
  if (input.baseline && trials.length > 0 && !base) blocks.push({ kind: 'para', text: t('notComparable') });
  if (now) {
    const popShareHead = estimate ? t('popShareEst') : t('popShare');
    const uncHead = estimate ? t('popUncoveredEst') : t('popUncovered');
    const head = base
      ? [t('category'), t('reach'), `${t('landShare')} ${t('before')}`, `${t('landShare')} ${t('after')}`, `${popShareHead} ${t('before')}`, `${popShareHead} ${t('after')}`, t('newlyCovered'), `${uncHead} ${t('after')}`]
      : [t('category'), t('reach'), t('landShare'), popShareHead, uncHead];
    const rows: ReportCell[][] = r.slots.map((slot, s) => {
      const cr = s < C ? r.categories[s] : null;
      const reachCell: ReportCell = cr ? { t: t('minutesReach', { minutes: round(cr.minutes, 1) ?? '—', reach: Math.round(cr.reachM) }), v: Math.round(cr.reachM) } : { t: '—', v: null };
      const land: ReportCell = { t: pct(now.cov[s], areaWith(now, s)), v: pctV(now.cov[s], areaWith(now, s)) };
      const popc: ReportCell = { t: pct(now.popCov[s], popWith(now, s)), v: pctV(now.popCov[s], popWith(now, s)) };
      const unc: ReportCell = { t: int(popWith(now, s) - now.popCov[s]), v: round(popWith(now, s) - now.popCov[s], 0) };
      if (!base) return [{ t: catName(slot) }, reachCell, land, popc, unc];
      return [
        { t: catName(slot) }, reachCell,
        { t: pct(base.cov[s], areaWith(base, s)), v: pctV(base.cov[s], areaWith(base, s)) }, land,
        { t: pct(base.popCov[s], popWith(base, s)), v: pctV(base.popCov[s], popWith(base, s)) }, popc,
        { t: int(now.popCov[s] - base.popCov[s]), v: round(now.popCov[s] - base.popCov[s], 0) }, unc,
      ];
    });
    blocks.push({ kind: 'table', head, rows });
    if (noData) blocks.push({ kind: 'para', text: t('noDataNote', { km2: (Math.max(...now.noDataArea) / 1e6).toFixed(1), pop: int(Math.max(...now.noDataPop)) }) });
    if (completeExplain) blocks.push({ kind: 'para', text: `${t('completeWhyHead')} ${completeExplain}` });
  } else blocks.push({ kind: 'para', text: t('noUnits') });

  if (scope.kind !== 'unit') {
    const slot = mapSlot();
    const s = r.slots.indexOf(slot);
    blocks.push({ kind: 'heading', level: 2, text: t('worstHead', { slot: catName(slot) }) });
    const ranked = scopeUnits
      .map((u) => ({ u, unc: r.unitPop[u] - r.popCovered[u * S + s] }))
      .filter((x) => r.unitAreaM2[x.u] > 0 && Number.isFinite(x.unc))
      .sort((a, b) => b.unc - a.unc || a.u - b.u)
      .slice(0, Math.max(0, input.worstCount ?? 10));
    if (ranked.length === 0) blocks.push({ kind: 'para', text: t('noUnits') });
    else {
      blocks.push({
        kind: 'table',
        head: [t('rank'), t('unit'), t('district'), t('landKm2'), estimate ? t('popEst') : t('pop'), t('landShare'), estimate ? t('popUncoveredEst') : t('popUncovered'), t('lowest')],
        rows: ranked.map(({ u, unc }, i) => {
          const area = r.unitAreaM2[u];
          const lowest = r.categories
            .map((c, ci) => ({ id: c.id, share: area > 0 ? r.coveredM2[u * S + ci] / area : 0 }))
            .filter((l) => Number.isFinite(l.share))
            .sort((a, b) => a.share - b.share)
            .slice(0, 3);
          const id = r.unitIds[u];
          return [
            { t: String(i + 1), v: i + 1 },
            { t: unitName(id), v: unitName(id) },
            { t: districtName(r.unitDistrict[u]) },
            { t: (area / 1e6).toFixed(2), v: round(area / 1e6, 4) },
            { t: int(r.unitPop[u]), v: round(r.unitPop[u], 0) },
            { t: pct(r.coveredM2[u * S + s], area), v: pctV(r.coveredM2[u * S + s], area) },
            { t: int(unc), v: round(unc, 0) },
            { t: lowest.map((l) => `${catName(l.id)} ${(100 * l.share).toFixed(0)}%`).join(sep) },
          ];
        }),
      });
    }
    // per category: the three units with most uncovered residents
    blocks.push({ kind: 'heading', level: 2, text: t('perCategoryHead') });
    const rows: ReportCell[][] = [];
    r.categories.forEach((c, ci) => {
      const top = scopeUnits
        .map((u) => ({ u, unc: r.unitPop[u] - r.popCovered[u * S + ci] }))
        .filter((x) => x.unc > 0.5)
        .sort((a, b) => b.unc - a.unc || a.u - b.u)
        .slice(0, 3);
      top.forEach(({ u, unc }, i) => rows.push([
        { t: i === 0 ? catName(c.id) : '' },
        { t: unitName(r.unitIds[u]) },
        { t: districtName(r.unitDistrict[u]) },
        { t: pct(r.popCovered[u * S + ci], r.unitPop[u]), v: pctV(r.popCovered[u * S + ci], r.unitPop[u]) },
        { t: int(unc), v: round(unc, 0) },
      ]));
    });
    if (rows.length) blocks.push({ kind: 'table', head: [t('category'), t('unit'), t('district'), estimate ? t('popShareEst') : t('popShare'), estimate ? t('popUncoveredEst') : t('popUncovered')], rows });
    else blocks.push({ kind: 'para', text: t('noGaps') });
  }
  // straight-line circle against the network, per unit (when the result carries it)
  const ov = input.overstatement;
  const ovUnits = ov ? scopeUnits.filter((u) => Number.isFinite(ov.byUnit.get(r.unitIds[u]) ?? NaN)) : [];
  if (ov && ovUnits.length > 0) {
    const s = Math.max(0, r.slots.indexOf(ov.slot));
    blocks.push({ kind: 'heading', level: 2, text: t('overHead', { slot: catName(ov.slot) }) });
    blocks.push({
      kind: 'table',
      head: [t('unit'), t('district'), t('overNetwork'), t('overCircle'), t('overPp')],
      rows: ovUnits
        .map((u) => ({ u, net: r.unitAreaM2[u] > 0 ? (100 * r.coveredM2[u * S + s]) / r.unitAreaM2[u] : NaN, pp: ov.byUnit.get(r.unitIds[u]) as number }))
        .sort((a, b) => b.pp - a.pp || a.u - b.u)
        .map(({ u, net, pp }) => [
          { t: unitName(r.unitIds[u]) },
          { t: districtName(r.unitDistrict[u]) },
          { t: `${net.toFixed(1)}%`, v: round(net, 2) },
          { t: `${(net + pp).toFixed(1)}%`, v: round(net + pp, 2) },
          { t: `${pp.toFixed(1)} pp`, v: round(pp, 2) },
        ]),
    });
    blocks.push({ kind: 'para', text: t('overNote') });
  }

  // ---------------------------------------------------------------- standards
  blocks.push(h1(t('standardsHead')));
  if (std) {
    blocks.push({ kind: 'para', text: pick(lang, std.target) });
    blocks.push({
      kind: 'table',
      head: [t('category'), t('stdRequirement'), t('stdSource'), t('stdUsed'), estimate ? t('popShareEst') : t('popShare'), t('stdMeets')],
      rows: r.categories.map((c, s) => {
        const sc = std.categories[c.id];
        const share = now ? popShareOf(now, s) : NaN;
        const radius = sc?.radiusM ?? null;
        const wider = radius !== null && c.reachM > radius + 0.5;
        const meets = !Number.isFinite(share) ? t('stdUnknown') : share >= target ? (wider ? t('stdMetWider', { radius: radius ?? 0 }) : t('stdMet')) : t('stdNotMet', { gap: (target - share).toFixed(1) });
        return [
          { t: catName(c.id) },
          { t: sc ? t('stdRadius', { radius: sc.radiusM, tier: sc.tier }) : t('stdNone') },
          { t: sc ? sc.clauses.map((k) => clauseText(std, k, lang)).join(pick(lang, CLAUSE_SEP)) : t('stdNone') },
          { t: t('minutesReach', { minutes: round(c.minutes, 1) ?? '—', reach: Math.round(c.reachM) }), v: Math.round(c.reachM) },
          { t: Number.isFinite(share) ? `${share.toFixed(1)}%` : '—', v: round(share, 2) },
          { t: meets },
        ];
      }),
    });
    blocks.push({ kind: 'heading', level: 2, text: t('tiersHead') });
    blocks.push({
      kind: 'table',
      head: [t('tier'), t('tierDistance'), t('tierPop'), t('stdSource')],
      rows: std.tiers.map((x) => [{ t: pick(lang, x) }, { t: x.distanceM }, { t: x.population }, { t: x.clause }]),
    });
    const withLand = scopeUnits.filter((u) => r.unitAreaM2[u] > 0);
    if (withLand.length > 0) {
      const meanArea = withLand.reduce((a, u) => a + r.unitAreaM2[u], 0) / withLand.length / 1e6;
      const meanPop = withLand.reduce((a, u) => a + r.unitPop[u], 0) / withLand.length;
      const lc = std.lifeCircle;
      blocks.push({ kind: 'para', text: t('unitScale', { n: withLand.length, area: meanArea.toFixed(2), pop: int(meanPop), clause: lc.clause, within: meanPop >= lc.populationMin && meanPop <= lc.populationMax ? t('withinRange') : t('outsideRange') }) });
    }
  } else blocks.push({ kind: 'para', text: t('noStandards') });
  // the 2025 plan's 人民坊 / 六艺亭 counts against the data
  const plan = input.plan ?? [];
  const planDistricts = scope.kind === 'city' ? plan.map((x) => x.district_code) : scopeDistricts;
  if (plan.length > 0 && planDistricts.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: t('planHead') });
    const facs = (input.facilities ?? []).filter((f) => !f.trial);
    const count = (code: string, type: FacilityType) => facs.filter((f) => f.type === type && f.district === code).length;
    const rows: ReportCell[][] = [];
    for (const code of planDistricts) {
      const row = plan.find((x) => x.district_code === code);
      if (!row) continue;
      const rf = count(code, 'renminfang'), ly = count(code, 'liuyiting');
      rows.push([
        { t: districtName(code) },
        { t: `${row.renminfang_total} / ${row.renminfang_done_2025}` }, { t: String(rf), v: rf },
        { t: `${row.liuyiting_total} / ${row.liuyiting_done_2025}` }, { t: String(ly), v: ly },
        { t: rf >= row.renminfang_total && ly >= row.liuyiting_total ? t('planMet') : t('planShort', { rf: Math.max(0, row.renminfang_total - rf), ly: Math.max(0, row.liuyiting_total - ly) }) },
      ]);
    }
    blocks.push({ kind: 'table', head: [t('district'), t('planRf'), t('dataRf'), t('planLy'), t('dataLy'), t('stdMeets')], rows });
    blocks.push({ kind: 'para', text: (scope.kind === 'unit' || scope.kind === 'units' ? t('planWholeDistrict') + ' ' : '') + t('planNote') + (input.synthetic ? ` ${t('planSynthetic')}` : '') });
  }

  // ---------------------------------------------------------------- ledger
  blocks.push(h1(t('ledgerHead')));
  // with the network model: the straight-line overstatement of each row's unit and category (CSV only, after the source)
  const overCat = input.overstatement?.byUnitCategory ?? null;
  const ledgerHead = [t('lgNo'), t('unit'), t('district'), t('category'), t('lgIndicator'), t('lgCurrent'), t('lgTarget'), t('lgGap'), estimate ? t('popUncoveredEst') : t('popUncovered'), t('lgMeasure'), t('lgSource'), ...(overCat ? [t('lgOver')] : [])];
  const printed = ledgerHead.length - (overCat ? 2 : 1);
  const srcText = `${input.datasets.map((d) => withMark(cleanText(d.label), d.synthetic)).join(sep) || '—'}; ${estimate ? t('lgPopCensus') : t('lgPopPoints')}`;
  const ledgerRows: ReportCell[][] = ledger.map((l, i) => {
    const radius = l.measure.kind === 'generic' ? l.measure.radiusM : null;
    const measure = l.measure.kind === 'trial' ? t('measureTrial', { name: l.measure.name })
      : l.measure.kind === 'suggestion' ? t('measureSuggest', { rank: l.measure.rank, n: int(l.measure.gainPop) })
      : radius !== null ? t('measureGeneric', { cat: catName(l.categoryId), radius }) : t('measureGenericNoRadius', { cat: catName(l.categoryId) });
    return [
      { t: String(i + 1), v: i + 1 },
      { t: l.unitName, v: l.unitName },
      { t: districtName(l.district) },
      { t: catName(l.categoryId) },
      { t: t('lgIndicatorText', { minutes: round(l.minutes, 1) ?? '—', reach: Math.round(l.reachM) }) },
      { t: `${l.currentPct.toFixed(1)}%`, v: round(l.currentPct, 2) },
      { t: `${l.targetPct}%`, v: l.targetPct },
      { t: `${l.gapPp.toFixed(1)} pp`, v: round(l.gapPp, 2) },
      { t: int(l.uncoveredPop), v: round(l.uncoveredPop, 0) },
      { t: measure },
      { t: srcText },
      ...(overCat ? [overCell(overCat.get(l.unitId)?.get(l.categoryId))] : []),
    ];
  });
  if (ledger.length === 0) blocks.push({ kind: 'para', text: t('ledgerEmpty', { target }) });
  else {
    const n = Math.max(1, input.ledgerPrintRows ?? 30);
    blocks.push({ kind: 'para', text: t('ledgerIntro', { n: ledger.length, target, shown: Math.min(n, ledger.length) }) });
    blocks.push({ kind: 'table', head: ledgerHead.slice(0, printed), rows: ledgerRows.slice(0, n).map((row) => row.slice(0, printed)) });
    blocks.push({ kind: 'para', text: `${t('lgSource')}: ${srcText}` });
  }

  // ---------------------------------------------------------------- trial sites and suggestions
  if (trials.length > 0) {
    blocks.push(h1(t('trialsHead')));
    blocks.push({ kind: 'para', text: base ? t('trialsBeforeAfter') : t('notComparable') });
    const trialTable = (list: typeof trials): ReportBlock => ({
      kind: 'table',
      head: ['#', t('name'), t('type'), t('categories'), t('position'), t('district'), t('unit')],
      rows: list.map((s) => [
        { t: `T${trials.indexOf(s) + 1}` },
        { t: s.name },
        { t: t(`type_${s.type}`) },
        { t: s.categories.map(catName).join(sep) },
        { t: `${s.lng.toFixed(5)}, ${s.lat.toFixed(5)}` },
        { t: districtName(s.district) },
        { t: s.unitId ? unitName(s.unitId) : '—' },
      ]),
    });
    if (trialsIn.length) blocks.push(trialTable(trialsIn));
    if (trialsOut.length) {
      blocks.push({ kind: 'heading', level: 2, text: t('trialsOutHead') });
      blocks.push({ kind: 'para', text: t('trialsOutNote') });
      blocks.push(trialTable(trialsOut));
    }
  }
  if (sg) {
    const target2 = sg.categories.length > 1 ? t('hubBundle', { cats: sg.categories.map(catName).join(sep) }) : catName(sg.categories[0]);
    blocks.push(h1(t('suggestHead', { target: target2, scope: sg.scope === 'city' ? t('city') : districtName(sg.scope) })));
    const sugTable = (list: typeof sugIn): ReportBlock => ({
      kind: 'table',
      head: [t('rank'), t('position'), t('district'), t('unit'), t('gainPop'), t('gainKm2'), t('cumPop'), t('cumKm2')],
      rows: list.map((x) => [
        { t: String(x.rank), v: x.rank },
        { t: `${x.lng.toFixed(5)}, ${x.lat.toFixed(5)}` },
        { t: districtName(x.district) },
        { t: input.unitNames.has(x.unitId) ? unitName(x.unitId) : cleanText(x.unitName) },
        { t: int(x.gainPop), v: round(x.gainPop, 0) },
        { t: x.gainKm2.toFixed(2), v: round(x.gainKm2, 4) },
        { t: int(x.cumPop), v: round(x.cumPop, 0) },
        { t: x.cumKm2.toFixed(2), v: round(x.cumKm2, 4) },
      ]),
    });
    if (sg.suggestions.length === 0) blocks.push({ kind: 'para', text: t('noSuggestions') });
    else if (sugIn.length) blocks.push(sugTable(sugIn));
    else blocks.push({ kind: 'para', text: t('noSuggestionsInScope') });
    if (sugOut.length) {
      blocks.push({ kind: 'heading', level: 2, text: t('suggestOutHead') });
      blocks.push({ kind: 'para', text: t('suggestOutNote') });
      blocks.push(sugTable(sugOut));
    }
    blocks.push({ kind: 'para', text: t('suggestNote', { objective: sg.objective === 'pop' ? t('objectivePop') : t('objectiveArea'), spacing: sg.spacingM, cell: sg.cellSizeM }) });
    blocks.push({ kind: 'code', label: t('paramsLine'), text: sg.paramsText });
  }

  // ---------------------------------------------------------------- limitations
  blocks.push(h1(t('limitsHead')));
  const limits = [
    mode === 'network' ? t('limitNetwork') : t('limitCircle'),
    estimate ? t(dasymetric ? 'limitPopDasy' : 'limitPop') : t('limitPopPoints'),
    t('limitUnits'),
    t('limitTime'),
    t('limitStandards'),
  ];
  if (input.synthetic) limits.unshift(t('limitSynthetic'));
  if (osm) limits.push(t('limitOsm'));
  if (sg) limits.push(t('limitSuggest'));
  blocks.push({ kind: 'list', items: limits });
  blocks.push({ kind: 'para', text: t('footer') });

  return { title, scopeName, blocks, ledger, ledgerHead, ledgerRows };

  /** Why completeness is near zero, from the figures (null when it is not). */
  function completenessNote(f: ScopeFigures): string | null {
    const cs = S - 1;
    const share = popShareOf(f, cs);
    if (!(share < 5)) return null;
    const parts = r.completeOf
      .map((id) => ({ id, s: r.slots.indexOf(id) }))
      .filter((x) => x.s >= 0)
      .map((x) => ({ id: x.id, v: popShareOf(f, x.s), reach: r.categories[x.s].reachM }))
      .sort((a, b) => a.v - b.v);
    if (parts.length === 0) return null;
    const low = parts.slice(0, 2);
    const short = parts.filter((x) => x.reach < 600).map((x) => catName(x.id));
    return t('completeWhy', {
      n: parts.length,
      low: low.map((x) => `${catName(x.id)} ${x.v.toFixed(1)}%`).join(sep),
      short: short.length ? t('completeShort', { list: short.join(sep) }) : '',
    });
  }
}

// ---------------------------------------------------------------- renderings

/**
 * Plain text: tables as tab-separated lines (each cell neutralised against formulas).
 * @internal the app and the CLI render a built ReportDoc (reportDocText); tests start from the input
 */
export function gapReportText(input: GapReportInput): string {
  return reportDocText(buildGapReport(input));
}

export function reportDocText(doc: ReportDoc): string {
  const cell = (s: string) => neutraliseFormula(cleanText(s));
  const out: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      // rules drawn with box characters: a pasted line of = or - would be a formula in a spreadsheet
      case 'cover': out.push(b.title, b.subtitle, '═'.repeat(Math.min(40, b.title.length * 2)), ...b.lines, ''); break;
      case 'heading': out.push(b.text, (b.level === 1 ? '═' : '─').repeat(Math.min(40, b.text.length * 2))); break;
      case 'para': out.push(b.text, ''); break;
      case 'notice': out.push(`【${b.text}】`, ''); break;
      case 'list': out.push(...b.items.map((i) => `• ${i}`), ''); break;
      case 'code': out.push(`${b.label}: ${b.text}`, ''); break;
      case 'figure': out.push(`[${b.caption}]`, ''); break;
      case 'table':
        out.push(b.head.map(cell).join('\t'));
        for (const row of b.rows) out.push(row.map((c) => cell(c.t)).join('\t'));
        out.push('');
        break;
    }
  }
  return out.join('\n');
}

/** The 问题清单 as rows: one header, one row per problem, raw numbers; no prose. */
/** An overstatement cell: pp with one decimal, raw value rounded to 0.01 (empty without network data). */
function overCell(v: number | undefined): ReportCell {
  return v !== undefined && Number.isFinite(v) ? { t: `${v.toFixed(1)} pp`, v: Math.round(v * 100) / 100 } : { t: '', v: null };
}

export function ledgerCsvRows(doc: ReportDoc): CsvCell[][] {
  return [doc.ledgerHead, ...doc.ledgerRows.map((row) => row.map((c) => (c.v === undefined ? c.t : c.v)))];
}

/**
 * Ledger CSV: UTF-8 with BOM, CRLF, formula-safe (src/io/csvExport.ts).
 * @internal the app and the CLI write toCsv(ledgerCsvRows(doc)); tests start from the input
 */
export function gapReportCsv(input: GapReportInput): string {
  return toCsv(ledgerCsvRows(buildGapReport(input)));
}

/** File name stem: 缺口报告-<scope>-<date> / gap-report-<scope>-<date>, safe for every OS. */
export function gapReportFileStem(input: Pick<GapReportInput, 'lang' | 'date'>, scopeLabel: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = scopeLabel.replace(/[\u0000-\u001f\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `${tr(input.lang, 'fileStem')}-${safe}-${input.date}`;
}

/** The 问题清单 CSV's file name beside the report: <stem>-问题清单.csv / <stem>-ledger.csv. */
export function ledgerFileName(lang: Lang, stem: string): string {
  return `${stem}-${tr(lang, 'ledgerFile')}.csv`;
}
