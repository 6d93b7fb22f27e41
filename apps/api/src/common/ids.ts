import { notFound } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);

/** A path id that is not a UUID names nothing: the same 404 as an id of another tenant. */
export function assertUuid(id: string, what: string): void {
  if (!isUuid(id)) throw notFound(what);
}
