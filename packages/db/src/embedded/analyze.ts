// The planner's statistics on the embedded database. PostgreSQL's autovacuum re-analyzes a table
// once enough of it changed; PGlite runs no autovacuum, and does not even count a table's changes
// (pg_stat_user_tables stays at zero). Without statistics, or with statistics of a table a tenth
// of its size, the planner picks plans for the wrong table: scanning every audit event of a tenant
// to find a handful by primary key, say (bench/results/issue13). So the size on disk stands in
// for the count of changes: a table whose pages moved by more than a tenth (and a few pages) since
// its last ANALYZE, or never analyzed and holding rows, is analyzed again.
import { poolsOf } from '../bulk-read';

/** Pages a table may grow or shrink by before its share of change is even considered. */
const MIN_PAGES_CHANGED = 8;
/** autovacuum_analyze_scale_factor's default: the share of a table that must have changed. */
const SCALE_FACTOR = 0.1;

const STALE_TABLES = `
  SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname = 'public'
    AND pg_relation_size(c.oid) > 0
    AND (c.reltuples < 0
      OR abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
         > ${MIN_PAGES_CHANGED} + ${SCALE_FACTOR} * c.relpages)
  ORDER BY c.relname`;

/**
 * Analyzes the tables of `client`'s database (made by createDb) whose statistics are stale by
 * that measure, one after another (each ANALYZE reads a bounded sample, whatever the table's
 * size); returns their names.
 */
export async function analyzeStaleTables(client: object): Promise<string[]> {
  const pool = poolsOf(client).bulk.get();
  const { rows } = await pool.query<{ name: string }>(STALE_TABLES);
  // The names come from the catalog, quoted by format('%I'): safe to put in the statement.
  for (const { name } of rows) await pool.query(`ANALYZE ${name}`);
  return rows.map((r) => r.name);
}
