import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';

const t = ruleTester('base-image-unpinned');

test('base-image-unpinned fires on a missing tag or latest, at the reference', () => {
  t.catchesAt(lines('FROM ubuntu', 'RUN true'), [{ line: 0, character: 5, endCharacter: 11 }]);
  t.catchesAt(lines('FROM --platform=$BUILDPLATFORM node:latest AS build', 'FROM gcr.io/distroless/nodejs22', 'COPY --from=build /app /app'), [
    { line: 0, character: 31, endCharacter: 42 },
    { line: 1, character: 5, endCharacter: 31 },
  ]);
  t.catchesAt(lines('FROM registry.local:5000/team/app', 'RUN true'), [{ line: 0, character: 5, endCharacter: 33 }]);
});

test('base-image-unpinned points at the ARG default that supplies latest', () => {
  t.catchesAt(lines('ARG TAG=latest', 'FROM python:${TAG}'), [{ line: 0, character: 8, endCharacter: 14 }]);
  t.catchesAt(lines('ARG BASE=alpine', 'FROM $BASE'), [{ line: 0, character: 9, endCharacter: 15 }]);
  t.catchesAt(lines('ARG REG=docker.io', 'FROM ${REG}/library/alpine'), [{ line: 1, character: 5, endCharacter: 26 }]);
});

test('base-image-unpinned stays quiet on pinned, scratch, stage and unresolved references', () => {
  t.catchesNot(lines('FROM python:3.12-alpine AS base', 'FROM base AS prod', 'FROM BASE', 'FROM scratch'));
  t.catchesNot(lines('FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'));
  t.catchesNot(lines('ARG IMAGE', 'FROM $IMAGE', 'ARG TAG', 'FROM node:${TAG}'));
  t.catchesNot(lines('ARG PY=3.12', 'FROM python:${PY}-slim'));
  t.catchesNot(PLAN_1_1);
  t.catchesNot(PLAN_1_3);
  t.catchesNot(PLAN_2_3);
  t.catchesNot('# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN echo `\r\n  hi\r\n');
  t.catchesNot(lines('FROM alpine:3.20', 'RUN <<EOF', 'FROM ubuntu', 'EOF'));
});

test('base-image-unpinned handles CRLF and the backtick escape', () => {
  t.catchesAt('# escape=`\r\nFROM node AS build\r\nRUN echo `\r\n  hi\r\n', [{ line: 1, character: 5, endCharacter: 9 }]);
});
