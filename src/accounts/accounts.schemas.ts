/** Shapes of what EVE SSO answers (shared/data/sso/) and of the account forms. Parsed, never trusted. */
import { z } from "zod";

export const ssoMetadataSchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  revocation_endpoint: z.url(),
});
export type SsoMetadata = z.infer<typeof ssoMetadataSchema>;

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
  token_type: z.string(),
  refresh_token: z.string().min(1),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** The claims the board relies on; EVE sends `scp` as a string when there is one scope. */
export const accessClaimsSchema = z.object({
  sub: z.string().regex(/^CHARACTER:EVE:\d{1,12}$/, "sub must be CHARACTER:EVE:<id>"),
  name: z.string().min(1),
  owner: z.string().min(1),
  scp: z.union([z.string(), z.array(z.string())]).optional(),
  aud: z.union([z.string(), z.array(z.string())]),
});

/** zKillboard's delays: ASAP, 1 h, 3 h, 8 h, 24 h, 72 h. */
export const DELAY_MINUTES = [0, 60, 180, 480, 1440, 4320] as const;
export const delayFormSchema = z.object({
  delay: z.coerce.number().refine((value) => (DELAY_MINUTES as readonly number[]).includes(value), "delay must be one of 0, 60, 180, 480, 1440, 4320 minutes"),
});

/** An ESI killmail link (any version prefix), or an id and hash typed apart. */
export const postFormSchema = z.object({
  link: z.string().trim().max(300).optional().default(""),
  killmail_id: z.string().trim().max(20).optional().default(""),
  hash: z.string().trim().max(80).optional().default(""),
});
