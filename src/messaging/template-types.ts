import type { Json, JsonObject } from '../core/index.ts';
import type { OutboxChannel } from './outbox-types.ts';

/**
 * The contract between templates (what a message says) and the sender (when and whether it goes):
 * pinned before the work split so both sides build against the same shapes.
 */

/** A template's content as an editor saves it: one shape per channel. */
export type TemplateContent =
  | {
      channel: 'email';
      subject: string;
      /** The inbox's preview line; hidden in the body. */
      preheader: string | null;
      format: 'mjml' | 'html';
      body: string;
      /** The text part; generated from the HTML when null. */
      text: string | null;
    }
  | { channel: 'sms'; body: string }
  | {
      channel: 'webhook';
      /** A Liquid template for the URL (checked against the address guard at send time). */
      url: string;
      /** A Liquid template whose output must be JSON. */
      body: string;
    };

/** Where a template is wrong, as an editor shows it. */
export type TemplateFault = {
  field: 'subject' | 'preheader' | 'body' | 'text' | 'url';
  line: number;
  column: number;
  message: string;
};

/**
 * A checked template, stored with its version so the sender never compiles MJML again: for email the
 * HTML after MJML with the Liquid still in it; JSON-serialisable.
 */
export type CompiledTemplate =
  | { channel: 'email'; subject: string; preheader: string | null; html: string; text: string | null }
  | { channel: 'sms'; body: string }
  | { channel: 'webhook'; url: string; body: string };

export type TemplateCheck = { ok: true; compiled: CompiledTemplate } | { ok: false; faults: TemplateFault[] };

/** Everything a template may refer to; a name outside it is refused at save time. */
export type RenderInput = {
  customer: { id: number; userId: string | null; email: string | null; phone: string | null };
  traits: JsonObject;
  /** The triggering event's properties ({} when none). */
  event: JsonObject;
  stage: string | null;
  predictions: { clv: number | null; pAlive: number | null; churnRisk: number | null };
  workspace: { name: string };
  /** Signed, per recipient: made by the sender. */
  links: { unsubscribe: string; preferences: string };
};

export type RenderedMessage =
  | { channel: 'email'; subject: string; preheader: string | null; html: string; text: string }
  | { channel: 'sms'; body: string }
  | { channel: 'webhook'; url: string; body: Json };

/** A published template as the sender loads it. */
export type PublishedTemplate = {
  workspaceId: number;
  key: string;
  channel: OutboxChannel;
  version: number;
  /** Marketing templates name a subscription topic; null for transactional ones. */
  topic: string | null;
  compiled: CompiledTemplate;
};

/** What the sender needs of template storage. */
export interface PublishedTemplates {
  /** The published version of a template, or null when there is none. */
  published(workspaceId: number, key: string): Promise<PublishedTemplate | null>;
  /** Which of these keys have a published version (journeys check their sends at publish time). */
  existing(workspaceId: number, keys: readonly string[]): Promise<Set<string>>;
}
