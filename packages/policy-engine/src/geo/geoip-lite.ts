// GeoResolver on geoip-lite's bundled GeoLite data. The data (tens of MB in memory) is loaded
// on the first lookup, not at import, so processes without geo policies never pay for it.
import { lookupForm, type GeoResolver } from './resolver';

type GeoipLite = typeof import('geoip-lite');

let loaded: GeoipLite | undefined;

function load(): GeoipLite {
  // A synchronous require keeps lookups synchronous; geoip-lite reads its data files on load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  loaded ??= require('geoip-lite') as GeoipLite;
  return loaded;
}

export function createGeoipLiteResolver(): GeoResolver {
  return {
    country(ip: string): string | undefined {
      const address = lookupForm(ip);
      if (address === undefined) return undefined;
      const hit = load().lookup(address);
      return hit?.country ? hit.country.toUpperCase() : undefined;
    },
  };
}
