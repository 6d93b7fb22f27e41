// Long jobs: started and read back on any node, run by the worker with the runner the owning
// feature registered for their kind.
import { Module } from '@nestjs/common';
import { JobRunners } from './job-runners';
import { JobsController } from './jobs.controller';
import { JobsProcessor } from './jobs.processor';
import { JobsService } from './jobs.service';

@Module({
  controllers: [JobsController],
  providers: [JobsService, JobRunners],
  exports: [JobsService, JobRunners],
})
export class JobsModule {}

@Module({ imports: [JobsModule], providers: [JobsProcessor] })
export class JobsWorkerModule {}
