// Opens a page in headless Chromium over the DevTools protocol and waits until Material's
// search shows results; prints {"items": N, "meta": "..."} (used by tests/test_records.py).
// Usage: node --experimental-websocket browser_search.mjs CHROMIUM URL [SECONDS]
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [browser, url, seconds = "30"] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "browser-search-"));
const child = spawn(browser, ["--headless=new", "--no-sandbox", "--disable-gpu",
  "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdio: "ignore" });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const deadline = Date.now() + Number(seconds) * 1000;
const result = { items: -1, meta: "" };
try {
  const portFile = join(profile, "DevToolsActivePort");
  while (!existsSync(portFile) && Date.now() < deadline) await sleep(100);
  await sleep(200);
  const port = readFileSync(portFile, "utf8").split("\n")[0];
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const ws = new WebSocket(targets.find((t) => t.type === "page").webSocketDebuggerUrl);
  await new Promise((resolve) => ws.addEventListener("open", resolve));
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.id && pending.has(message.id)) pending.get(message.id)(message);
  });
  const send = (method, params = {}) => new Promise((resolve) => {
    id += 1;
    pending.set(id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send("Page.navigate", { url });
  const probe = "({items: document.querySelectorAll('.md-search-result__item').length," +
    " meta: (document.querySelector('.md-search-result__meta') || {}).textContent || ''})";
  while (Date.now() < deadline && result.items <= 0) {
    await sleep(300);
    const answer = await send("Runtime.evaluate", { expression: probe, returnByValue: true });
    Object.assign(result, answer.result?.result?.value ?? {});
  }
  ws.close();
} finally {
  child.kill();
  await sleep(200);
  rmSync(profile, { recursive: true, force: true });
}
result.meta = result.meta.trim();
console.log(JSON.stringify(result));
process.exit(0);
