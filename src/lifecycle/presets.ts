import { readFileSync } from 'node:fs';
import type { LifecycleModel } from './model.ts';
import { modelFromDocument } from './model-document.ts';
import { formatModelError } from './model-error.ts';

/** The stage models Loopline ships, each a YAML file in `presets/` beside this module. */
export const PRESET_NAMES = ['clm-5', 'cjm-5', 'reach-loyalty', 'service-6', 'reactivation'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A preset as a picker shows it: its name, what it is for, and its stages' names in order. */
export type PresetSummary = { name: PresetName; description: string; stages: string[] };

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * Reads a preset model. Each call returns a fresh model, so a caller may adapt it freely.
 *
 * @throws on an unknown name (the message lists the presets), or on a preset file that does not
 *   validate (a bug in the shipped file, with its errors).
 */
export function loadPreset(name: string): LifecycleModel {
  if (!isPresetName(name)) throw new Error(`unknown preset "${name}"; presets: ${PRESET_NAMES.join(', ')}`);
  const text = readFileSync(new URL(`./presets/${name}.yaml`, import.meta.url), 'utf8');
  const result = modelFromDocument(text);
  if (!result.ok) {
    throw new Error(`preset "${name}" is invalid:\n${result.errors.map(formatModelError).join('\n')}`);
  }
  return result.model;
}

/** Every preset with its stage names, in the order of `PRESET_NAMES`. */
export function listPresets(): PresetSummary[] {
  return PRESET_NAMES.map((name) => {
    const model = loadPreset(name);
    return { name, description: model.description ?? '', stages: model.stages.map((s) => s.name) };
  });
}
