declare module 'tiny-osmpbf' {
  /** Decodes a whole .osm.pbf buffer; with a handler, elements go to it instead of the result. */
  export default function tinyosmpbf(data: Uint8Array | ArrayBuffer, handler?: (element: unknown) => void): unknown;
}
