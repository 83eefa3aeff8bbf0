/**
 * The network tables the command line writes (`npm run analyze -- --network`) and the app
 * exports in network mode, from one function so both have the same numbers: circle coverage
 * and network coverage (NetworkCoverage) on one grid over the land the app's panel uses: each
 * unit clipped to the network's extent by networkUnits.ts (at least half of its land inside the
 * extent shrunk by 100 m), and "no network data" wherever a unit's grid cells are not all inside
 * the extent, as the app's engine decides (its cells outside are no data); residential points when
 * given (networkDemand.ts), and "where the straight line lies" (circle share − network share over
 * the same land, networkRows.ts). Pure; heavy (seconds on the shipped extract with the city's
 * units): the app runs it in a worker.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Category, UnitFeature } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import { CoverageEngine } from './coverageEngine';
import type { CoverageResult, DemandPoint, EngineFacility } from './coverageTypes';
import type { NetworkGraph } from './network/graph';
import { NetworkCoverage, type NetworkCoverageResult } from './network/networkCoverage';
import { applyNetworkDemand, type NetworkDemandInfo } from './network/networkDemand';
import { networkGroupRows, networkUnitFeatures, networkUnitRows, overstatement, unlinkedRows, type Overstatement } from './network/networkRows';
import type { Cell, UnitResultProps } from './resultRows';
import { DEFAULT_CELL_SIZE_M } from './unitGrid';
import { clipUnitsToExtent } from './networkUnits';

export interface NetworkTablesInput {
  categories: readonly Category[];
  units: readonly UnitFeature[];
  graph: NetworkGraph;
  facilities: readonly (EngineFacility & { name?: string })[];
  params: WalkParams;
  trimM?: number;
  accessM?: number;
  cellSize?: number;
  demand?: readonly DemandPoint[] | null;
  /** stage names as the work goes ('grid', 'circles', 'network', 'rows') */
  onStage?: (stage: string) => void;
}

export interface NetworkTables {
  /** coverage-units.csv */
  unitRows: Cell[][];
  /** coverage-districts.csv */
  groupRows: Cell[][];
  /** coverage-units.geojson */
  features: FeatureCollection<Polygon | MultiPolygon, UnitResultProps> & { metadata: Record<string, unknown> };
  /** network-unlinked.csv */
  unlinked: Cell[][];
  result: NetworkCoverageResult;
  circle: CoverageResult;
  over: Overstatement;
  demandAssigned: { assigned: number; outside: number } | null;
  networkDemand: NetworkDemandInfo | null;
  timing: { gridMs: number; circleMs: number; networkMs: number };
}

export function networkTables(i: NetworkTablesInput): NetworkTables {
  const stage = i.onStage ?? (() => undefined);
  const t0 = performance.now();
  stage('grid');
  const engine = new CoverageEngine(i.categories, { cellSize: i.cellSize ?? DEFAULT_CELL_SIZE_M });
  const land = clipUnitsToExtent(i.units, i.graph.extent);
  engine.setUnits(land.units);
  engine.setFacilities(i.facilities);
  const demandAssigned = i.demand ? engine.setDemand(i.demand) : null;
  const t1 = performance.now();
  stage('circles');
  const circle = engine.compute(i.params);
  const grid = engine.getGrid();
  if (!grid) throw new Error('no grid');
  const t2 = performance.now();
  stage('network');
  // figures only where every cell of the (clipped) unit has network data: the app's rule
  const nc = new NetworkCoverage(i.categories, grid, land.units, i.graph, { trimM: i.trimM, accessM: i.accessM, minExtentShare: 1 });
  nc.setFacilities(i.facilities);
  const result = nc.compute(i.params);
  // the share reported is of the whole unit's land (inside the extent shrunk by 100 m)
  i.units.forEach((u, k) => {
    result.network.unitExtentShare[k] = land.insideShare.get(u.properties.id) ?? 0;
  });
  const networkDemand = i.demand ? applyNetworkDemand(nc, result, i.demand) : null;
  const t3 = performance.now();
  stage('rows');
  const over = overstatement(result, grid, nc.cellIn, circle.slots.map((_, s) => engine.cellState(s) as { frac: Float32Array; pieceFrac: Float32Array }));
  return {
    unitRows: networkUnitRows(result, over, i.units, i.categories),
    groupRows: networkGroupRows(result, over, i.categories),
    features: networkUnitFeatures(result, over, i.units),
    unlinked: unlinkedRows(result.network.unlinked),
    result, circle, over, demandAssigned, networkDemand,
    timing: { gridMs: t1 - t0, circleMs: t2 - t1, networkMs: t3 - t2 },
  };
}
