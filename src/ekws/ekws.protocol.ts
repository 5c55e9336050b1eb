/**
 * The message exchange of both EVE-KILL protocols; pure, so it is tested without sockets.
 * Current (Shrike `internal/websocket/server.go`, UPSTREAMS d.1): unparsable messages and unknown actions are
 * ignored; any topic string is accepted, but an empty or over-long one, or more than 128 topics, closes the
 * socket with 1008; `subscribed` lists every topic, `unsubscribed` the removed ones.
 * Legacy (Thessia, UPSTREAMS d.2): JSON `{"type":…}` or a bare comma-separated list; bad topics get an error frame.
 * `invalid` names what was wrong with an ignored message: the emulator stays silent like Shrike, the `ws` role
 * answers it with an error frame and counts it against the socket.
 */
import { AVAILABLE_TOPICS, isLegacyTopic, LEGACY_PREFIXES, LEGACY_TOPICS } from "./ekws.topics.ts";

const MAX_TOPICS = 128;
const MAX_TOPIC_BYTES = 128;
export const POLICY_VIOLATION = 1008;

export type ProtocolOutcome = { reply?: unknown; close?: { code: number; reason: string }; invalid?: string };

export function welcomeFor(protocol: "current" | "legacy") {
  if (protocol === "legacy") {
    return {
      type: "info",
      message: "Welcome! Please reply with a comma-separated list of topics you want to subscribe to.",
      data: { validTopics: LEGACY_TOPICS, partialTopics: LEGACY_PREFIXES },
    };
  }
  return {
    availableTopics: AVAILABLE_TOPICS,
    endpoint: "/ws/killmails",
    message: 'Send {"action":"subscribe","topics":["all"]} to start receiving data.',
    name: "Killmails",
    type: "welcome",
  };
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const stringsOf = (value: unknown) => (Array.isArray(value) ? value.filter((topic): topic is string => typeof topic === "string") : []);

/** `topics` keeps insertion order, which is the order Shrike reports them in. */
export function handleCurrentMessage({ topics, text }: { topics: Set<string>; text: string }): ProtocolOutcome {
  const message = parse(text);
  if (!message) return { invalid: "not a JSON object" };
  if (message.action === "ping") return { reply: { type: "pong", timestamp: Date.now() } };
  if (message.action !== "subscribe" && message.action !== "unsubscribe") return { invalid: "action must be subscribe, unsubscribe or ping" };
  if (!Array.isArray(message.topics)) return { invalid: "topics must be an array of strings" };
  const requested = stringsOf(message.topics);
  if (message.action === "unsubscribe") {
    for (const topic of requested) topics.delete(topic);
    return { reply: { type: "unsubscribed", topics: requested } };
  }
  for (const topic of requested) {
    const tooMany = !topics.has(topic) && topics.size >= MAX_TOPICS;
    if (!topic || new TextEncoder().encode(topic).length > MAX_TOPIC_BYTES || tooMany) {
      return { close: { code: POLICY_VIOLATION, reason: "too many or invalid topics" } };
    }
    topics.add(topic);
  }
  return { reply: { type: "subscribed", topics: [...topics] } };
}

export function handleLegacyMessage({ topics, text }: { topics: Set<string>; text: string }): ProtocolOutcome {
  const message = parse(text);
  if (message?.type === "ping") return { reply: { type: "pong" } };
  const kind = message ? message.type : "subscribe";
  const requested = message ? stringsOf(message.topics) : text.split(",").map((topic) => topic.trim()).filter(Boolean);
  if (kind !== "subscribe" && kind !== "unsubscribe") return { reply: { type: "error", message: `Unknown message type: ${String(kind)}` } };
  const invalid = requested.filter((topic) => !isLegacyTopic(topic));
  if (invalid.length || requested.length === 0) {
    return { reply: { type: "error", message: `Invalid topics: ${invalid.join(",")}. Please reply with a valid list of topics.` } };
  }
  for (const topic of requested) (kind === "unsubscribe" ? topics.delete(topic) : topics.add(topic));
  return { reply: { type: kind === "unsubscribe" ? "unsubscribed" : "subscribed", data: { topics: kind === "unsubscribe" ? requested : [...topics] } } };
}

/** `GET /ws` on Shrike answers a discovery document; the emulator lists only the killmail stream it serves. */
export function discoveryFor({ wsBase }: { wsBase: string }) {
  return {
    endpoints: { "/ws/killmails": { name: "Killmails", url: `${wsBase}/ws/killmails`, topicRouting: true } },
    name: "EVE-KILL WebSocket Server",
    protocol: { subscribe: { action: "subscribe", topics: ["solo", "10b"] }, unsubscribe: { action: "unsubscribe", topics: ["all"] } },
    topics: AVAILABLE_TOPICS,
    website: "https://eve-kill.com",
  };
}
