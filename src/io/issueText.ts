/**
 * Texts of row issues and file notices in Chinese or English, from the import
 * dictionary (src/i18n/import.ts), so the UI, the CLI and the rejected-rows CSV say
 * the same thing.
 */
import * as importDict from '../i18n/import';
import { translator } from '../i18n';
import type { Lang } from '../domain/lang';
import type { Crs, CrsSuggestion, FileNotice, IssueCode, IssueParams, NoticeCode, RowIssue } from './importTypes';

type Key = keyof typeof importDict.zh;

export const importText: (lang: Lang, key: Key, params?: IssueParams) => string = translator<Key>(importDict);

export function issueText(code: IssueCode, params: IssueParams, lang: Lang = 'zh'): string {
  const p = { ...params };
  // an optional suggestion is a category name; render it with its own template
  p.suggestion = params.suggestion ? importText(lang, 'suggestion.nearest', { name: params.suggestion }) : '';
  return importText(lang, `issue.${code}` as Key, p);
}

export function makeIssue(line: number, column: string, code: IssueCode, params: IssueParams = {}): RowIssue {
  return { line, column, code, params, reason: issueText(code, params, 'zh') };
}

export function crsName(crs: Crs, lang: Lang = 'zh'): string {
  return importText(lang, `crs.${crs}` as Key);
}

function suggestionEvidence(s: CrsSuggestion, lang: Lang): string {
  if (s.method === 'reference-match' && s.medianOffsetM) {
    const offsets = Object.entries(s.medianOffsetM)
      .map(([crs, m]) => `${crs.toUpperCase()} ${Math.round(m ?? 0)} m`)
      .join(', ');
    return importText(lang, 'notice.crs-evidence-reference', { sample: s.sample, offsets });
  }
  const agreement = Object.entries(s.agreement ?? {})
    .map(([crs, a]) => `${crs.toUpperCase()} ${Math.round((a ?? 0) * 100)}%`)
    .join(', ');
  return importText(lang, 'notice.crs-evidence-region', { sample: s.sample, agreement });
}

/** A file notice's text in a language (notices store their Chinese text too). */
export function noticeText(code: NoticeCode, params: IssueParams, lang: Lang = 'zh'): string {
  return importText(lang, `notice.${code}` as Key, params);
}

export function makeNotice(code: NoticeCode, params: IssueParams = {}): FileNotice {
  return { code, params, message: noticeText(code, params, 'zh') };
}

/** Notice for the coordinate system applied: why it was chosen. */
export function crsAppliedNotice(crs: Crs, why: 'header' | 'user' | 'default', lang: Lang = 'zh'): FileNotice {
  const reasonKey = why === 'header' ? 'notice.crs-from-header' : why === 'user' ? 'notice.crs-from-user' : 'notice.crs-default';
  const params = { crs: crsName(crs, lang), reason: importText(lang, reasonKey) };
  return { code: 'crs-applied', params, message: noticeText('crs-applied', params, lang) };
}

export function crsSuggestionNotice(s: CrsSuggestion, lang: Lang = 'zh'): FileNotice {
  const params = { crs: crsName(s.crs, lang), evidence: suggestionEvidence(s, lang) };
  return { code: 'crs-suggestion', params, message: noticeText('crs-suggestion', params, lang) };
}
