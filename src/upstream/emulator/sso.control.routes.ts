/**
 * Control of the emulated SSO under /_emulator/sso: what it has issued, a signing-key rotation (clients must
 * refetch JWKS on an unknown kid) and "the user revoked the app on EVE's site" for one character. Plus the
 * private killmails, so tests in another process can read their ids.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { describePrivateKillmails } from "./private.killmails.ts";
import { findSsoCharacter, SSO_CHARACTERS } from "./sso.characters.ts";

export const describeSso = ({ context }: { context: EmulatorContext }) => ({
  characters: SSO_CHARACTERS,
  ...context.sso.grants.snapshot(),
  kid: context.sso.keys.currentKid(),
});

export function createSsoControlRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/_emulator/sso", (c) => c.json(describeSso({ context })));
  app.post("/_emulator/sso/rotate-key", async (c) => c.json({ kid: await context.sso.keys.rotate() }));

  app.post("/_emulator/sso/invalidate", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { characterId?: unknown };
    const characterId = Number(body.characterId);
    if (!Number.isInteger(characterId) || !findSsoCharacter(characterId)) return c.json({ error: "characterId must name an emulated character" }, 400);
    return c.json({ characterId, invalidated: context.sso.grants.invalidateCharacter({ characterId }) });
  });

  app.get("/_emulator/private-killmails", (c) => c.json(describePrivateKillmails({ privateKillmails: context.privateKillmails })));

  return app;
}
