/** A browser's cookie jar for app.request()/fetch() tests: keeps what Set-Cookie sets, sends it back, shows the flags. */
export function createCookieJar() {
  const values = new Map<string, string>();
  const attributes = new Map<string, string>();
  return {
    /** Takes every Set-Cookie of a response (a Max-Age=0 or expired one removes it). */
    take(response: Response) {
      for (const header of response.headers.getSetCookie()) {
        const [pair, ...flags] = header.split(";").map((part) => part.trim());
        const [name, ...rest] = pair!.split("=");
        const value = rest.join("=");
        attributes.set(name!, flags.join("; "));
        if (!value || /max-age=0\b/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header)) values.delete(name!);
        else values.set(name!, value);
      }
      return response;
    },
    header: () => [...values].map(([name, value]) => `${name}=${value}`).join("; "),
    get: (name: string) => values.get(name),
    set: (name: string, value: string) => void values.set(name, value),
    delete: (name: string) => void values.delete(name),
    flags: (name: string) => attributes.get(name) ?? "",
  };
}

export type CookieJar = ReturnType<typeof createCookieJar>;
