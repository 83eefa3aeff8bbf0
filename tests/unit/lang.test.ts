import { describe, expect, it } from 'vitest';
import { interpolate, localeOf, otherLang, parseLang, pick, pickName } from '../../src/domain/lang';
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
});
