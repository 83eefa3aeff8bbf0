/**
 * Gap report (缺口报告) for a district, the city or one planning unit, to paste into a
 * community plan draft. One document model, three renderings:
 *   gapReportMarkdown  — Markdown (headings, tables), for the .md download;
 *   gapReportText      — plain text with tab-separated tables, for the clipboard (pastes into
 *                        Word/WPS and spreadsheets; cells that would run as formulas neutralised);
 *   gapReportCsv       — UTF-8 with BOM via src/io/csvExport.ts (formula-neutralised), raw numbers.
 * Contents: walking parameters and mode (the engine's paramsText line), data sources with
 * vintage and CRS, the synthetic notice whenever any synthetic facility is in the data, per
 * category covered land and residents (marked as estimates when from the census spread), the
 * units with the largest uncovered population, trial sites (before → after) and site
 * suggestions when there are any, and the date. Pure: the caller passes everything in.
 */
import type { Category, FacilityType } from '../domain/types';
import type { SourceInfo } from '../data/sources';
import { COMPLETE_SLOT, type CoverageResult } from '../geo/coverageTypes';
import type { SitingResult } from '../geo/siting';
import { neutraliseFormula, toCsv, type CsvCell } from '../io/csvExport';
import { comparable } from './scenarioDiff';
import { en, zh, type ReportKey } from './reportText';

export type ReportLang = 'zh' | 'en';

export type ReportScope = { kind: 'city' } | { kind: 'district'; code: string } | { kind: 'unit'; id: string };

export interface ReportTrialSite {
  name: string;
  type: FacilityType;
  categories: string[];
  lng: number;
  lat: number;
  /** district code, '' when outside every district */
  district: string;
}

export interface GapReportInput {
  lang: ReportLang;
  scope: ReportScope;
  /** the current result (with the trial sites, if any) */
  result: CoverageResult;
  /** the result without the trial sites, for before → after (null: none or stale) */
  baseline?: CoverageResult | null;
  categories: readonly Category[];
  districtNames: ReadonlyMap<string, { zh: string; en: string }>;
  /** unit id → name */
  unitNames: ReadonlyMap<string, string>;
  sources: readonly SourceInfo[];
  datasets: readonly { label: string; synthetic: boolean; count: number }[];
  unitsLabel?: string;
  /** label of imported residential points when they replace the census spread */
  demandLabel?: string;
  /** true when any facility in the data is synthetic: the notice goes into every rendering */
  synthetic: boolean;
  trials?: readonly ReportTrialSite[];
  suggestions?: SitingResult | null;
  /** slot the worst-units table ranks by (default: completeness) */
  slot?: string;
  /** how many worst units (default 10) */
  worstCount?: number;
  /** YYYY-MM-DD */
  date: string;
}

/** A table cell: text for Markdown / plain text, raw value for CSV. */
export interface ReportCell {
  t: string;
  v?: CsvCell;
}
export type ReportBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; label: string; text: string }
  | { kind: 'table'; head: string[]; rows: ReportCell[][] };

export interface ReportDoc {
  title: string;
  blocks: ReportBlock[];
}

