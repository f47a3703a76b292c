/**
 * How much ordinary traffic a WAF statement matches, judged the way AWS WAF would: the statement
 * is evaluated against a sample of ordinary requests (pages, API calls, assets, from addresses
 * spread over the IPv4 and IPv6 space and several countries). A statement that matches every
 * sampled request of an address family matches (nearly) all traffic; one that matches none of
 * them matches (nearly) nothing. Statements whose outcome depends on what the sample cannot
 * know (labels, regex pattern sets, IP sets whose addresses are unknown, fingerprints) are
 * undecided, and never judged.
 */
import { Props } from "../lib/define";

/** One ordinary request, as WAF sees it. Header names are lower case. */
export interface SampleRequest {
    ip: string;
    country: string;
    method: string;
    uri: string;
    query: string;
    headers: Record<string, string>;
    body: string;
}

const BROWSER = { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", accept: "text/html,application/xhtml+xml", "accept-language": "en-US,en;q=0.9", "accept-encoding": "gzip, deflate, br" };
const API = { "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15", accept: "application/json", "content-type": "application/json", authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", cookie: "sessionid=abc123; csrftoken=def456" };
const host = { host: "app.expertconnect.example" };
const request = (ip: string, country: string, method: string, uri: string, query: string, headers: Record<string, string>, body = ""): SampleRequest =>
    ({ ip, country, method, uri, query, headers: { ...host, ...headers }, body });

/** The sample of ordinary traffic (addresses from several regional registries, both families). */
export const ORDINARY_TRAFFIC: readonly SampleRequest[] = [
    request("73.162.10.4", "US", "GET", "/", "", BROWSER),
    request("24.48.200.17", "CA", "GET", "/static/js/main.3f2a.js", "", { ...BROWSER, accept: "*/*", referer: "https://app.expertconnect.example/" }),
    request("81.2.69.142", "GB", "POST", "/api/auth/login/", "", API, "{\"email\":\"user@example.com\",\"password\":\"x\"}"),
    request("2.16.154.3", "DE", "GET", "/api/experts/", "page=2&search=cardiology", API),
    request("49.36.12.200", "IN", "GET", "/api/bookings/42/", "", API),
    request("101.53.5.9", "JP", "PUT", "/api/profile/", "", API, "{\"name\":\"A\"}"),
    request("177.71.128.21", "BR", "GET", "/experts/17", "ref=mail", BROWSER),
    request("203.0.178.91", "AU", "DELETE", "/api/bookings/43/", "", API),
    request("151.101.1.69", "FR", "OPTIONS", "/api/experts/", "", { origin: "https://app.expertconnect.example", "access-control-request-method": "GET" }),
    request("190.210.4.66", "AR", "GET", "/favicon.ico", "", { ...BROWSER, accept: "image/avif,image/webp,*/*" }),
    request("2600:1700:3c40::1a", "US", "GET", "/", "", BROWSER),
    request("2a02:8070:8a8:c00::2", "DE", "POST", "/api/messages/", "", API, "{\"text\":\"hello\"}"),
    request("2401:4900:1c2a:1::7", "IN", "GET", "/api/health/", "", { "user-agent": "curl/8.5.0", accept: "*/*" }),
];

/** The addresses of an IP set, by its ARN or id; undefined when not known. */
export type IpSetLookup = (reference: string) => string[] | undefined;

// ---- addresses ----

function ipv4Bits(ip: string): bigint | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4 || parts.some(p => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
        return undefined;
    }
    return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function ipv6Bits(ip: string): bigint | undefined {
    const [head, tail, extra] = ip.toLowerCase().split("::");
    if (extra !== undefined) {
        return undefined;
    }
    const groups = (s: string | undefined) => (s ? s.split(":") : []);
    const left = groups(head), right = groups(tail);
    const missing = 8 - left.length - right.length;
    if ((tail === undefined && missing !== 0) || missing < 0 || [...left, ...right].some(g => !/^[0-9a-f]{1,4}$/.test(g))) {
        return undefined;
    }
    return [...left, ...Array(tail === undefined ? 0 : missing).fill("0"), ...right].reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Whether an address is in a CIDR block of the same family (a bare address is a /32 or /128). */
export function inCidr(ip: string, cidr: string): boolean {
    const [base, length] = cidr.trim().split("/");
    const v6 = ip.includes(":");
    if (v6 !== base.includes(":")) {
        return false;
    }
    const width = v6 ? 128 : 32;
    const bits = v6 ? ipv6Bits : ipv4Bits;
    const a = bits(ip), b = bits(base);
    const prefix = length === undefined ? width : Number(length);
    if (a === undefined || b === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
        return false;
    }
    const shift = BigInt(width - prefix);
    return (a >> shift) === (b >> shift);
}

// ---- fields and matching ----

/** The value of a `fieldToMatch` (lower-cased keys) in a request: null when absent, undefined when the sample can't tell. */
function fieldValue(field: Props | undefined, r: SampleRequest): string | null | undefined {
    const f = field ?? {};
    if (f.uripath !== undefined) {
        return r.uri;
    }
    if (f.querystring !== undefined) {
        return r.query;
    }
    if (f.method !== undefined) {
        return r.method;
    }
    if (f.body !== undefined || f.jsonbody !== undefined) {
        return r.body;
    }
    if (f.singleheader !== undefined) {
        return r.headers[String(f.singleheader.name ?? "").toLowerCase()] ?? null;
    }
    if (f.singlequeryargument !== undefined) {
        const name = String(f.singlequeryargument.name ?? "").toLowerCase();
        const pair = r.query.split("&").map(p => p.split("=")).find(([k]) => k.toLowerCase() === name);
        return pair ? pair[1] ?? "" : null;
    }
    if (f.allqueryarguments !== undefined) {
        return r.query.split("&").map(p => p.split("=")[1] ?? "").join(" ");
    }
    return undefined;
}

function transform(value: string, transformations: unknown): string {
    const list = (Array.isArray(transformations) ? transformations : []) as Props[];
    return [...list].sort((a, b) => Number(a.priority) - Number(b.priority)).reduce((v, t) => {
        switch (String(t.type).toUpperCase()) {
            case "LOWERCASE": return v.toLowerCase();
            case "COMPRESS_WHITE_SPACE": return v.replace(/\s+/g, " ");
            case "URL_DECODE": case "URL_DECODE_UNI":
                try { return decodeURIComponent(v); } catch { return v; }
            default: return v;
        }
    }, value);
}

function positional(value: string, search: string, constraint: string): boolean | undefined {
    switch (constraint.toUpperCase()) {
        case "EXACTLY": return value === search;
        case "STARTS_WITH": return value.startsWith(search);
        case "ENDS_WITH": return value.endsWith(search);
        case "CONTAINS": return value.includes(search);
        case "CONTAINS_WORD": return new RegExp(`(^|[^A-Za-z0-9_])${search.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z0-9_]|$)`).test(value);
        default: return undefined;
    }
}

const compare: Record<string, (a: number, b: number) => boolean> = {
    EQ: (a, b) => a === b, NE: (a, b) => a !== b, LE: (a, b) => a <= b, LT: (a, b) => a < b, GE: (a, b) => a >= b, GT: (a, b) => a > b,
};

/** The client address a statement looks at: the connection's, or a forwarded header's (absent in the sample: the fallback decides). */
function clientAddress(forwarded: Props | undefined, r: SampleRequest): string | boolean {
    if (forwarded === undefined) {
        return r.ip;
    }
    const header = r.headers[String(forwarded.headername ?? "x-forwarded-for").toLowerCase()];
    return header ?? String(forwarded.fallbackbehavior).toUpperCase() === "MATCH";
}

const and = (values: Array<boolean | undefined>): boolean | undefined =>
    values.includes(false) ? false : values.includes(undefined) ? undefined : true;
const or = (values: Array<boolean | undefined>): boolean | undefined =>
    values.includes(true) ? true : values.includes(undefined) ? undefined : false;

/** Whether a statement (lower-cased keys) matches a request; undefined when the sample can't tell. */
export function statementMatches(statement: Props | undefined, r: SampleRequest, ipSets: IpSetLookup): boolean | undefined {
    const s = statement ?? {};
    const nested = (x: Props | undefined): Props[] => (Array.isArray(x?.statements) ? x!.statements : []);
    if (s.andstatement !== undefined) {
        return and(nested(s.andstatement).map(n => statementMatches(n, r, ipSets)));
    }
    if (s.orstatement !== undefined) {
        return or(nested(s.orstatement).map(n => statementMatches(n, r, ipSets)));
    }
    if (s.notstatement !== undefined) {
        const inner = statementMatches(s.notstatement.statement, r, ipSets);
        return inner === undefined ? undefined : !inner;
    }
    if (s.bytematchstatement !== undefined) {
        const b = s.bytematchstatement;
        const value = fieldValue(b.fieldtomatch, r);
        if (value === undefined || typeof b.searchstring !== "string") {
            return undefined;
        }
        return value === null ? false : positional(transform(value, b.texttransformations), b.searchstring, String(b.positionalconstraint));
    }
    if (s.regexmatchstatement !== undefined) {
        const m = s.regexmatchstatement;
        const value = fieldValue(m.fieldtomatch, r);
        if (value === undefined) {
            return undefined;
        }
        try {
            return value === null ? false : new RegExp(String(m.regexstring)).test(transform(value, m.texttransformations));
        } catch {
            return undefined;
        }
    }
    if (s.sizeconstraintstatement !== undefined) {
        const c = s.sizeconstraintstatement;
        const value = fieldValue(c.fieldtomatch, r);
        const op = compare[String(c.comparisonoperator).toUpperCase()];
        return value === undefined || op === undefined ? undefined : value === null ? false : op(Buffer.byteLength(transform(value, c.texttransformations)), Number(c.size));
    }
    if (s.sqlimatchstatement !== undefined || s.xssmatchstatement !== undefined) {
        return false; // The sample is benign: no injection in it.
    }
    if (s.geomatchstatement !== undefined) {
        const g = s.geomatchstatement;
        const address = clientAddress(g.forwardedipconfig, r);
        const codes: unknown[] = Array.isArray(g.countrycodes) ? g.countrycodes : [];
        return typeof address === "boolean" ? address : codes.map(c => String(c).toUpperCase()).includes(r.country);
    }
    if (s.ipsetreferencestatement !== undefined) {
        const i = s.ipsetreferencestatement;
        const addresses = ipSets(String(i.arn));
        const address = clientAddress(i.ipsetforwardedipconfig, r);
        if (typeof address === "boolean") {
            return address;
        }
        return addresses === undefined ? undefined : addresses.some(cidr => inCidr(address, String(cidr)));
    }
    return undefined; // Labels, regex pattern sets, fingerprints, ASNs: outside what the sample knows.
}

/** How much ordinary traffic a statement matches: all (every sampled request of one address family), none, some, or undefined (can't tell). */
export function reach(statement: Props | undefined, ipSets: IpSetLookup): "all" | "none" | "some" | undefined {
    const outcomes = ORDINARY_TRAFFIC.map(r => ({ v6: r.ip.includes(":"), match: statementMatches(statement, r, ipSets) }));
    if (outcomes.some(o => o.match === undefined)) {
        return undefined;
    }
    const family = (v6: boolean) => outcomes.filter(o => o.v6 === v6);
    if ([false, true].some(v6 => family(v6).every(o => o.match))) {
        return "all";
    }
    return outcomes.some(o => o.match) ? "some" : "none";
}
