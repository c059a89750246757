import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createToken, verifyToken } from '../../src/server/index.js';
import { Peer, startRelay } from './harness.js';
import { until } from '../support/wait.js';

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

  it('takes the chat-signal limit and the transport cap from --max-signal-bytes and --max-frame-bytes', async () => {
    const cli = startCli(['--port', '0', '--max-signal-bytes', '100', '--max-frame-bytes', '131072']);
    const url = `${(await cli.url).replace('localhost', '127.0.0.1').replace(/^http/, 'ws')}rooms/cli-limits`;
    try {
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      ann.send({ type: 'signal', id: 'over', event: 'chat', data: 'x'.repeat(101) });
      assert.equal((await ann.next('error'))['code'], 'data_too_large');
      ann.send({ type: 'to', peer: bob.id, event: 'offer', data: 'x'.repeat(100_000) });
      assert.equal(((await bob.next('from'))['data'] as string).length, 100_000);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exit;
    }
  });

  it('gives OpenVidu REST tokens the lifetime of SIGNAL_CHAT_TOKEN_TTL, and keeps a session nobody joins for --empty-room-ttl', async () => {
    const cli = startCli(['--port', '0', '--empty-room-ttl', '2000'], { SIGNAL_CHAT_TOKEN_TTL: '120' });
    const api = `${(await cli.url).replace('localhost', '127.0.0.1')}openvidu/api/sessions`;
    try {
      const post = (url: string, body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await post(api, { customSessionId: 'cli-ttl' })).status, 200);
      const connection = (await (await post(`${api}/cli-ttl/connection`, {})).json()) as { token: string };
      const jwt = new URL(connection.token).searchParams.get('token') ?? '';
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { iat: number; exp: number };
      assert.equal(claims.exp - claims.iat, 120);
      let status = 200;
      for (let tries = 0; status === 200 && tries < 300; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await fetch(`${api}/cli-ttl`)).status;
      }
      assert.equal(status, 404, 'the unjoined session is gone (after 2 s, not the default 5 min)');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exit;
    }
  });

  it('says what is wrong with a bad option and exits 2', async () => {
    const cli = startCli(['--port', 'eighty']);
    assert.equal(await cli.exit, 2);
    assert.match(cli.output(), /port must be a whole number/);
  });

  it('says at start when it runs open, without a secret', async () => {
    const cli = startCli(['--port', '0']);
    await cli.url;
    // The warning follows the URL line, and may come in a later chunk of output.
    await until(() => /OPEN MODE/.test(cli.output()), () => `the open-mode warning is printed: ${cli.output()}`);
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

  describe('mistakes on the command line', () => {
    /** Runs the CLI to its exit: its exit code, the first line it wrote, and all of it. */
    async function mistake(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; first: string; text: string }> {
      const cli = startCli(args, { SIGNAL_CHAT_SECRET: '', ...env });
      const code = await cli.exit;
      return { code, first: cli.output().split('\n')[0] ?? '', text: cli.output() };
    }
    const SERVER_USAGE = 'Usage: signal-chat-server [options]';
    const TOKEN_USAGE = 'Usage: signal-chat-server token --room <room> --name <name>';

    it('an unknown option is named in one line, followed by the server usage, and exits 2', async () => {
      const { code, first, text } = await mistake(['--bogus']);
      assert.equal(code, 2);
      assert.equal(first, 'signal-chat-server: unknown option --bogus');
      assert.ok(text.includes(SERVER_USAGE), text);
      assert.ok(!text.includes('To specify a positional argument'), "not node's parser text");
    });

    it("an option of the other command is unknown to this one, with this one's usage", async () => {
      const { code, first, text } = await mistake(['token', '--room', 'r', '--name', 'n', '--secret', 's', '--port', '1']);
      assert.equal(code, 2);
      assert.equal(first, 'signal-chat-server: unknown option --port');
      assert.ok(text.includes(TOKEN_USAGE) && !text.includes(SERVER_USAGE), text);
    });

    it('an option without its value says so, even when another option follows', async () => {
      assert.equal((await mistake(['--port'])).first, 'signal-chat-server: --port needs a value');
      assert.equal((await mistake(['--port', '--host', '127.0.0.1'])).first, 'signal-chat-server: --port needs a value');
    });

    it("token without a secret says where the secret comes from and shows the token usage, not the server's", async () => {
      const { code, first, text } = await mistake(['token', '--room', 'r', '--name', 'n']);
      assert.equal(code, 2);
      assert.equal(first, 'signal-chat-server: token needs --secret or SIGNAL_CHAT_SECRET (the secret the relay runs with)');
      assert.ok(text.includes(TOKEN_USAGE) && !text.includes(SERVER_USAGE), text);
    });

    it('token refuses a room the relay would refuse, citing the room rule', async () => {
      const { code, first } = await mistake(['token', '--room', 'bad room!', '--name', 'Ann', '--secret', 's']);
      assert.equal(code, 2);
      assert.equal(first, "signal-chat-server: 'bad room!' is not a room the relay accepts: room names are 1–64 characters of A-Z a-z 0-9 - _ ~ .");
    });

    it('a negative --ttl is one line about the ttl, not a parser puzzle', async () => {
      const { code, first } = await mistake(['token', '--room', 'r', '--name', 'n', '--secret', 's', '--ttl', '-5']);
      assert.equal(code, 2);
      assert.equal(first, "signal-chat-server: --ttl must be a whole number ≥ 1, not '-5'");
    });

    it('a port out of range names the range', async () => {
      assert.equal((await mistake(['--port', '70000'])).first, "signal-chat-server: --port must be a whole number from 0 to 65535, not '70000'");
    });

    it('a port another server holds is one line naming it, not a stack of listen errors', async () => {
      const relay = await startRelay();
      try {
        const port = new URL(relay.http).port;
        const { code, first, text } = await mistake(['--port', port]);
        assert.equal(code, 1);
        assert.equal(first, `signal-chat-server: port ${port} on 127.0.0.1 is in use (is another relay running?); pick another with --port <n>`);
        assert.equal(text.trim(), first);
      } finally {
        await relay.close();
      }
    });

    it('token --help prints the token usage and exits 0', async () => {
      const cli = startCli(['token', '--help']);
      assert.equal(await cli.exit, 0);
      assert.ok(cli.output().startsWith(TOKEN_USAGE), cli.output());
    });
  });

  it('createToken refuses a room the relay would refuse, as the CLI does', () => {
    assert.throws(() => createToken({ secret: 's', room: 'bad room!', name: 'Ann' }), /room names are 1–64 characters/);
  });
});
