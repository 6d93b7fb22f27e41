// What each kind of long job does, registered by the feature that owns the work (audit trail,
// policy lab), so the jobs module runs them without depending on those features.
import { Injectable } from '@nestjs/common';
import type { JobControl } from './job-control';
import type { JobKind } from './jobs.service';

/** Runs one job of a tenant; its result is what the route answers inline, field for field. */
export type JobRunner = (tenantId: string, input: unknown, control: JobControl) => Promise<unknown>;

@Injectable()
export class JobRunners {
  private readonly runners = new Map<JobKind, JobRunner>();

  register(kind: JobKind, run: JobRunner): void {
    if (this.runners.has(kind)) throw new Error(`a runner for ${kind} jobs is registered already`);
    this.runners.set(kind, run);
  }

  runnerOf(kind: JobKind): JobRunner {
    const run = this.runners.get(kind);
    if (!run) throw new Error(`unknown job kind ${String(kind)}`);
    return run;
  }
}
