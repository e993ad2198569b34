// Serves one PGlite database to any number of PostgreSQL wire-protocol clients, each as if it had
// a session of its own. PGlite is ONE database session: every connection shares its prepared
// statements, its open transaction and its LISTENs. Left alone (pglite-socket's own server), a
// pool reconnecting after an idle timeout finds its named statements already there (42P05), two
// clients' extended-protocol messages interleave (one binds the other's unnamed statement), and a
// client's statement can land inside another client's transaction. Here:
// - the session is lent to one connection at a time, from its first message until the session is
//   idle again (ReadyForQuery 'I'): a transaction, or a Parse…Sync sequence, is never interleaved;
// - named statements and portals are renamed per connection (c<id>_<name>) and closed when it leaves;
// - a connection that leaves mid-transaction is rolled back; one idle while holding the session
//   for longer than `idleInTransactionMs` is terminated, like idle_in_transaction_session_timeout;
// - LISTEN/UNLISTEN sent as simple queries are tracked per connection, and the session's
//   notifications (which PGlite writes into whichever answer committed them) are taken out of that
//   answer and delivered to the connections listening on the channel.
// What stays shared (documented in the README): session-level SET, session advisory locks, temp tables.
import net from "node:net";

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** A FIFO lock on the one session, held by a connection. */
class SessionLock {
  owner = null;
  #waiters = [];

  acquire(conn) {
    if (this.owner === conn) return Promise.resolve();
    if (!this.owner) {
      this.owner = conn;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push({ conn, resolve }));
  }

  release(conn) {
    if (this.owner !== conn) return;
    const next = this.#waiters.shift();
    this.owner = next ? next.conn : null;
    next?.resolve();
  }
}

/** Splits backend output into messages: [{type, body}] (body without type and length). */
function backendMessages(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let at = 0; at + 5 <= buf.length; ) {
    const length = buf.readInt32BE(at + 1);
    out.push({ raw: buf.subarray(at, at + 1 + length), type: String.fromCharCode(buf[at]), body: buf.subarray(at + 5, at + 1 + length) });
    at += 1 + length;
  }
  return out;
}

function frontendMessage(type, body) {
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

const cstring = (s) => Buffer.from(`${s}\0`, "utf8");

function readCString(buf, at) {
  const end = buf.indexOf(0, at);
  return { value: buf.toString("utf8", at, end), next: end + 1 };
}

/** An ErrorResponse (severity, SQLSTATE, message) as the backend would send it. */
function errorResponse(severity, code, message) {
  return frontendMessage("E", Buffer.concat([cstring(`S${severity}`), cstring(`V${severity}`), cstring(`C${code}`), cstring(`M${message}`), Buffer.from([0])]));
}

/** The channel a simple-query LISTEN/UNLISTEN names, as PostgreSQL folds it; `*` for UNLISTEN *. */
function listenCommand(sql) {
  const match = /^\s*(LISTEN|UNLISTEN)\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*|\*)\s*;?\s*$/i.exec(sql);
  if (!match) return null;
  const name = match[2].startsWith('"') ? match[2].slice(1, -1).replaceAll('""', '"') : match[2].toLowerCase();
  return { listen: match[1].toUpperCase() === "LISTEN", channel: name };
}

export class SharedSessionServer {
  #db;
  #lock = new SessionLock();
  #connections = new Set();
  #server = null;
  #nextId = 1;

  /** @param {{db: import("@electric-sql/pglite").PGlite, idleInTransactionMs?: number, log?: (line: string) => void}} options */
  constructor({ db, idleInTransactionMs = 60_000, log = (line) => console.error(line) }) {
    this.#db = db;
    this.idleInTransactionMs = idleInTransactionMs;
    this.log = log;
  }

