// "Build npm" without the DevTools: miniprogram-ci's packNpm (the module extracted from WeChat's
// DevTools) copies each dependency's "miniprogram" folder into miniprogram_npm/. Run with
// `npm run build:npm` after `npm install`. Offline: the key file is required but never read.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const ci = require('miniprogram-ci');

const projectPath = path.resolve(__dirname, '..');

async function main() {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-'));
  const privateKeyPath = path.join(keyDir, 'private.key');
  fs.writeFileSync(privateKeyPath, 'offline build: packNpm does not sign anything\n');
  try {
    const project = new ci.Project({
      appid: 'wx0000000000000000',
      type: 'miniProgram',
      projectPath,
      privateKeyPath,
      ignores: ['node_modules/**/*'],
    });
    const warnings = await ci.packNpm(project, { reporter: (info) => console.log('packNpm:', info) });
    for (const w of warnings || []) console.warn('packNpm warning:', w.msg || w);
  } finally {
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
