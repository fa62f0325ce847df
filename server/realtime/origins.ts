// Which browser origins may open a socket: this server itself, and the MES screens the
// configuration names (the widget is embedded there). Non-browser clients send no Origin.
export function originRefusal(origin: string | undefined, host: string | undefined, allowed: readonly string[]): string | undefined {
  if (!origin) return undefined;
  if (allowed.includes('*') || allowed.includes(origin)) return undefined;
  try {
    if (host && new URL(origin).host === host) return undefined;
  } catch {
    return `malformed origin ${origin}`;
  }
  return `origin ${origin} is not in QLOOP_ALLOWED_ORIGINS`;
}
