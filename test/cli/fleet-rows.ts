/**
 * Every row of a fleet store that matters, in a stable order (row ids left out): what the tests
 * that compare two ingests of the same files (killed and resumed, threaded and not) compare.
 * @module
 */
import Database from 'better-sqlite3';

export function storedRows(db: string): Record<string, unknown[]> {
  const d = new Database(db, { readonly: true });
  try {
    return {
      captures: d
        .prepare(
          'SELECT content_hash, device_key, captured_at, captured_at_source, ingested_at, source, shape, lossy, context, join_state, health, failed_phase, error_code, findings, events, hex(raw) AS raw, raw_size FROM captures ORDER BY content_hash',
        )
        .all(),
      devices: d.prepare('SELECT * FROM devices ORDER BY device_key').all(),
      histories: d.prepare('SELECT COUNT(*) AS n FROM devices WHERE captures = 2').all(),
      codes: d.prepare('SELECT * FROM device_codes ORDER BY code, device_key').all(),
      rollup: d.prepare('SELECT * FROM rollup WHERE devices <> 0 ORDER BY dim, key').all(),
    };
  } finally {
    d.close();
  }
}
