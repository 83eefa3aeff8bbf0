/** What the reader found in a CSV (encoding, BOM, delimiter, header line), shown atop every import report. */
import type { CsvDetection } from '../../io/importTypes';

type Detected = Pick<CsvDetection, 'encoding' | 'delimiter' | 'header'>;
import { useT } from '../../state/useT';

export function DetectedNote({ detected: d }: { detected: Detected }) {
  const t = useT();
  return (
    <p className="note" data-testid="import-detected">
      {t('import.detected', {
        encoding: d.encoding.encoding.toUpperCase(),
        bom: d.encoding.bom ? t('import.bom') : '',
        delimiter: d.delimiter === '\t' ? 'Tab' : d.delimiter,
        line: d.header.headerLine,
      })}
    </p>
  );
}
