/**
 * An Angular app using <signal-chat> the way Angular's docs say: `CUSTOM_ELEMENTS_SCHEMA`
 * so the compiler accepts the tag, property bindings (`[url]`, `[strings]`) and event
 * bindings (`(signal-chat-message)`). Compiled in the page (JIT, `@angular/compiler`) and
 * run without zone.js, so the test needs no Angular build toolchain.
 */
import '@angular/compiler';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import type { ChatMessage, ConnectedDetail } from '../../../src/element/index.js';
import { roomUrl } from './page.js';

@Component({
  selector: 'app-chat',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main [attr.data-connections]="connections().join(' ')">
      <signal-chat [url]="url" name="Angular" channels="chat" [strings]="strings"
        (signal-chat-message)="onMessage($event)"
        (signal-chat-connected)="onConnected($event)"></signal-chat>
      <ul id="log">
        @for (m of messages(); track m.id) {
          <li>{{ (m.from ? m.from.name : 'server') + ': ' + m.text }}</li>
        }
      </ul>
    </main>`,
})
class ChatComponent {
  readonly url = roomUrl;
  readonly strings = { send: 'Senden' };
  readonly messages = signal<ChatMessage[]>([]);
  readonly connections = signal<string[]>([]);

  onMessage(event: Event): void {
    const message = (event as CustomEvent<ChatMessage>).detail;
    this.messages.update((list) => [...list, message]);
  }

  onConnected(event: Event): void {
    const { id } = (event as CustomEvent<ConnectedDetail>).detail;
    this.connections.update((list) => [...list, id]);
  }
}

bootstrapApplication(ChatComponent, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
