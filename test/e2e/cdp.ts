/**
 * A minimal Chrome DevTools Protocol driver (no dependency): launch headless Chromium, open one page, navigate,
 * evaluate, screenshot. Enough for the browser test; the flags keep Chromium off the network and stateless.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_PATH = "/usr/bin/chromium";

type Pending = { resolve: (value: any) => void; reject: (error: Error) => void };

export async function launchChromium() {
  const userDataDir = mkdtempSync(join(tmpdir(), "killboard-chromium-"));
  const child = Bun.spawn([CHROMIUM_PATH, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", `--user-data-dir=${userDataDir}`, "--remote-debugging-port=0",
    "--window-size=1280,900", "about:blank"], { stderr: "pipe", stdout: "ignore" });
  const endpoint = await readDevToolsEndpoint(child.stderr);
  const socket = new WebSocket(endpoint);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(message: any) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id)!;
      pending.delete(message.id);
      if (message.error) reject(new Error(message.error.message));
      else resolve(message.result);
    } else for (const listener of listeners) listener(message);
  };
  const send = (method: string, params: object = {}, sessionId?: string) => new Promise<any>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });
  const waitFor = (method: string, sessionId: string, timeoutMs = 15_000) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { listeners.delete(listener); reject(new Error(`timed out waiting for ${method}`)); }, timeoutMs);
    const listener = (message: any) => {
      if (message.method === method && message.sessionId === sessionId) { clearTimeout(timer); listeners.delete(listener); resolve(); }
    };
    listeners.add(listener);
  });
  return {
    async openPage() {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      await send("Page.enable", {}, sessionId);
      await send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
      return createPage({ send: (method, params) => send(method, params, sessionId), waitForLoad: () => waitFor("Page.loadEventFired", sessionId) });
    },
    async close() {
      socket.close();
      child.kill();
      await child.exited;
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function createPage({ send, waitForLoad }: { send: (method: string, params?: object) => Promise<any>; waitForLoad: () => Promise<void> }) {
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`page script failed: ${exceptionDetails.text}`);
    return result.value as T;
  };
  return {
    evaluate,
    async goto(url: string) {
      const loaded = waitForLoad();
      await send("Page.navigate", { url });
      await loaded;
    },
    /** Runs a script that navigates (a click, a form submit) and waits for the next page. */
    async navigateBy(expression: string) {
      const loaded = waitForLoad();
      await evaluate(expression);
      await loaded;
    },
    /** The window the page lays out in (a phone is 400 wide). */
    async setViewport({ width, height, mobile = false }: { width: number; height: number; mobile?: boolean }) {
      await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
    },
    async screenshot(path: string) {
      const { data } = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
      await Bun.write(path, Buffer.from(data, "base64"));
    },
  };
}

/** Resolves with the DevTools URL, and keeps draining stderr so Chromium never blocks on a full pipe. */
function readDevToolsEndpoint(stream: ReadableStream<Uint8Array>) {
  return new Promise<string>((resolve, reject) => {
    const decoder = new TextDecoder();
    let text = "";
    let found = false;
    (async () => {
      for await (const chunk of stream) {
        if (found) continue;
        text += decoder.decode(chunk);
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
        if (match) {
          found = true;
          resolve(match[1]!);
        }
      }
      if (!found) reject(new Error(`chromium exited before announcing DevTools: ${text.slice(-500)}`));
    })().catch(reject);
  });
}
