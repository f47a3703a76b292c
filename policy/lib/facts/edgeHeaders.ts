/**
 * What the public load balancer does to every request and response, as the design's baselines.
 *
 * Requests: the load balancer's request-processing attributes and the values the design allows
 * (LOAD_BALANCER_REQUEST_ATTRIBUTES). Django reads the client's address from X-Forwarded-For
 * (throttling, audit, sign-in alerts): only `append` makes its last entry the address the load
 * balancer saw; `preserve` hands over whatever the client wrote, `remove` leaves no address.
 *
 * Responses: a listener's `routing.http.response.*` attributes (Pulumi `routingHttpResponse…`)
 * insert a header into every response of the listener, replacing the one the target sent (ALB
 * User Guide, "HTTP header modification"). A value there is the site's policy for that header,
 * whatever the app sets, so it must be at least as strict as the baselines below: HSTS for a
 * year over every name under the application's (all of them HTTPS), a CSP that keeps scripts to
 * the site's own origins, CORS only for the site's own origins, framing only by itself.
 *
 * The program sets these values from here (components/compute/LoadBalancer.ts); the pack judges
 * any value by what a browser or Django does with it (policy/alb/responseHeaders.ts,
 * policy/alb/dropInvalidHeaders.ts). Pure: host names are judged through the caller's predicate.
 */

// ------------------------------------------------------------------------------------------
// Request processing: load balancer attributes
// ------------------------------------------------------------------------------------------

/** One request-processing attribute of an application load balancer and the values the design allows. */
export interface BalancerAttribute {
    /** The `aws.lb.LoadBalancer` argument. */
    property: string;
    /** What AWS applies when the argument is unset. */
    awsDefault: boolean | string;
    /** The values the design allows (strings compared case-insensitively). */
    safe: ReadonlyArray<boolean | string>;
    /** What another value makes the load balancer do. */
    effect: string;
}

/**
 * The request-processing attributes the design fixes. Not listed, because no value weakens what
 * the app relies on: `preserveHostHeader` (the Host is the client's either way; only the port
 * suffix differs), `enableTlsVersionAndCipherSuiteHeaders` (adds headers the app ignores),
 * `enableHttp2`, `idleTimeout`, `clientKeepAlive`. `enableWafFailOpen` is judged with the web ACL
 * (policy/alb/waf.ts).
 */
export const LOAD_BALANCER_REQUEST_ATTRIBUTES: readonly BalancerAttribute[] = [
    {
        property: "dropInvalidHeaderFields",
        awsDefault: false,
        safe: [true],
        effect: "headers with invalid names reach the targets (request smuggling and header injection through names proxies read differently; FSBP ELB.4)",
    },
    {
        property: "desyncMitigationMode",
        awsDefault: "defensive",
        safe: ["defensive", "strictest"],
        effect: "requests AWS classifies as ambiguous or severe HTTP (desync attacks) are forwarded to the targets instead of closed (defensive or strictest blocks them; FSBP ELB.12)",
    },
    {
        property: "xffHeaderProcessingMode",
        awsDefault: "append",
        safe: ["append"],
        effect: "the targets no longer get the client's address as the load balancer saw it: preserve forwards the X-Forwarded-For the client wrote unchanged, so Django's throttling, audit and sign-in alerts trust an address the attacker chooses; remove drops it, so every client counts as the load balancer (ALB User Guide, \"X-Forwarded-For header processing\")",
    },
    {
        property: "enableXffClientPort",
        awsDefault: false,
        safe: [false],
        effect: "X-Forwarded-For carries address:port, and the port changes with every connection: per-client throttling keyed on the forwarded address counts each connection as a new client",
    },
];

/** The values the program sets on its load balancers: the first safe value of each attribute. */
export const LOAD_BALANCER_REQUEST_SETTINGS = {
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "defensive",
    xffHeaderProcessingMode: "append",
    enableXffClientPort: false,
} as const satisfies Record<string, boolean | string>;

const same = (a: unknown, b: boolean | string) => (typeof b === "string" ? String(a).toLowerCase() === b : a === b);

