/**
 * Whether an open-pixel fetch was made by a machine rather than a person reading: Apple Mail Privacy
 * Protection fetches every image through Apple's proxy when the mail arrives (user agent a bare
 * "Mozilla/5.0", addresses in Apple's 17.0.0.0/8), corporate security gateways fetch to scan, and
 * anything within seconds of sending is a prefetch. Such opens are kept, marked, and not counted as
 * engagement (open rates, send-time optimisation). Returns why, or null for a person's open.
 */
export function machineOpen(fetch: {
  userAgent: string | undefined;
  ip: string;
  sentAt: number | null;
  at: number;
}): string | null {
  const ua = (fetch.userAgent ?? '').trim();
  if (ua === 'Mozilla/5.0' || /^17\.\d+\.\d+\.\d+$/.test(fetch.ip) || /^::ffff:17\./.test(fetch.ip))
    return 'apple-privacy-protection';
  if (
    /bot|crawler|spider|scanner|barracuda|mimecast|proofpoint|symantec|forcepoint|trendmicro|preview/i.test(
      ua,
    )
  )
    return 'security-scanner';
  if (fetch.sentAt !== null && fetch.at - fetch.sentAt < PREFETCH_MS) return 'prefetch';
  return null;
}

/** Faster than anyone opens a mail: a fetch this soon after sending was the receiving side's. */
const PREFETCH_MS = 2_000;

/** The detail a machine open's delivery event carries (`machine: <why>`), which counts leave out. */
export const MACHINE_DETAIL = 'machine: ';
