/**
 * Coordinate text as planners paste it: "121.4737", "１２１．４７３７" (full-width),
 * "121.4737°E", "东经121.4737", degrees-minutes-seconds as "121°28'25.3\"", "121°28′25″E",
 * "121度28分25.3秒", "121d28m25s" (minutes and seconds below 60), and combined
 * cells like "121.4737,31.2304" copied from map tools. Returns NaN for anything else.
 */

// seconds: ″ (NFKC makes it ′′), ", ”, '' or ’’, 秒, s
const DMS = /^(-?\d+(?:\.\d+)?)\s*[°度d]\s*(?:(\d+(?:\.\d+)?)\s*['′’分m]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:["″”]|''|′′|’’|秒|s)\s*)?$/i;
/** "…25s" ends in the seconds letter, not the hemisphere S */
const ENDS_IN_SECONDS = /\d\s*[m'′’分]\s*\d+(?:\.\d+)?\s*s$/i;
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function stripMarkers(s: string): { body: string; negative: boolean } {
  let body = s.normalize('NFKC').trim();
  let negative = false;
  body = body.replace(/^(东经|北纬|经度|纬度)\s*[:：]?\s*/, '');
  const hemi = ENDS_IN_SECONDS.test(body) ? null : /^([NSEW])\s*|\s*([NSEW])$/i.exec(body);
  if (hemi) {
    const h = (hemi[1] ?? hemi[2]).toUpperCase();
    negative = h === 'S' || h === 'W';
    body = body.replace(/^[NSEW]\s*|\s*[NSEW]$/i, '');
  }
  body = body.replace(/^(西经|南纬)/, () => {
    negative = true;
    return '';
  });
  return { body: body.trim(), negative };
}

/** One coordinate number in degrees, or NaN. */
const ASCII_DECIMAL = /^-?\d{1,3}(?:\.\d+)?$/;

export function parseCoordNumber(raw: string): number {
  if (!raw) return NaN;
  // the common case, "121.473701", without normalising
  if (ASCII_DECIMAL.test(raw)) return Number(raw);
  const { body, negative } = stripMarkers(raw);
  if (body === '') return NaN;
  let v: number;
  const plain = body.replace(/[°度]$/, '').trim();
  if (PLAIN.test(plain)) v = Number(plain);
  else {
    const m = DMS.exec(body);
    if (!m) return NaN;
    const deg = Number(m[1]);
    const min = m[2] ? Number(m[2]) : 0;
    const sec = m[3] ? Number(m[3]) : 0;
    if (min >= 60 || sec >= 60) return NaN;
    v = Math.abs(deg) + min / 60 + sec / 3600;
    if (deg < 0 || Object.is(deg, -0)) v = -v;
  }
  if (!Number.isFinite(v)) return NaN;
  return negative ? -Math.abs(v) : v;
}

/** A combined "lng,lat" cell (comma, Chinese comma, semicolon or space separated). */
export function parseCoordPair(raw: string): [number, number] | null {
  if (!raw) return null;
  const body = raw.normalize('NFKC').trim().replace(/^[([{]|[)\]}]$/g, '');
  const parts = body.split(/\s*[,;，；]\s*|\s+/).filter((p) => p !== '');
  if (parts.length !== 2) return null;
  const a = parseCoordNumber(parts[0]);
  const b = parseCoordNumber(parts[1]);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return [a, b];
}

/** A count (population, households): "12,345", "1.2万", "12345人". NaN when unreadable. */
export function parseCount(raw: string): number {
  if (!raw) return NaN;
  let s = raw.normalize('NFKC').trim().replace(/[,，\s]/g, '').replace(/(人|户|套|口)$/, '');
  let factor = 1;
  if (s.endsWith('万')) {
    factor = 10_000;
    s = s.slice(0, -1);
  }
  if (!PLAIN.test(s)) return NaN;
  const v = Number(s) * factor;
  return Number.isFinite(v) ? v : NaN;
}
