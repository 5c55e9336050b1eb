/** Runs `run` over `items` with at most `concurrency` promises pending; results keep the input order. */
export async function mapWithConcurrency<T, R>({ items, concurrency, run }: {
  items: T[];
  concurrency: number;
  run: (item: T) => Promise<R>;
}): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
