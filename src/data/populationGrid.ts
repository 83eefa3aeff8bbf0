/**
 * The dasymetric population grid (geodata/population-grid.json): 500 m cells with estimated
 * residents (2020 district census spread by bus-stop and service density). An estimate.
 */
import type { FeatureCollection, Polygon } from 'geojson';

export interface PopulationGridFile {
  note: string;
  crs: string;
  lng0: number;
  lat0: number;
  dLng: number;
  dLat: number;
  cellM: number;
  /** [i, j, residents (rounded)]; cell (i, j) covers lng0 + i·dLng … + dLng, lat0 + j·dLat … + dLat */
  cells: [number, number, number][];
}

export interface PopCellProps {
  pop: number;
  /** residents per km² */
  density: number;
}

/** Cells as polygons for the map (WGS84), with residents and density. */
export function populationGridToGeoJson(g: PopulationGridFile): FeatureCollection<Polygon, PopCellProps> {
  const km2 = (g.cellM / 1000) ** 2;
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    type: 'FeatureCollection',
    features: g.cells.map(([i, j, pop]) => {
      const x0 = r6(g.lng0 + i * g.dLng), x1 = r6(g.lng0 + (i + 1) * g.dLng);
      const y0 = r6(g.lat0 + j * g.dLat), y1 = r6(g.lat0 + (j + 1) * g.dLat);
      return {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
        properties: { pop, density: Math.round(pop / km2) },
      };
    }),
  };
}
