/**
 * Crypto-shredding of an expired recording (DESIGN.md section 4, retention).
 *
 * Order matters: the wrapped data key is destroyed first, in its own committed transaction. From
 * that moment the media is unreadable ciphertext wherever copies of it live (backups, restored
 * files), so a crash between the two steps leaves nothing readable. The files are then overwritten
 * (best effort: on SSDs and copy-on-write filesystems the old blocks may survive, which is why the
 * key comes first) and unlinked. Idempotent: calling it again finishes deleting files after a crash.
 *
 * For the key to be gone from the database file too, SQLite should run with `secure_delete = ON`
 * (so the freed bytes of the old wrapped_key are zeroed) and the WAL be checkpointed.
 */
import { open, rmdir, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { randomFillSync } from 'node:crypto';
import type { Db } from '../store/db';

/** Shredding was refused because the recording must be kept (legal hold or active quarantine). */
export class ShredRefusedError extends Error {
  override readonly name = 'ShredRefusedError';
}

const OVERWRITE_BLOCK = 1024 * 1024;

export async function cryptoShred(db: Db, storageRoot: string, recordingId: string): Promise<void> {
  const files = db.transaction(() => {
    const rec = db.get<{ legal_hold: number }>('SELECT legal_hold FROM recordings WHERE id = ?', [recordingId]);
    if (!rec) throw new Error(`unknown recording ${recordingId}`);
    // Defence in depth: retention decides expiry, but a held or quarantined recording is never shredded.
    if (rec.legal_hold) throw new ShredRefusedError(`recording ${recordingId} is under legal hold`);
    const q = db.get<{ id: string }>('SELECT id FROM recording_quarantines WHERE recording_id = ? AND lifted_at IS NULL LIMIT 1', [recordingId]);
    if (q) throw new ShredRefusedError(`recording ${recordingId} has an active quarantine`);
    db.run("UPDATE recordings SET wrapped_key = NULL, kek_id = NULL, status = 'expired' WHERE id = ?", [recordingId]);
    return db.all<{ file: string }>('SELECT file FROM recording_tracks WHERE recording_id = ?', [recordingId]).map((r) => r.file);
  });

  const root = resolve(storageRoot);
  const dirs = new Set<string>();
  for (const file of files) {
    const path = insideRoot(root, file);
    await overwriteAndUnlink(path);
    dirs.add(dirname(path));
  }
  // Remove the recording's now-empty directories (never the root itself); non-empty ones stay.
  for (const dir of dirs) {
    for (let d = dir; d !== root && insideRootOrNull(root, d); d = dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        break;
      }
    }
  }
}

/** Resolve a stored relative track path, refusing anything that escapes the storage root. */
function insideRoot(root: string, file: string): string {
  const path = insideRootOrNull(root, resolve(root, file));
  if (!path) throw new Error(`track file ${file} is outside the storage root`);
  return path;
}

function insideRootOrNull(root: string, path: string): string | null {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? path : null;
}

async function overwriteAndUnlink(path: string): Promise<void> {
  try {
    const fh = await open(path, 'r+');
    try {
      const size = (await fh.stat()).size;
      const block = Buffer.alloc(Math.min(OVERWRITE_BLOCK, Math.max(size, 1)));
      for (let pos = 0; pos < size; pos += block.length) {
        randomFillSync(block);
        await fh.write(block, 0, Math.min(block.length, size - pos), pos);
      }
      await fh.datasync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // already gone (a previous run)
    // Overwrite is best effort; the key is already destroyed. Still remove the file below.
  }
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
