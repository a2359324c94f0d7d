// xmllint --noout [--schema XSD] FILE, with libxml2 compiled to WebAssembly (the
// xmllint-wasm package): prints the complaints on stderr and exits 1 when there are any.
// Usage: node xmllint-wasm.mjs FILE [XSD]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import xmllint from 'xmllint-wasm';

const [file, xsd] = process.argv.slice(2);
const read = (path) => ({ fileName: basename(path), contents: readFileSync(path, 'utf8') });
const result = await xmllint.validateXML({ xml: [read(file)], schema: xsd ? [read(xsd)] : [] });
if (!result.valid) {
  process.stderr.write(`${result.rawOutput || result.errors.map((e) => e.rawMessage).join('\n')}\n`);
  process.exitCode = 1;
}
