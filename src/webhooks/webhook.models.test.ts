import { expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { classifyResponse, formatFilter, maskSecret, maskUrl, readRetryAfterMs, scrubUrl, signBody } from "./webhook.models.ts";

const DISCORD = "https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
const none = new Headers();

test("a Discord webhook URL is shown without its id or token, and never with a query or password", () => {
  expect(maskUrl(DISCORD)).toBe("https://discord.com/api/webhooks/1234…/AbCd…");
  expect(maskUrl("https://user:pw@example.com/hook?token=abc")).toBe("https://example.com/hook?…");
  expect(maskUrl("not a url")).toBe("(invalid URL)");
  expect(scrubUrl({ text: `Unable to connect to ${DISCORD}`, url: DISCORD })).toBe("Unable to connect to https://discord.com/api/webhooks/1234…/AbCd…");
  expect(maskSecret("0123456789abcdef")).toBe("set (16 chars)");
  expect(maskSecret(null)).toBe("none");
});

test("a 429 waits for Discord's retry_after seconds, else the Retry-After header, clamped to an hour", () => {
  expect(readRetryAfterMs({ bodyText: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}', headers: none, now: 0 })).toBe(1_500);
  expect(readRetryAfterMs({ bodyText: "", headers: new Headers({ "Retry-After": "3" }), now: 0 })).toBe(3_000);
  expect(readRetryAfterMs({ bodyText: "", headers: new Headers({ "Retry-After": new Date(10_000).toUTCString() }), now: 4_000 })).toBe(6_000);
  expect(readRetryAfterMs({ bodyText: '{"retry_after":999999}', headers: none, now: 0 })).toBe(3_600_000);
  expect(readRetryAfterMs({ bodyText: "slow down", headers: none, now: 0 })).toBe(1_000);
});

test("2xx is delivered, 429 waits, other 4xx and redirects are permanent, 5xx is retried; reasons keep the body's start", () => {
  const classify = (status: number, bodyText = "") => classifyResponse({ status, bodyText, headers: none, now: 0 });
  expect(classify(204)).toEqual({ kind: "delivered", status: 204 });
  expect(classify(429, '{"retry_after":2}')).toEqual({ kind: "rate-limited", status: 429, delayMs: 2_000 });
  expect(classify(404, '{"message": "Unknown Webhook", "code": 10015}')).toEqual({ kind: "permanent", status: 404, reason: 'HTTP 404: {"message": "Unknown Webhook", "code": 10015}' });
  expect(classify(301).kind).toBe("permanent");
  expect(classify(502, "x".repeat(500))).toEqual({ kind: "retry", status: 502, reason: `HTTP 502: ${"x".repeat(200)}` });
});

test("the signature is HMAC-SHA256 of the exact body, hex, after sha256=", () => {
  const body = '{"type":"killmail","sequence":1}';
  expect(signBody({ secret: "k".repeat(16), body })).toBe(`sha256=${createHmac("sha256", "k".repeat(16)).update(body).digest("hex")}`);
  expect(signBody({ secret: "k".repeat(16), body: `${body} ` })).not.toBe(signBody({ secret: "k".repeat(16), body }));
});

test("a filter reads back as the API's query string, the default role left out", () => {
  expect(formatFilter({ entityKind: "character", entityId: 5, role: "any", label: ["solo", "loc:nullsec"] })).toBe("entityKind=character&entityId=5&label=solo&label=loc%3Anullsec");
  expect(formatFilter({ role: "any" })).toBe("(everything)");
});
