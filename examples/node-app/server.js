'use strict';
// The seed plan's web app, in Node.js with the `pg` package and node's own http module.
//
//   POST /login          {"email": "...", "password": "..."}: checks the user against the database.
//                        200 {"session": "user", "email": ...} | 401 {"error": "invalid credentials"}
//                        and the seed plan's original bug: on the FIRST database error it answers
//                        200 {"session": "emergency-admin"} (single attempt, no retry, no availability check).
//   GET  /api/users      the users (email only): a read. 503 on a database error.
//   GET  /health         200 {"status":"healthy","database":"up"} | 503 {"status":"unhealthy","database":"down"},
//                        from a background check (SELECT 1 every 200 ms on a pool of its own), so it answers at once
//                        whatever the database and the other requests do.
//
// Environment: DATABASE_URL (required), PORT (default 3000; 0 picks a free one, printed), HOST (default 127.0.0.1),
// DEMO_PASSWORD (the demo users' password, default "demo-password"), FIX=retries for the fixed variant: every
// database call is retried with exponential backoff and jitter (3 retries from 1 s: the seed plan's withRetry), and
// the emergency fallback is reached only after the availability check (3 attempts, backoff 1 s, 2 s, 4 s) also says
// the database is down, so a brief outage costs latency, not an emergency session.
//
// At start it creates its table (node_app_users) and demo users (user0@example.com .. user9@example.com), retrying
// for up to 30 s while the database is not reachable yet, then listens and prints "listening on http://HOST:PORT".

const http = require('node:http');
const crypto = require('node:crypto');
const { Pool } = require('pg');

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) {
  console.error('node-app: DATABASE_URL is required (postgresql://user:password@host:port/db)');
  process.exit(2);
}
const PORT = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
  console.error(`node-app: PORT must be a number between 0 and 65535, but was '${process.env.PORT}'`);
  process.exit(2);
}
const HOST = process.env.HOST || '127.0.0.1';
const FIX = process.env.FIX || '';
if (FIX !== '' && FIX !== 'retries') {
  console.error(`node-app: FIX must be empty or 'retries', but was '${FIX}'`);
  process.exit(2);
}
const FIXED = FIX === 'retries';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo-password';
const DEMO_USERS = 10;
const HEALTH_TIMEOUT_MS = 1000;
const MAX_RETRIES = 3; // the seed plan's withRetry(operation, 3, 1000)
const BASE_DELAY_MS = 1000;
const AVAILABILITY_ATTEMPTS = 3; // the seed plan's isDatabaseAvailable(3): backoff 1 s, 2 s, 4 s
const AVAILABILITY_ATTEMPT_TIMEOUT_MS = 10000;

// pg's own timeouts bound every call: a connect within 5 s, a statement within 5 s.
const pool = new Pool({
  connectionString: DATABASE_URL,
  max: 15,
  connectionTimeoutMillis: 5000,
  query_timeout: 5000,
  idleTimeoutMillis: 10000,
});
// The health check has a pool of its own, so it never queues behind requests that wait out their retries.
const healthPool = new Pool({
  connectionString: DATABASE_URL,
  max: 2,
  connectionTimeoutMillis: HEALTH_TIMEOUT_MS,
  query_timeout: HEALTH_TIMEOUT_MS,
  idleTimeoutMillis: 10000,
});
// An idle client whose connection drops emits 'error' on its pool; without a listener node would exit.
for (const p of [pool, healthPool]) {
  p.on('error', (err) => console.error(`node-app: idle connection lost: ${err.code || err.message}`));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function timeout(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function bounded(promise, ms, what) {
  const t = timeout(ms, what);
  try {
    return await Promise.race([promise, t.promise]);
  } finally {
    t.cancel();
  }
}

// Errors that say the database could not be reached, not that the request was wrong.
function isTransient(err) {
  const code = String(err.code || '');
  return code.startsWith('08') || code.startsWith('57P') || code === '53300' || code === 'ETIMEOUT'
    || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT'
    || /Connection terminated|timeout|connect/i.test(String(err.message));
}

// The fixed variant's withRetry: exponential backoff (1 s, 2 s, 4 s) with jitter (50-100 % of the step).
async function withRetry(operation) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (!FIXED || attempt >= MAX_RETRIES || !isTransient(err)) {
        throw err;
      }
      const step = BASE_DELAY_MS * 2 ** attempt;
      await sleep(step / 2 + Math.random() * step / 2);
    }
  }
}

async function isDatabaseAvailable() {
  for (let attempt = 1; attempt <= AVAILABILITY_ATTEMPTS; attempt++) {
    try {
      await bounded(pool.query('SELECT 1'), AVAILABILITY_ATTEMPT_TIMEOUT_MS, 'availability check');
      return true;
    } catch (err) {
      if (attempt < AVAILABILITY_ATTEMPTS) {
        await sleep(BASE_DELAY_MS * 2 ** (attempt - 1));
      }
    }
  }
  return false;
}

function hashPassword(salt, password) {
  return crypto.createHash('sha256').update(salt + ':' + password).digest('hex');
}

