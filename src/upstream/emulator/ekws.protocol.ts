/** The message exchange of both EVE-KILL protocols; pure, so it is tested without sockets (UPSTREAMS d.1, d.2). */
import { ID_TOPIC_PREFIXES, isValidTopic, STATIC_TOPICS } from "./ekws.topics.ts";

// Shrike's socket limits: 128 topics per client, 16 KiB per client message.
const MAX_TOPICS = 128;
const MAX_MESSAGE_BYTES = 16 * 1024;

export function welcomeFor(protocol: "current" | "legacy") {
  if (protocol === "legacy") {
    return {
      type: "info",
      message: "Welcome! Please reply with a comma-separated list of topics you want to subscribe to.",
      data: { validTopics: STATIC_TOPICS.filter((topic) => topic !== "big"), partialTopics: ["victim.", "attacker.", "system.", "region."] },
    };
  }
  return {
    type: "welcome",
    endpoint: "/ws/killmails",
    name: "Killmails",
    message: 'Send {"action":"subscribe","topics":["all"]} to start receiving data.',
    availableTopics: { static: STATIC_TOPICS.filter((topic) => topic !== "bigkills" && topic !== "jove"), dynamic: ID_TOPIC_PREFIXES.map((prefix) => `${prefix}{id}`) },
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

const topicList = (value: unknown) => (Array.isArray(value) ? value.filter((topic): topic is string => typeof topic === "string") : []);

export function handleCurrentMessage({ topics, text }: { topics: Set<string>; text: string }) {
  if (text.length > MAX_MESSAGE_BYTES) return { type: "error", message: "message too large" };
  const message = parse(text);
  if (!message) return { type: "error", message: "invalid JSON message" };
  if (message.action === "ping") return { type: "pong", timestamp: Date.now() };
  const requested = topicList(message.topics);
  const invalid = requested.filter((topic) => !isValidTopic(topic));
  if (message.action !== "subscribe" && message.action !== "unsubscribe") return { type: "error", message: `unknown action: ${String(message.action)}` };
  if (invalid.length) return { type: "error", message: `invalid topics: ${invalid.join(", ")}` };
  if (message.action === "unsubscribe") {
    for (const topic of requested) topics.delete(topic);
    return { type: "unsubscribed", topics: [...topics] };
  }
  if (topics.size + requested.filter((topic) => !topics.has(topic)).length > MAX_TOPICS) return { type: "error", message: `at most ${MAX_TOPICS} topics` };
  for (const topic of requested) topics.add(topic);
  return { type: "subscribed", topics: [...topics] };
}

export function handleLegacyMessage({ topics, text }: { topics: Set<string>; text: string }) {
  const message = parse(text);
  if (message?.type === "ping") return { type: "pong" };
  // Thessia also takes a bare comma-separated list as a subscription.
  const kind = message ? message.type : "subscribe";
  const requested = message ? topicList(message.topics) : text.split(",").map((topic) => topic.trim()).filter(Boolean);
  if (kind !== "subscribe" && kind !== "unsubscribe") return { type: "error", message: `Unknown message type: ${String(kind)}` };
  const invalid = requested.filter((topic) => !isValidTopic(topic));
  if (invalid.length || requested.length === 0) {
    return { type: "error", message: `Invalid topics: ${invalid.join(",")}. Please reply with a valid list of topics.` };
  }
  if (kind === "unsubscribe") {
    for (const topic of requested) topics.delete(topic);
    return { type: "unsubscribed", data: { topics: requested } };
  }
  for (const topic of requested) topics.add(topic);
  return { type: "subscribed", data: { topics: [...topics] } };
}
