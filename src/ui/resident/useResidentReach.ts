/** The reach result for the chosen place and persona, recomputed when either changes. */
import { useMemo } from 'react';
import type { DistrictFeature } from '../../domain/types';
import { buildFacilityIndex, computeResidentReach, type ResidentReach } from '../../geo/reach';
import { districtAt } from '../../geo/reachPlace';
import { useDataStore } from '../../state/dataStore';
import { personaSpeed } from '../../domain/walk';
import { useResidentStore } from '../../state/residentStore';

export function useResidentReach(): { reach: ResidentReach | null; district: DistrictFeature | null } {
  const facilities = useDataStore((s) => s.facilities);
  const categories = useDataStore((s) => s.categories);
  const districts = useDataStore((s) => s.districts);
  const at = useResidentStore((s) => s.at);
  const persona = useResidentStore((s) => s.persona);
  // index build is ~1.5 ms per 1000 facilities; queries well under a millisecond (bench/reach.bench.ts)
  const index = useMemo(() => buildFacilityIndex(facilities), [facilities]);
  const catIds = useMemo(() => categories.map((c) => c.id), [categories]);
  // one rule for the headline and the list: each category within its own target minutes
  const targets = useMemo(() => Object.fromEntries(categories.map((c) => [c.id, c.minutes])), [categories]);
  const reach = useMemo(
    () => (at ? computeResidentReach(index, at, catIds, personaSpeed(persona), 15, targets) : null),
    [index, at, catIds, persona, targets],
  );
  const district = useMemo(() => (at && districts ? districtAt(at, districts.features) : null), [at, districts]);
  return { reach, district };
}
