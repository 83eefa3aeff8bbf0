/** The translator for the language the user chose (in the view store). src/i18n imports no store. */
import { useCallback } from 'react';
import { translate, type Key } from '../i18n';
import type { TextVars } from '../domain/lang';
import { useViewStore } from './viewStore';

/** `const t = useT(); t('layers.title')` — follows the language in the view store. */
export function useT() {
  const lang = useViewStore((s) => s.lang);
  return useCallback((key: Key, vars?: TextVars) => translate(lang, key, vars), [lang]);
}
