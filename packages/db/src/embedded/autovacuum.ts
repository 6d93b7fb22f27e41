// What PostgreSQL's autovacuum does that the application depends on, for the embedded database:
// PGlite runs no autovacuum, and does not even count a table's changes (pg_stat_user_tables stays
// at zero).
//
// The planner's statistics. Autovacuum re-analyzes a table once enough of it changed. Without statistics, or with statistics of a table a tenth
// of its size, the planner picks plans for the wrong table: scanning every audit event of a tenant
// to find a handful by primary key, say (bench/results/issue13). So the size on disk stands in
// for the count of changes: a table whose pages moved by more than a tenth (and a few pages) since
// its last ANALYZE, or never analyzed and holding rows, is analyzed again.
import { poolsOf } from '../bulk-read';

/** Pages a table may grow or shrink by before its share of change is even considered. */
const MIN_PAGES_CHANGED = 8;
/** autovacuum_analyze_scale_factor's default: the share of a table that must have changed. */
const SCALE_FACTOR = 0.1;

/** The application's tables that hold rows, those that also meet `condition`. */
const tablesWith = (condition: string) => `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname = 'public'
    AND pg_relation_size(c.oid) > 0
    AND (${condition})
  ORDER BY c.relname`;

const STALE_TABLES = tablesWith(`c.reltuples < 0
      OR abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
         > ${MIN_PAGES_CHANGED} + ${SCALE_FACTOR} * c.relpages`);
const ALL_TABLES = tablesWith('true');

/**
 * Analyzes the tables of `client`'s database (made by createDb) whose statistics are stale by
 * that measure, one after another (each ANALYZE reads a bounded sample, whatever the table's
 * size); returns their names.
 */
export function analyzeStaleTables(client: object): Promise<string[]> {
  return forEachListed(client, STALE_TABLES, [], 'ANALYZE');
}

/**
 * Analyzes every table that holds rows. For after a pass whose ANALYZE failed: a VACUUM since
 * (freezeOldTables) rewrites the page and row counts the staleness measure reads, so the tables
 * that were due would look fresh.
 */
export function analyzeAllTables(client: object): Promise<string[]> {
  return forEachListed(client, ALL_TABLES, [], 'ANALYZE');
}

/** Runs `command` on each table `listSql` names, one after another; returns their names. */
async function forEachListed(
  client: object,
  listSql: string,
  params: unknown[],
  command: 'ANALYZE' | 'VACUUM (FREEZE)',
): Promise<string[]> {
  const pool = poolsOf(client).bulk.get();
  const { rows } = await pool.query<{ name: string }>(listSql, params);
  // The names come from the catalog, quoted by format('%I'): safe to put in the statement.
  for (const { name } of rows) await pool.query(`${command} ${name}`);
  return rows.map((r) => r.name);
}

/** autovacuum_freeze_max_age's default: the transactions a table's oldest unfrozen row may be behind. */
export const FREEZE_MAX_AGE = 200_000_000;

// Tables (with their TOAST tables) whose oldest unfrozen transaction or multixact id is older
// than $1 transactions: what autovacuum's anti-wraparound vacuum picks. The system catalogs too.
const OLD_TABLES = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
  WHERE c.relkind IN ('r', 'm')
    AND greatest(age(c.relfrozenxid), coalesce(age(t.relfrozenxid), 0),
                 mxid_age(c.relminmxid), coalesce(mxid_age(t.relminmxid), 0)) > $1
  ORDER BY greatest(age(c.relfrozenxid), coalesce(age(t.relfrozenxid), 0)) DESC`;

/**
 * Transaction ids wrap around after about two billion: past that, a row not frozen would seem
 * to come from the future and vanish. A PostgreSQL server refuses writes before that point, and
 * autovacuum freezes tables long before; PGlite runs PostgreSQL as a standalone backend, which
 * only warns. An embedded database under steady load (one commit per audit batch, tens a second)
 * would get there within a year or two. This freezes (VACUUM (FREEZE)) the tables older than `maxAge`, the
 * oldest first, and returns their names. A table is frozen once per `maxAge` transactions; its
 * pages already all frozen are skipped.
 */
export async function freezeOldTables(client: object, maxAge = FREEZE_MAX_AGE): Promise<string[]> {
  if (!Number.isSafeInteger(maxAge) || maxAge < 0)
    throw new RangeError('maxAge must be a whole number of transactions');
  return forEachListed(client, OLD_TABLES, [maxAge], 'VACUUM (FREEZE)');
}
