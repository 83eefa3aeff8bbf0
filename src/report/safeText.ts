/**
 * Text from imported files made safe for every report format.
 *
 * cleanText strips control characters (C0, DEL, C1, bidi overrides) and folds TAB/CR/LF runs to
 * one space, so a name can neither split a table row (TSV, Markdown) nor smuggle a formula
 * into the next spreadsheet cell. mdEscape escapes everything Markdown (CommonMark + GFM)
 * would read as markup: HTML tags and entities, links, images, emphasis, code, table pipes,
 * headings, list markers and bare autolinks. DOCX and PDF receive the cleaned text as text
 * runs (the docx package escapes XML; pdf-lib draws glyphs), never as markup.
 */

// C0 controls except TAB/LF/CR (folded below), DEL, C1 controls, zero-width and bidi controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanText(s: string): string {
  return s.replace(CONTROL, '').replace(/[\t\r\n\u2028\u2029]+/g, ' ');
}

/** One line of Markdown-safe text (also for table cells: pipes escaped). */
export function mdEscape(s: string): string {
  return cleanText(s)
    .replace(/([\\`*_{}[\]<>#+!|~&@])/g, '\\$1')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/(w)ww\./gi, '$1ww\\.')
    .replace(/^-(?=\s|$)/, '\\-')
    .replace(/^=/, '\\=')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
