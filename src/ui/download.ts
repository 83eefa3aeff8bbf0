/** Save text or bytes as a file through a temporary object URL (the browser's download). */
function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // let the download start before the URL goes away
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  saveBlob(filename, new Blob([text], { type: mime }));
}

/** PDF, Word. */
export function downloadBytes(filename: string, bytes: Uint8Array, mime: string): void {
  saveBlob(filename, new Blob([bytes as BlobPart], { type: mime }));
}
