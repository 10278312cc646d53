/** The six Segment message types Loopline stores. */
export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A validated, normalized Segment message, ready to store. Times are epoch milliseconds. */
export type Message = {
  messageId: string;
  type: MessageType;
  userId: string | null;
  anonymousId: string | null;
  /** The event name for track, the page or screen name for page and screen. */
  name: string | null;
  timestamp: number;
  receivedAt: number;
  /** Everything else the message carried (properties, traits, context, groupId, previousId, ...). */
  payload: JsonObject;
  /** `payload` serialized once at validation, so that the thread that writes it does not have to. */
  payloadJson?: string;
  /** Where the touchpoint happened and what it was (see touchpoints/), set before the message is stored. */
  channel?: string;
  touchpoint?: string;
  /** The campaign it came from (context.campaign.name or utm_campaign), set with the channel. */
  campaign?: string;
  /** Its monetary value (properties.revenue, else total, else value), set with the channel. */
  value?: number;
};
