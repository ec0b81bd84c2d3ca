// Renders rows as a GitHub-flavoured Markdown table that also reads well in a terminal.

export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  // A `|` inside a cell (a shell pipeline, a regular expression) would end the cell.
  const rows = body.map((r) => r.map((c) => (c ?? '').replace(/\|/g, '\\|')));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
