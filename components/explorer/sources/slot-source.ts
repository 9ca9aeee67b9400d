// What a slot attaches: a downloaded URL or a picked file, under a virtual file name
// numbered per open, so two opens of the same file never share a name in DuckDB's file system.
import { bufferSource, fileSource, urlSource, type AttachedSource } from '@/components/explorer/engine/attached-source';
import { virtualFileName } from '@/components/explorer/engine/sql-text';
import { loadUrl } from './source-loader';
import type { Slot } from './use-slots';

let fileCounter = 0;

/** `bytes` are the file `name` just downloaded from `url`. */
export function downloadedSource(slot: Slot, url: string, name: string, bytes: Uint8Array): AttachedSource {
  let first: Uint8Array | null = bytes;
  return bufferSource(slot, virtualFileName(slot, name, ++fileCounter), async () => {
    // The first registration uses the bytes already downloaded; a restart downloads again
    // (registerFileBuffer transfers the buffer to the worker, so no copy is kept here).
    if (first) {
      const b = first;
      first = null;
      return b;
    }
    const again = await loadUrl(url);
    if (!again.ok) throw new Error(`${again.title}: ${again.detail}`);
    return again.bytes;
  });
}

export function pickedFileSource(slot: Slot, file: File): AttachedSource {
  return fileSource(slot, virtualFileName(slot, file.name, ++fileCounter), file);
}

/** A server file read in place with range requests (see urlSource). */
export function rangedSource(slot: Slot, url: string, name: string): AttachedSource {
  // The worker resolves nothing against the page: give it an absolute URL.
  const base = globalThis.location?.href ?? 'http://127.0.0.1/';
  return urlSource(slot, virtualFileName(slot, name, ++fileCounter), new URL(url, base).href);
}
