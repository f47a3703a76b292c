/**
 * Settings that switch off TLS, or the verification of the certificate the other end presents,
 * for the runtimes the stack runs (Node.js, Python and Django, libpq and the drivers built on it,
 * Python requests/urllib3, the AWS SDKs, Redis clients): which setting does what, and which of
 * its values weaken it. A runtime reads these from its environment (container and Lambda
 * environments, the SSM parameters and secret JSON keys the task maps into it), so a value here
 * turns the TLS the stack requires elsewhere (rds.force_ssl, the cache's transit encryption,
 * HTTPS endpoints) into a connection anyone on the path can read or impersonate.
 */

/** One setting's effect: how it is named, which values weaken TLS, and what they do. */
export interface TlsSetting {
    /** The runtime that reads it, for messages. */
    runtime: string;
    /** Matches the setting's name, upper case with every run of non-alphanumerics as `_` (`/database/sslmode` → `_DATABASE_SSLMODE`). */
    name: RegExp;
    /** Whether a value weakens TLS. */
    weakens: (value: string) => boolean;
    /** What such a value makes the runtime do. */
    effect: string;
}

/** Values that say no (`false`, `0`, `no`, `off`, `none`). */
const FALSE = /^(false|0|no|off|none|n|f)$/i;

/** libpq's sslmode values that connect without TLS (disable) or fall back to it when TLS fails (allow, prefer). */
const PLAIN_SSLMODE = /^(disable|allow|prefer)$/i;

export const TLS_SETTINGS: readonly TlsSetting[] = [
    {
        runtime: "Node.js",
        name: /(^|_)NODE_TLS_REJECT_UNAUTHORIZED$/,
        weakens: v => v.trim() === "0",
        effect: "every TLS connection of the process accepts any certificate (no server is verified)",
    },
    {
        runtime: "Node.js",
        name: /(^|_)NODE_OPTIONS$/,
        weakens: v => /--tls-(min|max)-v1(\.[01])?\b/.test(v),
        effect: "the process negotiates TLS 1.0 or 1.1",
    },
    {
        runtime: "libpq (psql, psycopg, Django's PostgreSQL backend, node-postgres)",
        name: /(^|_)(PG)?SSL_?MODE$/,
        weakens: v => PLAIN_SSLMODE.test(v.trim()),
        effect: "the database connection runs without TLS (disable), or falls back to clear text when TLS fails (allow, prefer)",
    },
    {
        runtime: "Python (http.client, urllib, PEP 493)",
        name: /(^|_)PYTHONHTTPSVERIFY$/,
        weakens: v => v.trim() === "0",
        effect: "HTTPS requests of the standard library accept any certificate",
    },
    {
        runtime: "Python requests",
        name: /(^|_)CURL_CA_BUNDLE$/,
        weakens: v => v.trim() === "",
        effect: "requests reads the empty bundle as verify=False and accepts any certificate",
    },
    {
        runtime: "AWS SDKs and CLI",
        name: /(^|_)AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/,
        weakens: v => /^http:\/\//i.test(v.trim()),
        effect: "the SDK sends its requests, and the data in them, to that endpoint in clear text",
    },
    {
        // The drivers' own switches, as applications expose them (Django's REDIS_SSL, a DB_SSL flag,
        // node's rejectUnauthorized, redis-py's ssl_cert_reqs).
        runtime: "application TLS switches",
        name: /(^|_)(SSL|TLS|USE_SSL|USE_TLS|SSL_ENABLED|TLS_ENABLED|SSL_VERIFY|VERIFY_SSL|TLS_VERIFY|VERIFY_TLS|VERIFY_CERTS?|REJECT_UNAUTHORIZED|SSL_CERT_REQS|TLS_CERT_REQS)$/,
        weakens: v => FALSE.test(v.trim()) || /^cert_none$/i.test(v.trim()),
        effect: "the client connects without TLS, or accepts any certificate",
    },
];

/** A connection URL's problems by value, whatever its name: PostgreSQL without TLS, Redis in clear text. */
export function weakUrl(value: string): string | undefined {
    const v = value.trim();
    if (/^postgres(ql)?:\/\//i.test(v)) {
        const query = new URLSearchParams(v.split("?")[1] ?? "");
        const mode = query.get("sslmode");
        if ((mode !== null && PLAIN_SSLMODE.test(mode)) || FALSE.test(query.get("ssl") ?? "x")) {
            return "a PostgreSQL URL whose sslmode/ssl runs the connection without TLS or lets it fall back to clear text";
        }
    }
    if (/^redis:\/\/[^\s]/i.test(v)) {
        return "a redis:// URL: the client speaks clear text (rediss:// is TLS), its AUTH token included";
    }
    return undefined;
}

/** The setting name form TLS_SETTINGS match: upper case, runs of other characters as `_`. */
export function settingName(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** What a setting's value does to TLS, or undefined when it leaves TLS on and verified. */
export function weakenedTls(name: string, value: string): string | undefined {
    const normal = settingName(name);
    const fact = TLS_SETTINGS.find(s => s.name.test(normal) && s.weakens(value));
    return fact ? `${fact.runtime}: ${fact.effect}` : weakUrl(value);
}
