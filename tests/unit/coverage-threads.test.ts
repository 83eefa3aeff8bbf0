// The threads the page asks the coverage worker for: ?threads=N, else one per core but one, at most four.
import { describe, expect, it } from 'vitest';
import { coverageThreads } from '../../src/state/coverageThreads';

describe('coverageThreads', () => {
  it('keeps a core for the page and uses at most four', () => {
    expect(coverageThreads('', 1)).toBe(1);
    expect(coverageThreads('', 2)).toBe(1);
    expect(coverageThreads('', 3)).toBe(2);
    expect(coverageThreads('', 4)).toBe(3);
    expect(coverageThreads('', 16)).toBe(4);
    expect(coverageThreads('', Number.NaN)).toBe(1);
  });
  it('follows ?threads=N (1–4), and ignores what is not a whole number from 1', () => {
    expect(coverageThreads('?threads=2', 2)).toBe(2);
    expect(coverageThreads('?lang=en&threads=1', 16)).toBe(1);
    expect(coverageThreads('?threads=9', 2)).toBe(4);
    expect(coverageThreads('?threads=0', 8)).toBe(4);
    expect(coverageThreads('?threads=abc', 8)).toBe(4);
    expect(coverageThreads('?threads=1.5', 3)).toBe(2);
  });
});
