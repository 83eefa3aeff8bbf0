/**
 * The coordinate system a user chose for a file whose system could not be detected,
 * remembered per file (name, size, modification time) in localStorage, so the same file
 * is read the same way next time without asking again.
 */
import type { Crs } from '../../io/importTypes';

const PREFIX = 'shenghuoquan-crs:';
const MAX_ENTRIES = 200;

function fileKey(f: Pick<File, 'name' | 'size' | 'lastModified'>): string {
  return `${PREFIX}${f.name}|${f.size}|${f.lastModified}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked: nothing is remembered
  }
}

export function rememberedCrs(f: Pick<File, 'name' | 'size' | 'lastModified'>): Crs | null {
  const v = storage()?.getItem(fileKey(f));
  return v === 'wgs84' || v === 'gcj02' || v === 'bd09' ? v : null;
}

export function rememberCrs(f: Pick<File, 'name' | 'size' | 'lastModified'>, crs: Crs): void {
  const s = storage();
  if (!s) return;
  try {
    // keep the list bounded: drop the oldest-looking entries beyond the limit
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(PREFIX)) keys.push(k);
    }
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES + 1))) s.removeItem(k);
    s.setItem(fileKey(f), crs);
  } catch {
    // quota or blocked storage: the choice still applies to this import
  }
}
