/** Reads a Server-Sent Events body event by event, the way EventSource parses it (comments kept apart). */
export type SseMessage = { event?: string; id?: string; data: string; comments: string[] };

export function createSseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";

  function parse(block: string): SseMessage {
    const message: SseMessage = { data: "", comments: [] };
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) message.comments.push(line.slice(1).trim());
      else if (line.startsWith("data: ")) data.push(line.slice(6));
      else if (line.startsWith("event: ")) message.event = line.slice(7);
      else if (line.startsWith("id: ")) message.id = line.slice(4);
    }
    message.data = data.join("\n");
    return message;
  }

  return {
    /** The next message, or null when the stream ended. */
    async next(): Promise<SseMessage | null> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parse(block);
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next `count` messages that carry an event (heartbeats and preambles skipped). */
    async events(count: number) {
      const events: SseMessage[] = [];
      while (events.length < count) {
        const message = await this.next();
        if (!message) throw new Error(`stream ended after ${events.length} of ${count} events`);
        if (message.event) events.push(message);
      }
      return events;
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}
