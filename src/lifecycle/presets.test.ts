import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileModel } from './compile-model.ts';
import { modelFromDocument, modelToDocument } from './model-document.ts';
import { listPresets, loadPreset, PRESET_NAMES, type PresetName } from './presets.ts';

/** The stages of PRODUCT.md, in order, for every preset. */
const PRODUCT_STAGES: Record<PresetName, string[]> = {
  'clm-5': ['Awareness', 'Acquisition', 'Conversion', 'Retention', 'Advocacy'],
  'cjm-5': ['Awareness', 'Consideration', 'Decision', 'Retention', 'Advocacy'],
  'reach-loyalty': ['Reach', 'Acquisition', 'Conversion', 'Retention', 'Loyalty'],
  'service-6': ['Awareness', 'Consideration', 'Acquisition', 'Service (usage)', 'Loyalty', 'Advocacy'],
  reactivation: ['Acquisition', 'Conversion & growth', 'Retention', 'Reactivation'],
};

describe('presets', () => {
  for (const name of PRESET_NAMES) {
    test(`${name} loads with the PRODUCT.md stages, lapse states and a reactivated stage`, () => {
      const model = loadPreset(name);
      assert.equal(model.name, name);
      const lifecycle = model.stages.filter((s) => s.kind === 'lifecycle').map((s) => s.name);
      const reactivation = model.stages.filter((s) => s.kind === 'reactivation');
      assert.deepEqual(
        [...lifecycle, ...(name === 'reactivation' ? reactivation.map((s) => s.name) : [])],
        PRODUCT_STAGES[name],
      );
      assert.deepEqual(
        model.stages.filter((s) => s.kind !== 'lifecycle').map((s) => [s.key, s.kind]),
        [
          ['churned', 'lapse'],
          ['at_risk', 'lapse'],
          ['reactivated', 'reactivation'],
        ],
      );
      for (const stage of model.stages) assert.ok(stage.description, `${stage.key} has a description`);
    });

    test(`${name} compiles and survives the document round trip`, () => {
      const model = loadPreset(name);
      const compiled = compileModel(model);
      assert.ok(compiled.needs.length > 0);
      assert.equal(compiled.reads.stage, true);
      const again = modelFromDocument(modelToDocument(model));
      assert.ok(again.ok);
      assert.deepEqual(again.model, model);
    });
  }

  test('loadPreset refuses an unknown name and lists the presets', () => {
    assert.throws(
      () => loadPreset('clm-6'),
      /unknown preset "clm-6".*clm-5, cjm-5, reach-loyalty, service-6, reactivation/,
    );
  });

  test('loadPreset returns a fresh model each time', () => {
    const a = loadPreset('clm-5');
    a.stages.pop();
    assert.equal(loadPreset('clm-5').stages.length, 8);
  });

  test('listPresets names every preset with its stage names', () => {
    const list = listPresets();
    assert.deepEqual(
      list.map((p) => p.name),
      [...PRESET_NAMES],
    );
    assert.deepEqual(list[0].stages, [...PRODUCT_STAGES['clm-5'], 'Churned', 'At risk', 'Reactivated']);
    for (const p of list) assert.ok(p.description.length > 20);
  });
});
