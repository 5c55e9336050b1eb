import { createPortInUseError } from "../app/errors.ts";

/** Starts a listener; a taken port becomes one line naming the variable or flag that sets it. */
export async function listenOn<T>({ name, port, start }: { name: string; port: number; start: () => T | Promise<T> }): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as { code?: unknown }).code === "EADDRINUSE") throw createPortInUseError({ name, port, cause: error });
    throw error;
  }
}
