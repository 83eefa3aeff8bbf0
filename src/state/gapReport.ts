/**
 * The gap report's controller: the document is built in the report worker, PDF and Word are
 * rendered there too, Markdown and the 问题清单 CSV here; each comes back as a file (name,
 * content, type) for the panel to save. The panel (src/ui/planner/GapReportPanel.tsx) never
 * talks to the worker.
 */
import type { Lang } from '../domain/lang';
import { toCsv } from '../io/csvExport';
import type { Figure } from '../report/figure';
import { gapReportFileStem, ledgerCsvRows, ledgerFileName, type GapReportInput, type ReportDoc } from '../report/gapReport';
import { reportDocMarkdown } from '../report/markdownReport';
import { buildReportDoc, renderReportDocx, renderReportPdf } from '../worker/reportClient';

export type ReportFileKind = 'pdf' | 'docx' | 'md' | 'csv';

export interface BuiltReport {
  doc: ReportDoc;
  /** file name without extension: 缺口报告-<scope>-<date> */
  stem: string;
}

export interface ReportFile {
  name: string;
  content: string | Uint8Array;
  mime: string;
}

const MIME: Record<ReportFileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
};

/** The report document (built in the worker) and its file name stem. */
export async function buildReport(input: GapReportInput): Promise<BuiltReport> {
  const doc = await buildReportDoc(input);
  return { doc, stem: gapReportFileStem(input, doc.scopeName) };
}

/** One file of a built report; `rasterise` draws a figure as PNG for Word (the browser's canvas). */
export async function reportFile(kind: ReportFileKind, { doc, stem }: BuiltReport, lang: Lang, rasterise: (f: Figure) => Promise<Uint8Array>): Promise<ReportFile> {
  const mime = MIME[kind];
  switch (kind) {
    case 'csv': return { name: ledgerFileName(lang, stem), content: toCsv(ledgerCsvRows(doc)), mime };
    case 'md': return { name: `${stem}.md`, content: reportDocMarkdown(doc), mime };
    case 'pdf': return { name: `${stem}.pdf`, content: await renderReportPdf(doc, lang), mime };
    case 'docx': return { name: `${stem}.docx`, content: await renderReportDocx(doc, lang, rasterise), mime };
  }
}
