import type { UrlBinding } from './urlSync';
import { useViewStore } from './viewStore';
import { defaultView, viewFromParams, viewToParams } from './viewUrl';

/** Phones (the same breakpoint as the CSS bottom sheet) open the residents' view from a bare URL. */
const PHONE_QUERY = '(max-width: 700px)';
const isPhone = () => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches;
let fallback = defaultView(false);

export const viewBinding: UrlBinding = {
  read: (params) => {
    fallback = defaultView(isPhone());
    useViewStore.setState({ view: fallback, ...viewFromParams(params) });
  },
  write: (params) => viewToParams(useViewStore.getState(), params, fallback),
  subscribe: (onChange) => useViewStore.subscribe(onChange),
};
