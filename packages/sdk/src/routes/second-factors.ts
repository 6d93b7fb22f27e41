// A person's second factors (an authenticator app, its recovery codes, passkeys) and the second
// step of sign-in with them. The sign-in steps are public: the pending sign-in is a cookie.
import {
  PasskeySignInRequest, PasskeyView, RecoveryCodes, RegisterPasskeyRequest, SecondFactorRequest, SecondFactors, SessionResponse, TotpCodeRequest,
  TotpSetup, WebAuthnOptions,
} from '../contracts/auth.js';
import { idParam, route } from './route.js';

const tag = 'auth';

export const secondFactorRoutes = {
  overview: route({
    method: 'GET', path: '/api/v1/auth/second-factors', tag, access: 'authenticated', summary: "The person's second factors: the app, recovery codes left, passkeys",
    response: SecondFactors, errors: [403],
  }),
  totpSetup: route({
    method: 'POST', path: '/api/v1/auth/totp/setup', tag, access: 'authenticated', summary: 'A new authenticator secret, shown once (text and QR code); confirm it with a first code',
    response: TotpSetup, status: 200, errors: [403, 409], audit: { none: 'keeps an unconfirmed secret; confirming it records user.second_factor_enabled' },
  }),
  totpConfirm: route({
    method: 'POST', path: '/api/v1/auth/totp/confirm', tag, access: 'authenticated', summary: 'Turn the app on with its first code; answers the recovery codes, shown once',
    body: TotpCodeRequest, response: RecoveryCodes, status: 200, errors: [403, 409, 429], audit: { action: 'user.second_factor_enabled' },
  }),
  totpDisable: route({
    method: 'POST', path: '/api/v1/auth/totp/disable', tag, access: 'authenticated', summary: 'Remove the app (with a current code or a recovery code)',
    body: SecondFactorRequest, errors: [403, 429], audit: { action: 'user.second_factor_disabled' },
  }),
  regenerateRecoveryCodes: route({
    method: 'POST', path: '/api/v1/auth/recovery-codes', tag, access: 'authenticated', summary: 'New recovery codes, shown once (the old ones stop working)',
    body: TotpCodeRequest, response: RecoveryCodes, status: 200, errors: [403, 429], audit: { action: 'user.recovery_codes_regenerated' },
  }),
  signIn: route({
    method: 'POST', path: '/api/v1/auth/signin/second-factor', tag, access: 'public', summary: 'After a right password: the code from the app, or a recovery code, opens the session',
    body: SecondFactorRequest, response: SessionResponse, status: 200, errors: [401, 429], audit: { action: 'session.signed_in' },
  }),
  passkeyOptions: route({
    method: 'POST', path: '/api/v1/auth/passkeys/options', tag, access: 'authenticated', summary: 'WebAuthn options to register a passkey',
    response: WebAuthnOptions, status: 200, errors: [403], audit: { none: 'a WebAuthn challenge in Redis; registering records user.passkey_added' },
  }),
  registerPasskey: route({
    method: 'POST', path: '/api/v1/auth/passkeys', tag, access: 'authenticated', summary: "Register a passkey with the browser authenticator's answer",
    body: RegisterPasskeyRequest, response: PasskeyView, errors: [403, 409], audit: { action: 'user.passkey_added' },
  }),
  removePasskey: route({
    method: 'DELETE', path: '/api/v1/auth/passkeys/:id', tag, access: 'authenticated', summary: 'Remove a passkey',
    params: { id: idParam('Passkey') }, errors: [403], audit: { action: 'user.passkey_removed' },
  }),
  passkeySignInOptions: route({
    method: 'POST', path: '/api/v1/auth/signin/passkey/options', tag, access: 'public', summary: "After a right password: a challenge for one of the person's passkeys",
    response: WebAuthnOptions, status: 200, errors: [401, 404], audit: { none: 'a WebAuthn challenge in Redis' },
  }),
  passkeySignIn: route({
    method: 'POST', path: '/api/v1/auth/signin/passkey', tag, access: 'public', summary: "After a right password: the passkey's answer opens the session",
    body: PasskeySignInRequest, response: SessionResponse, status: 200, errors: [401], audit: { action: 'session.signed_in' },
  }),
};
