/**
 * Headless: once the shipped data is loaded, bring back what was imported before
 * the reload (IndexedDB). Render it once in the app shell.
 */
import { useEffect, useRef } from 'react';
import { translate } from '../../i18n';
import { useDataStore } from '../../state/dataStore';
import { useViewStore } from '../../state/viewStore';
import { listenToOtherTabs, saveErrorText } from '../../state/saveStatus';
import { restoreSaved } from '../../state/importActions';
import { useImportMessage } from './importMessage';

export function WorkspaceRestore() {
  const status = useDataStore((s) => s.status);
  const done = useRef(false);
  // hear other tabs saving their imports (src/state/saveStatus.ts)
  useEffect(() => listenToOtherTabs(), []);
  useEffect(() => {
    if (status !== 'ready' || done.current) return;
    done.current = true;
    const ids = useDataStore.getState().categories.map((c) => c.id);
    restoreSaved(ids)
      .then((r) => {
        const lang = useViewStore.getState().lang;
        if (r.status === 'restored') useImportMessage.getState().setMessage({ kind: 'info', text: translate(lang, 'import.restored', { count: r.count }) });
        if (r.status === 'invalid') useImportMessage.getState().setMessage({ kind: 'error', text: translate(lang, 'import.restoreInvalid', { errors: r.errors.slice(0, 3).join('; ') }) });
      })
      .catch((e: unknown) => {
        const lang = useViewStore.getState().lang;
        useImportMessage.getState().setMessage({ kind: 'error', text: translate(lang, 'import.restoreFailed', { error: saveErrorText(e) }) });
      });
  }, [status]);
  return null;
}
