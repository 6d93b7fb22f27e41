// The API side of the route values (@portcullis/sdk routes): a handler says which route it
// implements with @Handles(route), which registers its method and path, its status, its access
// level, and the route itself for the input parser and the response serializer. @In() gives the
// handler the route's inputs, parsed by its schemas. No DTO classes, no second description.
import {
  applyDecorators,
  createParamDecorator,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ZodError, type z } from 'zod';
import type { Route } from '@portcullis/sdk';
import { Access } from '../access';
import { notFound, validationFailed } from '../errors';
import { isUuid } from '../ids';

export const ROUTE_KEY = 'portcullis:route';

export function Handles(route: Route): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: route.path, method: RequestMethod[route.method] }),
    HttpCode(route.status),
    Access(route.access),
    SetMetadata(ROUTE_KEY, route),
  );
}

/** The route a handler implements (set by @Handles). */
export function routeOf(handler: object): Route | undefined {
  return Reflect.getMetadata(ROUTE_KEY, handler) as Route | undefined;
}

function parse(schema: z.ZodType, value: unknown): unknown {
  try {
    return schema.parse(value);
  } catch (e) {
    if (e instanceof ZodError) throw validationFailed(e);
    throw e;
  }
}

/** Parses a request's inputs by its route: an id that cannot be one is a 404, like a missing one. */
export function parseInput(
  route: Route,
  req: FastifyRequest,
): { params: Record<string, string>; query: unknown; body: unknown } {
  const raw = (req.params ?? {}) as Record<string, string>;
  const params: Record<string, string> = {};
  for (const [name, spec] of Object.entries(route.params ?? {})) {
    const value = raw[name] ?? '';
    const ok = spec.kind === 'id' ? isUuid(value) : spec.pattern.test(value);
    if (!ok) throw notFound(spec.what);
    params[name] = value;
  }
  return {
    params,
    query: route.query ? parse(route.query, req.query ?? {}) : {},
    body: route.body ? parse(route.body, req.body ?? {}) : undefined,
  };
}

/** The handler's inputs: `@In() input: RouteInput<typeof agentRoutes.create>`. */
export const In = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const route = routeOf(ctx.getHandler());
  if (!route) throw new Error('@In() needs @Handles(route) on the same handler');
  return parseInput(route, ctx.switchToHttp().getRequest<FastifyRequest>());
});
