import { RuleSet } from './conditions.ts';
import { DEFAULT_TOUCHPOINT_RULES } from './default-rules.ts';
import { EventFacts, type TouchpointInput } from './event-facts.ts';
import { fallbackChannel, fallbackTouchpoint } from './fallbacks.ts';
import type { TouchpointConfig } from './schema.ts';
import { assertTouchpointConfig } from './validate.ts';

/**
 * How an event is classified: the channel it came through, the touchpoint it represents, and the
 * campaign it came from when it says (context.campaign.name, else the page URL's utm_campaign).
 */
export type Touchpoint = { channel: string; touchpoint: string; campaign?: string };

/** A compiled rule set; `classify` is pure, needs no `this`, and is cheap enough to run on every event. */
export type TouchpointClassifier = { classify(input: TouchpointInput): Touchpoint };

/**
 * Compiles a touchpoint configuration once: its channel and touchpoint rules are tried in order, then
 * DEFAULT_TOUCHPOINT_RULES (unless `defaults: false`), then the built-in fallbacks, and the first match
 * wins. The channel is decided first, so touchpoint rules can test it. Throws TouchpointConfigError,
 * listing every problem with its path, for an invalid configuration (it usually comes from a file).
 * @example
 * const { classify } = compileTouchpointRules({
 *   channels: [{ when: { utmSource: 'partner-*' }, channel: 'affiliate' }],
 * });
 * classify({ type: 'track', name: 'Order Completed', payload: {} }); // { channel: 'unassigned', touchpoint: 'purchase' }
 */
export function compileTouchpointRules(config: TouchpointConfig = {}): TouchpointClassifier {
  assertTouchpointConfig(config);
  const defaults = config.defaults === false ? {} : DEFAULT_TOUCHPOINT_RULES;
  const channels = new RuleSet(
    [...(config.channels ?? []), ...(defaults.channels ?? [])].map((rule) => ({
      when: rule.when,
      value: rule.channel,
    })),
  );
  const touchpoints = new RuleSet(
    [...(config.touchpoints ?? []), ...(defaults.touchpoints ?? [])].map((rule) => ({
      when: rule.when,
      value: rule.touchpoint,
    })),
  );
  // Reused by every call: classification is synchronous, so no two calls ever share it at once.
  const facts = new EventFacts();
  return {
    classify(input) {
      facts.reset(input);
      const channel = channels.first(facts) ?? fallbackChannel(facts);
      facts.channel = channel;
      const touchpoint = touchpoints.first(facts) ?? fallbackTouchpoint(facts);
      const campaign = facts.utmCampaign();
      return campaign === undefined ? { channel, touchpoint } : { channel, touchpoint, campaign };
    },
  };
}
