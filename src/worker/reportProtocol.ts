/** Messages between the UI and the report worker (src/worker/report.worker.ts). */
import type { GapReportInput, ReportDoc } from '../report/gapReport';
import type { Lang } from '../domain/lang';

export type ReportRequest =
  | { id: number; op: 'build'; input: GapReportInput }
  | { id: number; op: 'pdf'; doc: ReportDoc; lang: Lang; fontUrl: string }
  | { id: number; op: 'docx'; doc: ReportDoc; lang: Lang; pngs: Record<string, Uint8Array> };

export type ReportResponse =
  | { id: number; ok: true; doc: ReportDoc; bytes?: undefined }
  | { id: number; ok: true; bytes: Uint8Array; doc?: undefined }
  | { id: number; ok: false; error: string };
