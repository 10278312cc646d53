export { type LinkClaims, type LinkKind, linkWorkspace, signLink, verifyLink } from './link-token.ts';
export { listUnsubscribeHeaders, messageIdFor } from './message-headers.ts';
export { NO_TRACK, type TrackingOptions, trackEmail } from './track-links.ts';
