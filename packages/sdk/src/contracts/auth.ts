import { z } from 'zod';
import {
  EmailSchema,
  IdSchema,
  NameSchema,
  PasswordSchema,
  RoleSchema,
  SlugSchema,
  TimestampSchema,
} from './common.js';

export const SignUpRequest = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: NameSchema,
  tenantName: NameSchema,
  tenantSlug: SlugSchema,
});
export type SignUpRequest = z.infer<typeof SignUpRequest>;

/** A single-use token from an e-mailed link (sign-up verification, password reset). */
export const EmailLinkRequest = z.strictObject({ token: z.string().min(20).max(200) });

export const SignInRequest = z.strictObject({ email: EmailSchema, password: PasswordSchema });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const TenantSummary = z.object({ id: IdSchema, slug: z.string(), name: z.string(), role: RoleSchema });
export type TenantSummary = z.infer<typeof TenantSummary>;

export const SessionResponse = z.object({
  user: z.object({ id: IdSchema, email: z.string(), name: z.string() }),
  tenant: TenantSummary.nullable(),
  tenants: z.array(TenantSummary),
  csrfToken: z.string(),
  /** The active tenant requires a second factor this session was opened without. */
  secondFactorRequired: z.boolean().optional(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/**
 * Sign-up's answer: `signed_in` with the session when e-mail is off; `verification_sent` (and
 * nothing else) when a link went to the address, whatever the address's state.
 */
export const SignUpResult = SessionResponse.partial().extend({
  status: z.enum(['signed_in', 'verification_sent']),
});
export type SignUpResult = z.infer<typeof SignUpResult>;

export const SwitchTenantRequest = z.strictObject({ tenantId: IdSchema });

export const CreateTenantRequest = z.strictObject({ name: NameSchema, slug: SlugSchema });
export type CreateTenantRequest = z.infer<typeof CreateTenantRequest>;

export const SessionInfo = z.object({
  id: IdSchema,
  current: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  expiresAt: TimestampSchema,
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: PasswordSchema,
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
export const ForgotPasswordRequest = z.strictObject({ email: EmailSchema });
export const ResetPasswordRequest = z.strictObject({
  token: z.string().min(20).max(200),
  password: PasswordSchema,
});
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

/** Second factors a person can sign in with. */
export const SecondFactorMethod = z.enum(['totp', 'recovery_code', 'passkey']);
/**
 * Sign-in's answer: `signed_in` with the session, or `second_factor_required` with the methods
 * the person has (the password was right; a session exists only after the second factor).
 */
export const SignInResult = SessionResponse.partial().extend({
  status: z.enum(['signed_in', 'second_factor_required']),
  methods: z.array(SecondFactorMethod).optional(),
});
export type SignInResult = z.infer<typeof SignInResult>;
const SixDigits = z.string().regex(/^\d{6}$/, 'Six digits.');
export const SecondFactorRequest = z
  .strictObject({ code: SixDigits.optional(), recoveryCode: z.string().min(10).max(20).optional() })
  .refine((v) => !!v.code !== !!v.recoveryCode, {
    message: 'Give the code from your app, or one recovery code.',
    path: ['code'],
  });
export type SecondFactorRequest = z.infer<typeof SecondFactorRequest>;
export const TotpCodeRequest = z.strictObject({ code: SixDigits });
export const TotpSetup = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export const PasskeyView = z.object({
  id: IdSchema,
  name: z.string(),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
});
export type PasskeyView = z.infer<typeof PasskeyView>;
export const SecondFactors = z.object({
  totp: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  passkeys: z.array(PasskeyView),
});
export type SecondFactors = z.infer<typeof SecondFactors>;
export const TenantSecurity = z.object({ requireSecondFactor: z.boolean() });
export type TenantSecurity = z.infer<typeof TenantSecurity>;
export const UpdateTenantSecurityRequest = z.strictObject({ requireSecondFactor: z.boolean() });

/** WebAuthn options for the browser (@simplewebauthn/browser takes them as they are). */
export const WebAuthnOptions = z.looseObject({ challenge: z.string() });
const WebAuthnCredential = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({}),
});
export const RegisterPasskeyRequest = z.strictObject({ name: NameSchema, response: WebAuthnCredential });
export const PasskeySignInRequest = z.strictObject({ response: WebAuthnCredential });
