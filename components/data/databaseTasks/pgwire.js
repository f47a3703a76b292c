"use strict";
/**
 * A minimal PostgreSQL client (protocol 3.0): TLS, SCRAM-SHA-256 or MD5 login, simple queries
 * returning text rows. The Lambda runtime has no PostgreSQL driver and this function must not
 * depend on a package fetched at deploy time; node:net, node:tls and node:crypto suffice.
 */
const net = require("node:net");
const tls = require("node:tls");
const crypto = require("node:crypto");

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;

/** A frontend message: type byte (absent for startup) + Int32 length + body. */
function frame(type, body) {
    const header = Buffer.alloc(type ? 5 : 4);
    if (type) header.write(type, 0, "latin1");
    header.writeInt32BE(body.length + 4, type ? 1 : 0);
    return Buffer.concat([header, body]);
}

const cstring = (s) => Buffer.from(`${s}\0`, "utf8");
const int32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };

function startupMessage(user, database) {
    return frame(null, Buffer.concat([int32(PROTOCOL_3), cstring("user"), cstring(user), cstring("database"), cstring(database), Buffer.from([0])]));
}

const hmac = (key, text) => crypto.createHmac("sha256", key).update(text).digest();
const sha256 = (data) => crypto.createHash("sha256").update(data).digest();

/**
 * SCRAM-SHA-256 (RFC 5802/7677) client-final message and the server signature to expect.
 * `clientFirstBare` is `n=USER,r=NONCE` (PostgreSQL ignores the user and sends `n=`).
 */
function scramFinal(password, clientFirstBare, serverFirst) {
    const attrs = Object.fromEntries(serverFirst.split(",").map((kv) => [kv[0], kv.slice(2)]));
    const clientNonce = /(?:^|,)r=([^,]*)/.exec(clientFirstBare)[1];
    if (!attrs.r || !attrs.r.startsWith(clientNonce) || !attrs.s || !attrs.i) {
        throw new Error("SCRAM: the server's first message does not continue this exchange");
    }
    const salted = crypto.pbkdf2Sync(password, Buffer.from(attrs.s, "base64"), Number(attrs.i), 32, "sha256");
    const clientKey = hmac(salted, "Client Key");
    const withoutProof = `c=biws,r=${attrs.r}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = hmac(sha256(clientKey), authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
    const serverSignature = hmac(hmac(salted, "Server Key"), authMessage).toString("base64");
    return { message: `${withoutProof},p=${proof.toString("base64")}`, serverSignature };
}

/** MD5 password message: `md5` + md5(md5(password + user) + salt). */
function md5Password(user, password, salt) {
    const inner = crypto.createHash("md5").update(password + user).digest("hex");
    return `md5${crypto.createHash("md5").update(Buffer.concat([Buffer.from(inner), salt])).digest("hex")}`;
}

/** The fields of an ErrorResponse as `SEVERITY CODE: message`. */
function errorText(body) {
    const fields = {};
    for (let i = 0; i < body.length && body[i] !== 0;) {
        const end = body.indexOf(0, i + 1);
        fields[String.fromCharCode(body[i])] = body.toString("utf8", i + 1, end);
        i = end + 1;
    }
    return `${fields.S ?? "ERROR"} ${fields.C ?? ""}: ${fields.M ?? "unknown error"}`;
}

/** A DataRow's columns as text (null for SQL NULL). */
function dataRow(body) {
    const count = body.readInt16BE(0);
    const values = [];
    let at = 2;
    for (let c = 0; c < count; c++) {
        const length = body.readInt32BE(at);
        at += 4;
        if (length < 0) { values.push(null); continue; }
        values.push(body.toString("utf8", at, at + length));
        at += length;
    }
    return values;
}

/** Splits a byte stream into backend messages and hands them out in order. */
class MessageReader {
    constructor() { this.buffer = Buffer.alloc(0); this.waiting = []; this.messages = []; this.error = undefined; }
    push(chunk) {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        while (this.buffer.length >= 5) {
            const length = this.buffer.readInt32BE(1);
            if (this.buffer.length < length + 1) break;
            this.deliver({ type: String.fromCharCode(this.buffer[0]), body: this.buffer.subarray(5, length + 1) });
            this.buffer = this.buffer.subarray(length + 1);
        }
    }
    fail(error) { this.error = error; for (const w of this.waiting.splice(0)) w.reject(error); }
    deliver(message) { const w = this.waiting.shift(); if (w) w.resolve(message); else this.messages.push(message); }
    next() {
        if (this.messages.length) return Promise.resolve(this.messages.shift());
        if (this.error) return Promise.reject(this.error);
        return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
}

/** Opens a TCP connection and upgrades it to TLS (the server must accept SSLRequest). */
function connectTls(host, port, timeoutMs) {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port, timeout: timeoutMs });
        socket.once("timeout", () => { socket.destroy(); reject(new Error(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`)); });
        socket.once("error", reject);
        socket.once("connect", () => socket.write(frame(null, Buffer.concat([int32(SSL_REQUEST)]))));
        socket.once("data", (answer) => {
            if (answer[0] !== 0x53) { socket.destroy(); reject(new Error(`${host}:${port} refused TLS`)); return; }
            const secure = tls.connect({ socket, servername: host, rejectUnauthorized: true });
            secure.once("secureConnect", () => resolve(secure));
            secure.once("error", reject);
        });
    });
}

