import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIELDS, OPERATORS, definitionOf, incomplete, ruleFor } from './rule-model.ts';

test('every field and operator starts a rule the server would take once its text is filled in', () => {
  for (const { field, kind } of FIELDS)
    for (const { op } of OPERATORS[kind]) {
      const rule = ruleFor(field, op);
      assert.equal(rule.field, field);
      assert.equal(rule.op, op);
      if (kind === 'text') assert.equal('value' in rule && rule.value, '');
      if (op === 'in_range') assert.equal('value' in rule && Array.isArray(rule.value) && rule.value.length, 2);
    }
  assert.deepEqual(ruleFor('recent_plays'), { field: 'recent_plays', days: 30, op: 'is', value: 0 });
});

test('incomplete rules are named before they are counted', () => {
  assert.equal(incomplete({ all: [] }), 'smart.incomplete.noRules');
  assert.equal(incomplete({ all: [ruleFor('title')] }), 'smart.incomplete.noValue');
  assert.equal(incomplete({ any: [{ field: 'title', op: 'is', value: 'x' }, { all: [] }] }), 'smart.incomplete.groupEmpty');
  assert.equal(incomplete({ any: [{ field: 'starred', op: 'is_true' }] }), null);
  assert.deepEqual(definitionOf({ all: [ruleFor('starred')] }, { field: 'random' }, 10), {
    rules: { all: [{ field: 'starred', op: 'is_true' }] },
    sort: [{ field: 'random' }],
    limit: 10,
  });
});
