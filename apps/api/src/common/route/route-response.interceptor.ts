// Answers are what their route says: the response schema parses each handler's result, which
// drops any field the contract does not name (a stored hash, a sealed secret) before it is sent.
// A handler that answers one of the route's alternatives (202 with a job, say) sets that status.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { routeOf } from './handles';

@Injectable()
export class RouteResponseInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = routeOf(ctx.getHandler());
    if (!route?.response && !route?.alternatives) return next.handle();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result === undefined) return result;
        const schema =
          route.alternatives?.find((a) => a.status === reply.statusCode)?.response ?? route.response;
        return schema ? schema.parse(result) : result;
      }),
    );
  }
}
