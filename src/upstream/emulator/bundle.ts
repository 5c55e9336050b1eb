/** Reads the bundled gzipped JSON (data/upstream, data/sde) once per process; nothing is read at import time. */
import { upstreamBundle, type UpstreamBundleName } from "../../../data/upstream/index.ts";
import { sdeBundle } from "../../../data/sde/index.ts";

const cache = new Map<string, Promise<unknown>>();

async function gunzipText(path: string) {
  return new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())));
}

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as Promise<T>;
}

export function readUpstreamJson<T>({ name }: { name: UpstreamBundleName }): Promise<T> {
  return once(`upstream:${name}`, async () => JSON.parse(await gunzipText(upstreamBundle[name])) as T);
}

export function readSdeRows<T>({ table }: { table: string }): Promise<T[]> {
  return once(`sde:${table}`, async () => {
    const text = await gunzipText(sdeBundle[table]!);
    return text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as T);
  });
}