  async listen(port, host = "127.0.0.1") {
    await this.#db.waitReady;
    this.#server = net.createServer((socket) => this.#accept(socket));
    await new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, resolve);
    });
    return this.#server.address().port;
  }

  async close() {
    await new Promise((resolve) => {
      if (!this.#server) return resolve();
      this.#server.close(() => resolve());
      for (const conn of this.#connections) conn.socket.destroy();
    });
    // Let the departing connections roll back and close their statements first.
    while (this.#connections.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  get connectionCount() {
    return this.#connections.size;
  }

  #accept(socket) {
    const conn = {
      id: this.#nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      statements: new Set(),
      channels: new Set(),
      holding: false,
      closed: false,
      idleTimer: null,
      work: Promise.resolve(),
    };
    this.#connections.add(conn);
    socket.setNoDelay(true);
    socket.on("data", (data) => {
      conn.buffer = Buffer.concat([conn.buffer, data]);
      conn.work = conn.work.then(() => this.#drain(conn)).catch((error) => this.#fail(conn, error));
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      conn.closed = true;
      conn.work = conn.work.then(() => this.#leave(conn));
    });
  }

  /** Handles every complete message in the connection's buffer, in order. */
  async #drain(conn) {
    while (!conn.closed) {
      const message = this.#nextMessage(conn);
      if (!message) break;
      await this.#handle(conn, message);
    }
    if (conn.holding && !conn.closed) this.#armIdleTimer(conn);
  }

  #nextMessage(conn) {
    const buf = conn.buffer;
    if (!conn.started) {
      if (buf.length < 8) return null;
      const length = buf.readInt32BE(0);
      if (buf.length < length) return null;
      conn.buffer = buf.subarray(length);
      return { startup: buf.readInt32BE(4), raw: buf.subarray(0, length) };
    }
    if (buf.length < 5) return null;
    const length = 1 + buf.readInt32BE(1);
    if (buf.length < length) return null;
    conn.buffer = buf.subarray(length);
    return { type: String.fromCharCode(buf[0]), raw: buf.subarray(0, length), body: buf.subarray(5, length) };
  }

  async #handle(conn, message) {
    if (message.startup !== undefined) return this.#handleStartup(conn, message);
    clearTimeout(conn.idleTimer);
    if (message.type === "X") return void conn.socket.end();
    if (!conn.holding) {
      await this.#lock.acquire(conn);
      if (conn.closed) return this.#lock.release(conn);
      conn.holding = true;
    }
    const listen = message.type === "Q" ? listenCommand(readCString(message.body, 0).value) : null;
    const output = backendMessages(await this.#db.execProtocolRaw(this.#rename(conn, message)));
    const failed = output.some((m) => m.type === "E");
    if (listen && !failed) this.#track(conn, listen);
    const notifications = [];
    const answer = [];
    let idle = false;
    for (const m of output) {
      if (m.type === "A") notifications.push(m.raw);
      else answer.push(m.raw);
      if (m.type === "Z") idle = m.body[0] === 0x49; // 'I': no transaction open
    }
    if (answer.length > 0 && !conn.closed) conn.socket.write(Buffer.concat(answer));
    for (const raw of notifications) this.#deliver(raw);
    if (idle) {
      conn.holding = false;
      this.#lock.release(conn);
    }
  }

  async #handleStartup(conn, message) {
    if (message.startup === SSL_REQUEST || message.startup === GSS_REQUEST) return void conn.socket.write("N");
    if (message.startup === CANCEL_REQUEST) return void conn.socket.end(); // nothing to cancel: one session, run to completion
    if (message.startup !== PROTOCOL_3) {
      conn.socket.end(errorResponse("FATAL", "0A000", `unsupported frontend protocol ${message.startup >> 16}.${message.startup & 0xffff}`));
      return;
    }
    await this.#lock.acquire(conn);
    try {
      if (!conn.closed) conn.socket.write(await this.#db.execProtocolRaw(message.raw));
      conn.started = true;
    } finally {
      this.#lock.release(conn);
    }
  }

  /** Parse, Bind, Describe, Close and Execute name statements and portals: give this connection's their own names. */
  #rename(conn, message) {
    const { type, body } = message;
    const own = (name) => (name === "" ? "" : `c${conn.id}_${name}`);
    if (type === "P") {
      const { value: name, next } = readCString(body, 0);
      if (name !== "") conn.statements.add(name);
      return frontendMessage("P", Buffer.concat([cstring(own(name)), body.subarray(next)]));
    }
    if (type === "B") {
      const portal = readCString(body, 0);
      const statement = readCString(body, portal.next);
      return frontendMessage("B", Buffer.concat([cstring(own(portal.value)), cstring(own(statement.value)), body.subarray(statement.next)]));
    }
    if (type === "D" || type === "C") {
      const { value: name, next } = readCString(body, 1);
      if (type === "C" && body[0] === 0x53) conn.statements.delete(name); // 'S'
      return frontendMessage(type, Buffer.concat([body.subarray(0, 1), cstring(own(name)), body.subarray(next)]));
    }
    if (type === "E") {
      const { value: portal, next } = readCString(body, 0);
      return frontendMessage("E", Buffer.concat([cstring(own(portal)), body.subarray(next)]));
    }
    return message.raw;
  }

  #track(conn, { listen, channel }) {
    if (listen) conn.channels.add(channel);
    else if (channel === "*") conn.channels.clear();
    else conn.channels.delete(channel);
  }

  /** A NotificationResponse goes to every connection listening on its channel (not to the session's other users). */
  #deliver(raw) {
    const channel = readCString(raw, 9).value; // type, length, sender pid
    for (const conn of this.#connections) {
      if (!conn.closed && conn.started && conn.channels.has(channel)) conn.socket.write(raw);
    }
  }

  #armIdleTimer(conn) {
    clearTimeout(conn.idleTimer);
    if (this.idleInTransactionMs <= 0) return;
    conn.idleTimer = setTimeout(() => {
      this.log(`[pglite] connection ${conn.id} held the session idle for ${this.idleInTransactionMs} ms: terminated`);
      conn.socket.end(errorResponse("FATAL", "25P03", "terminating connection due to idle-in-transaction timeout"));
    }, this.idleInTransactionMs);
    conn.idleTimer.unref();
  }

  #fail(conn, error) {
    this.log(`[pglite] connection ${conn.id}: ${error?.stack ?? error}`);
    conn.socket.destroy();
  }

  /** The connection is gone: finish what it left open in the session, close its statements, free the session. */
  async #leave(conn) {
    clearTimeout(conn.idleTimer);
    if (conn.started && (conn.holding || conn.statements.size > 0)) {
      if (!conn.holding) await this.#lock.acquire(conn);
      try {
        await this.#cleanUp(conn);
      } catch (error) {
        this.log(`[pglite] cleaning up connection ${conn.id}: ${error?.stack ?? error}`);
      }
      conn.holding = false;
      this.#lock.release(conn);
    }
    this.#connections.delete(conn);
  }

  async #cleanUp(conn) {
    // A Sync ends any half-sent extended sequence; then roll back a transaction it left open.
    const sync = backendMessages(await this.#db.execProtocolRaw(frontendMessage("S", Buffer.alloc(0))));
    const status = sync.find((m) => m.type === "Z")?.body[0];
    if (status !== 0x49) await this.#db.execProtocolRaw(frontendMessage("Q", cstring("ROLLBACK")));
    if (conn.statements.size === 0) return;
    const closes = [...conn.statements].map((name) => frontendMessage("C", Buffer.concat([Buffer.from("S"), cstring(`c${conn.id}_${name}`)])));
    for (const close of closes) await this.#db.execProtocolRaw(close);
    await this.#db.execProtocolRaw(frontendMessage("S", Buffer.alloc(0)));
  }
}
