import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerLogicalText, parseShell, programName, programArgs } from '../../rules/dockerfile/shell';

function parse(text: string, escape = '\\') {
  return parseShell(dockerLogicalText(text, 0, text.length, escape));
}
const summary = (text: string, escape?: string) =>
  parse(text, escape).map((c) => `${c.connector ?? ''}${programName(c)}(${programArgs(c).map((w) => w.value).join(' ')})`);

test('splits commands on && || ; | & and keeps the connector', () => {
  assert.deepEqual(summary('a 1 && b 2 || c; d | e & f'), ['a(1)', '&&b(2)', '||c()', ';d()', '|e()', '&f()']);
});

test('quotes and escapes are removed from values; offsets point at the text as written', () => {
  const text = `pip install "flask>=2" 'a b' c\\ d`;
  const [cmd] = parse(text);
  assert.deepEqual(cmd.argv.map((w) => w.value), ['pip', 'install', 'flask>=2', 'a b', 'c d']);
  assert.deepEqual(cmd.argv.map((w) => text.slice(w.start, w.end)), ['pip', 'install', '"flask>=2"', "'a b'", 'c\\ d']);
});

test('line continuations and the comment lines Docker strips inside them', () => {
  const text = 'apt-get update \\\n    # refresh lists\n    && apt-get install -y \\\n\n  curl';
  assert.deepEqual(summary(text), ['apt-get(update)', '&&apt-get(install -y curl)']);
  const curl = parse(text)[1].argv[3];
  assert.equal(text.slice(curl.start, curl.end), 'curl');
});

test('the escape directive changes the continuation character', () => {
  assert.deepEqual(summary('pip install `\n  -r req.txt', '`'), ['pip(install -r req.txt)']);
});

test('wrappers and assignments: the program is found behind sudo, env, exec, time', () => {
  const cmds = parse('FOO=1 sudo -u app env A=2 B=3 /usr/local/bin/pip3 install x; exec time npm ci');
  assert.equal(programName(cmds[0]), 'pip3');
  assert.deepEqual(cmds[0].assignments.map((w) => w.value), ['FOO=1']);
  assert.equal(programName(cmds[1]), 'npm');
});

test('redirections are not arguments; an unquoted > splits a word', () => {
  const [cmd] = parse('pip install flask>=2.0 2>&1 > /dev/null');
  assert.deepEqual(cmd.argv.map((w) => w.value), ['pip', 'install', 'flask']);
  assert.deepEqual(cmd.redirects.map((r) => r.op + (r.target?.value ?? '')), ['>=2.0', '2>&1', '>/dev/null']);
});

test('compound commands: keywords are skipped, the commands inside are found', () => {
  assert.deepEqual(summary('if [ -f a ]; then npm ci; else npm install; fi'), ['[(-f a ])', ';npm(ci)', ';npm(install)']);
  assert.deepEqual(summary('for p in a b; do pip install $p; done'), [';pip(install $p)']);
  assert.deepEqual(summary('(cd app && yarn install)'), ['(cd(app)', '&&yarn(install)']);
});

test('command substitutions stay inside their word', () => {
  const [cmd] = parse('echo "$(uname -m) x" $(a && b) `c; d`');
  assert.deepEqual(cmd.argv.map((w) => w.value), ['echo', '$(uname -m) x', '$(a && b)', '`c; d`']);
  assert.ok(cmd.argv[1].hasExpansion);
});

test('heredoc bodies in a script are data, not commands', () => {
  const text = 'cat > /etc/x <<EOT\nnpm install\nEOT\npip install y';
  const cmds = parseShell(dockerLogicalText(text, 0, text.length, '\\', false));
  assert.deepEqual(cmds.map((c) => programName(c)), ['cat', 'pip']);
});

test('unterminated quotes and substitutions end at the text end without throwing', () => {
  assert.equal(parse('echo "abc').length, 1);
  assert.equal(parse("echo 'abc").length, 1);
  assert.equal(parse('echo $(abc').length, 1);
  assert.equal(parse('echo ${abc').length, 1);
});
