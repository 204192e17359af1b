import { startJssLocal } from 'jss-local'
import { spawnSync } from 'node:child_process'
const s = await startJssLocal({ buckets: ['test-bucket'] })
const env = { ...process.env, JSS_ENDPOINT: s.endpoint, JSS_ACCESS_KEY: s.credentials.accessKey, JSS_SECRET_KEY: s.credentials.secretKey, XDG_CONFIG_HOME: '/nonexistent' }
console.log(spawnSync(process.execPath, ['bin/jss-stream.js', 'put', 'test-bucket/empty', '--json', '--sha256'], { env, input: '' }).stdout.toString())
const r = spawnSync(process.execPath, ['bin/jss-stream.js', 'get', 'test-bucket/empty', '--debug', '--verbose'], { env })
console.log(r.status, r.stderr.toString())
await s.close()
