import { useViewStore, type ViewMode } from '../state/viewStore';
import { useT } from '../state/useT';
import { otherLang } from '../domain/lang';

const VIEWS: ViewMode[] = ['planner', 'resident', 'plan'];

export function Header() {
  const t = useT();
  const view = useViewStore((s) => s.view);
  const setView = useViewStore((s) => s.setView);
  const lang = useViewStore((s) => s.lang);
  const setLang = useViewStore((s) => s.setLang);
  return (
    <header className="header">
      <h1 className="title">
        <span className="title-long">{t('app.title')}</span>
        <span className="title-short">{t('app.short')}</span>
      </h1>
      <div className="tabs" role="tablist" aria-label={t('app.short')}>
        {VIEWS.map((v) => (
          <button type="button" key={v} role="tab" aria-selected={view === v} className={view === v ? 'tab active' : 'tab'} onClick={() => setView(v)}>
            {t(`view.${v}`)}
          </button>
        ))}
      </div>
      <button type="button" className="lang" lang={otherLang(lang)} aria-label={t('lang.switchLabel')} onClick={() => setLang(otherLang(lang))}>
        {t('lang.switch')}
      </button>
    </header>
  );
}
