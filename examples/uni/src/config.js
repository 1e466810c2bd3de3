// Where the server is. Production mini-programs need wss:// to a whitelisted domain; for a local
// try-out (`bash scripts/serve.sh` in the repository, domain check off in DevTools) use ws://
// with DEV = true, which turns secureOnly off.
export const SERVER_URL = 'ws://127.0.0.1:8787/ws?client=uni-example';
export const DEV = true;
