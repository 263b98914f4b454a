/**
 * The one seam between the service and its SQL database. SQL in this codebase is portable
 * (`?` placeholders, TEXT/INTEGER columns, no SQLite-only syntax) so a PostgreSQL driver can
 * sit behind the same interface later.
 */
import Database from 'better-sqlite3';

export type SqlValue = string | number | null;

export interface Db {
  run(sql: string, params?: readonly SqlValue[]): { changes: number };
  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined;
  all<T>(sql: string, params?: readonly SqlValue[]): T[];
  exec(sql: string): void;
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function openSqlite(file: string): Db {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Deleted content (e.g. a crypto-shredded data key) is overwritten, not left in free pages.
  raw.pragma('secure_delete = ON');
  const stmts = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = stmts.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      stmts.set(sql, s);
    }
    return s;
  };
  return {
    run: (sql, params = []) => ({ changes: prepare(sql).run(...params).changes }),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => prepare(sql).get(...params) as T | undefined,
    all: <T>(sql: string, params: readonly SqlValue[] = []) => prepare(sql).all(...params) as T[],
    exec: (sql) => raw.exec(sql),
    transaction: <T>(fn: () => T) => raw.transaction(fn)(),
    close: () => raw.close(),
  };
}
