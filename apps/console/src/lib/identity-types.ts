// Shapes of the people's front door (sign-up, e-mail links, second factors, single sign-on),
// from the SDK's contracts. Types only.
export type {
  PasskeyView, PutSsoConnectionRequest, RecoveryCodes, SecondFactors, SignInResult, SignUpResult, SsoSettings, TenantSecurity, TotpSetup,
} from '@portcullis/sdk';
