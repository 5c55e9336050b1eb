/** Topic → sockets: a kill looks up only the topics it has, so its cost is the matched sockets, not all of them. */
export function createTopicIndex<T>() {
  const topics = new Map<string, Set<T>>();
  return {
    add({ topic, item }: { topic: string; item: T }) {
      let set = topics.get(topic);
      if (!set) topics.set(topic, (set = new Set()));
      set.add(item);
    },
    remove({ topic, item }: { topic: string; item: T }) {
      const set = topics.get(topic);
      if (set?.delete(item) && set.size === 0) topics.delete(topic);
    },
    get: (topic: string) => topics.get(topic),
    /** Topics with at least one socket. */
    size: () => topics.size,
  };
}