/**
 * Each attribute of `props` (an `aws.lb.LoadBalancer`'s inputs) outside the design's values,
 * unset ones read as AWS's default: `{ property, value, effect }`. `isKnown` says whether a
 * property can be read yet (unknown values are judged at the update).
 */
export function balancerAttributeProblems(props: Record<string, unknown>, isKnown: (property: string) => boolean = () => true): Array<{ property: string; value: string; safe: string; effect: string }> {
    return LOAD_BALANCER_REQUEST_ATTRIBUTES.filter(a => isKnown(a.property)).flatMap(a => {
        const set = props[a.property];
        const value = set === undefined || set === null ? a.awsDefault : set;
        if (a.safe.some(s => same(value, s))) return [];
        const shown = set === undefined || set === null ? `unset (AWS default ${a.awsDefault})` : String(value);
        return [{ property: a.property, value: shown, safe: a.safe.join(" or "), effect: a.effect }];
    });
}

// ------------------------------------------------------------------------------------------
// Responses: headers a listener inserts
// ------------------------------------------------------------------------------------------

/** One year: the shortest HSTS lifetime the design sends (and browsers' preload lists require). */
export const HSTS_MIN_MAX_AGE_SECONDS = 31_536_000;

/**
 * The design's HSTS: a year, over every name under the application's. includeSubDomains is part
 * of the design: every name under the application's (the regional names prod.… and dr.… the
 * failover checks probe) is served over HTTPS by the same listeners.
 */
export const HSTS_HEADER_VALUE = `max-age=${HSTS_MIN_MAX_AGE_SECONDS}; includeSubDomains`;

/** The only X-Content-Type-Options value browsers act on. */
export const CONTENT_TYPE_OPTIONS_VALUE = "nosniff";

/** The response headers the program has its HTTPS listeners insert (Pulumi argument → value). */
export const HTTPS_LISTENER_RESPONSE_HEADERS = {
    routingHttpResponseStrictTransportSecurityHeaderValue: HSTS_HEADER_VALUE,
    routingHttpResponseXContentTypeOptionsHeaderValue: CONTENT_TYPE_OPTIONS_VALUE,
} as const;

/** HSTS directives (`max-age=…; includeSubDomains`) by lower-case name; a repeated one is reported by name. */
function hstsDirectives(value: string): { map: Map<string, string>; repeated: string[] } {
    const map = new Map<string, string>();
    const repeated: string[] = [];
    for (const part of value.split(";").map(p => p.trim()).filter(p => p !== "")) {
        const eq = part.indexOf("=");
        const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
        if (map.has(key)) repeated.push(key);
        else map.set(key, eq < 0 ? "" : part.slice(eq + 1).trim());
    }
    return { map, repeated };
}

/** One CSP policy's directives: name → sources; a repeated directive is ignored by browsers (the first counts). */
function cspDirectives(policy: string): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const directive of policy.split(";")) {
        const [name, ...sources] = directive.trim().split(/\s+/).filter(t => t !== "");
        if (name !== undefined && !map.has(name.toLowerCase())) map.set(name.toLowerCase(), sources);
    }
    return map;
}

/**
 * Why an HSTS value is weaker than the design's, or undefined. A browser ignores a value without
 * a valid max-age or with a repeated directive (RFC 6797 §6.1), and max-age=0 tells it to forget
 * the host's HSTS (§6.1.1): the header the load balancer sends replaces the app's.
 */
export function hstsProblem(value: string): string | undefined {
    const { map, repeated } = hstsDirectives(value);
    if (repeated.length > 0) {
        return `repeats ${repeated.join(", ")}: browsers ignore the whole header (RFC 6797 §6.1), so the site sends no HSTS`;
    }
    const raw = map.get("max-age")?.replace(/^"(.*)"$/, "$1");
    if (raw === undefined || !/^\d+$/.test(raw)) {
        return "has no valid max-age: browsers ignore the header (RFC 6797 §6.1.1), so the site sends no HSTS";
    }
    const seconds = Number(raw);
    if (seconds < HSTS_MIN_MAX_AGE_SECONDS) {
        return seconds === 0
            ? "has max-age=0: browsers delete the site's HSTS entry (RFC 6797 §6.1.1) and the next http:// link or SSL-stripping proxy is followed in clear text"
            : `has max-age=${seconds}, less than the design's ${HSTS_MIN_MAX_AGE_SECONDS} s (one year): a user away that long is open to SSL stripping again`;
    }
    if (!map.has("includesubdomains")) {
        return "lacks includeSubDomains: the regional names under the application's (prod.…, dr.…) are not pinned to HTTPS, and a cookie set for the parent domain can be read or planted over http:// on a subdomain";
    }
    return undefined;
}

