// A local ESLint rule: a server module never imports another module's `repository.ts` or
// `tables.ts`; it calls that module's service (docs/architecture.md: a module owns its tables).
// Modules are the folders right under packages/server/src. The rule resolves each relative
// import against the importing file, so it holds at any depth (subsonic/endpoints/…).
import path from 'node:path';

const SRC = path.join('packages', 'server', 'src');
const PRIVATE = new Set(['repository', 'tables']);

/** The module folder a file lies in (undefined for files right under src, such as app.ts). */
function moduleOf(file) {
  const rel = path.relative(path.resolve(SRC), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: "Forbid importing another server module's repository.ts or tables.ts" },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      private: "'{{source}}' is the {{owner}} module's {{file}}; go through the {{owner}} module's service (or a type it exports) instead.",
    },
  },
  create(context) {
    const allow = new Set(context.options[0]?.allow ?? []);
    const filename = context.filename;
    const from = moduleOf(filename);
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(filename), source);
      const owner = moduleOf(target);
      const file = path.basename(target).replace(/\.(ts|js)$/, '');
      if (!owner || owner === from || !PRIVATE.has(file)) return;
      if (from !== undefined && allow.has(`${from}:${file}`)) return;
      context.report({ node: node.source, messageId: 'private', data: { source, owner, file: `${file}.ts` } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default { rules: { 'module-boundaries': rule } };