function tr(lang: ReportLang, key: ReportKey, vars?: Record<string, string | number>): string {
  let s: string = (lang === 'zh' ? zh : en)[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

const round = (v: number, d: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

/** Everything of the report as blocks (rendered by the functions below). */
export function buildGapReport(input: GapReportInput): ReportDoc {
  const { lang, result: r } = input;
  const t = (key: ReportKey, vars?: Record<string, string | number>) => tr(lang, key, vars);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString(locale) : '—');
  const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
  const pctV = (part: number, whole: number) => round(whole > 0 ? (100 * part) / whole : NaN, 2);
  const catName = (id: string) => {
    if (id === COMPLETE_SLOT) return t('complete', { n: r.completeOf.length });
    const c = input.categories.find((x) => x.id === id);
    return c ? (lang === 'zh' ? c.zh : c.en) : id;
  };
  const districtName = (code: string) => {
    const d = input.districtNames.get(code);
    return d ? (lang === 'zh' ? d.zh : d.en) : code || '—';
  };
  const withMark = (name: string, synthetic: boolean) => (synthetic && !/合成|synthetic/i.test(name) ? name + t('syntheticMark') : name);
  const S = r.slots.length;
  const C = r.categories.length;
  const estimate = r.popSource !== 'demand-points';

  // ---- scope: its figures per slot, its units
  const scopeUnits: number[] = [];
  let scopeName: string;
  let figures: (res: CoverageResult) => { area: number; pop: number; cov: number[]; popCov: number[] } | null;
  if (input.scope.kind === 'city') {
    scopeName = t('city');
    r.unitIds.forEach((_, u) => scopeUnits.push(u));
    figures = (res) => ({ area: res.city.areaM2, pop: res.city.pop, cov: res.city.coveredM2, popCov: res.city.popCovered });
  } else if (input.scope.kind === 'district') {
    const code = input.scope.code;
    scopeName = districtName(code);
    r.unitDistrict.forEach((d, u) => { if (d === code) scopeUnits.push(u); });
    figures = (res) => {
      const row = res.districts.find((d) => d.code === code);
      return row ? { area: row.areaM2, pop: row.pop, cov: row.coveredM2, popCov: row.popCovered } : null;
    };
  } else {
    const id = input.scope.id;
    const u0 = r.unitIds.indexOf(id);
    scopeName = t('unitScope', { name: input.unitNames.get(id) ?? id, district: u0 >= 0 ? districtName(r.unitDistrict[u0]) : '—' });
    if (u0 >= 0) scopeUnits.push(u0);
    figures = (res) => {
      const u = res.unitIds.indexOf(id);
      if (u < 0) return null;
      const sl = (a: Float64Array) => Array.from(a.subarray(u * S, (u + 1) * S));
      return { area: res.unitAreaM2[u], pop: res.unitPop[u], cov: sl(res.coveredM2), popCov: sl(res.popCovered) };
    };
  }

  const blocks: ReportBlock[] = [];
  const title = t('title', { scope: scopeName });
  blocks.push({ kind: 'title', text: title });
  blocks.push({ kind: 'para', text: t('generated', { date: input.date }) });
  if (input.synthetic) blocks.push({ kind: 'notice', text: t('synthetic') });
  const trials = input.trials ?? [];
  if (trials.length > 0) blocks.push({ kind: 'notice', text: t('trialNotice', { n: trials.length }) });

  // ---- parameters
  blocks.push({ kind: 'heading', text: t('paramsHead') });
  const p = r.params;
  blocks.push({
    kind: 'list',
    items: [
      `${t('mode')}: ${p.mode === 'standard' ? t('modeStandard') : t('modeWalk', { speed: p.speedKmh, detour: p.detour, persona: t(`persona_${p.persona}` as ReportKey) })}`,
      `${t('perCategory')}: ${r.categories.map((c) => `${catName(c.id)} ${t('minutesReach', { minutes: round(c.minutes, 1) ?? '—', reach: Math.round(c.reachM) })}`).join(lang === 'zh' ? '；' : '; ')}`,
      `${t('completeOf')}: ${r.completeOf.map(catName).join(lang === 'zh' ? '、' : ', ')}`,
      `${t('engine')}: ${t('engineText', { cell: r.engine.cellSizeM, version: r.engine.version })}`,
    ],
  });
  blocks.push({ kind: 'code', label: t('paramsLine'), text: r.paramsText });

  // ---- sources
  blocks.push({ kind: 'heading', text: t('sourcesHead') });
  blocks.push({
    kind: 'table',
    head: t('sourceCols').split('|'),
    rows: input.sources.map((s) => [
      { t: withMark(lang === 'zh' ? s.zh : s.en, s.synthetic) },
      { t: s.source }, { t: s.vintage }, { t: s.crs }, { t: s.licence },
    ]),
  });
  const extra = input.datasets.map((d) => `${t('datasets')}: ${withMark(d.label, d.synthetic)}, ${t('records', { n: d.count })}`);
  if (input.unitsLabel) extra.push(`${t('unitsLayer')}: ${input.unitsLabel}`);
  extra.push(estimate ? t('popEstimate') : t('popPoints', { label: input.demandLabel ?? '' }));
  blocks.push({ kind: 'list', items: extra });

  // ---- per category figures, before → after when a comparable baseline exists
  const now = figures(r);
  const base = input.baseline && trials.length > 0 && comparable(input.baseline, r) ? figures(input.baseline) : null;
  blocks.push({ kind: 'heading', text: t('coverageHead', { scope: scopeName }) });
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
      const land: ReportCell = { t: pct(now.cov[s], now.area), v: pctV(now.cov[s], now.area) };
      const popc: ReportCell = { t: pct(now.popCov[s], now.pop), v: pctV(now.popCov[s], now.pop) };
      const unc: ReportCell = { t: int(now.pop - now.popCov[s]), v: round(now.pop - now.popCov[s], 0) };
      if (!base) return [{ t: catName(slot) }, reachCell, land, popc, unc];
      return [
        { t: catName(slot) }, reachCell,
        { t: pct(base.cov[s], base.area), v: pctV(base.cov[s], base.area) }, land,
        { t: pct(base.popCov[s], base.pop), v: pctV(base.popCov[s], base.pop) }, popc,
        { t: int(now.popCov[s] - base.popCov[s]), v: round(now.popCov[s] - base.popCov[s], 0) }, unc,
      ];
    });
    blocks.push({ kind: 'table', head, rows });
  }

  // ---- worst units
  if (input.scope.kind !== 'unit') {
    const slot = input.slot && r.slots.includes(input.slot) ? input.slot : COMPLETE_SLOT;
    const s = r.slots.indexOf(slot);
    blocks.push({ kind: 'heading', text: t('worstHead', { slot: catName(slot) }) });
    const ranked = scopeUnits
      .map((u) => ({ u, unc: r.unitPop[u] - r.popCovered[u * S + s] }))
      .filter((x) => r.unitAreaM2[x.u] > 0)
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
            .sort((a, b) => a.share - b.share)
            .slice(0, 3);
          const id = r.unitIds[u];
          return [
            { t: String(i + 1), v: i + 1 },
            { t: input.unitNames.get(id) ?? id, v: input.unitNames.get(id) ?? id },
            { t: districtName(r.unitDistrict[u]) },
            { t: (area / 1e6).toFixed(2), v: round(area / 1e6, 4) },
            { t: int(r.unitPop[u]), v: round(r.unitPop[u], 0) },
            { t: pct(r.coveredM2[u * S + s], area), v: pctV(r.coveredM2[u * S + s], area) },
            { t: int(unc), v: round(unc, 0) },
            { t: lowest.map((l) => `${catName(l.id)} ${(100 * l.share).toFixed(0)}%`).join(lang === 'zh' ? '、' : ', ') },
          ];
        }),
      });
    }
  }

  // ---- trial sites
  if (trials.length > 0) {
    blocks.push({ kind: 'heading', text: t('trialsHead') });
    blocks.push({
      kind: 'table',
      head: ['#', t('name'), t('type'), t('categories'), t('position'), t('district')],
      rows: trials.map((s, i) => [
        { t: String(i + 1), v: i + 1 },
        { t: s.name },
        { t: t(`type_${s.type}` as ReportKey) },
        { t: s.categories.map(catName).join(lang === 'zh' ? '、' : ', ') },
        { t: `${s.lng.toFixed(5)}, ${s.lat.toFixed(5)}` },
        { t: districtName(s.district) },
      ]),
    });
  }

  // ---- site suggestions
  const sg = input.suggestions;
  if (sg) {
    const target = sg.categories.length > 1 ? t('hubBundle', { cats: sg.categories.map(catName).join(lang === 'zh' ? '、' : ', ') }) : catName(sg.categories[0]);
    blocks.push({ kind: 'heading', text: t('suggestHead', { target, scope: sg.scope === 'city' ? t('city') : districtName(sg.scope) }) });
    if (sg.suggestions.length === 0) blocks.push({ kind: 'para', text: t('noSuggestions') });
    else {
      blocks.push({
        kind: 'table',
        head: [t('rank'), t('position'), t('district'), t('unit'), t('gainPop'), t('gainKm2'), t('cumPop'), t('cumKm2')],
        rows: sg.suggestions.map((x) => [
          { t: String(x.rank), v: x.rank },
          { t: `${x.lng.toFixed(5)}, ${x.lat.toFixed(5)}` },
          { t: districtName(x.district) },
          { t: input.unitNames.get(x.unitId) ?? x.unitName },
          { t: int(x.gainPop), v: round(x.gainPop, 0) },
          { t: x.gainKm2.toFixed(2), v: round(x.gainKm2, 4) },
          { t: int(x.cumPop), v: round(x.cumPop, 0) },
          { t: x.cumKm2.toFixed(2), v: round(x.cumKm2, 4) },
        ]),
      });
    }
    blocks.push({
      kind: 'para',
      text: t('suggestNote', { objective: sg.objective === 'pop' ? t('objectivePop') : t('objectiveArea'), spacing: sg.spacingM, cell: sg.cellSizeM }),
    });
    blocks.push({ kind: 'code', label: t('paramsLine'), text: sg.paramsText });
  }

  blocks.push({ kind: 'para', text: t('footer') });
  return { title, blocks };
}

