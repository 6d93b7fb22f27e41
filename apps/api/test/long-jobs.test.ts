// Long jobs on PostgreSQL: see long-jobs-scenario.ts.
import { longJobsSuite } from './long-jobs-scenario';

longJobsSuite('postgres', 200_000);
