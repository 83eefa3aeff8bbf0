/**
 * How many threads the coverage worker may use for a full computation: `?threads=N` in the
 * page's address (1–4), else one per core but one (the page and its map keep a core; the
 * measured gain on a 2-core machine with a software-rendered map was within its noise, so two
 * cores get one thread), at most four.
 */
export function coverageThreads(search: string, cores: number): number {
  const asked = Number(new URLSearchParams(search).get('threads'));
  if (Number.isInteger(asked) && asked >= 1) return Math.min(4, asked);
  return Math.max(1, Math.min(4, (Number.isFinite(cores) ? cores : 1) - 1));
}