// ---------------------------------------------------------------- renderings

/** Table cell text for Markdown: one line, pipes escaped. */
function mdCell(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Markdown paragraph text: one line, characters that would start markup escaped. */
function mdText(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function gapReportMarkdown(input: GapReportInput): string {
  const doc = buildGapReport(input);
  const out: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title': out.push(`# ${mdText(b.text)}`, ''); break;
      case 'heading': out.push(`## ${mdText(b.text)}`, ''); break;
      case 'para': out.push(mdText(b.text), ''); break;
      case 'notice': out.push(`> **${mdText(b.text)}**`, ''); break;
      case 'list': out.push(...b.items.map((i) => `- ${mdText(i)}`), ''); break;
      case 'code': out.push(`${mdText(b.label)}:`, '', '```text', b.text.replace(/`/g, "'"), '```', ''); break;
      case 'table':
        out.push(`| ${b.head.map(mdCell).join(' | ')} |`, `|${b.head.map(() => ' --- ').join('|')}|`);
        for (const row of b.rows) out.push(`| ${row.map((c) => mdCell(c.t)).join(' | ')} |`);
        out.push('');
        break;
    }
  }
  return out.join('\n');
}

/** Plain text: tables as tab-separated lines (each cell neutralised against formulas). */
export function gapReportText(input: GapReportInput): string {
  const doc = buildGapReport(input);
  const cell = (s: string) => neutraliseFormula(s.replace(/[\t\r\n]+/g, ' '));
  const out: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title': out.push(b.text, '='.repeat(Math.min(40, b.text.length * 2)), ''); break;
      case 'heading': out.push(b.text, '-'.repeat(Math.min(40, b.text.length * 2))); break;
      case 'para': out.push(b.text, ''); break;
      case 'notice': out.push(`【${b.text}】`, ''); break;
      case 'list': out.push(...b.items.map((i) => `• ${i}`), ''); break;
      case 'code': out.push(`${b.label}: ${b.text}`, ''); break;
      case 'table':
        out.push(b.head.map(cell).join('\t'));
        for (const row of b.rows) out.push(row.map((c) => cell(c.t)).join('\t'));
        out.push('');
        break;
    }
  }
  return out.join('\n');
}

