/**
 * Whether imported data is kept in this browser: said only after a successful write; a
 * failure or another tab's save is an alert with the way out (download the workspace file,
 * save again, or load the other tab's data).
 */
import { useT } from '../../state/useT';
import { useSaveStatus } from '../../state/saveStatus';

export function SaveStatus({ onDownload, onRetry }: { onDownload: () => void; onRetry: () => void }) {
  const t = useT();
  const { state, error, otherTab } = useSaveStatus();
  if (otherTab)
    return (
      <div role="alert" className="import-error" data-testid="save-other-tab">
        {t('import.otherTab', { at: otherTab.savedAt.slice(0, 16).replace('T', ' '), labels: otherTab.labels.join('、') || '—' })}{' '}
        <button type="button" onClick={onRetry} data-testid="save-keep-mine">{t('import.keepMine')}</button>{' '}
        <button type="button" onClick={onDownload}>{t('import.downloadWorkspace')}</button>{' '}
        <button type="button" onClick={() => window.location.reload()}>{t('import.loadTheirs')}</button>
      </div>
    );
  if (state === 'failed')
    return (
      <div role="alert" className="import-error" data-testid="save-failed">
        {t('import.saveFailed', { error: error ?? '' })}{' '}
        <button type="button" onClick={onDownload} data-testid="save-download">{t('import.downloadWorkspace')}</button>{' '}
        <button type="button" onClick={onRetry}>{t('import.saveRetry')}</button>
      </div>
    );
  if (state === 'saving') return <p className="note" role="status">{t('import.saving')}</p>;
  if (state === 'saved') return <p className="note" role="status" data-testid="save-ok">{t('import.saved')}</p>;
  return null;
}
