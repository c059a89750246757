/** Debian's Chromium, or SIGNAL_CHAT_CHROMIUM. */
export declare const CHROMIUM: string;
/** The flags every browser test runs Chromium with. */
export declare const CHROMIUM_FLAGS: readonly string[];
