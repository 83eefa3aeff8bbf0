// What a map click means: one mode in a store, one handler table (src/map/handlers.ts), called
// by the map wrapper with the features under the click. A stand-in map answers
// queryRenderedFeatures like MapLibre does: the features of the asked layers at the point.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { dispatchClick } from '../../src/map/handlers';
import { LAYER } from '../../src/map/layers/base';
import { PLANNER_LAYER } from '../../src/map/layers/planner';
import { useDataStore } from '../../src/state/dataStore';
import { endMode, startModeFollowsView, useModeStore } from '../../src/state/modeStore';
import { useResidentStore } from '../../src/state/residentStore';
import { useTrialStore } from '../../src/state/trialStore';
import { useViewStore } from '../../src/state/viewStore';
import { resetStore } from '../resetStore';

const UNIT = { layer: { id: LAYER.unitFill }, properties: { id: 'u7', district: '310101' } };
const DISTRICT = { layer: { id: LAYER.districtFill }, properties: { code: '310101' } };

/** A map whose every point lies in unit u7 of 黄浦区 (and on a trial site when `onTrial`). */
function fakeMap(onTrial = false) {
  const asked: string[][] = [];
  const map = {
    getLayer: () => ({}),
    queryRenderedFeatures: (_p: unknown, o: { layers: string[] }) => {
      asked.push(o.layers);
      const all = [...(onTrial ? [{ layer: { id: PLANNER_LAYER.trialPoint }, properties: { id: 't1' } }] : []), UNIT, DISTRICT];
      return all.filter((f) => o.layers.includes(f.layer.id));
    },
  } as unknown as MapLibreMap;
  return { map, asked };
}
const click = (lng: number, lat: number, shiftKey = false) =>
  ({ point: { x: 1, y: 1 }, lngLat: { lng, lat }, originalEvent: { shiftKey } }) as unknown as MapMouseEvent;

beforeEach(() => {
  resetStore(useViewStore);
  resetStore(useModeStore);
  resetStore(useTrialStore);
  resetStore(useResidentStore);
  resetStore(useDataStore);
});

describe('map click per mode', () => {
  it('select: a click selects the unit under it in the planner view, its district elsewhere', () => {
    const { map } = fakeMap();
    dispatchClick(map, click(121.48, 31.23));
    expect(useViewStore.getState().selection).toEqual({ kind: 'unit', id: 'u7' });
    useViewStore.setState({ view: 'plan' });
    dispatchClick(map, click(121.48, 31.23));
    expect(useViewStore.getState().selection).toEqual({ kind: 'district', id: '310101' });
    expect(useTrialStore.getState().trials).toEqual([]);
  });

  it('a click that places a trial site selects nothing, and placing ends after one site', () => {
    const { map, asked } = fakeMap();
    useModeStore.getState().setMode({ kind: 'placeTrial' });
    dispatchClick(map, click(121.48, 31.23));
    expect(useTrialStore.getState().trials).toHaveLength(1);
    expect(useViewStore.getState().selection).toBeNull(); // the unit under the new site is not selected
    expect(asked.at(-1)).toEqual([PLANNER_LAYER.trialPoint]); // only trial sites matter while placing
    expect(useModeStore.getState().mode).toEqual({ kind: 'select' });
    // the next click is a plain selection again: no second site by accident
    dispatchClick(map, click(121.49, 31.23));
    expect(useTrialStore.getState().trials).toHaveLength(1);
    expect(useViewStore.getState().selection).toEqual({ kind: 'unit', id: 'u7' });
  });

  it('Shift-click or the keep-placing switch keeps placing on', () => {
    const { map } = fakeMap();
    useModeStore.getState().setMode({ kind: 'placeTrial' });
    dispatchClick(map, click(121.48, 31.23, true));
    dispatchClick(map, click(121.49, 31.23, true));
    expect(useTrialStore.getState().trials).toHaveLength(2);
    expect(useModeStore.getState().mode.kind).toBe('placeTrial');
    useModeStore.getState().setKeepPlacing(true);
    dispatchClick(map, click(121.50, 31.23));
    expect(useTrialStore.getState().trials).toHaveLength(3);
    expect(useModeStore.getState().mode.kind).toBe('placeTrial');
    endMode();
    expect(useModeStore.getState().mode.kind).toBe('select');
  });

  it('placing on an existing trial site adds none; a click outside Shanghai adds none and keeps placing', () => {
    useModeStore.getState().setMode({ kind: 'placeTrial' });
    dispatchClick(fakeMap(true).map, click(121.48, 31.23));
    expect(useTrialStore.getState().trials).toHaveLength(0);
    dispatchClick(fakeMap().map, click(100, 20));
    expect(useTrialStore.getState().trials).toHaveLength(0);
    expect(useModeStore.getState().mode.kind).toBe('placeTrial');
  });

  it('moving: the next click moves the chosen site, then the mode ends', () => {
    useTrialStore.getState().add(121.48, 31.23);
    useModeStore.getState().setMode({ kind: 'moveTrial', id: 't1' });
    dispatchClick(fakeMap().map, click(121.5, 31.24));
    expect(useTrialStore.getState().trials[0]).toMatchObject({ lng: 121.5, lat: 31.24 });
    expect(useModeStore.getState().mode.kind).toBe('select');
    expect(useViewStore.getState().selection).toBeNull();
  });

  it('residents’ view: a click picks the place and selects nothing; the mode follows the view', () => {
    const stop = startModeFollowsView();
    try {
      useModeStore.getState().setMode({ kind: 'placeTrial' });
      useViewStore.getState().setView('resident');
      expect(useModeStore.getState().mode.kind).toBe('pickPlace');
      dispatchClick(fakeMap().map, click(121.48, 31.23));
      expect(useResidentStore.getState().at).toEqual({ lng: 121.48, lat: 31.23 });
      expect(useViewStore.getState().selection).toBeNull();
      expect(useTrialStore.getState().trials).toEqual([]);
      useViewStore.getState().setView('planner');
      expect(useModeStore.getState().mode.kind).toBe('select');
    } finally {
      stop();
    }
  });
});