/** CSV rows: metadata lines, then each table under its heading; raw numbers in table cells. */
export function gapReportRows(input: GapReportInput): CsvCell[][] {
  const doc = buildGapReport(input);
  const t = (key: ReportKey) => tr(input.lang, key);
  const rows: CsvCell[][] = [[t('csvReport'), doc.title], [t('csvDate'), input.date]];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title': break;
      case 'heading': rows.push([], [b.text]); break;
      case 'para': rows.push([b.text]); break;
      case 'notice': rows.push([t('csvNotice'), b.text]); break;
      case 'list': for (const i of b.items) rows.push([i]); break;
      case 'code': rows.push([b.label, b.text]); break;
      case 'table':
        rows.push(b.head);
        for (const row of b.rows) rows.push(row.map((c) => (c.v === undefined ? c.t : c.v)));
        break;
    }
  }
  return rows;
}

export function gapReportCsv(input: GapReportInput): string {
  return toCsv(gapReportRows(input));
}

/** File name stem: 缺口报告-<scope>-<date> / gap-report-<scope>-<date>, safe for every OS. */
export function gapReportFileStem(input: Pick<GapReportInput, 'lang' | 'scope' | 'date'>, scopeLabel: string): string {
  const safe = scopeLabel.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `${input.lang === 'zh' ? '缺口报告' : 'gap-report'}-${safe}-${input.date}`;
}
