// A Bake file written as JSON (`docker-bake.json`) read into the structure of its HCL form: each
// top-level key (`variable`, `target`, `group`) holds objects by name, each a block whose
// properties are its attributes; a string is a template, as HCL's JSON syntax reads it (`${TAG}`).
import { type Node as JsonNode, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { type HclAttribute, type HclBlock, type HclBody, type HclExpr, HclSyntaxError, template } from './hclSyntax';

export function parseBakeJson(text: string): HclBody {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) throw new HclSyntaxError(`the JSON cannot be read: ${printParseErrorCode(errors[0].error)}`, errors[0].offset);
  if (root?.type !== 'object') throw new HclSyntaxError('a bake file written as JSON is an object', root?.offset ?? 0);
  const blocks: HclBlock[] = [];
  for (const [type, value] of properties(root)) {
    if (value.type !== 'object') continue;
    for (const [label, node] of properties(value)) {
      if (node.type !== 'object') continue;
      const attributes: HclAttribute[] = properties(node).map(([name, attr]) => ({ name, expr: expression(text, attr), start: attr.offset }));
      blocks.push({ type, labels: [label], body: { attributes, blocks: [] }, start: node.offset, end: node.offset + node.length });
    }
  }
  return { attributes: [], blocks };
}

function properties(node: JsonNode): [string, JsonNode][] {
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key?.type === 'string' && value !== undefined ? [[String(key.value), value]] : [];
  });
}

function expression(text: string, node: JsonNode): HclExpr {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case 'string':
      return template(text, start + 1, end - 1, start, end);
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'literal', value: node.value as number | boolean | null, start, end };
    case 'array':
      return { kind: 'tuple', items: (node.children ?? []).map((child) => expression(text, child)), start, end };
    case 'object':
      return { kind: 'object', items: properties(node).map(([key, value]) => ({ key, keyStart: value.offset, value: expression(text, value) })), start, end };
    default:
      return { kind: 'other', text: text.slice(start, end), start, end };
  }
}
