/**
 * Suggest Resource Limits against the real engine: a busybox container, labelled as
 * Compose labels its containers, holds a known amount of memory; the command's logic
 * finds it by its Compose file, samples `docker stats`, and the suggested memory limit
 * brackets what it holds. Skipped, with the reason, when no engine is configured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeContainers, parseStats, PS_ARGS, statsArgs, suggestLimits, type StatsSample } from '../../client/docker/profile';
import { docker, dockerEngine, ensureBusyboxImage, type DockerEngine } from './dockerEngine';

const found = dockerEngine();
const skip = 'skip' in found ? found.skip : false;
if (skip) console.log(`profiling test skipped: ${skip}`);
const engine = found as DockerEngine;

const HELD = 64 * 1024 * 1024;
const COMPOSE_FILE = '/work/profiled/compose.yaml';

test('the suggested memory limit brackets what a service really holds', { skip, timeout: 180_000 }, async () => {
  const image = await ensureBusyboxImage(engine);
  const name = `layerwise-profile-${process.pid}`;
  // A shell variable of 64 MiB lives in the shell's heap for as long as it waits (the loop keeps
  // the shell from exec-ing `sleep` in its place, which would drop the memory).
  const run = await docker(engine, ['run', '-d', '--name', name, '--label', 'com.docker.compose.service=holder', '--label', `com.docker.compose.project.config_files=${COMPOSE_FILE}`, image, 'sh', '-c', `x=$(yes aaaaaaaaaaaaaaa | head -c ${HELD}); echo ready; while :; do sleep 3600; done`]);
  assert.equal(run.code, 0, run.stderr);
  try {
    // Wait for the memory to be held: the container prints "ready" once the variable is set.
    const deadline = Date.now() + 60_000;
    while (!(await docker(engine, ['logs', name])).stdout.includes('ready')) {
      assert.ok(Date.now() < deadline, 'the container never got ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    const ps = await docker(engine, PS_ARGS);
    const containers = composeContainers(ps.stdout, COMPOSE_FILE);
    assert.deepEqual(containers.map((c) => c.service), ['holder']);
    const samples: StatsSample[] = [];
    for (let i = 0; i < 3; i++) samples.push(...parseStats((await docker(engine, statsArgs(containers.map((c) => c.id)))).stdout));
    assert.equal(samples.length, 3);
    const s = suggestLimits('holder', samples)!;
    const maxSeen = Math.max(...samples.map((x) => x.memBytes));
    assert.ok(maxSeen >= HELD * 0.9, `the container should hold about ${HELD} bytes, docker stats says ${maxSeen}`);
    // p90 + 20 %: above what it holds, not wildly above.
    assert.ok(s.memLimitBytes >= maxSeen && s.memLimitBytes <= maxSeen * 1.3 + 1024 * 1024, `limit ${s.memLimitBytes} for ${maxSeen} held`);
    assert.ok(s.memReservationBytes <= s.memLimitBytes && s.memReservationBytes >= HELD * 0.9);
    assert.ok(s.cpus >= 0.1);
  } finally {
    await docker(engine, ['rm', '-f', name]);
  }
});
