/**
 * Credential formats the pack recognises by value, beyond secretlint's recommended preset (which
 * ignores AWS's documented example keys and has no rule for Stripe keys, JWTs, generic PEM
 * blocks, credentials in any URL scheme or in a query string). Pure and synchronous, so the
 * pack can also run them over every plain input of every resource.
 */

/** One recognisable credential shape. */
export interface Format {
    /** What the value is, with its article, shown in messages (never the value). */
    name: string;
    pattern: RegExp;
}

/**
 * A URL scheme, then userinfo with a password part (`user:pass@`, `:token@`). The password may
 * hold `#` or `?` written unescaped (`postgresql://u:Vq7#pL@host`): clients split the userinfo at
 * the last `@` before the path, so the password runs to it.
 */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/@'"]+@/i;
/** A query parameter whose name says it carries a credential, with a non-empty value. */
const URL_QUERY_CREDENTIAL = /[?&](?:access_?token|api_?key|apikey|auth|key|password|passwd|pwd|secret|sig|signature|token|x-amz-signature|x-amz-credential)=[^&\s#]{6,}/i;

export const FORMATS: readonly Format[] = [
    { name: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
    { name: "an AWS secret access key assignment", pattern: /aws_?secret_?access_?key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}/i },
    { name: "a private key (PEM)", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
    { name: "a Stripe secret or restricted key", pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/ },
    { name: "a Stripe webhook secret", pattern: /\bwhsec_[A-Za-z0-9+/]{24,}/ },
    { name: "a Mapbox secret token", pattern: /\bsk\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
    { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
    { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/ },
    { name: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
    { name: "a Slack token", pattern: /\bxox[abprse]-[A-Za-z0-9-]{10,}/ },
    { name: "a Slack webhook", pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
    { name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
    { name: "a SendGrid key", pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/ },
    { name: "a Twilio key", pattern: /\bSK[0-9a-f]{32}\b/ },
    { name: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
    { name: "an OpenAI or Anthropic key", pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/ },
    { name: "an Authorization header value", pattern: /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{20,}=*/ },
    { name: "credentials in a URL", pattern: URL_USERINFO },
    { name: "a credential in a URL query string", pattern: URL_QUERY_CREDENTIAL },
];

/** A Mapbox public token's shape; its payload is checked too (mapboxAccount). */
const MAPBOX_PUBLIC_TOKEN = /\bpk\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;

/**
 * Public material: made to be handed out (a Stripe publishable key ships to every browser, a
 * public key or certificate to every client), so it is no secret whatever its name or entropy.
 * It is cut out before a value is judged: a private key or a secret key beside it still counts (a
 * block's body holds no dashes, so a private key nested inside a public block is not cut out).
 */
const PUBLIC_MATERIAL: readonly RegExp[] = [
    /\bpk_(?:live|test)_[A-Za-z0-9]{16,}/g,
    // Subresource Integrity and CSP hash sources: the algorithm, then the base64 digest of exactly
    // its length (32, 48 or 64 bytes), which every page that loads the script publishes.
    /\bsha256-[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g,
    /\bsha384-[A-Za-z0-9+/]{64}(?![A-Za-z0-9+/=])/g,
    /\bsha512-[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
    // A Mapbox public token (`pk.`, made for browsers; its secret twin is `sk.`) whose middle
    // part is base64url JSON naming the account (`{"u":…}`), checked in publicMapboxToken.
    MAPBOX_PUBLIC_TOKEN,
    /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |SSH2 )?PUBLIC KEY|(?:TRUSTED )?CERTIFICATE|X509 CRL)-----[^-]*-----END \1-----/g,
];

/** `text` with its public material replaced by a space. */
export function withoutPublicMaterial(text: string): string {
    return PUBLIC_MATERIAL.reduce((rest, pattern) => rest.replace(pattern, match => isPublic(pattern, match) ? " " : match), text);
}

/** Whether a match of a PUBLIC_MATERIAL pattern is public once its structure is checked. */
function isPublic(pattern: RegExp, match: string): boolean {
    return pattern !== MAPBOX_PUBLIC_TOKEN || mapboxAccount(match) !== undefined;
}

/** The account a Mapbox token's payload names (`pk.<base64url {"u":"account",…}>.<signature>`). */
function mapboxAccount(token: string): string | undefined {
    try {
        const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
        return typeof payload?.u === "string" ? payload.u : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A reCAPTCHA key: `6L` and 38 more characters. Site and secret keys share the shape, so only the
 * name tells the public one (a site key, rendered into every page) from its secret twin.
 */
const RECAPTCHA_KEY = /^6L[A-Za-z0-9_-]{38}$/;

/**
 * Whether a named value is public by its structure and the name the structure requires: a
 * reCAPTCHA key under a site key's name (and no secret's).
 */
export function publicByName(name: string | undefined, value: string): boolean {
    return name !== undefined && RECAPTCHA_KEY.test(value.trim()) && /site[-_ ]?key/i.test(name) && !/secret/i.test(name);
}

/** The first format `text` contains, or undefined. */
export function knownFormat(text: string): Format | undefined {
    return FORMATS.find(f => f.pattern.test(text));
}

/** Whether `text` is a URL (any scheme) without credentials in it. */
export function isUrlWithoutCredentials(text: string): boolean {
    return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) && !URL_USERINFO.test(text) && !URL_QUERY_CREDENTIAL.test(text);
}
