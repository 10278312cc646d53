import { AppError } from '../core/index.ts';
import type { Customer, CustomerStorage } from './types.ts';

/**
 * The customer an id names, following merges (a merged-away id resolves to its survivor); a not_found
 * error when there is none in the workspace.
 */
export async function resolveCustomer(
  customers: Pick<CustomerStorage, 'get' | 'findSurvivor'>,
  workspaceId: number,
  requested: number,
): Promise<{ id: number; customer: Customer }> {
  let customer = await customers.get(workspaceId, requested);
  if (!customer) {
    const survivor = await customers.findSurvivor(workspaceId, requested);
    if (survivor !== null) customer = await customers.get(workspaceId, survivor);
  }
  if (!customer) throw new AppError('not_found', `no customer ${requested} in this workspace`);
  return { id: customer.id, customer };
}
