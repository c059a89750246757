/**
 * The package as a user gets it: `npm pack` (which builds, through `prepack`), then
 * `npm install <tarball>` into an empty folder, and every `exports` entry used from
 * there — imported in Node, type-checked with TypeScript, the browser scripts loaded
 * from `node_modules` in Chromium, and `npx signal-chat-server` run.
 *
 * The install takes its dependencies from npm's cache when it has them (it does after
 * `npm ci`) and from the registry otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import { launchChromium } from '../support/chromium.js';
import { roomName } from '../support/rooms.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Entries that are browser scripts (they register the element in a real DOM): loaded in Chromium, not Node. */
const BROWSER_SCRIPTS = ['./signal-chat.js', './signal-chat.module.js'];

/** Runs a command to its end; rejects with its output when it fails. */
function exec(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${out}\n${err}`));
    });
  });
}

interface PackedFile {
  path: string;
}

describe('the package from npm pack, installed into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'signal-chat-pack-'));
  const app = join(work, 'app');
  let packedFiles: string[] = [];
  let manifest: { exports: Record<string, string | Record<string, string>>; sideEffects: string[]; private?: boolean; license?: string };

  before(async () => {
    // prepack runs `npm run build`, whose tools print to stdout too: the JSON is the last thing
    // printed. Under `npm test`, which built dist/ just before the tests (SIGNAL_CHAT_BUILT=1),
    // that build is packed as it is, so no test rebuilds dist/ while others run.
    const prebuilt = process.env['SIGNAL_CHAT_BUILT'] === '1' ? ['--ignore-scripts'] : [];
    const out = await exec(npm, ['pack', '--json', ...prebuilt, '--pack-destination', work], root);
    const packed = JSON.parse(out.slice(out.lastIndexOf('\n[\n') + 1)) as { filename: string; files: PackedFile[] }[];
    const tarball = join(work, packed[0]!.filename);
    packedFiles = packed[0]!.files.map((f) => f.path).sort();
    rmSync(app, { recursive: true, force: true });
    await exec('mkdir', ['-p', app], work);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module' }));
    // With React's types, as a React app has them, for the JSX check below.
    const reactTypes = `@types/react@${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@types/react']}`;
    await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, reactTypes], app);
    manifest = JSON.parse(readFileSync(join(app, 'node_modules/signal-chat/package.json'), 'utf8'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('is publishable: not private, MIT-licensed, with a LICENSE, a CHANGELOG and the README', () => {
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.license, 'MIT');
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']) assert.ok(packedFiles.includes(file), `${file} is packed`);
  });

  it('holds only the built files and the demo, no sources or tests', () => {
    const outside = packedFiles.filter((f) => !/^(dist|demo)\//.test(f) && !['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json'].includes(f));
    assert.deepEqual(outside, []);
    for (const [key, target] of Object.entries(manifest.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values(target);
      for (const file of files) assert.ok(packedFiles.includes(file.slice(2)), `exports["${key}"] → ${file} is packed`);
    }
  });

  it('lists types first in every exports entry that has types, and marks only the registering files as side effects', () => {
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      assert.equal(Object.keys(target)[0], 'types', `exports["${key}"] starts with types`);
    }
    assert.deepEqual([...manifest.sideEffects].sort(), [
      './dist/element/define.js',
      './dist/signal-chat.js',
      './dist/signal-chat.module.js',
    ]);
  });

  it('imports every exports entry in Node without a DOM, except the browser scripts', async () => {
    const probe = `
      import { readFileSync } from 'node:fs';
      const { exports } = JSON.parse(readFileSync('node_modules/signal-chat/package.json', 'utf8'));
      const browser = new Set(${JSON.stringify(BROWSER_SCRIPTS)});
      const names = {};
      for (const key of Object.keys(exports)) {
        if (browser.has(key)) continue;
        const spec = 'signal-chat' + key.slice(1);
        const module = key.endsWith('.json') ? await import(spec, { with: { type: 'json' } }) : await import(spec);
        names[key] = Object.keys(key.endsWith('.json') ? module.default : module);
      }
      console.log(JSON.stringify(names));
    `;
    writeFileSync(join(app, 'probe.mjs'), probe);
    const names = JSON.parse(await exec(process.execPath, ['probe.mjs'], app)) as Record<string, string[]>;
    assert.deepEqual(Object.keys(names).sort(), Object.keys(manifest.exports).filter((k) => !BROWSER_SCRIPTS.includes(k)).sort());
    const has = (key: string, ...expected: string[]) => {
      for (const name of expected) assert.ok(names[key]?.includes(name), `signal-chat${key.slice(1)} exports ${name}`);
    };
    has('.', 'SignalChat', 'define', 'SignalChatError', 'DEFAULT_STRINGS');
    has('./element', 'SignalChat', 'SignalChatError');
    has('./element/define', 'SignalChat', 'define');
    has('./client', 'Session', 'SignalError', 'Connection');
    has('./server', 'createRelayServer', 'createToken', 'MemoryHub');
    has('./protocol', 'decodeClientFrame', 'ERROR_CODES');
    has('./custom-elements.json', 'schemaVersion', 'modules');
    has('./package.json', 'name', 'version', 'exports');
    has('./vscode.html-custom-data.json', 'version', 'tags');
    has('./web-types.json', 'name', 'contributions');
  });

  it('gives editors the attributes of <signal-chat> (VS Code custom data, JetBrains web-types)', () => {
    const vscode = JSON.parse(readFileSync(join(app, 'node_modules/signal-chat/dist/vscode.html-custom-data.json'), 'utf8')) as {
      tags: { name: string; attributes: { name: string; values?: { name: string }[] }[] }[];
    };
    const tag = vscode.tags.find((t) => t.name === 'signal-chat');
    assert.deepEqual(tag?.attributes.map((a) => a.name).sort(), ['channel', 'channels', 'features', 'name', 'notify', 'reactions', 'shared', 'shared-worker-url', 'theme', 'token', 'url']);
    assert.deepEqual(tag?.attributes.find((a) => a.name === 'theme')?.values?.map((v) => v.name), ['light', 'dark', 'auto']);
    const webTypes = JSON.parse(readFileSync(join(app, 'node_modules/signal-chat/package.json'), 'utf8'))['web-types'] as string;
    assert.ok(packedFiles.includes(webTypes.slice(2)), 'package.json web-types points at a packed file');
  });

  it('type-checks code that uses every typed entry, with strict TypeScript and the lib checks on', async () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
        jsx: 'react-jsx',
      },
      files: ['use.ts', 'chat.tsx'],
    }));
    // The React 19 JSX types: the tag, its props, and its events with their detail types.
    writeFileSync(join(app, 'chat.tsx'), `
      import type {} from 'signal-chat/react';
      export const Chat = ({ url }: { url: string }) => (
        <signal-chat url={url} name="Ann" channels="chat support" strings={{ send: 'Senden' }}
          onsignal-chat-message={(e) => console.log(e.detail.from?.name, e.detail.text)}
          onsignal-chat-error={(e) => console.log(e.detail.code)} />
      );
      // @ts-expect-error not an attribute or property of <signal-chat>
      export const Wrong = () => <signal-chat colour="red" />;
    `);
    writeFileSync(join(app, 'use.ts'), `
      import { SignalChat, define, type ChatMessage } from 'signal-chat';
      import { SignalChat as SameClass } from 'signal-chat/element';
      import { define as defineAgain } from 'signal-chat/element/define';
      import { SignalChat as FromModule } from 'signal-chat/signal-chat.module.js';
      import { Session, type SignalEvent } from 'signal-chat/client';
      import { createRelayServer, createToken } from 'signal-chat/server';
      import { MAX_DATA_BYTES } from 'signal-chat/protocol';

      const Tag: typeof SignalChat = define('my-chat');
      const same: typeof SameClass = defineAgain();
      const chat: SignalChat = document.createElement('signal-chat');
      chat.url = 'ws://127.0.0.1:8787/rooms/standup';
      chat.strings = { send: 'Senden' };
      chat.addEventListener('signal-chat-message', (e) => console.log(e.detail.text.toUpperCase()));
      const first: ChatMessage | undefined = chat.messages[0];
      const session = new Session('ws://127.0.0.1:8787/rooms/standup', { status: { name: 'Ann' } });
      session.on('signal:chat', (e: SignalEvent) => console.log(e.data));
      const server = createRelayServer({ port: 0 });
      const token: string = createToken({ secret: 's', room: 'standup', name: 'Ann' });
      const limit: number = MAX_DATA_BYTES;
      void [Tag, same, FromModule, first, server, token, limit];
    `);
    await exec(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], app);
  });

  describe('in use', () => {
    let relay: ChildProcess;
    const relayOutput: string[] = [];
    const stopRelay = () => {
      if (relay?.pid && relay.exitCode === null && relay.signalCode === null) process.kill(-relay.pid, 'SIGTERM');
    };
    let relayHttp = '';
    let pages: StaticServer;
    let browser: Browser;

    before(async () => {
      // The bin as a user runs it: npx finds it in the app's node_modules/.bin. In a group
      // of its own, so stopping it reaches the server under npx, as Ctrl-C in a terminal does.
      relay = spawn(npx, ['signal-chat-server', '--port', '0', '--host', '127.0.0.1'], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      relayHttp = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: relay.stdout! });
        lines.on('line', (line) => {
          relayOutput.push(line);
          const m = /listening on (http:\/\/\S+?)\/?$/.exec(line);
          if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
        });
        relay.once('exit', (code) => reject(new Error(`signal-chat-server exited with ${code} before listening`)));
      });
      pages = await serveStatic({
        dir: app,
        routes: {
          '/classic.html': `<!doctype html><meta charset="utf-8">
            <script src="/node_modules/signal-chat/dist/signal-chat.js"></script>
            <signal-chat name="Classic"></signal-chat>`,
          '/module.html': `<!doctype html><meta charset="utf-8">
            <script type="module">
              import { SignalChat } from '/node_modules/signal-chat/dist/signal-chat.module.js';
              window.registeredAs = customElements.get('signal-chat') === SignalChat;
            </script>
            <signal-chat name="Module"></signal-chat>`,
        },
      });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await pages?.close();
      stopRelay();
    });

    it('runs npx signal-chat-server, which serves the demo and the installed element bundle', async () => {
      const health = await fetch(`${relayHttp}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { ok: boolean }).ok, true);
      const script = await fetch(`${relayHttp}/signal-chat.js`);
      assert.equal(await script.text(), readFileSync(join(app, 'node_modules/signal-chat/dist/signal-chat.js'), 'utf8'));
      const demo = await fetch(`${relayHttp}/`);
      assert.match(await demo.text(), /<signal-chat/);
    });

    it('loads signal-chat.js as a classic script and signal-chat.module.js as an ES module from node_modules, and the two chat', async () => {
      const room = `ws://${new URL(relayHttp).host}/rooms/${roomName('packed')}`;
      const classic = await browser.newPage();
      const module = await browser.newPage();
      const errors: string[] = [];
      for (const page of [classic, module]) page.on('pageerror', (e) => errors.push(e.message));
      await classic.goto(`${pages.origin}/classic.html`);
      await module.goto(`${pages.origin}/module.html`);
      assert.equal(await classic.evaluate(() => typeof (window as unknown as { SignalChat?: { define?: unknown } }).SignalChat?.define), 'function');
      assert.equal(await module.evaluate(() => (window as unknown as { registeredAs?: boolean }).registeredAs), true);
      for (const page of [classic, module]) await page.evaluate((url) => document.querySelector('signal-chat')!.setAttribute('url', url), room);
      for (const page of [classic, module]) await page.waitForFunction(() => document.querySelector('signal-chat')?.participants.length === 2);
      await classic.evaluate(() => document.querySelector('signal-chat')!.send('hello from a classic script'));
      await module.waitForFunction(() => document.querySelector('signal-chat')?.messages.some((m) => m.text === 'hello from a classic script'));
      const from = await module.evaluate(() => document.querySelector('signal-chat')!.messages.at(-1)?.from?.name);
      assert.equal(from, 'Classic');
      assert.deepEqual(errors, []);
    });

    it('reacts, replies, edits and deletes between the two bundles as shipped (their shortened internal names)', async () => {
      const room = `ws://${new URL(relayHttp).host}/rooms/${roomName('packed-talk')}`;
      const [classic, module] = [await browser.newPage(), await browser.newPage()];
      const errors: string[] = [];
      for (const page of [classic, module]) page.on('pageerror', (e) => errors.push(e.message));
      await classic.goto(`${pages.origin}/classic.html`);
      await module.goto(`${pages.origin}/module.html`);
      // A plain WebSocket peer in the room records the conventions' JSON as it travels:
      // the README's names, whatever the bundles call them inside.
      const observer = new WebSocket(room);
      const wire: Array<{ event: string; data: string }> = [];
      observer.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { type: string; event?: string; data?: string };
        if (frame.type === 'from' && /~(react|meta|edit|delete)$/.test(frame.event ?? '')) wire.push({ event: frame.event!.replace(/.*~/, ''), data: frame.data! });
      });
      await new Promise((resolve) => observer.once('open', resolve));
      observer.send(JSON.stringify({ type: 'join' }));
      for (const page of [classic, module]) {
        await page.evaluate((url) => {
          const chat = document.querySelector('signal-chat')!;
          const seen: unknown[] = [];
          (window as unknown as { seen: unknown[] }).seen = seen;
          for (const type of ['signal-chat-reaction', 'signal-chat-edit', 'signal-chat-delete'] as const) {
            chat.addEventListener(type, (e) => seen.push({ type, from: e.detail.from?.name ?? null, text: e.detail.message.text, keys: 'keys' in e.detail ? e.detail.keys : undefined }));
          }
          chat.setAttribute('url', url);
        }, room);
      }
      for (const page of [classic, module]) await page.waitForFunction(() => document.querySelector('signal-chat')?.participants.length === 3);

      await classic.evaluate(() => document.querySelector('signal-chat')!.send('a question'));
      await module.waitForFunction(() => document.querySelector('signal-chat')!.messages.some((m) => m.text === 'a question'));
      await module.evaluate(async () => {
        const chat = document.querySelector('signal-chat')!;
        const question = chat.messages.find((m) => m.text === 'a question')!;
        await chat.react(question, '👍');
        await chat.send('an answer', { replyTo: question });
      });
      await classic.waitForFunction(() => document.querySelector('signal-chat')!.messages.find((m) => m.text === 'an answer')?.replyTo?.id !== undefined);
      await classic.evaluate(async () => {
        const chat = document.querySelector('signal-chat')!;
        const question = chat.messages.find((m) => m.text === 'a question')!;
        await chat.edit(question, 'a better question');
        await chat.delete(chat.messages.find((m) => m.text === 'a better question')!);
      });
      await module.waitForFunction(() => document.querySelector('signal-chat')!.messages[0]?.deleted === true);

      const answer = await classic.evaluate(() => {
        const chat = document.querySelector('signal-chat')!;
        const reply = chat.messages.find((m) => m.text === 'an answer')!;
        return { replyTo: reply.replyTo, question: chat.messages[0]!.id };
      });
      assert.equal(answer.replyTo?.id, answer.question);
      assert.equal(answer.replyTo?.excerpt, 'a question');
      assert.equal(answer.replyTo?.name, 'Classic');
      assert.deepEqual(await module.evaluate(() => (window as unknown as { seen: unknown[] }).seen), [
        { type: 'signal-chat-reaction', from: 'Module', text: 'a question', keys: ['👍'] },
        { type: 'signal-chat-edit', from: 'Classic', text: 'a better question', keys: undefined },
        { type: 'signal-chat-delete', from: 'Classic', text: '', keys: undefined },
      ]);
      assert.deepEqual(await module.evaluate(() => document.querySelector('signal-chat')!.messages.map((m) => [m.text, m.edited ?? false, m.deleted ?? false])), [
        ['', true, true],
        ['an answer', false, false],
      ]);
      const keys = (value: unknown): unknown =>
        value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? keys(v) : typeof v])) : value;
      assert.deepEqual(
        wire.map(({ event, data }) => [event, keys(JSON.parse(data))]),
        [
          ['react', { id: 'string', keys: 'object' }],
          ['meta', { id: 'string', replyTo: { id: 'string', excerpt: 'string', name: 'string' } }],
          ['edit', { id: 'string', text: 'string' }],
          ['delete', { id: 'string' }],
        ],
      );
      assert.deepEqual(errors, []);
      observer.close();
      for (const page of [classic, module]) await page.close();
    });

    it('stops npx signal-chat-server on SIGTERM, closing its connections', async () => {
      const closed = new Promise<void>((resolve) => relay.once('close', () => resolve()));
      stopRelay();
      await closed;
      assert.ok(relayOutput.some((line) => /SIGTERM, closing connections/.test(line)), relayOutput.join('\n'));
    });
  });
});
