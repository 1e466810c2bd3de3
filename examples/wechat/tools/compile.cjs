// The DevTools' own compile of the project ("ES6 to ES5" on, as project.config.json says), via
// miniprogram-ci's getCompiledResult, written to dist-es5/: what the device receives. Offline,
// the project's attributes come from miniprogram-ci's defaults instead of WeChat's servers.
// Run after tools/pack-npm.cjs (the compiled package includes miniprogram_npm/).
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const ci = require('miniprogram-ci');
const { DefaultProjectAttr } = require('miniprogram-ci/dist/config/config');

const projectPath = path.resolve(__dirname, '..');
const outDir = path.join(projectPath, 'dist-es5');

async function main() {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-'));
  const privateKeyPath = path.join(keyDir, 'private.key');
  fs.writeFileSync(privateKeyPath, 'offline build: nothing is signed\n');
  try {
    const project = new ci.Project({
      appid: 'wx0000000000000000',
      type: 'miniProgram',
      projectPath,
      privateKeyPath,
      ignores: ['node_modules/**/*', 'tools/**/*', 'dist-es5/**/*'],
      attr: async () => DefaultProjectAttr,
    });
    const setting = JSON.parse(fs.readFileSync(path.join(projectPath, 'project.config.json'), 'utf8')).setting;
    const files = await ci.getCompiledResult({ project, setting: { es6: setting.es6, enhance: setting.enhance, minify: false } });
    fs.rmSync(outDir, { recursive: true, force: true });
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(outDir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    console.log(`compiled ${Object.keys(files).length} files into dist-es5/`);
  } finally {
    fs.rmSync(keyDir, { recursive: true, force: true });
  }
}

// getCompiledResult leaves handles open: exit explicitly once done.
main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
