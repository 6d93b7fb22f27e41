// Long jobs on the embedded default (PGlite in its own thread): see long-jobs-scenario.ts.
import { longJobsSuite } from './long-jobs-scenario';

longJobsSuite('embedded', 100_000);
