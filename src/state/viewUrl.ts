/** Pure mapping between the view state and URL query parameters (lang, view, layers, hide, sel). */
import { LAYER_IDS, defaultLayers, type LayerId, type Selection, type ViewMode, type ViewState } from './viewStore';
import { parseLang } from '../domain/lang';

type ViewFields = Pick<ViewState, 'lang' | 'view' | 'layers' | 'hiddenCategories' | 'selection'>;
const VIEWS: readonly ViewMode[] = ['planner', 'resident', 'plan'];

/** The view a bare URL opens: the residents' view on a phone-sized screen, the planner's elsewhere. */
export function defaultView(phone: boolean): ViewMode {
  return phone ? 'resident' : 'planner';
}

/** `fallback` is the view a URL without `view=` opens on this device (see defaultView). */
export function viewToParams(v: ViewFields, params: URLSearchParams, fallback: ViewMode = 'planner'): void {
  const set = (k: string, val: string | null) => (val === null ? params.delete(k) : params.set(k, val));
  set('lang', v.lang === 'zh' ? null : v.lang);
  set('view', v.view === fallback ? null : v.view);
  // only what differs from the defaults: layers switched off (off=) and opt-in layers switched on (on=)
  const defaults = defaultLayers();
  const off = LAYER_IDS.filter((id) => defaults[id] && !v.layers[id]);
  const on = LAYER_IDS.filter((id) => !defaults[id] && v.layers[id]);
  set('off', off.length ? off.join(',') : null);
  set('on', on.length ? on.join(',') : null);
  set('hide', v.hiddenCategories.length ? [...v.hiddenCategories].sort().join(',') : null);
  set('sel', v.selection ? `${v.selection.kind}:${v.selection.id}` : null);
}

export function viewFromParams(params: URLSearchParams): Partial<ViewFields> {
  const out: Partial<ViewFields> = {};
  const lang = parseLang(params.get('lang'));
  if (lang) out.lang = lang;
  const view = params.get('view');
  if (view && (VIEWS as string[]).includes(view)) out.view = view as ViewMode;
  const off = params.get('off');
  const on = params.get('on');
  if (off !== null || on !== null) {
    const layers = defaultLayers();
    for (const id of (off ?? '').split(',')) if ((LAYER_IDS as string[]).includes(id)) layers[id as LayerId] = false;
    for (const id of (on ?? '').split(',')) if ((LAYER_IDS as string[]).includes(id)) layers[id as LayerId] = true;
    out.layers = layers;
  }
  const hide = params.get('hide');
  if (hide) out.hiddenCategories = hide.split(',').filter(Boolean);
  const sel = params.get('sel');
  if (sel) {
    const i = sel.indexOf(':');
    const kind = sel.slice(0, i);
    const id = sel.slice(i + 1);
    if (i > 0 && id && (kind === 'facility' || kind === 'unit' || kind === 'district')) out.selection = { kind, id } as Selection;
  }
  return out;
}
