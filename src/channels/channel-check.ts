/** The answer to a settings page's "test": it works, or what failed, in words. */
export type ChannelCheck = { ok: true; detail: string } | { ok: false; error: string };

/** A channel that can check its settings without sending anything to a customer. */
export interface Verifiable {
  verify(): Promise<ChannelCheck>;
}

/** A failed check saying what a failed send would have said. */
export const checkFailed = (result: { ok: false; error: string } | { ok: true }): ChannelCheck => ({
  ok: false,
  error: result.ok ? 'failed for an unknown reason' : result.error,
});
