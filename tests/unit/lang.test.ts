import { describe, expect, it } from 'vitest';
import { formatNumber, interpolate, localeOf, otherLang, parseLang, pick, pickName } from '../../src/domain/lang';
import { translate, translator } from '../../src/i18n';

describe('one localisation helper', () => {
  it('picks the value of the language', () => {
    const category = { id: 'elderly', zh: '养老服务', en: 'Elderly care' };
    expect(pick('zh', category)).toBe('养老服务');
    expect(pick('en', category)).toBe('Elderly care');
    expect(pickName('en', { name_zh: '徐汇区', name_en: 'Xuhui' })).toBe('Xuhui');
    expect(localeOf('zh')).toBe('zh-CN');
    expect((12345.6).toLocaleString(localeOf('en'), { maximumFractionDigits: 1 })).toBe('12,345.6');
    expect(otherLang('zh')).toBe('en');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('fr')).toBeNull();
  });

  it('interpolates every occurrence of each name and leaves unknown names', () => {
    expect(interpolate('{n}/{total} · {n} · {other}', { n: 3, total: 10 })).toBe('3/10 · 3 · {other}');
    expect(interpolate('plain')).toBe('plain');
  });

  it('translates typed keys; a missing key is a type error', () => {
    expect(translate('zh', 'map.loading', { done: 2, total: 5 })).toBe('正在加载地图数据… 2/5 个文件');
    expect(translate('en', 'app.title')).toBe('Shenghuoquan · Shanghai 15-minute life circle');
    // @ts-expect-error not a key of the dictionaries
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    const t = translator({ zh: { hi: '你好，{name}' }, en: { hi: 'Hello, {name}' } });
    expect(t('en', 'hi', { name: 'Li' })).toBe('Hello, Li');
    // @ts-expect-error not a key of this dictionary
    t('zh', 'bye');
  });

  it('formats numbers in the locale of the language, at most or exactly the digits asked', () => {
    expect(formatNumber(1234567.891, 'en', 1)).toBe('1,234,567.9');
    expect(formatNumber(1234567.891, 'zh', 0)).toBe('1,234,568');
    expect(formatNumber(1.5, 'en', 2)).toBe('1.5');
    expect(formatNumber(1.5, 'en', 2, true)).toBe('1.50');
    // the same key twice gives the same (cached) answer as a fresh formatter
    expect(formatNumber(0.125, 'zh', 2, true)).toBe(new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(0.125));
    expect(formatNumber(0.125, 'zh', 2, true)).toBe(formatNumber(0.125, 'zh', 2, true));
  });
});
