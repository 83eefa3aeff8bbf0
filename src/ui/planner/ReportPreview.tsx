// biome-ignore-all lint/suspicious/noArrayIndexKey: a finished document rendered once; its blocks, rows and cells never reorder
/**
 * Preview of the gap report document (the same blocks the PDF, Word and Markdown files are made
 * from). Every text is React text; figures are SVG images (data URLs, no script can run).
 */
import { useEffect, useMemo, useRef } from 'react';
import { figureSvg } from '../../report/figure';
import type { ReportDoc } from '../../report/gapReport';
import { useT } from '../../state/useT';

function svgUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function ReportPreview({ doc, onClose, actions }: { doc: ReportDoc; onClose: () => void; actions: React.ReactNode }) {
  const t = useT();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const images = useMemo(() => new Map(doc.blocks.flatMap((b) => (b.kind === 'figure' ? [[b.figure.id, svgUrl(figureSvg(b.figure))] as const] : []))), [doc]);
  let fig = 0;
  return (
    <div className="report-preview-backdrop" data-testid="report-preview">
      <div className="report-preview" role="dialog" aria-modal="true" aria-labelledby="report-preview-title">
        <div className="report-preview-bar">
          <strong id="report-preview-title">{t('pl.report.preview')}</strong>
          <div className="report-preview-actions">{actions}</div>
          <button type="button" ref={closeRef} onClick={onClose} data-testid="report-preview-close">{t('pl.report.close')}</button>
        </div>
        <article className="report-doc">
          {doc.blocks.map((b, i) => {
            switch (b.kind) {
              case 'cover':
                return (
                  <header key={i} className="report-cover">
                    <h1>{b.title}</h1>
                    <p className="report-subtitle">{b.subtitle}</p>
                    <ul>{b.lines.map((l, k) => <li key={k}>{l}</li>)}</ul>
                  </header>
                );
              case 'heading': return b.level === 1 ? <h2 key={i}>{b.text}</h2> : <h3 key={i}>{b.text}</h3>;
              case 'para': return <p key={i}>{b.text}</p>;
              case 'notice': return <p key={i} className="report-notice">{b.text}</p>;
              case 'list': return <ul key={i}>{b.items.map((x, k) => <li key={k}>{x}</li>)}</ul>;
              case 'code': return <p key={i} className="report-code"><span>{b.label}: </span><code>{b.text}</code></p>;
              case 'figure': {
                fig++;
                return (
                  <figure key={i}>
                    <img src={images.get(b.figure.id)} alt={b.caption} width={b.figure.width} height={b.figure.height} />
                    <figcaption>{fig}. {b.caption}</figcaption>
                  </figure>
                );
              }
              case 'table':
                return (
                  <div key={i} className="report-table-wrap">
                    <table>
                      <thead><tr>{b.head.map((h, k) => <th key={k} scope="col">{h}</th>)}</tr></thead>
                      <tbody>{b.rows.map((r, k) => <tr key={k}>{r.map((c, j) => <td key={j}>{c.t}</td>)}</tr>)}</tbody>
                    </table>
                  </div>
                );
            }
          })}
        </article>
      </div>
    </div>
  );
}