/** CSP keywords that add no source a script can come from. */
const SAFE_KEYWORDS = ["'self'", "'none'", "'strict-dynamic'", "'report-sample'", "'wasm-unsafe-eval'"];
/** Nonce and hash sources: only scripts the page names. */
const NONCE_OR_HASH = /^'(nonce-[A-Za-z0-9+/_=-]+|sha(256|384|512)-[A-Za-z0-9+/_=-]+)'$/;

/**
 * The fetch directives judged, and what each falls back to (CSP Level 3): where a script,
 * worker, plugin or base URL may come from. A directive absent along its whole chain is
 * unrestricted.
 */
const SCRIPT_CHAINS: ReadonlyArray<{ what: string; chain: string[]; required: boolean }> = [
    { what: "script elements", chain: ["script-src-elem", "script-src", "default-src"], required: true },
    { what: "inline event handlers", chain: ["script-src-attr", "script-src", "default-src"], required: true },
    { what: "workers", chain: ["worker-src", "child-src", "script-src", "default-src"], required: false },
    { what: "plugins (object, embed)", chain: ["object-src", "default-src"], required: false },
    // base-uri does not fall back: a <base> tag an attacker injects re-points every relative script URL.
    { what: "the document's base URL", chain: ["base-uri"], required: false },
];

