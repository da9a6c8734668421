/** Every Compose rule, in the order the README lists them. */
import type { ComposeRule } from './rule';
import composeSyntax from './rules/compose-syntax';
import composeNoNewPrivileges from './rules/compose-no-new-privileges';
import composePrivileged from './rules/compose-privileged';
import composeVersionObsolete from './rules/compose-version-obsolete';

export const composeRules: ComposeRule[] = [composeSyntax, composeNoNewPrivileges, composePrivileged, composeVersionObsolete];
