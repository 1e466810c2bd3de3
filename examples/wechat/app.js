// @ts-check
// The chat example's app: where the server is. Production mini-programs must use wss:// to a
// domain listed in the mini-program's "socket legal domains"; for a local try-out in DevTools,
// run `bash scripts/serve.sh` in the repository, untick domain checking (project.config.json has
// urlCheck off) and set `dev: true` so a ws:// URL is allowed (secureOnly off).
App({
  globalData: {
    serverUrl: 'ws://127.0.0.1:8787/ws?client=wechat-example',
    dev: true,
  },
});
