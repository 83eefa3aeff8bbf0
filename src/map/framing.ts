/** Camera padding that keeps framed things clear of the panel when it lies over the map (the phone's bottom sheet). */
export function panelPadding(container: HTMLElement, panel: HTMLElement | null, base = 40): { top: number; bottom: number; left: number; right: number } {
  const pad = { top: base, bottom: base, left: base, right: base };
  if (!panel) return pad;
  const m = container.getBoundingClientRect();
  const p = panel.getBoundingClientRect();
  const overlapsX = p.left < m.right && p.right > m.left;
  if (overlapsX && p.top < m.bottom && p.top > m.top && p.bottom >= m.bottom - 1) pad.bottom += Math.max(0, Math.min(m.bottom - p.top, m.height * 0.6));
  return pad;
}