async function provision() {
  await pool.query(`CREATE TABLE IF NOT EXISTS node_app_users (
      email text PRIMARY KEY, salt text NOT NULL, password_hash text NOT NULL)`);
  for (let i = 0; i < DEMO_USERS; i++) {
    const email = `user${i}@example.com`;
    const salt = crypto.randomBytes(8).toString('hex');
    await pool.query(`INSERT INTO node_app_users (email, salt, password_hash) VALUES ($1, $2, $3)
        ON CONFLICT (email) DO UPDATE SET salt = EXCLUDED.salt, password_hash = EXCLUDED.password_hash`,
    [email, salt, hashPassword(salt, DEMO_PASSWORD)]);
  }
}

async function login(email, password) {
  const { rows } = await pool.query('SELECT salt, password_hash FROM node_app_users WHERE email = $1', [email]);
  return rows.length === 1 && rows[0].password_hash === hashPassword(rows[0].salt, password);
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (e) {
        reject(Object.assign(new Error('body is not JSON'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });
}

async function handleLogin(req, res) {
  const body = await readJson(req);
  if (typeof body.email !== 'string' || typeof body.password !== 'string') {
    return send(res, 400, { error: 'email and password (strings) are required' });
  }
  try {
    const ok = await withRetry(() => login(body.email, body.password));
    return ok ? send(res, 200, { session: 'user', email: body.email }) : send(res, 401, { error: 'invalid credentials' });
  } catch (err) {
    if (!isTransient(err)) {
      throw err;
    }
    // The seed plan's bug: the first database error is taken for "database down" and grants an emergency session.
    // The fixed variant gets here only after its retries, and falls back only if the availability check agrees.
    if (FIXED && await isDatabaseAvailable()) {
      return send(res, 503, { error: 'database error, please retry' });
    }
    console.error(`node-app: database unavailable (${err.code || err.message}): emergency-admin session granted`);
    return send(res, 200, { session: 'emergency-admin' });
  }
}

async function handleUsers(res) {
  try {
    const { rows } = await withRetry(() => pool.query('SELECT email FROM node_app_users ORDER BY email'));
    return send(res, 200, { users: rows.map((r) => r.email) });
  } catch (err) {
    return send(res, 503, { error: `database unavailable: ${err.code || 'error'}` });
  }
}

// The database's availability as a background check sees it: one SELECT 1 every HEALTH_PERIOD_MS on a pool of its
// own, bounded at HEALTH_TIMEOUT_MS. GET /health answers from it at once, so the endpoint stays fast (the seed plan:
// under 500 ms) whatever the database and the other requests do; a check older than HEALTH_STALE_MS reads "down".
const HEALTH_PERIOD_MS = 200;
const HEALTH_STALE_MS = 2000;
const health = { up: false, checkedAt: 0, error: 'not checked yet' };
let healthTimer;

async function checkHealth() {
  try {
    await bounded(healthPool.query('SELECT 1'), HEALTH_TIMEOUT_MS, 'health check');
    Object.assign(health, { up: true, checkedAt: Date.now(), error: null });
  } catch (err) {
    Object.assign(health, { up: false, checkedAt: Date.now(), error: err.code || 'error' });
  }
  healthTimer = setTimeout(checkHealth, HEALTH_PERIOD_MS);
}

function handleHealth(res) {
  const age = Date.now() - health.checkedAt;
  if (health.up && age <= HEALTH_STALE_MS) {
    return send(res, 200, { status: 'healthy', database: 'up', checked_ms_ago: age });
  }
  return send(res, 503, { status: 'unhealthy', database: 'down', error: health.error || 'stale check',
    checked_ms_ago: age });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  let handled;
  if (req.method === 'POST' && path === '/login') {
    handled = handleLogin(req, res);
  } else if (req.method === 'GET' && (path === '/api/users' || path === '/api/admin/users')) {
    handled = handleUsers(res);
  } else if (req.method === 'GET' && path === '/health') {
    handled = Promise.resolve(handleHealth(res));
  } else {
    return send(res, 404, { error: 'not found' });
  }
  handled.catch((err) => {
    if (!res.headersSent) {
      send(res, err.status || 500, { error: err.status ? err.message : 'internal error' });
    }
  });
});
server.keepAliveTimeout = 5000;

async function main() {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      await provision();
      break;
    } catch (err) {
      if (Date.now() > deadline || !isTransient(err)) {
        console.error(`node-app: could not provision the users table: ${err.code || ''} ${err.message}`);
        process.exit(1);
      }
      await sleep(500);
    }
  }
  await checkHealth();
  server.listen(PORT, HOST, () => {
    const { port } = server.address();
    console.log(`node-app (${FIXED ? 'fixed: retries' : 'original: emergency-admin on the first error'}) `
      + `listening on http://${HOST}:${port}`);
  });
}

function stop(signal) {
  clearTimeout(healthTimer);
  server.close();
  Promise.allSettled([pool.end(), healthPool.end()]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  setTimeout(() => process.exit(1), 3000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

main();
