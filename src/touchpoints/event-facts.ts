import type { Json, JsonObject, MessageType } from '../core/index.ts';
import { hasParam, hostEnd, hostStart, paramValue, pathOf, queryStart, sameHost } from './url-parts.ts';

/** What the classifier reads of a stored Segment message. */
export type TouchpointInput = { type: MessageType; name: string | null; payload: JsonObject };

/** Where the event's referrer points: nowhere, the page's own site, or elsewhere. */
export type ReferrerKind = 'none' | 'internal' | 'external';

const UTM_SOURCE = 1;
const UTM_MEDIUM = 2;
const UTM_CAMPAIGN = 4;
const PATH = 8;
const QUERY = 16;
const REFERRER = 32;

/** A group of facts a rule cannot match without; see EventFacts.has. */
export const NEEDS_CAMPAIGN = 1;
export const NEEDS_QUERY = 2;
export const NEEDS_REFERRER = 3;
export const NEEDS_PATH = 4;

const objectOf = (value: Json | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

const stringOf = (value: Json | undefined): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The facts rules test, read from one message on first use and remembered until the next reset. One
 * instance is reused for every call of a classifier (classification is synchronous), so a rule set that
 * never looks at the referrer never parses it, and nothing is parsed twice.
 */
export class EventFacts {
  type: MessageType = 'track';
  name: string | null = null;
  payload: JsonObject = {};
  /** The channel already chosen, for touchpoint rules that test it. */
  channel = '';
  #known = 0;
  #context: JsonObject | undefined;
  #page: JsonObject | undefined;
  #properties: JsonObject | undefined;
  #campaign: JsonObject | undefined;
  #utmSource: string | undefined;
  #utmMedium: string | undefined;
  #utmCampaign: string | undefined;
  #path: string | undefined;
  #query: string | undefined;
  #queryFrom = -1;
  #referrerKind: ReferrerKind = 'none';
  #referrerHost: string | undefined;

  /** Points the facts at a new message and forgets everything read from the last one. */
  reset(input: TouchpointInput): void {
    this.type = input.type;
    this.name = input.name;
    this.payload = input.payload;
    this.channel = '';
    this.#known = 0;
    this.#context = objectOf(input.payload.context);
    this.#page = objectOf(this.#context?.page);
    this.#properties = objectOf(input.payload.properties);
    this.#campaign = objectOf(this.#context?.campaign);
  }

  /** Whether the event happened on a web page: analytics.js sends context.page, and a page call is one. */
  onWebPage(): boolean {
    return this.#page !== undefined || this.type === 'page';
  }

  /** A page field from context.page, or from the properties of a page call, where server libraries put it. */
  #pageField(key: string): string | undefined {
    return (
      stringOf(this.#page?.[key]) ?? (this.type === 'page' ? stringOf(this.#properties?.[key]) : undefined)
    );
  }

  /** The page path, taken from the page URL when no path was sent. */
  path(): string | undefined {
    if ((this.#known & PATH) === 0) {
      this.#known |= PATH;
      const url = this.#pageField('url');
      this.#path = this.#pageField('path') ?? (url === undefined ? undefined : pathOf(url));
    }
    return this.#path;
  }

  #loadQuery(): void {
    this.#known |= QUERY;
    const search = this.#pageField('search');
    if (search !== undefined) {
      this.#query = search;
      this.#queryFrom = search.charCodeAt(0) === 63 /* ? */ ? 1 : 0;
      return;
    }
    this.#query = this.#pageField('url');
    this.#queryFrom = this.#query === undefined ? -1 : queryStart(this.#query);
  }

  /** Whether the page URL has a non-empty query parameter `name`. */
  hasQueryParam(name: string): boolean {
    if ((this.#known & QUERY) === 0) this.#loadQuery();
    return this.#queryFrom !== -1 && hasParam(this.#query!, this.#queryFrom, name);
  }

  /** Whether the facts behind a NEEDS_* group are there: any utm tag, a URL query, a referrer, a path. */
  has(needs: number): boolean {
    switch (needs) {
      case NEEDS_CAMPAIGN:
        return (
          this.utmSource() !== undefined || this.utmMedium() !== undefined || this.utmCampaign() !== undefined
        );
      case NEEDS_QUERY:
        if ((this.#known & QUERY) === 0) this.#loadQuery();
        return this.#queryFrom !== -1;
      case NEEDS_REFERRER:
        return this.referrerDomain() !== undefined;
      case NEEDS_PATH:
        return this.path() !== undefined;
      default:
        return true;
    }
  }

  /** A campaign field: context.campaign as analytics.js and the mobile SDKs send it, else the URL's utm_*. */
  #utm(field: string, param: string): string | undefined {
    const sent = stringOf(this.#campaign?.[field]);
    if (sent !== undefined) return sent;
    if ((this.#known & QUERY) === 0) this.#loadQuery();
    return this.#queryFrom === -1 ? undefined : paramValue(this.#query!, this.#queryFrom, param);
  }

  utmSource(): string | undefined {
    if ((this.#known & UTM_SOURCE) === 0) {
      this.#known |= UTM_SOURCE;
      this.#utmSource = this.#utm('source', 'utm_source');
    }
    return this.#utmSource;
  }

  utmMedium(): string | undefined {
    if ((this.#known & UTM_MEDIUM) === 0) {
      this.#known |= UTM_MEDIUM;
      this.#utmMedium = this.#utm('medium', 'utm_medium');
    }
    return this.#utmMedium;
  }

  /** The campaign name (utm_campaign; Segment calls it context.campaign.name). */
  utmCampaign(): string | undefined {
    if ((this.#known & UTM_CAMPAIGN) === 0) {
      this.#known |= UTM_CAMPAIGN;
      this.#utmCampaign = this.#utm('name', 'utm_campaign');
    }
    return this.#utmCampaign;
  }

  #loadReferrer(): void {
    this.#known |= REFERRER;
    this.#referrerKind = 'none';
    this.#referrerHost = undefined;
    // Mobile SDKs send context.referrer as an object ({ type, name, url, link }); some senders use a string.
    const sent = this.#context?.referrer;
    const referrer =
      this.#pageField('referrer') ??
      stringOf(sent) ??
      stringOf(objectOf(sent)?.url) ??
      stringOf(objectOf(sent)?.link);
    if (referrer === undefined) return;
    const start = hostStart(referrer);
    const end = start === -1 ? -1 : hostEnd(referrer, start);
    if (end <= start) return;
    const url = this.#pageField('url');
    const pageStart = url === undefined ? -1 : hostStart(url);
    if (pageStart !== -1 && sameHost(referrer, start, end, url!, pageStart, hostEnd(url!, pageStart))) {
      this.#referrerKind = 'internal';
      return;
    }
    this.#referrerKind = 'external';
    this.#referrerHost = referrer.slice(start, end);
  }

  /** Whether there is a referrer and whether it is the page's own site. */
  referrerKind(): ReferrerKind {
    if ((this.#known & REFERRER) === 0) this.#loadReferrer();
    return this.#referrerKind;
  }

  /** The host of an external referrer without `www.`; undefined for none or an internal one. */
  referrerDomain(): string | undefined {
    if ((this.#known & REFERRER) === 0) this.#loadReferrer();
    return this.#referrerHost;
  }

  /**
   * The value at a dotted path split beforehand: in the payload when the first segment is `properties`,
   * `context` or `traits`, otherwise in `properties`.
   */
  property(segments: readonly string[]): Json | undefined {
    const first = segments[0];
    const rooted = first === 'properties' || first === 'context' || first === 'traits';
    let value: Json | undefined = rooted ? this.payload[first] : this.#properties?.[first];
    for (let i = 1; i < segments.length && value !== undefined; i++) {
      value = objectOf(value)?.[segments[i]];
    }
    return value;
  }
}
