import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const config = { baseImages: { python: 'python:3.12-alpine', node: 'node:22-alpine' } };
const t = ruleTester('base-image-policy', { config });

test('base-image-policy fires on another tag or variant of a standardised family', () => {
  // The plan's own §1.1–1.3 examples predate its §2.1 standard.
  t.catchesAt(PLAN_1_1, [{ line: 1, character: 5, endCharacter: 23 }]);
  t.catchesAt(PLAN_1_2, [{ line: 1, character: 5, endCharacter: 23 }]);
  t.catchesAt(PLAN_1_3, [{ line: 1, character: 5, endCharacter: 19 }, { line: 11, character: 5, endCharacter: 19 }]);
  t.catchesAt(lines('FROM docker.io/library/python:3.12 AS b', 'FROM library/node'), [{ line: 0, character: 5, endCharacter: 34 }, { line: 1, character: 5, endCharacter: 17 }]);
});

test('base-image-policy points at the ARG default that supplies the tag', () => {
  t.catchesAt(lines('ARG PY=3.11-slim', 'FROM python:${PY}'), [{ line: 0, character: 7, endCharacter: 16 }]);
  t.catchesAt(lines('ARG BASE="node:20"', 'FROM $BASE'), [{ line: 0, character: 9, endCharacter: 18 }]);
});

test('base-image-policy stays quiet on the standard, other families, stages and without a policy', () => {
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('FROM python:3.12-alpine@sha256:abc AS a', 'FROM a', 'FROM golang:1.23', 'FROM scratch', 'FROM ghcr.io/x/python:3.9'));
  t.catchesNot(lines('ARG PY', 'FROM python:${PY}'));
  // A more precise pin of the standard meets it.
  t.catchesNot(lines('FROM python:3.12.4-alpine3.20 AS a', 'FROM node:22.11.0-alpine'));
  t.catches(lines('FROM python:3.12.4-slim'));
  t.catches(lines('FROM python:3.120-alpine'));
  t.catchesNot(PLAN_1_1, { config: { baseImages: {} } });
  t.catchesNot('# escape=`\r\nFROM python:3.12-alpine\r\nRUN echo `\r\n  hi\r\n');
});

test('base-image-policy fix rewrites the reference, keeping flags, name and prefix, dropping a digest', () => {
  t.fixes(PLAN_1_1, PLAN_1_1.replace('python:3.11-alpine', 'python:3.12-alpine'));
  t.fixes(
    'FROM --platform=$BUILDPLATFORM docker.io/library/node:20@sha256:0123 AS web\r\nRUN true\r\n',
    'FROM --platform=$BUILDPLATFORM docker.io/library/node:22-alpine AS web\r\nRUN true\r\n',
  );
});

test('base-image-policy fix rewrites the ARG default when it alone decides the tag', () => {
  t.fixes(lines('ARG PY=3.11-slim', 'FROM python:${PY}'), lines('ARG PY=3.12-alpine', 'FROM python:${PY}'));
  t.fixes(lines('ARG BASE="node:20"', 'FROM $BASE'), lines('ARG BASE="node:22-alpine"', 'FROM $BASE'));
  const shared = lines('ARG V=3.11', 'FROM python:${V} AS a', 'FROM python:${V}-slim');
  const [f] = t.catches(shared);
  if (f.fixes.length) throw new Error('a default shared by two FROM lines must not be rewritten');
});
