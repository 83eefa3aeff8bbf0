/** Types for the parts of shpjs 6 the boundary importer uses (the package ships none). */
declare module 'shpjs' {
  import type { FeatureCollection, Geometry } from 'geojson';
  export function parseShp(shp: ArrayBuffer | ArrayBufferView | DataView, prj?: string | false): Geometry[];
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView | DataView, cpg?: string): Record<string, unknown>[];
  export function combine(parts: [Geometry[], Record<string, unknown>[]?]): FeatureCollection;
  export function parseZip(buffer: ArrayBuffer | ArrayBufferView, whiteList?: string[]): Promise<FeatureCollection | FeatureCollection[]>;
  const getShapefile: (base: string | ArrayBuffer | ArrayBufferView) => Promise<FeatureCollection | FeatureCollection[]>;
  export default getShapefile;
}
