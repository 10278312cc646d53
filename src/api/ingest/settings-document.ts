/**
 * The settings document analytics.js (analytics-next) loads from `<cdnURL>/v1/projects/<writeKey>/settings`
 * before it sends anything. Its `Segment.io` integration names where to send events: `apiHost` is
 * host[:port]/path without the scheme, `protocol` the scheme; the library posts to
 * `<protocol>://<apiHost>/t` (track), `/p`, `/i`, ... or `/b` when batching. No other destination is on.
 */
export function settingsDocument(writeKey: string, baseUrl: string): Record<string, unknown> {
  const url = new URL(baseUrl);
  const apiHost = `${url.host}${url.pathname.replace(/\/+$/, '')}/v1`;
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost,
        protocol: url.protocol.replace(':', ''),
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
        versionSettings: { version: '4.4.7', componentTypes: ['browser'] },
      },
    },
    plan: {
      track: { __default: { enabled: true, integrations: {} } },
      identify: { __default: { enabled: true } },
      group: { __default: { enabled: true } },
    },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}
