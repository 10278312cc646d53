import {
  type Channels,
  type ChannelsDeps,
  createChannels,
  SnsVerifier,
  snsCertificateFetcher,
} from '../channels/index.ts';
import type { Clock } from '../core/index.ts';
import type { MessagingSettings, SendChannels } from '../messaging/index.ts';

/** The resolver and connector the workspaces' channels reach the network with. */
export type OutboundDeps = Pick<ChannelsDeps, 'lookup' | 'connector'>;

/**
 * Each workspace's channels, made from its messaging settings and kept until those change: its own
 * providers (SMS, webhook signing, an SMTP server of its own, behind the outbound address guard) and
 * report readers, with email through LOOPLINE_SMTP_URL's channel (the operator's relay, trusted, so
 * unguarded) when it has no SMTP server of its own.
 */
export class WorkspaceChannels {
  readonly #clock: Clock;
  readonly #shared: Channels;
  readonly #made = new Map<number, { key: string; channels: Channels }>();
  // One verifier for every workspace, so SNS certificates are fetched once per process.
  readonly #sns: SnsVerifier;
  readonly #net: OutboundDeps;

  /** `net` replaces DNS and sockets for the workspaces' own channels (tests); the system's by default. */
  constructor(clock: Clock, smtpUrl: string | undefined, net: OutboundDeps = {}) {
    this.#clock = clock;
    this.#net = net;
    this.#sns = new SnsVerifier({ clock, fetchCertificate: snsCertificateFetcher() });
    this.#shared = createChannels(smtpUrl ? { email: { smtpUrl, guarded: false } } : {}, { clock });
  }

  /** The channels of a workspace with these settings. */
  of(workspaceId: number, settings: MessagingSettings): Channels {
    const config = {
      ...(settings.providers ?? {}),
      ...(settings.reports ? { reports: settings.reports } : {}),
    };
    const key = JSON.stringify(config);
    const made = this.#made.get(workspaceId);
    if (made?.key === key) return made.channels;
    // Settings changed: the old pool closes once its sends in flight are done.
    void made?.channels.close();
    const channels = createChannels(config, { ...this.#net, clock: this.#clock, snsVerifier: this.#sns });
    this.#made.set(workspaceId, { key, channels });
    return channels;
  }

  /** What the sender hands messages to. */
  sending(workspaceId: number, settings: MessagingSettings): SendChannels {
    const own = this.of(workspaceId, settings);
    return { email: own.email ?? this.#shared.email, sms: own.sms, webhook: own.webhook };
  }

  async close(): Promise<void> {
    await Promise.all([this.#shared.close(), ...[...this.#made.values()].map((m) => m.channels.close())]);
    this.#made.clear();
  }
}
