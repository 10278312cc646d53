import assert from 'node:assert/strict';
import type { LifecycleModel } from './model.ts';
import { modelFromDocument } from './model-document.ts';
import type { ModelError } from './model-error.ts';

/** Test support: a small valid model document, and helpers to read documents or their errors. */

export const GOOD = `
name: shop
description: A small shop.
stages:
  - key: visitor
    name: Visitor
    kind: lifecycle
  - key: buyer
    name: Buyer
    kind: lifecycle
    description: Bought once.
    rule: performed "Order Completed"
  - key: lapsed
    name: Lapsed
    kind: lapse
    rule: performed "Order Completed" and days since last activity >= 90
  - key: back
    name: Back
    kind: reactivation
    rule: stage = "lapsed" or (stage = "back" and days in stage < 30)
`;

export function errorsOf(input: unknown, format?: 'yaml' | 'json'): ModelError[] {
  const result = modelFromDocument(input, format);
  assert.equal(result.ok, false, 'the document should be refused');
  return result.ok ? [] : result.errors;
}

export function modelOf(input: unknown, format?: 'yaml' | 'json'): LifecycleModel {
  const result = modelFromDocument(input, format);
  if (!result.ok) assert.fail(JSON.stringify(result.errors));
  return result.model;
}

/** Two stages: customers who bought are customers, everyone else a visitor (storage suites). */
export const VISITOR_CUSTOMER = `
name: shop
stages:
  - { key: visitor, name: Visitor, kind: lifecycle }
  - { key: customer, name: Customer, kind: lifecycle, rule: 'performed "Order Completed"' }
`;

/** The good document as plain values, to break one field at a time. */
export function goodObject(): { name: string; stages: Record<string, unknown>[]; [k: string]: unknown } {
  return JSON.parse(
    JSON.stringify({ ...modelOf(GOOD), stages: modelOf(GOOD).stages.map((s) => ({ ...s })) }),
  );
}
