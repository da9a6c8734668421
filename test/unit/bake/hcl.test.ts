import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hclLanguage } from 'codemirror-lang-hcl';
import { hclParser } from '../../../rules/bake/hcl';
import { parseBake } from '../../../rules/bake/model';
import { lines } from '../../helpers/ruleTester';

/** Every node with its offsets: the two parsers must build the same tree. */
function shape(tree: ReturnType<typeof hclLanguage.parser.parse>): string[] {
  const out: string[] = [];
  tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) });
  return out;
}

const SAMPLES = [
  lines('target "a" {', '  tags = ["r/${NAME}:${TAG}", "x\\"y\\\\z\\u0041$${lit}%%{lit}"]', '  args = { "K" = "v %{ if true }yes%{ endif } $ % end" }', '}'),
  lines('target "b" {', '  dockerfile-inline = <<-EOT', '    FROM alpine AS base', '    RUN echo "${X}" $HOME 100%', '    EOT', '  labels = { a = <<EOT', 'raw ${x} text', 'EOT', '  }', '}'),
  lines('target "c" {', '  context =', '}', 'target "d" { dockerfile = "unterminated', '}'),
  'a = "x"\r\nb = <<EOT\r\nline\r\nEOT\r\n',
];

test('the run tokenizer builds the same tree as the grammar\'s own', () => {
  for (const text of SAMPLES) assert.deepEqual(shape(hclParser().parse(text)), shape(hclLanguage.parser.parse(text)), text);
});

test('long strings and heredocs parse in linear time', () => {
  const body = Array.from({ length: 200 }, (_, i) => `    RUN echo step ${i} with some words to make the line long enough`).join('\n');
  const text = lines('target "big" {', '  dockerfile-inline = <<-EOT', '    FROM alpine AS base', body, '    EOT', `  target = "${'x'.repeat(4000)}"`, '}');
  const started = performance.now();
  const m = parseBake(text, '/p/docker-bake.hcl');
  const ms = performance.now() - started;
  assert.ok(ms < 300, `took ${ms.toFixed(0)} ms`);
  assert.ok(m.target('big')!.dockerfileInline!.startsWith('FROM alpine AS base\nRUN echo step 0 '));
  assert.equal(m.target('big')!.target, 'x'.repeat(4000));
});
