/**
 * 居委 / 村 in import reports: the join summary with unmatched rows (line, column, reason,
 * downloadable as CSV), and the 居委 population report: sums per district beside the 2020
 * census, what the figures can reach (街镇 units only: the list has no outlines).
 * File text is rendered as React text.
 */
import type { VillageJoinReport } from '../../io/importTypes';
import { rejectedRowsCsv } from '../../io/rejectedCsv';
import { villagePopulationCsv, type VillagePopulationResult } from '../../io/villagePopulation';
import { useT } from '../../state/useT';
import { useViewStore } from '../../state/viewStore';
import { downloadText } from '../download';
import { DetectedNote } from './DetectedNote';
import { IssueTable } from './IssueTable';
import { MappingForm } from './MappingForm';
import { VILLAGE_POPULATION_FIELDS } from '../../io/villagePopulation';
import type { HeaderMapping } from '../../io/importTypes';

/** "居委人口.csv" -> "居委人口.villages-unmatched.csv" */
function siblingName(fileName: string, suffix: string): string {
  return `${fileName.replace(/\.[^./\\]+$/, '') || 'import'}.${suffix}`;
}

export function VillageJoinSection({ join, headers, fileName, facilities }: { join: VillageJoinReport; headers: readonly string[]; fileName: string; facilities?: boolean }) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  return (
    <section className="import-village" aria-labelledby="import-village-title" data-testid="import-village">
      <h3 id="import-village-title">{t('import.village.title')}</h3>
      <p role="status" data-testid="import-village-summary">
        {t('import.village.summary', { rows: join.rows, matched: join.matched, byCode: join.byCode, byName: join.byName, unmatched: join.unmatched.length })}
      </p>
      <p className="hint">
        {t('import.village.limits')}
        {facilities ? ` ${t('import.village.facilities')}` : ''}
      </p>
      <IssueTable issues={join.unmatched} caption={t('import.village.unmatched')} testId="import-village-unmatched" nameColumn={join.nameColumn || undefined} />
      {join.unmatched.length > 0 && (
        <button
          type="button"
          data-testid="import-village-download"
          onClick={() => downloadText(siblingName(fileName, 'villages-unmatched.csv'), rejectedRowsCsv(join.unmatched, headers, lang))}
        >
          {t('import.village.download')}
        </button>
      )}
      <IssueTable issues={join.notes} caption={t('import.village.notes')} testId="import-village-notes" />
    </section>
  );
}

const pct = (a: number, b: number | null) => (b ? `${Math.round((1000 * a) / b) / 10}%` : '—');
const num = (n: number) => n.toLocaleString('en-US');

export function VillagePopulationReport({
  result,
  fileName,
  streetUnits,
  onRerun,
  onDownloadRejected,
}: {
  result: VillagePopulationResult;
  fileName: string;
  /** 街镇 units in the layer in use (0: hexagons) */
  streetUnits: number;
  onRerun: (change: { headerMapping?: HeaderMapping }) => void;
  onDownloadRejected: () => void;
}) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const d = result.detected;
  const s = result.summary;
  const showMapping = d.header.unsure || d.header.missing.length > 0;
  // rows the join reported are listed in its section, the others (unreadable figures …) here
  const joinLines = new Set(result.join.unmatched.map((u) => u.line));
  return (
    <div className="import-report" data-testid="import-report">
      <DetectedNote detected={d} />
      <p className="import-summary" role="status" data-testid="import-summary">
        {t('import.villagePop.summary', { rows: s.rows, loaded: s.loaded, population: num(result.totalPopulation), rejected: s.rejected })}
      </p>
      {showMapping && <MappingForm header={d.header} fields={VILLAGE_POPULATION_FIELDS} onApply={(m) => onRerun({ headerMapping: m })} />}
      {result.districts.length > 0 && (
        <div className="import-issues">
          <table data-testid="import-village-districts">
            <caption>{t('import.villagePop.districts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.villagePop.col.district')}</th>
                <th scope="col">{t('import.villagePop.col.villages')}</th>
                <th scope="col">{t('import.villagePop.col.population')}</th>
                <th scope="col">{t('import.villagePop.col.census')}</th>
                <th scope="col">{t('import.villagePop.col.ratio')}</th>
              </tr>
            </thead>
            <tbody>
              {result.districts.map((x) => (
                <tr key={x.code}>
                  <td>{x.name}</td>
                  <td>
                    {x.villages} / {x.listed}
                  </td>
                  <td>{num(x.population)}</td>
                  <td>{x.census2020 === null ? '—' : num(x.census2020)}</td>
                  <td>{pct(x.population, x.census2020)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('import.villagePop.partialNote')}</p>
        </div>
      )}
      {result.rows.length > 0 && (
        <button type="button" data-testid="import-village-sums" onClick={() => downloadText(siblingName(fileName, 'sums.csv'), villagePopulationCsv(result, lang))}>
          {t('import.villagePop.downloadSums')}
        </button>
      )}
      <VillageJoinSection join={result.join} headers={d.header.headers} fileName={fileName} />
      <IssueTable issues={result.rejected.filter((r) => !joinLines.has(r.line))} caption={t('import.villagePop.rejected')} testId="import-rejected" />
      {result.rejected.length > 0 && (
        <button type="button" onClick={onDownloadRejected}>
          {t('import.downloadRejected')}
        </button>
      )}
      {streetUnits === 0 && result.rows.length > 0 && (
        <p className="note" data-testid="import-village-no-streets">
          {t('import.villagePop.noStreetLayer')}
        </p>
      )}
    </div>
  );
}
