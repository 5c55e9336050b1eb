/**
 * bzip2 decompression as an async iterable. Bun has no bzip2, so this wraps `unbzip2-stream` (pure JS, MIT),
 * whose classic through-stream is fed one input chunk at a time: the next chunk is read only once the output
 * of the previous one has been taken, so memory stays at a few 900 KB blocks whatever the file size.
 */
import unbzip2 from "unbzip2-stream";

/** bzip2 streams start with "BZh" and a block-size digit 1–9. */
export function isBzip2({ head }: { head: Uint8Array }) {
  return head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39;
}

export async function* decompressBzip2({ source }: { source: AsyncIterable<Uint8Array> }): AsyncGenerator<Uint8Array> {
  const decoder = unbzip2();
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  let ended = false;
  decoder.on("data", (chunk: Uint8Array) => void ready.push(chunk));
  decoder.on("error", (error: Error) => void (failure ??= error));
  decoder.on("end", () => void (ended = true));
  function* drain() {
    if (failure) throw new Error(`bzip2: ${failure.message}`);
    while (ready.length) yield ready.shift()!;
  }
  for await (const chunk of source) {
    decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    yield* drain();
  }
  decoder.end();
  yield* drain();
  if (!ended && !failure) throw new Error("bzip2: the file ends before its end-of-stream marker");
}