/** A logged-in connection: `query(sql)` returns the rows of the last result as text. */
async function connect({ host, port, user, password, database, timeoutMs = 10000 }) {
    const socket = await connectTls(host, port, timeoutMs);
    const reader = new MessageReader();
    socket.on("data", (chunk) => reader.push(chunk));
    socket.on("error", (e) => reader.fail(e));
    socket.on("close", () => reader.fail(new Error("the server closed the connection")));
    socket.write(startupMessage(user, database));
    let scram;
    for (;;) {
        const { type, body } = await reader.next();
        if (type === "E") { socket.destroy(); throw new Error(`login as ${user}: ${errorText(body)}`); }
        if (type === "Z") break;
        if (type !== "R") continue;
        const code = body.readInt32BE(0);
        if (code === 10) {
            const bare = `n=,r=${crypto.randomBytes(18).toString("base64")}`;
            scram = { bare };
            const first = Buffer.from(`n,,${bare}`);
            socket.write(frame("p", Buffer.concat([cstring("SCRAM-SHA-256"), int32(first.length), first])));
        } else if (code === 11) {
            const final = scramFinal(password, scram.bare, body.toString("utf8", 4));
            scram.serverSignature = final.serverSignature;
            socket.write(frame("p", Buffer.from(final.message)));
        } else if (code === 12) {
            if (body.toString("utf8", 4) !== `v=${scram.serverSignature}`) { socket.destroy(); throw new Error("SCRAM: the server's signature does not match"); }
        } else if (code === 5) {
            socket.write(frame("p", cstring(md5Password(user, password, body.subarray(4, 8)))));
        } else if (code === 3) {
            socket.write(frame("p", cstring(password)));
        } else if (code !== 0) {
            socket.destroy();
            throw new Error(`login as ${user}: authentication method ${code} is not supported`);
        }
    }
    return {
        async query(sql) {
            socket.write(frame("Q", cstring(sql)));
            let rows = [];
            let failure;
            for (;;) {
                const { type, body } = await reader.next();
                if (type === "T") rows = [];
                else if (type === "D") rows.push(dataRow(body));
                else if (type === "E") failure = new Error(errorText(body));
                else if (type === "Z") break;
            }
            if (failure) throw failure;
            return rows;
        },
        end() { socket.end(frame("X", Buffer.alloc(0))); },
    };
}

module.exports = { connect, scramFinal, md5Password, dataRow, errorText, startupMessage, MessageReader };
