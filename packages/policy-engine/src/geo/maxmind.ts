// GeoResolver on a MaxMind database file (GeoLite2/GeoIP2 Country or City .mmdb) by path.
import { open, type CountryResponse } from 'maxmind';
import { lookupForm, type GeoResolver } from './resolver';

export interface MaxMindResolverOptions {
  /** Reload when the file changes on disk (for periodic database updates). */
  watchForUpdates?: boolean;
}

export async function openMaxMindResolver(
  path: string,
  options: MaxMindResolverOptions = {},
): Promise<GeoResolver> {
  const reader = await open<CountryResponse>(path, { watchForUpdates: options.watchForUpdates ?? false });
  return {
    country(ip: string): string | undefined {
      const address = lookupForm(ip);
      if (address === undefined) return undefined;
      let record: CountryResponse | null;
      try {
        record = reader.get(address);
      } catch {
        return undefined; // e.g. an IPv6 address against an IPv4-only database
      }
      const code = record?.country?.iso_code ?? record?.registered_country?.iso_code;
      return code ? code.toUpperCase() : undefined;
    },
  };
}
