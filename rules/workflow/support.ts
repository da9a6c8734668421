import { yamlSupport } from '../yaml/support';
import { parseWorkflow } from './model';

export const workflowSupport = yamlSupport('workflow', parseWorkflow);
