import { serviceRule } from '../rule';
import { securityOptions } from '../knowledge/securityOpt';

/** security_opt settings that switch a kernel confinement off, and what that lets a compromised process do. */
const UNCONFINED: ReadonlyMap<string, { value: string; what: string; advice: string }> = new Map([
  [
    'seccomp',
    {
      value: 'unconfined',
      what: 'turns off the seccomp filter, so every syscall (keyctl, bpf, mount, unshare…) reaches the kernel',
      advice: "If it needs a syscall the default profile blocks, use a custom profile that allows just the syscalls it needs (seccomp:./profile.json, starting from Docker's default profile).",
    },
  ],
  [
    'apparmor',
    {
      value: 'unconfined',
      what: 'turns off the AppArmor profile that keeps the container away from /proc, /sys and mount',
      advice: 'If the default profile blocks something it needs, load a custom AppArmor profile and name it (apparmor:<profile>).',
    },
  ],
  [
    'label',
    {
      value: 'disable',
      what: 'turns off SELinux labeling, so the container is not confined to its own files',
      advice: 'If it needs host files, relabel the bind mount (:z or :Z) or set a specific label type (label:type:<type>).',
    },
  ],
  [
    'systempaths',
    {
      value: 'unconfined',
      what: 'unmasks the /proc and /sys paths (kcore, sysrq-trigger…) that Docker hides from containers',
      advice: 'Remove it unless the service truly needs those paths (nested container runtimes).',
    },
  ],
]);

export default serviceRule(
  { id: 'compose-unconfined', title: 'Keep seccomp, AppArmor and SELinux confinement', severity: 'warning', plan: '§3.2' },
  (ctx, service) => {
    // Never weighed down for image-only services: "unconfined" is never an image's default, someone chose it.
    for (const o of securityOptions(service).options) {
      const known = UNCONFINED.get(o.name);
      if (!known || o.value !== known.value) continue;
      ctx.report({
        start: o.start,
        end: o.end,
        message: `Service "${service.name}" ${known.what}: one barrier less between a compromised process and the host. ${known.advice}`,
      });
    }
  },
);
