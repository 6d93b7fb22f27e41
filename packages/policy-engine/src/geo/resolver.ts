// Country lookup behind an interface: the gateway resolves once per call and passes the code
// in the call context; evaluate() can also resolve through one when the context has none.

export interface GeoResolver {
  /** ISO 3166-1 alpha-2 code, or undefined for private, reserved or unmapped addresses. */
  country(ip: string): string | undefined;
}
