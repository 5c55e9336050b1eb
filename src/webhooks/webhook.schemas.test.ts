import { expect, test } from "bun:test";
import { parseWebhookFilter, parseWebhookInput } from "./webhook.schemas.ts";

test("a filter is accepted as JSON or as the API's query string, with the same meaning", () => {
  const fromQuery = parseWebhookFilter({ text: "entityKind=character&entityId=90000001&role=victim&label=solo" });
  const fromJson = parseWebhookFilter({ text: '{"entityKind":"character","entityId":90000001,"role":"victim","label":"solo"}' });
  expect(fromQuery).toEqual({ entityKind: "character", entityId: 90000001, role: "victim", label: ["solo"] });
  expect(fromJson).toEqual(fromQuery);
  expect(parseWebhookFilter({ text: undefined })).toEqual({ role: "any" });
});

test("a bad filter names the field that is wrong", () => {
  expect(() => parseWebhookFilter({ text: "entityKind=character" })).toThrow("--filter: entityId: entityKind and entityId go together");
  expect(() => parseWebhookFilter({ text: '{"minValue":"lots"}' })).toThrow(/^--filter: minValue: /);
  expect(() => parseWebhookFilter({ text: "colour=red" })).toThrow(/--filter: .*colour/);
  expect(() => parseWebhookFilter({ text: "{not json" })).toThrow(/^--filter is not valid JSON/);
  expect(() => parseWebhookFilter({ text: "[1]" })).toThrow("--filter must be a JSON object or a query string");
});

test("the URL must be http(s), and JSON webhooks need a secret; errors never echo the secret", () => {
  expect(parseWebhookInput({ url: "https://discord.com/api/webhooks/1/x" })).toEqual({ url: "https://discord.com/api/webhooks/1/x", format: "discord" });
  expect(() => parseWebhookInput({ url: "ftp://example.com/hook" })).toThrow("<URL> must be an http:// or https:// URL");
  expect(() => parseWebhookInput({ url: "example.com" })).toThrow("<URL> must be an http:// or https:// URL");
  expect(() => parseWebhookInput({ url: "https://example.com", format: "xml" })).toThrow(/^--format /);
  expect(() => parseWebhookInput({ url: "https://example.com", format: "json" })).toThrow("--secret is required with --format json");
  const short = "tooshort";
  expect(() => parseWebhookInput({ url: "https://example.com", secret: short })).toThrow(/--secret must be at least 16 characters/);
  try {
    parseWebhookInput({ url: "https://example.com", secret: "has spaces in the secret" });
  } catch (error) {
    expect((error as Error).message).not.toContain("has spaces");
  }
});