/** Why a source list lets content come from outside the site's own origins, or undefined. */
function sourceProblem(source: string, isOwnHost: (host: string) => boolean): string | undefined {
    const s = source.toLowerCase();
    if (SAFE_KEYWORDS.includes(s) || NONCE_OR_HASH.test(source)) return undefined;
    if (s === "*") return "* (any origin)";
    if (/^'unsafe-/.test(s)) return `${source} (injected markup or strings run as script)`;
    if (s.startsWith("'")) return `${source} (a keyword the design does not allow)`;
    if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return `${source} (every URL of that scheme)`;
    const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?(\/.*)?$/.exec(s);
    if (!m) return `${source} (not a source the design allows)`;
    const [, scheme, host] = m;
    if (scheme !== undefined && scheme !== "https" && scheme !== "wss") return `${source} (fetched without TLS)`;
    if (host.includes("*")) return `${source} (a wildcard host)`;
    return isOwnHost(host) ? undefined : `${source} (an origin the stack does not serve)`;
}

/**
 * Why a Content-Security-Policy is weaker than the design's baseline, or an empty list: scripts
 * (elements, handlers, workers), plugins and the base URL come only from the site's own origins,
 * nonces or hashes, with no `*`, scheme-wide source or unsafe-* keyword; framing only by the site.
 * Several policies in one value (comma-separated) are all enforced: one meeting the baseline is enough.
 */
export function cspProblems(value: string, isOwnHost: (host: string) => boolean): string[] {
    const judged = value.split(",").filter(p => p.trim() !== "").map(policy => {
        const map = cspDirectives(policy);
        const problems: string[] = [];
        // Directives by what they govern: script-src alone may stand for scripts, handlers and workers.
        const governs = new Map<string, string[]>();
        for (const { what, chain, required } of SCRIPT_CHAINS) {
            const directive = chain.find(d => map.has(d));
            if (directive !== undefined) governs.set(directive, [...(governs.get(directive) ?? []), what]);
            else if (required) problems.push(`no ${chain.slice(1).join(" or ")}: ${what} may come from any origin`);
        }
        for (const [directive, whats] of governs) {
            const bad = map.get(directive)!.map(s => sourceProblem(s, isOwnHost)).filter((p): p is string => p !== undefined);
            if (bad.length > 0) problems.push(`${directive} (for ${whats.join(", ")}) allows ${bad.join(", ")}`);
        }
        const ancestors = map.get("frame-ancestors");
        const badAncestors = (ancestors ?? []).filter(s => s !== "'none'" && s !== "'self'").map(s => sourceProblem(s, isOwnHost) ?? (/^'/.test(s) ? s : undefined)).filter((p): p is string => p !== undefined);
        if (badAncestors.length > 0) problems.push(`frame-ancestors allows ${badAncestors.join(", ")} (clickjacking)`);
        return problems;
    });
    return judged.some(p => p.length === 0) ? [] : judged.flat();
}

/**
 * Why an Access-Control-Allow-Origin value opens the site's responses to another origin, or
 * undefined. The load balancer sends the value on every response, whatever the request's Origin:
 * `*` lets any page read every response that needs no cookie, `null` is the origin of every
 * sandboxed iframe and data: document (any page can make one), and any origin but the site's own
 * HTTPS names reads what the logged-in user sees when credentials are allowed.
 */
export function corsOriginProblem(value: string, credentials: boolean, isOwnHost: (host: string) => boolean): string | undefined {
    const origins = value.split(/[\s,]+/).filter(o => o !== "");
    const readers = credentials ? "logged-in users' responses (Access-Control-Allow-Credentials: true)" : "the site's responses";
    for (const origin of origins) {
        if (origin === "*") return `is *: any web page reads ${readers}${credentials ? " (browsers refuse * with credentials, so the app's own CORS breaks too)" : ""}`;
        if (origin.toLowerCase() === "null") return `is null: every sandboxed iframe and data: or file: document has origin null, so any web page can read ${readers}`;
        const m = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?\/?$/i.exec(origin);
        if (!m) return `has ${origin}, which is not an origin (scheme://host[:port])`;
        if (m[1].toLowerCase() !== "https") return `has ${origin}: an origin without TLS, whose pages anyone on the path can rewrite to read ${readers}`;
        if (m[2].includes("*") || !isOwnHost(m[2].toLowerCase())) return `has ${origin}, an origin the stack does not serve: its pages read ${readers}`;
    }
    return origins.length === 0 ? "is empty" : undefined;
}

/** Why an X-Frame-Options value lets other sites frame the pages, or undefined (ALLOW-FROM is ignored by current browsers). */
export function frameOptionsProblem(value: string): string | undefined {
    return /^(deny|sameorigin)$/i.test(value.trim()) ? undefined
        : `is ${value}: current browsers honour only DENY and SAMEORIGIN and ignore anything else, so the pages (and the app's own X-Frame-Options, which this replaces) can be framed by any site (clickjacking)`;
}

/**
 * Request headers whose meaning the app, Django or the load balancer already gives: the load
 * balancer's TLS and mTLS headers renamed to one of them would be read as that header (a TLS
 * version as X-Forwarded-Proto makes Django treat every request as plain HTTP; a certificate
 * subject as Authorization or X-Forwarded-For is an identity the client never proved).
 */
export const RESERVED_REQUEST_HEADERS: readonly string[] = [
    "host", "authorization", "cookie", "content-length", "content-type", "transfer-encoding", "connection", "upgrade", "te",
    "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-host", "x-real-ip", "x-amzn-trace-id",
    "x-csrftoken", "x-requested-with", "origin", "referer",
];

/** Why a name given to one of the load balancer's TLS/mTLS request headers is unsafe, or undefined. */
export function requestHeaderNameProblem(name: string): string | undefined {
    const n = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(n)) return `${name} is not a valid header name`;
    return RESERVED_REQUEST_HEADERS.includes(n) ? `${name} is a header the app, Django or the load balancer already reads with another meaning` : undefined;
}

/** The listener arguments that set a response header's value or rename a load-balancer request header (Pulumi aws v7 `aws.lb.Listener`). */
export const LISTENER_HEADER_PROPERTIES: readonly string[] = [
    ...["StrictTransportSecurity", "ContentSecurityPolicy", "XFrameOptions", "XContentTypeOptions", "AccessControlAllowOrigin", "AccessControlAllowCredentials",
        "AccessControlAllowMethods", "AccessControlAllowHeaders", "AccessControlExposeHeaders", "AccessControlMaxAge"].map(h => `routingHttpResponse${h}HeaderValue`),
    ...["MtlsClientcert", "MtlsClientcertIssuer", "MtlsClientcertLeaf", "MtlsClientcertSerialNumber", "MtlsClientcertSubject", "MtlsClientcertValidity",
        "TlsCipherSuite", "TlsVersion"].map(h => `routingHttpRequestXAmzn${h}HeaderName`),
];

/** The header each judged listener argument inserts, for messages. */
const RESPONSE_HEADER = (property: string) => ({
    routingHttpResponseStrictTransportSecurityHeaderValue: "Strict-Transport-Security",
    routingHttpResponseContentSecurityPolicyHeaderValue: "Content-Security-Policy",
    routingHttpResponseAccessControlAllowOriginHeaderValue: "Access-Control-Allow-Origin",
    routingHttpResponseXFrameOptionsHeaderValue: "X-Frame-Options",
    routingHttpResponseXContentTypeOptionsHeaderValue: "X-Content-Type-Options",
} as Record<string, string>)[property] ?? property;

/**
 * Every response and request header setting of one listener (`aws.lb.Listener` inputs) that is
 * weaker than the design: HSTS, CSP, CORS origin, X-Frame-Options, X-Content-Type-Options, and
 * the names of the load balancer's TLS/mTLS request headers. Unset arguments leave the app's
 * headers alone and are not judged. `isOwnHost` says whether a host is one the stack serves.
 */
export function listenerHeaderProblems(props: Record<string, unknown>, isOwnHost: (host: string) => boolean): string[] {
    const text = (p: string) => (typeof props[p] === "string" ? (props[p] as string) : undefined);
    const problems: string[] = [];
    const say = (property: string, problem: string | undefined) => {
        if (problem) problems.push(`${RESPONSE_HEADER(property)} (${property}) ${problem}`);
    };
    const hsts = text("routingHttpResponseStrictTransportSecurityHeaderValue");
    if (hsts !== undefined) say("routingHttpResponseStrictTransportSecurityHeaderValue", hstsProblem(hsts));
    const csp = text("routingHttpResponseContentSecurityPolicyHeaderValue");
    if (csp !== undefined) {
        const p = cspProblems(csp, isOwnHost);
        say("routingHttpResponseContentSecurityPolicyHeaderValue", p.length > 0 ? `replaces the app's policy with a weaker one: ${p.join("; ")}` : undefined);
    }
    const origin = text("routingHttpResponseAccessControlAllowOriginHeaderValue");
    if (origin !== undefined) {
        const credentials = String(props.routingHttpResponseAccessControlAllowCredentialsHeaderValue ?? "").trim().toLowerCase() === "true";
        say("routingHttpResponseAccessControlAllowOriginHeaderValue", corsOriginProblem(origin, credentials, isOwnHost));
    }
    const frame = text("routingHttpResponseXFrameOptionsHeaderValue");
    if (frame !== undefined) say("routingHttpResponseXFrameOptionsHeaderValue", frameOptionsProblem(frame));
    const sniff = text("routingHttpResponseXContentTypeOptionsHeaderValue");
    if (sniff !== undefined && sniff.trim().toLowerCase() !== CONTENT_TYPE_OPTIONS_VALUE) {
        say("routingHttpResponseXContentTypeOptionsHeaderValue", `is ${sniff}: browsers act only on nosniff, so the app's own nosniff is replaced by nothing (MIME sniffing turns uploads into scripts)`);
    }
    const renamed = LISTENER_HEADER_PROPERTIES.filter(p => p.startsWith("routingHttpRequest") && typeof props[p] === "string");
    const seen = new Map<string, string>();
    for (const property of renamed) {
        const name = (props[property] as string).trim();
        const problem = requestHeaderNameProblem(name) ?? (seen.has(name.toLowerCase()) ? `${name} is also the name given by ${seen.get(name.toLowerCase())}: the target cannot tell the two apart` : undefined);
        if (problem) problems.push(`${property} renames a load-balancer request header: ${problem}`);
        seen.set(name.toLowerCase(), property);
    }
    return problems;
}
