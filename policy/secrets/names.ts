/**
 * Names as a weak signal. A name that says "credential" flags a value only when the value has
 * no benign shape (a number, a boolean, a duration, a reference, a URL without credentials…);
 * a name that says "public digest" only excuses hexadecimal values; and a name never excuses a
 * value that has a credential's format or looks random.
 */

/**
 * Words that say a variable holds a credential. PASSWORD may end a longer word (PGPASSWORD,
 * MYSQL_ROOTPASSWORD); the shorter words must stand alone.
 */
const SECRET_WORDS = /(?:PASSWORD|PASSWD|PASSPHRASE)S?(?:$|[^A-Z])|(?:^|[^A-Z])(?:PASS|PWD|PW|SECRETS?|TOKENS?|API_?KEYS?|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|MASTER_?KEY|CREDENTIALS?|CREDS|AUTH|DSN|CONNECTION_?STRING|SALT|PEPPER|(?:COOKIE|SESSION|WEBHOOK|JWT|HMAC|STRIPE|APP|DJANGO|FERNET|CIPHER|AES|LICENSE)_?KEY)(?:$|[^A-Z])/i;

/**
 * Parts of a name that say it configures a credential, points at one, or is public: its lifetime,
 * length or algorithm, a switch, where to fetch it from, a public or publishable key, an id.
 */
const EXCUSING_WORDS = /(?:^|_)(?:TIMEOUT|TTL|EXPIRY|EXPIRES?|EXPIRATION|LIFETIME|AGE|DAYS|HOURS|MINUTES|SECONDS|MS|INTERVAL|PERIOD|DURATION|ENABLED|DISABLED|ENABLE|DISABLE|REQUIRED|ENDPOINT|URL|URI|HOST|PORT|PATH|FILE|DIR|ARN|NAME|ID|IDS|PARAMETER|PARAM|HEADER|FIELD|COOKIE_NAME|ALGORITHM|ALG|LENGTH|MIN_LENGTH|MAX_LENGTH|SIZE|COUNT|LIMIT|RETRIES|ATTEMPTS|POLICY|VALIDATORS?|BACKEND|CLASS|TYPE|PREFIX|REGION|PUBLIC|PUBLISHABLE|ISSUER|AUDIENCE|SCOPE|SCOPES|VERSION|ROTATION|STRATEGY|MODE|METHOD|PROVIDER|MANAGER)(?:$|_)/i;

/** Names that declare a public digest: hexadecimal values under them are not secrets. */
const DIGEST_WORDS = /(?:^|_)(?:SHA|SHA1|SHA256|HASH|DIGEST|COMMIT|REVISION|REV|CHECKSUM|FINGERPRINT|ETAG|BUILD|GIT)(?:$|_)/i;

/**
 * Prefixes by which a front-end framework inlines a variable into the JavaScript it sends to every
 * browser (Next.js NEXT_PUBLIC_, Create React App REACT_APP_, Vite VITE_, Gatsby, Expo, Nuxt, Vue
 * CLI, SvelteKit/Astro PUBLIC_, Storybook). They say where the value goes, not that it is public:
 * a credential under one is worse (every visitor gets it), so the prefix excuses nothing.
 */
const BROWSER_PREFIX = /^(?:NEXT_PUBLIC|REACT_APP|VITE|GATSBY|EXPO_PUBLIC|NUXT_PUBLIC|NUXT_ENV|VUE_APP|PUBLIC|STORYBOOK)_/i;

/** Whether a variable's name marks its value for the browser bundle. */
export function browserExposed(name: string): boolean {
    return BROWSER_PREFIX.test(name.replace(/[-.\s]/g, "_"));
}

/** A name as upper- or lower-case words joined by `_` (`stripeApiKey` → `stripe_Api_Key`, `db-pass` → `db_pass`), without a browser prefix. */
function words(name: string): string {
    return name.replace(/[-.\s]/g, "_").replace(BROWSER_PREFIX, "").replace(/([a-z0-9])([A-Z])/g, "$1_$2");
}

/** Whether the name says the value is a credential (and nothing in it excuses that). */
export function nameSaysSecret(name: string): boolean {
    const normalized = words(name);
    return SECRET_WORDS.test(normalized) && !EXCUSING_WORDS.test(normalized);
}

/**
 * Whether the name calls the value a key of some kind (`DeployKey`, `partner_key`): weaker than
 * nameSaysSecret (a tag key, an object key, a KMS key are not credentials), so it only counts for a
 * value that looks random.
 */
export function nameSaysKey(name: string): boolean {
    const normalized = words(name);
    return /[A-Z0-9]_KEYS?(?:$|_)/i.test(normalized) && !EXCUSING_WORDS.test(normalized);
}

/** Whether the name declares a public digest (a commit, an image digest, a checksum). */
export function nameSaysDigest(name: string): boolean {
    const normalized = words(name);
    return DIGEST_WORDS.test(normalized);
}

/**
 * Values a credential cannot be: numbers, booleans, durations, placeholders,
 * references to where a secret is kept (ARNs, SSM paths), a shell expansion (`$VAR`, `${VAR}`, `$(command)`), a
 * dotted module path (Django's PASSWORD_HASHERS). A weak password such as `changeme` is still a
 * password.
 */
const NON_CREDENTIAL_VALUES: readonly RegExp[] = [
    /^-?\d+(?:\.\d+)?$/,
    /^(?:true|false|yes|no|on|off|none|null|enabled|disabled)$/i,
    /^\d+\s*(?:ms|s|m|h|d|w|sec|secs|min|mins|hours?|days?|weeks?)$/i,
    /^(?:HS|RS|ES|PS)(?:256|384|512)$|^EdDSA$/,
    /^arn:[a-z-]+:/i,
    /^\/[\w./-]+$/,
    /^\$[({A-Za-z_]/,
    /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,}$/,
];

/** Whether `value` could hold a credential at all. */
export function couldBeCredential(value: string): boolean {
    return !NON_CREDENTIAL_VALUES.some(p => p.test(value.trim()));
}
