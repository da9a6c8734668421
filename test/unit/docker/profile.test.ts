import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../rules';
import { composeContainers, composeCpus, composeMemory, limitsEdits, parseDockerSize, parseLabels, parseStats, percentile, suggestLimits } from '../../../client/docker/profile';

const lines = (...l: string[]) => l.join('\n') + '\n';

test('docker ps rows: containers of this Compose file, by the config_files label', () => {
  const ps = [
    JSON.stringify({ ID: 'aaa', Labels: 'com.docker.compose.service=api,com.docker.compose.project.config_files=/repo/compose.yaml,/repo/compose.override.yaml,x=y' }),
    JSON.stringify({ ID: 'bbb', Labels: 'com.docker.compose.service=db,com.docker.compose.project.config_files=/other/compose.yaml' }),
    JSON.stringify({ ID: 'ccc', Labels: 'maintainer=someone' }),
    'not json',
  ].join('\n');
  assert.deepEqual(composeContainers(ps, '/repo/compose.yaml'), [{ id: 'aaa', service: 'api' }]);
  assert.equal(parseLabels('a=b=c,d=e')['a'], 'b=c');
});

test('docker stats sizes and CPU percentages', () => {
  assert.equal(parseDockerSize('12.5MiB'), 13107200);
  assert.equal(parseDockerSize('980kB'), 980000);
  assert.equal(parseDockerSize('0B'), 0);
  assert.equal(parseDockerSize('lots'), undefined);
  const stats = parseStats([JSON.stringify({ ID: 'aaa', MemUsage: '50MiB / 1.944GiB', CPUPerc: '150.00%' }), JSON.stringify({ ID: 'bbb', MemUsage: '--', CPUPerc: '--' })].join('\n'));
  assert.deepEqual(stats, [{ id: 'aaa', memBytes: 52428800, cpus: 1.5 }]);
});

test('p90 + 20 % for limits, median for the reservation', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 0.5), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
  const MiB = 1024 * 1024;
  const samples = Array.from({ length: 10 }, (_, i) => ({ id: 'a', memBytes: (100 + i * 10) * MiB, cpus: 0.1 * (i + 1) }));
  const s = suggestLimits('api', samples)!;
  // p90 = 180 MiB → 216 MiB; median (nearest rank) = 140 MiB; CPU p90 = 0.9 → 1.08 → 1.1.
  assert.deepEqual([composeMemory(s.memLimitBytes), composeMemory(s.memReservationBytes), composeCpus(s.cpus)], ['216M', '140M', '1.1']);
  assert.equal(suggestLimits('api', []), undefined);
});

test('the limits go into the form the service or file uses, replacing what is there', () => {
  const MiB = 1024 * 1024;
  const sug = (service: string) => ({ service, samples: 3, memLimitBytes: 384 * MiB, memReservationBytes: 192 * MiB, cpus: 0.5, memSamples: [], cpuSamples: [] });
  const text = lines('services:', '  api:', '    image: app:1', '    deploy:', '      resources:', '        limits:', '          memory: 512M  # a guess', '  db:', '    image: postgres:16', '    mem_limit: 1g', '  web:', '    extends: api');
  const { edits, skipped } = limitsEdits(text, '/repo/compose.yaml', [sug('api'), sug('db'), sug('web')]);
  assert.deepEqual(skipped, ['web']);
  assert.equal(
    applyEdits(text, edits).text,
    lines('services:', '  api:', '    image: app:1', '    deploy:', '      resources:', '        limits:', '          memory: 384M  # a guess', '          cpus: "0.5"', '        reservations:', '          memory: 192M', '  db:', '    image: postgres:16', '    mem_limit: 384M', '    mem_reservation: 192M', '    cpus: "0.5"', '  web:', '    extends: api'),
  );
});

test('a replaced value keeps the quotes it had, or stays plain', () => {
  const MiB = 1024 * 1024;
  const sug = (service: string) => ({ service, samples: 3, memLimitBytes: 79 * MiB, memReservationBytes: 66 * MiB, cpus: 0.1, memSamples: [], cpuSamples: [] });
  const text = lines('services:', '  api:', '    image: app:1', '    deploy:', '      resources:', '        limits:', "          memory: '384M'", "          cpus: '0.5'", '        reservations:', '          memory: "192M"', '  db:', '    image: postgres:16', '    mem_limit: 1g', '    cpus: 2');
  const { edits } = limitsEdits(text, '/repo/compose.yaml', [sug('api'), sug('db')]);
  assert.equal(
    applyEdits(text, edits).text,
    lines('services:', '  api:', '    image: app:1', '    deploy:', '      resources:', '        limits:', "          memory: '79M'", "          cpus: '0.1'", '        reservations:', '          memory: "66M"', '  db:', '    image: postgres:16', '    mem_limit: 79M', '    cpus: 0.1', '    mem_reservation: 66M'),
  );
});
