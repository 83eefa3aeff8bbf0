/**
 * The UI's face of the report worker. Where Web Workers are missing (jsdom tests) the same
 * functions run in the page.
 */
import fontUrl from '../../geodata/fonts/wqy-microhei.ttf?url';
import { buildGapReport, type GapReportInput, type ReportDoc } from '../report/gapReport';
import type { Figure } from '../report/figure';
import type { ReportRequest, ReportResponse } from './reportProtocol';
import type { Lang } from '../domain/lang';

type Pending = { resolve: (r: ReportResponse) => void };
type Body = ReportRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, Pending>();

function call(body: Body): Promise<ReportResponse> {
  if (!worker) {
    worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<ReportResponse>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data);
    };
  }
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, { resolve });
    worker!.postMessage({ ...body, id } as ReportRequest);
  });
}

const fail = (r: ReportResponse): never => {
  throw new Error(r.ok ? 'unexpected answer' : r.error);
};

export async function buildReportDoc(input: GapReportInput): Promise<ReportDoc> {
  if (typeof Worker === 'undefined') return buildGapReport(input);
  const r = await call({ op: 'build', input });
  return r.ok && r.doc ? r.doc : fail(r);
}

export async function renderReportPdf(doc: ReportDoc, lang: Lang): Promise<Uint8Array> {
  const r = await call({ op: 'pdf', doc, lang, fontUrl: new URL(fontUrl, document.baseURI).toString() });
  return r.ok && r.bytes ? r.bytes : fail(r);
}

export async function renderReportDocx(doc: ReportDoc, lang: Lang, rasterise: (f: Figure) => Promise<Uint8Array>): Promise<Uint8Array> {
  const pngs: Record<string, Uint8Array> = {};
  for (const b of doc.blocks) if (b.kind === 'figure') pngs[b.figure.id] = await rasterise(b.figure);
  const r = await call({ op: 'docx', doc, lang, pngs });
  return r.ok && r.bytes ? r.bytes : fail(r);
}
