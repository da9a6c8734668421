/** rules/dockerfile/astMemo.ts: dockerfile-ast's arguments computed once per instruction, same answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../rules/dockerfile/astMemo';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

const text = [
  'FROM --platform=$BUILDPLATFORM alpine:3.20 AS build',
  'RUN --mount=type=cache,target=/root/.cache \\',
  '    --network=none apk add \\',
  '      curl',
  'COPY --chown=10001:10001 ["a b", "/dst/"]',
  'ENV A=1 B="two words"',
  '',
].join('\n');

const values = (i: Instruction) => i.getArguments().map((a) => `${a.getValue()}@${a.getRange().start.line}:${a.getRange().start.character}`);

test('arguments and flags are the same on every call, and a caller changing the array changes nothing', () => {
  const [from, run, copy, env] = DockerfileParser.parse(text).getInstructions();
  assert.deepEqual(values(run), ['apk@2:19', 'add@2:23', 'curl@3:6']);
  assert.deepEqual(values(run), ['apk@2:19', 'add@2:23', 'curl@3:6'], 'the flags are shifted off a copy, not off the kept array');
  const flags = (run as Instruction & { getFlags(): { getName(): string }[] }).getFlags().map((f) => f.getName());
  assert.deepEqual(flags, ['mount', 'network']);
  run.getArguments().length = 0;
  assert.equal(run.getArguments().length, 3);
  assert.deepEqual(values(from), ['alpine:3.20@0:31', 'AS@0:43', 'build@0:46']);
  assert.deepEqual(values(copy), ['["a@4:25', 'b",@4:29', '"/dst/"]@4:33']);
  assert.equal(env.getArgumentsContent(), 'A=1 B="two words"');
});

test('each parse has its own instructions: a new text gets its own arguments', () => {
  const a = DockerfileParser.parse('RUN echo one\n').getInstructions()[0];
  const b = DockerfileParser.parse('RUN echo two\n').getInstructions()[0];
  assert.deepEqual([values(a), values(b)], [['echo@0:4', 'one@0:9'], ['echo@0:4', 'two@0:9']]);
});

test('the same text parsed twice (the rules, then the syntax check) gives one tree; another text a new one', () => {
  const text = 'FROM alpine\nRUN echo hi\n';
  const first = DockerfileParser.parse(text);
  assert.equal(DockerfileParser.parse(`${text}`), first);
  const other = DockerfileParser.parse('FROM alpine\nRUN echo bye\n');
  assert.notEqual(other, first);
  assert.equal(other.getInstructions()[1].getArgumentsContent(), 'echo bye');
  assert.equal(DockerfileParser.parse(text).getInstructions()[1].getArgumentsContent(), 'echo hi');
});
