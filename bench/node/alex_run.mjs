// Runs alex (JS API, plain-text mode) on the first N posts of a posts.jsonl, one call per
// post, and prints one JSON line of figures on stderr. Used by bench/peers.py.
//   node bench/node/alex_run.mjs bench/out/posts.jsonl 5000
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'

const t0 = performance.now()
const {text: alexText} = await import('alex')
const setupMs = performance.now() - t0

const [file, limitArg] = process.argv.slice(2)
const limit = limitArg ? Number(limitArg) : Infinity
const posts = []
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue
  posts.push(JSON.parse(line).text)
  if (posts.length >= limit) break
}

let flagged = 0
let messages = 0
const cpu0 = process.cpuUsage()
const start = performance.now()
for (const post of posts) {
  const n = alexText(post).messages.length
  messages += n
  if (n) flagged += 1
}
const loopMs = performance.now() - start
const cpu = process.cpuUsage(cpu0)
// stderr: the driver keeps stdout on /dev/null
console.error(JSON.stringify({
  tool: 'alex',
  posts: posts.length,
  loop_s: loopMs / 1000,
  // user+system CPU of the whole Node process (JIT and GC threads included)
  loop_cpu_s: (cpu.user + cpu.system) / 1e6,
  setup_s: setupMs / 1000,
  flagged,
  findings: messages,
  peak_rss_mib: process.resourceUsage().maxRSS / 1024
}))
