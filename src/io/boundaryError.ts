/** A boundary file that cannot be read at all (as opposed to single features that are rejected). */
export class BoundaryFileError extends Error {
  constructor(
    readonly code: 'not-geojson' | 'no-features' | 'bad-zip' | 'no-shapefile' | 'bad-shapefile',
    message: string,
  ) {
    super(message);
    this.name = 'BoundaryFileError';
  }
}
