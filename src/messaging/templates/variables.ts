import type { JsonObject } from '../../core/index.ts';
import type { RenderInput } from '../template-types.ts';

/**
 * The names a template may use, as Liquid sees them (snake_case, as marketers write Liquid elsewhere):
 *
 * | name | value |
 * |---|---|
 * | `customer.id`, `customer.user_id`, `customer.email`, `customer.phone` | the recipient |
 * | `traits.<anything>` | the customer's traits |
 * | `event.<anything>` | the triggering event's properties (empty when none) |
 * | `stage` | the customer's lifecycle stage key, or nil |
 * | `predictions.clv`, `predictions.p_alive`, `predictions.churn_risk` | the latest predictions, or nil |
 * | `workspace.name` | the sending workspace |
 * | `links.unsubscribe`, `links.preferences` | signed links for this recipient |
 *
 * Roots marked open take any property below them; closed ones only the properties listed. Kept in step
 * with `toLiquidScope` and docs/templates.md.
 */
export const TEMPLATE_VARIABLES: Readonly<Record<string, readonly string[] | 'open' | 'scalar'>> = {
  customer: ['id', 'user_id', 'email', 'phone'],
  traits: 'open',
  event: 'open',
  stage: 'scalar',
  predictions: ['clv', 'p_alive', 'churn_risk'],
  workspace: ['name'],
  links: ['unsubscribe', 'preferences'],
};

/** Properties Liquid gives every string and array, so `stage.size` or `customer.email.size` are fine. */
const BUILT_IN_PROPERTIES = new Set(['size', 'first', 'last']);

/** A variable path as liquidjs's static analysis gives it: nested arrays are paths used as indexes. */
export type Segments = ReadonlyArray<string | number | Segments>;

/** Why a variable path is outside `TEMPLATE_VARIABLES`, or null when it is a name a template may use. */
export function unknownVariable(segments: Segments): string | null {
  const [root, second, third] = segments;
  const name = pathText(segments);
  if (typeof root !== 'string' || !(root in TEMPLATE_VARIABLES))
    return `unknown variable "${name}": templates may use ${Object.keys(TEMPLATE_VARIABLES).join(', ')}`;
  const allowed = TEMPLATE_VARIABLES[root]!;
  if (allowed === 'open' || second === undefined) return null;
  if (allowed === 'scalar')
    return typeof second === 'string' && BUILT_IN_PROPERTIES.has(second)
      ? null
      : `unknown variable "${name}": ${root} has no properties`;
  if (typeof second !== 'string' || !allowed.includes(second))
    return `unknown variable "${name}": ${root} has ${allowed.map((p) => `${root}.${p}`).join(', ')}`;
  if (third !== undefined && !(typeof third === 'string' && BUILT_IN_PROPERTIES.has(third)))
    return `unknown variable "${name}": ${root}.${second} has no properties`;
  return null;
}

function pathText(segments: Segments): string {
  return segments
    .map((s, i) =>
      Array.isArray(s) ? `[${pathText(s)}]` : typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`,
    )
    .join('');
}

/** The render input under the names Liquid sees (see `TEMPLATE_VARIABLES`). */
export function toLiquidScope(input: RenderInput): JsonObject {
  const { customer, predictions } = input;
  return {
    customer: { id: customer.id, user_id: customer.userId, email: customer.email, phone: customer.phone },
    traits: input.traits,
    event: input.event,
    stage: input.stage,
    predictions: {
      clv: predictions.clv,
      p_alive: predictions.pAlive,
      churn_risk: predictions.churnRisk,
    },
    workspace: { name: input.workspace.name },
    links: { unsubscribe: input.links.unsubscribe, preferences: input.links.preferences },
  };
}
