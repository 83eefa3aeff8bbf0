/**
 * Search in the planner view: the shared place search (src/ui/search); a pick takes the map
 * there and selects the planning unit under the place (its details open below), or frames
 * a district or 街镇 and selects it.
 */
import { useState } from 'react';
import { pickPlannerPlace } from '../../state/plannerSearch';
import { useT } from '../../state/useT';
import { PlaceSearch } from '../search/PlaceSearch';

export function PlannerSearch() {
  const t = useT();
  const [status, setStatus] = useState<{ name: string; inUnit: boolean } | null>(null);
  return (
    <section className="panel-section planner-search" aria-label={t('search.planner.label')} data-testid="planner-search">
      <PlaceSearch
        label={t('search.planner.label')}
        placeholder={t('search.planner.placeholder')}
        streetsNote
        onPick={(e) => {
          const p = pickPlannerPlace(e);
          setStatus({ name: e.label, inUnit: p.unitId !== null || p.bbox !== undefined });
        }}
      />
      <p className="place-search-status" role="status" data-testid="planner-search-status">
        {status ? t(status.inUnit ? 'search.planner.picked' : 'search.planner.noUnit', { name: status.name }) : ''}
      </p>
    </section>
  );
}
