// oidc-provider ships no types; the spec uses a small, typed slice of it (support/oidc-idp.ts).
declare module 'oidc-provider';
