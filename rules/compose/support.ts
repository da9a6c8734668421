import { yamlSupport } from '../yaml/support';
import { parseCompose } from './model';

export const composeSupport = yamlSupport('compose', parseCompose);
