/** What every test app reads from its page's address: the relay room to join. */
export const roomUrl = new URLSearchParams(location.search).get('url') ?? '';
