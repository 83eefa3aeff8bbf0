/**
 * Report worker: builds the gap report's document (maps included) and renders the PDF and the
 * Word file off the UI thread. Word images are rasterised on the main thread beforehand (an
 * SVG can only be drawn to a canvas there) and passed in by figure id.
 */
import { buildGapReport, type GapReportInput, type ReportDoc } from '../report/gapReport';
import { reportPdf } from '../report/pdfReport';
import { reportDocx } from '../report/docxReport';
import type { ReportRequest, ReportResponse } from './reportProtocol';

let font: Promise<Uint8Array> | null = null;
const loadFont = (url: string) => {
  font ??= fetch(url).then((r) => {
    if (!r.ok) throw new Error(`font ${r.status}`);
    return r.arrayBuffer();
  }).then((b) => new Uint8Array(b));
  font.catch(() => { font = null; });
  return font;
};

async function handle(req: ReportRequest): Promise<ReportResponse> {
  switch (req.op) {
    case 'build': return { id: req.id, ok: true, doc: buildGapReport(req.input as GapReportInput) };
    case 'pdf': return { id: req.id, ok: true, bytes: await reportPdf(req.doc as ReportDoc, { lang: req.lang, fontBytes: await loadFont(req.fontUrl) }) };
    case 'docx': {
      const pngs = req.pngs;
      const bytes = await reportDocx(req.doc as ReportDoc, {
        lang: req.lang,
        rasterise: async (f) => {
          const png = pngs[f.id];
          if (!png) throw new Error(`no image for ${f.id}`);
          return png;
        },
      });
      return { id: req.id, ok: true, bytes };
    }
  }
}

self.onmessage = (e: MessageEvent<ReportRequest>) => {
  handle(e.data).then(
    (res) => {
      const transfer = 'bytes' in res && res.bytes ? [res.bytes.buffer as ArrayBuffer] : [];
      (self as unknown as Worker).postMessage(res, transfer);
    },
    (err: unknown) => (self as unknown as Worker).postMessage({ id: e.data.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies ReportResponse),
  );
};
