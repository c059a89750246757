/** The server's log: quiet by default in tests, one line per event in the CLI. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

export const silentLogger: Logger = {
  info() {},
  error() {},
  debug() {},
};

export const consoleLogger: Logger = {
  info: (message, ...details) => console.log(message, ...details),
  error: (message, ...details) => console.error(message, ...details),
  debug: () => {},
};
