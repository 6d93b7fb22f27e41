import { notFound } from './errors';

/** A path id that is not a UUID names nothing: the same 404 as an id of another tenant. */
export function assertUuid(id: string, what: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(what);
}
