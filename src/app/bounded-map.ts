/** Adds `key` to `map` unless present, first dropping the oldest entry when it holds `max`: a cache of facts that never change. */
export function addBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number) {
  if (map.has(key)) return;
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}
