/**
 * Keeps stores and the URL query in step. Each store registers a binding: how to read
 * its fields from the query and write them back. The map camera lives in the hash
 * (MapLibre's own `hash` option), which this module leaves alone.
 */
export interface UrlBinding {
  read: (params: URLSearchParams) => void;
  write: (params: URLSearchParams) => void;
  subscribe: (onChange: () => void) => () => void;
}

export function startUrlSync(bindings: UrlBinding[]): () => void {
  const initial = new URLSearchParams(window.location.search);
  for (const b of bindings) b.read(initial);
  const writeAll = () => {
    const params = new URLSearchParams(window.location.search);
    for (const b of bindings) b.write(params);
    const query = params.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', url);
  };
  const unsubs = bindings.map((b) => b.subscribe(writeAll));
  writeAll();
  return () => unsubs.forEach((u) => u());
}
