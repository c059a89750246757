import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifyToken } from '../../src/server/index.js';
import { Peer } from './harness.js';

const CLI = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${output}`)));
  });
  url.catch(() => {}); // a test that expects an early exit never awaits the URL
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exit, output: () => output };
}

describe('signal-chat-server CLI', () => {
  it('prints its URL, serves /healthz, and on SIGTERM closes sockets with 1001 and exits 0', async () => {
    const cli = startCli(['--port', '0', '--host', '127.0.0.1']);
    const url = await cli.url;
    const http = url.replace('localhost', '127.0.0.1');
    assert.equal((await fetch(`${http}healthz`)).status, 200);
    const peer = await Peer.join(`${http.replace(/^http/, 'ws')}rooms/cli`);
    cli.child.kill('SIGTERM');
    assert.equal(await peer.closed, 1001);
    assert.equal(await cli.exit, 0);
  });

  it('takes PORT and HOST from the environment', async () => {
    const cli = startCli([], { PORT: '0', HOST: '127.0.0.1' });
    const url = await cli.url;
    assert.match(url, /^http:\/\/localhost:\d+\/$/);
    assert.notEqual(new URL(url).port, '8787');
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exit, 0);
  });

  it('says what is wrong with a bad option and exits 2', async () => {
    const cli = startCli(['--port', 'eighty']);
    assert.equal(await cli.exit, 2);
    assert.match(cli.output(), /port must be a whole number/);
  });

  it('says at start when it runs open, without a secret', async () => {
    const cli = startCli(['--port', '0']);
    await cli.url;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(cli.output(), /OPEN MODE/);
    cli.child.kill('SIGTERM');
    await cli.exit;
  });

  it('with SIGNAL_CHAT_SECRET refuses a join without a token and accepts one minted by the token command', async () => {
    const cli = startCli(['--port', '0'], { SIGNAL_CHAT_SECRET: 'cli-secret' });
    const ws = (await cli.url).replace('localhost', '127.0.0.1').replace(/^http/, 'ws');
    const refused = await Peer.open(`${ws}rooms/cli-auth`);
    refused.send({ type: 'join' });
    assert.equal((await refused.next('error'))['code'], 'unauthorized');

    const minted = startCli(['token', '--room', 'cli-auth', '--name', 'Ann', '--role', 'moderator', '--ttl', '60'], { SIGNAL_CHAT_SECRET: 'cli-secret' });
    assert.equal(await minted.exit, 0);
    const token = minted.output().trim();
    const verified = verifyToken(token, 'cli-secret', 'cli-auth');
    assert.ok(verified.ok && verified.claims.name === 'Ann' && verified.claims.role === 'moderator');
    const ann = await Peer.open(`${ws}rooms/cli-auth?token=${token}`);
    ann.send({ type: 'join' });
    assert.equal((await ann.next('joined'))['role'], 'moderator');
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exit, 0);
  });

  it('refuses to mint a token without a secret', async () => {
    const cli = startCli(['token', '--room', 'r', '--name', 'n'], { SIGNAL_CHAT_SECRET: '' });
    assert.equal(await cli.exit, 2);
    assert.match(cli.output(), /needs --secret/);
  });
});
