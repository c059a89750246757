/**
 * Unread counts the same in every tab of a user: when one tab reads a channel, the others
 * hear of it through the `storage` event of the marks it saves (read-storage.ts) and count
 * as unread only what came after. With or without `shared`: two tabs of one user are one
 * reader either way.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { READ_PREFIX } from '../read-storage.js';

export class ReadSync implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  /** Takes the other tab's marks; true when a count went down. */
  readonly #adopt: () => boolean;

  constructor(host: ReactiveControllerHost, adopt: () => boolean) {
    this.#host = host;
    this.#adopt = adopt;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('storage', this.#onStorage);
  }

  hostDisconnected(): void {
    removeEventListener('storage', this.#onStorage);
  }

  #onStorage = (e: StorageEvent): void => {
    if (e.key?.startsWith(READ_PREFIX) && this.#adopt()) this.#host.requestUpdate();
  };
}
