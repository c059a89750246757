/** A room name no other test uses (tests share one relay in the browser runs). */
export function roomName(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}
