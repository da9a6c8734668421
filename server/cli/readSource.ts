/**
 * Reads a file to lint. Invalid UTF-8 is decoded with replacement characters (so
 * the file is still linted) and marked lossy, so --fix never writes it back and
 * destroys the original bytes. A BOM is kept so writing back preserves it.
 */
import * as fs from 'node:fs';

export type SourceRead =
  | { ok: true; text: string; lossy: boolean }
  | { ok: false; binary: true }
  | { ok: false; binary: false; message: string };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Git's heuristic: a NUL byte in the first 8 KB means binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export function readSource(file: string): SourceRead {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, binary: false, message: (e as Error).message };
  }
  if (looksBinary(bytes)) return { ok: false, binary: true };
  try {
    return { ok: true, text: strict.decode(bytes), lossy: false };
  } catch {
    return { ok: true, text: lenient.decode(bytes), lossy: true };
  }
}
