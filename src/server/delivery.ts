/**
 * What the hub hands a connection: one server frame, typed (so a dialect
 * that speaks something else translates it without decoding JSON again) and
 * encoded once as native text (what most recipients write as is). A
 * broadcast is one Delivery for every recipient, so a dialect's translation
 * is made once per frame too, and kept on the frame it belongs to rather
 * than in a cache of the module's.
 */
import { encodeServerFrame, type ServerFrame } from '../protocol/index.js';

/** Turns a frame into a dialect's text; undefined when that dialect sends nothing for it. */
export type Translator = (frame: ServerFrame) => string | undefined;

export class Delivery {
  /** The translator of the last translation made, and its result. */
  private translator: Translator | undefined;
  private translation: string | undefined;
  private decoded: ServerFrame | undefined;
  /** The native dialect's text of `frame`. */
  readonly text: string;

  /**
   * From the frame (encoded here unless its native text is given), or from
   * its native text alone, as another relay published it: decoded on first
   * use then, since native recipients write the text as is and most frames
   * of a room (signals) are never looked into on the receiving relay.
   */
  constructor(source: ServerFrame | string, text?: string) {
    if (typeof source === 'string') this.text = source;
    else {
      this.decoded = source;
      this.text = text ?? encodeServerFrame(source);
    }
  }

  get frame(): ServerFrame {
    return (this.decoded ??= JSON.parse(this.text) as ServerFrame);
  }

  /** `frame` as `translate` encodes it, made once for all its recipients of that dialect. */
  translated(translate: Translator): string | undefined {
    if (this.translator !== translate) {
      this.translator = translate;
      this.translation = translate(this.frame);
    }
    return this.translation;
  }
}
