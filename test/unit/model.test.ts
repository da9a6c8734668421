import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, splitImage } from '../../rules/dockerfile/model';
import { substitute } from '../../rules/dockerfile/variables';
import { programName } from '../../rules/dockerfile/shell';
import { shippedStages } from '../../rules/dockerfile/query';

test('stages, names, parents and resolved base images', () => {
  const m = parseDockerfile('ARG PY=3.12\nFROM python:${PY}-alpine AS Base\nFROM base AS app\nFROM ghcr.io:443/o/img@sha256:abc\n');
  assert.deepEqual(m.stages.map((s) => s.name), ['base', 'app', undefined]);
  assert.equal(m.stages[0].image.resolved, 'python:3.12-alpine');
  assert.equal(m.stages[0].image.tag, '3.12-alpine');
  assert.equal(m.stages[1].parent, m.stages[0]);
  assert.equal(m.stages[2].image.repository, 'ghcr.io:443/o/img');
  assert.equal(m.stages[2].image.digest, 'sha256:abc');
  assert.deepEqual(shippedStages(m).map((s) => s.index), [2]);
  assert.deepEqual(shippedStages(m, ['app']).map((s) => s.index), [1]);
});

test('an image that still depends on a build arg is marked unresolved', () => {
  const m = parseDockerfile('ARG TAG\nFROM node:${TAG}\n');
  assert.ok(m.stages[0].image.unresolved);
});

test('directives and where a comment may go', () => {
  const m = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\n');
  assert.deepEqual(m.directives.map((d) => d.name), ['syntax', 'escape']);
  assert.equal(m.afterDirectivesLine, 2);
  assert.equal(m.escape, '`');
});

test('ENV, ARG, USER and WORKDIR in effect, inherited through FROM <stage>', () => {
  const m = parseDockerfile('FROM python:3.12 AS base\nENV HOME=/home/app A="x y"\nARG V=1\nUSER app\nWORKDIR /srv\nWORKDIR api\nFROM base\nRUN pip install x\n');
  const run = m.instructions[m.instructions.length - 1];
  assert.equal(run.state.env.get('HOME'), '/home/app');
  assert.equal(run.state.env.get('A'), 'x y');
  assert.equal(run.state.env.get('V'), '1');
  assert.ok(run.state.envNames.has('HOME') && !run.state.envNames.has('V'));
  assert.equal(run.state.user, 'app');
  assert.equal(run.state.workdir, '/srv/api');
});

test('RUN mounts with their options and offsets', () => {
  const text = 'FROM alpine\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked,uid=1000 --network=none pip install x\n';
  const run = parseDockerfile(text).instructions[1];
  assert.equal(run.mounts.length, 1);
  const m = run.mounts[0];
  assert.deepEqual([m.type, m.target, m.sharing, m.uid], ['cache', '/root/.cache/pip', 'locked', '1000']);
  assert.equal(text.slice(m.flag.start, m.flag.end), '--mount=type=cache,target=/root/.cache/pip,sharing=locked,uid=1000');
  assert.equal(programName(run.commands[0]), 'pip');
  assert.equal(text.slice(run.argsStart).trimStart().startsWith('pip'), true);
});

test('heredoc RUN: the body is the script; a python shebang body is not shell', () => {
  const m = parseDockerfile('FROM alpine\nRUN <<EOF\nset -e\napk add curl\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nRUN python3 <<EOF\nimport os\nEOF\n');
  assert.deepEqual(m.instructions[1].commands.map(programName), ['set', 'apk']);
  assert.deepEqual(m.instructions[2].commands.map(programName), []);
  assert.deepEqual(m.instructions[3].commands.map(programName), ['python3']);
});

test('exec-form RUN is one command with JSON-decoded words', () => {
  const run = parseDockerfile('FROM alpine\nRUN ["pip", "install", "a\\"b"]\n').instructions[1];
  assert.ok(run.execForm);
  assert.deepEqual(run.commands[0].argv.map((w) => w.value), ['pip', 'install', 'a"b']);
});

test('variable substitution forms', () => {
  const vars = new Map([['A', '1'], ['E', '']]);
  const look = (n: string) => vars.get(n);
  assert.equal(substitute('$A ${A} ${B:-d} ${E:-d} ${E-d} ${A:+alt} ${B+alt} $B', look), '1 1 d d  alt  $B');
  assert.deepEqual(splitImage('localhost:5000/app'), { repository: 'localhost:5000/app', digest: undefined });
});
