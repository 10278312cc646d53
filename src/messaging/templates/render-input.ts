import type { JsonObject } from '../../core/index.ts';
import type { RenderInput } from '../template-types.ts';

/** What the stores hold of a recipient, as the sender and the preview read it. */
export type RecipientProfile = {
  id: number;
  userId: string | null;
  email: string | null;
  traits: JsonObject;
  stage: string | null;
  /** The customer's stored predictions (`customer_state.predictions`: p_alive, clv, churn_risk, ...). */
  predictions: Readonly<Record<string, number>>;
};

const numberOr = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const textOr = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The render input for one recipient. The email is the profile's, else the `email` trait; the phone is
 * the `phone` trait (Segment's identify convention), as the channels address them.
 */
export function renderInputOf(
  p: RecipientProfile,
  context: { workspaceName: string; event: JsonObject | null; links: RenderInput['links'] },
): RenderInput {
  return {
    customer: {
      id: p.id,
      userId: p.userId,
      email: p.email ?? textOr(p.traits.email),
      phone: textOr(p.traits.phone),
    },
    traits: p.traits,
    event: context.event ?? {},
    stage: p.stage,
    predictions: {
      clv: numberOr(p.predictions.clv),
      pAlive: numberOr(p.predictions.p_alive),
      churnRisk: numberOr(p.predictions.churn_risk),
    },
    workspace: { name: context.workspaceName },
    links: context.links,
  };
}
