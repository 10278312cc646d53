/** The jobs kind of a message's send: one job per outbox row, enqueued with it. */
export const SEND_KIND = 'message.send';

/** The send job's key: unique per message, so a requeue or a hold replaces the one job. */
export const sendJobKey = (messageId: number): string => `${SEND_KIND}:${messageId}`;
