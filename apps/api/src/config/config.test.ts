import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const base = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  SECRET_PEPPER: 'x'.repeat(32),
  MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(4000);
    expect(c.secureCookies).toBe(false);
    expect(c.RUN_WORKER).toBe(true);
  });
  it('names a missing variable in one line', () => {
    expect(() => loadConfig({ ...base, REDIS_URL: undefined })).toThrow(
      new ConfigError('Configuration error: REDIS_URL is required'),
    );
  });
  it('names a bad variable and says why', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/^Configuration error: PORT /);
    expect(() => loadConfig({ ...base, SECRET_PEPPER: 'short' })).toThrow(
      'Configuration error: SECRET_PEPPER must be at least 32 characters',
    );
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must be a postgresql/,
    );
  });
  it('refuses a development pepper in production', () => {
    expect(() =>
      loadConfig({ ...base, NODE_ENV: 'production', SECRET_PEPPER: 'dev-' + 'x'.repeat(32) }),
    ).toThrow(/production/);
  });
  it('turns on Secure cookies behind https and strips trailing slashes', () => {
    const c = loadConfig({ ...base, PUBLIC_URL: 'https://gw.example.com/' });
    expect(c.secureCookies).toBe(true);
    expect(c.PUBLIC_URL).toBe('https://gw.example.com');
  });
  it('keeps the cache staleness bound at least two poll intervals', () => {
    expect(loadConfig(base).CACHE_MAX_STALENESS_MS).toBe(1000);
    expect(() => loadConfig({ ...base, CACHE_POLL_MS: '600' })).toThrow(
      'Configuration error: CACHE_MAX_STALENESS_MS must be at least twice CACHE_POLL_MS',
    );
    expect(loadConfig({ ...base, CACHE_POLL_MS: '600', CACHE_MAX_STALENESS_MS: '1200' }).CACHE_POLL_MS).toBe(
      600,
    );
  });

  it('normalizes origins: lower-case host, no default port (issuers and audiences compare exactly)', () => {
    const c = loadConfig({
      ...base,
      PUBLIC_URL: 'https://API.Example.COM:443/',
      CONSOLE_URL: 'HTTP://Console.Example.com:80',
    });
    expect(c.PUBLIC_URL).toBe('https://api.example.com');
    expect(c.CONSOLE_URL).toBe('http://console.example.com');
  });
  it('refuses the demo seed and loopback upstreams in production', () => {
    const prod = { ...base, NODE_ENV: 'production' };
    expect(() => loadConfig({ ...prod, SEED_DEMO: 'true' })).toThrow(
      /SEED_DEMO must not be set in production/,
    );
    expect(() => loadConfig({ ...prod, ALLOW_LOOPBACK_UPSTREAMS: 'true' })).toThrow(
      /ALLOW_LOOPBACK_UPSTREAMS/,
    );
  });
  it('closes sign-up and the API docs by default in production only', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' })).toMatchObject({
      SIGNUP_MODE: 'closed',
      API_DOCS: 'signed_in',
    });
    expect(loadConfig(base)).toMatchObject({ SIGNUP_MODE: 'open', API_DOCS: 'public' });
  });
});
