import { test } from 'node:test';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('npm-ci-preferred');

test('npm-ci-preferred fires on a bare npm install after copying the lockfile', () => {
  t.catchesAt(lines('FROM node:22-alpine', 'COPY package.json package-lock.json ./', 'RUN npm install'), [{ line: 2, character: 8, endCharacter: 15 }]);
  t.catches(lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm i --omit=dev'));
  t.catches(lines('FROM node:22-alpine', 'COPY . .', 'RUN cd app && npm install'));
});

test('npm-ci-preferred stays quiet where npm ci cannot replace the install', () => {
  t.catchesNot(lines('FROM node:22-alpine', 'COPY package.json ./', 'RUN npm install'));
  t.catchesNot(lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm install express'));
  t.catchesNot(lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm install -g pnpm'));
  t.catchesNot(lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN npm ci'));
  t.catchesNot(lines('FROM node:22-alpine AS a', 'COPY package*.json ./', 'FROM node:22-alpine', 'RUN npm install'));
});

test('npm-ci-preferred fix rewrites the verb', () => {
  t.fixes(
    lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN --mount=type=cache,target=/root/.npm npm install --omit=dev'),
    lines('FROM node:22-alpine', 'COPY package*.json ./', 'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev'),
  );
});
