/**
 * The reach result for the chosen place and persona, recomputed when either changes. With the
 * network walk model on and the place inside the loaded network, the network's answer (from the
 * network worker, src/state/residentNetwork.ts) replaces the circles; `network` says which is
 * shown and why.
 */
import { useMemo } from 'react';
import type { DistrictFeature } from '../../domain/types';
import { buildFacilityIndex, computeResidentReach, type ResidentReach } from '../../geo/reach';
import { districtAt } from '../../geo/reachPlace';
import { useDataStore } from '../../state/dataStore';
import { personaSpeed } from '../../domain/walk';
import { useResidentStore } from '../../state/residentStore';
import { useNetworkStore } from '../../state/networkStore';
import { useResidentNetworkStore } from '../../state/residentNetwork';

/** 'off': circles (network mode off); 'network': network figures; otherwise circles and why */
export type NetworkReachState = 'off' | 'network' | 'loading' | 'outside' | 'not-linked';

export function useResidentReach(): { reach: ResidentReach | null; district: DistrictFeature | null; network: NetworkReachState; nearestM: number | null } {
  const facilities = useDataStore((s) => s.facilities);
  const categories = useDataStore((s) => s.categories);
  const districts = useDataStore((s) => s.districts);
  const at = useResidentStore((s) => s.at);
  const persona = useResidentStore((s) => s.persona);
  const model = useNetworkStore((s) => s.model);
  const netStatus = useNetworkStore((s) => s.status);
  const net = useResidentNetworkStore();
  // index build is ~1.5 ms per 1000 facilities; queries well under a millisecond (bench/reach.bench.ts)
  const index = useMemo(() => buildFacilityIndex(facilities), [facilities]);
  const catIds = useMemo(() => categories.map((c) => c.id), [categories]);
  // one rule for the headline and the list: each category within its own target minutes
  const targets = useMemo(() => Object.fromEntries(categories.map((c) => [c.id, c.minutes])), [categories]);
  const circles = useMemo(
    () => (at ? computeResidentReach(index, at, catIds, personaSpeed(persona), 15, targets) : null),
    [index, at, catIds, persona, targets],
  );
  const district = useMemo(() => (at && districts ? districtAt(at, districts.features) : null), [at, districts]);
  const current = at && net.at && net.at.lng === at.lng && net.at.lat === at.lat && net.persona === persona ? net.answer : null;
  let network: NetworkReachState = 'off';
  if (model === 'network') {
    if (netStatus !== 'ready' || !current) network = 'loading';
    else network = current.status === 'ok' ? 'network' : current.status;
  }
  const reach = network === 'network' && current?.reach ? current.reach : circles;
  return { reach, district, network, nearestM: current?.nearestM ?? null };
}
