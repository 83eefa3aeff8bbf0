import { useCallback } from 'react';
import { useViewStore } from '../state/viewStore';
import { translate } from './index';

/** `const t = useT(); t('layers.title')` — follows the language in the view store. */
export function useT() {
  const lang = useViewStore((s) => s.lang);
  return useCallback((key: string, vars?: Record<string, string | number>) => translate(lang, key, vars), [lang]);
}
