import { Liquid, type TagToken } from 'liquidjs';

/** How much one template may cost: it runs inside the sender, once per message. */
export type LiquidLimits = {
  /** The longest template text parsed, in characters. */
  parseLimit: number;
  /** The longest one render may take, in milliseconds. */
  renderLimit: number;
  /** How much one render may allocate (liquidjs counts the objects and strings it makes). */
  memoryLimit: number;
};

export const DEFAULT_LIQUID_LIMITS: LiquidLimits = {
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 20_000_000,
};

/** Tags that would read other files: a template is one self-contained text, so they are refused. */
const FILE_TAGS = ['include', 'render', 'layout'];

/**
 * A Liquid engine as templates use it: unknown filters refused at parse time, only own properties
 * reachable (no `constructor` or prototype walks), no file system, and the limits above. `escape`
 * HTML-escapes every output, for HTML fields (`| raw` opts out).
 */
export function createLiquid(limits: LiquidLimits, escapeHtml: boolean): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    templates: {},
    outputEscape: escapeHtml ? 'escape' : undefined,
    ...limits,
  });
  for (const name of FILE_TAGS) {
    liquid.registerTag(name, {
      parse(token: TagToken) {
        throw new Error(`tag "${token.name}" is not available: a template cannot load other files`);
      },
      render() {},
    });
  }
  return liquid;
}
