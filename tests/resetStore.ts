/**
 * The one way tests reset a zustand store: its own initial state (replacing, so nothing a
 * previous test set survives), then the values this test needs. Never hand-list a store's
 * fields to reset it: a field added to the store would silently keep its old value.
 */
import type { StoreApi } from 'zustand';

export function resetStore<S>(store: Pick<StoreApi<S>, 'setState' | 'getInitialState'>, values: Partial<S> = {}): void {
  store.setState({ ...store.getInitialState(), ...values }, true);
}
