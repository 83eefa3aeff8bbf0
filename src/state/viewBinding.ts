import type { UrlBinding } from './urlSync';
import { useViewStore } from './viewStore';
import { viewFromParams, viewToParams } from './viewUrl';

export const viewBinding: UrlBinding = {
  read: (params) => useViewStore.setState(viewFromParams(params)),
  write: (params) => viewToParams(useViewStore.getState(), params),
  subscribe: (onChange) => useViewStore.subscribe(onChange),
};
