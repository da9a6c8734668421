/**
 * Which documents the language server sees. The server classifies each by name
 * (most specific suffix first), so a pattern here only has to let the file through.
 */
import type { DocumentSelector } from 'vscode-languageclient';

const FILE_PATTERNS = [
  '**/Dockerfile*',
  '**/Containerfile*',
  '**/*.dockerfile',
  '**/{docker-compose,compose}*.{yml,yaml}',
  '**/.dockerignore',
  '**/*.dockerignore',
  '**/.github/workflows/*.{yml,yaml}',
  '**/.layerwise.{yaml,yml}',
];

export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'dockercompose' },
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  { scheme: 'untitled', language: 'dockerfile' },
];

export { WATCHED_FILE_PATTERNS as watchedFilePatterns } from '../rules/core/classify';
