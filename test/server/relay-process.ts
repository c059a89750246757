/**
 * Relays as real processes (`signal-chat-server`, run from source with tsx),
 * for the tests where a relay must die as a process does: `kill -9`, or every
 * relay restarted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));

export interface RelayProcess {
  readonly http: string;
  ws(room: string): string;
  /** Everything it printed so far. */
  output(): string;
  /** Send `signal` without waiting (SIGSTOP freezes it, SIGCONT wakes it). */
  signal(signal: NodeJS.Signals): void;
  /** Send `signal` (SIGKILL: a crash) and wait for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `signal-chat-server --port 0 --host 127.0.0.1 …args`; resolves once it has printed its URL and its hub. */
export function startRelayProcess(args: string[], env: Record<string, string> = {}): Promise<RelayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)\/\n[\s\S]*\n {2}hub: .*\n/.exec(output);
      if (!match) return;
      const port = match[1];
      resolve({
        http: `http://127.0.0.1:${port}`,
        ws: (room) => `ws://127.0.0.1:${port}/rooms/${room}`,
        output: () => output,
        signal: (signal) => void child.kill(signal),
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    void exited.then(() => reject(new Error(`the relay exited before listening:\n${output}`)));
  });
}
