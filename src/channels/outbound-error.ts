/** How an outbound attempt failed before a server could answer it. */
export type OutboundFailure =
  | 'refused' // the address guard said no: nothing was connected
  | 'dns' // the name did not resolve
  | 'connect' // the connection failed or broke
  | 'timeout'
  | 'redirect' // too many redirects, or one to a URL that may not be followed
  | 'invalid'; // the URL or the request itself is unusable

/** A failed outbound attempt, thrown inside the channels and turned into a SendResult at their edge. */
export class OutboundError extends Error {
  override name = 'OutboundError';
  readonly kind: OutboundFailure;
  constructor(kind: OutboundFailure, message: string) {
    super(message);
    this.kind = kind;
  }
  /** Refusals, bad URLs and redirect loops repeat on every retry; the network's failures may not. */
  get permanent(): boolean {
    return this.kind === 'refused' || this.kind === 'invalid' || this.kind === 'redirect';
  }
}
