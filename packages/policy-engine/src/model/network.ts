// Configuration of IP (CIDR lists) and geography (country lists) policies.
import { z } from 'zod';
import { parseCidr } from '../net/cidr';

const cidr = z.string().superRefine((value, ctx) => {
  const r = parseCidr(value);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, input: value });
});

const MAX_CIDRS = 5000;

export const ipConfigSchema = z
  .strictObject({
    allow: z.array(cidr).max(MAX_CIDRS).default([]),
    deny: z.array(cidr).max(MAX_CIDRS).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.allow.length === 0 && c.deny.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'list at least one CIDR in allow or deny', path: ['allow'] });
    }
  });
export type IpConfig = z.output<typeof ipConfigSchema>;

const country = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((value, ctx) => {
    if (!/^[A-Z]{2}$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not an ISO 3166-1 alpha-2 country code`,
        input: value,
      });
    }
  });

export const geoConfigSchema = z
  .strictObject({
    allowCountries: z.array(country).max(300).optional(),
    denyCountries: z.array(country).max(300).optional(),
    /** Private, reserved and unmapped addresses have no country: say what happens to them. */
    unknownCountry: z.enum(['allow', 'deny'], { error: "must be 'allow' or 'deny'" }),
  })
  .superRefine((c, ctx) => {
    const allow = new Set(c.allowCountries ?? []);
    (c.denyCountries ?? []).forEach((code, i) => {
      if (allow.has(code)) {
        ctx.addIssue({
          code: 'custom',
          message: `'${code}' is in both allowCountries and denyCountries`,
          path: ['denyCountries', i],
        });
      }
    });
  });
export type GeoConfig = z.output<typeof geoConfigSchema>;
