/** The translator for the language the user chose (in the view store). src/i18n imports no store. */
import { useCallback } from 'react';
import { translate } from '../i18n';
import { useViewStore } from './viewStore';

/** `const t = useT(); t('layers.title')` — follows the language in the view store. */
export function useT() {
  const lang = useViewStore((s) => s.lang);
  return useCallback((key: string, vars?: Record<string, string | number>) => translate(lang, key, vars), [lang]);
}
