import { workflowRule } from '../rule';
import { dockerBuilds, scansImage } from '../docker';
import { otherWorkflows } from '../others';
import type { WorkflowModel } from '../model';

const scans = (m: WorkflowModel) => m.jobs.some((j) => j.steps.some(scansImage));

export default workflowRule(
  { id: 'gha-scan-missing', title: 'Scan the images CI builds for vulnerabilities', severity: 'info', plan: '§3.1' },
  (ctx) => {
    const builds = dockerBuilds(ctx.model);
    if (!builds.length || scans(ctx.model)) return;
    // A scan in any workflow of the repository covers the images (when the workspace is known).
    if (otherWorkflows(ctx).some(scans)) return;
    ctx.report({
      ...builds[0].anchor,
      message: 'This workflow builds images, but no workflow scans them for vulnerabilities. Add a scan of the built image (aquasecurity/trivy-action, anchore/scan-action, docker/scout-action with `cves`, or `trivy image` in a run step), e.g. failing on CRITICAL and HIGH findings.',
    });
  },
);
