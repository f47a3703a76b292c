/**
 * Whether an attacker can make a WAF statement match, judged from the attacker's side: every
 * field a statement inspects (headers, cookies, query, URI path, body, method, the TLS
 * fingerprint) and every forwarded-address header are values the client writes, so a request
 * matching a statement on them is one anyone can send. Only the connection's source address is
 * not the client's to choose, and even that only within reason: an IP set or country covering
 * address space anyone can rent (hosting, cloud, mobile networks) is reachable too. A terminating
 * allow rule an attacker can match is a bypass of every protection evaluated after it.
 */
import { Props } from "../lib/define";
import { IpSetLookup, ORDINARY_TRAFFIC, SampleRequest, statementMatches } from "./traffic";

/** What the attacker can do with a statement. */
export interface Forgery {
    /** The attacker can send a request the statement matches (undefined: can't tell). */
    match: boolean | undefined;
    /** The attacker can send a request the statement doesn't match. */
    avoid: boolean | undefined;
    /** Every matching request goes to one exact URI path: the match reaches that endpoint only. */
    confined: boolean;
    /** What the attacker sets to match, for messages. */
    how: string[];
}

/**
 * Address space anyone can obtain an address in: an IPv4 set holding a /8's worth of addresses
 * (16.7 million: whole /8s belong to cloud providers) or an IPv6 set holding a /24's worth
 * (cloud providers' IPv6 allocations are /24 to /32s).
 */
const RENTABLE_BITS = { v4: 32 - 8, v6: 128 - 24 };

/** log2 of how many addresses a list of CIDR blocks spans per family (overlaps counted twice: an upper bound). */
function spanBits(cidrs: readonly string[]): { v4: number; v6: number } {
    const total = { v4: 0n, v6: 0n };
    for (const cidr of cidrs) {
        const [base, length] = String(cidr).trim().split("/");
        const v6 = base.includes(":");
        const width = v6 ? 128 : 32;
        const prefix = length === undefined ? width : Number(length);
        if (Number.isInteger(prefix) && prefix >= 0 && prefix <= width) {
            total[v6 ? "v6" : "v4"] += 1n << BigInt(width - prefix);
        }
    }
    const bits = (n: bigint) => (n === 0n ? -1 : n.toString(2).length - 1);
    return { v4: bits(total.v4), v6: bits(total.v6) };
}

/** Whether an address list covers address space anyone can rent, or an ordinary client's address. */
export function rentable(addresses: readonly string[]): boolean {
    const span = spanBits(addresses);
    if (span.v4 >= RENTABLE_BITS.v4 || span.v6 >= RENTABLE_BITS.v6) {
        return true;
    }
    // The sample's clients are random internet users: a set holding one of them holds strangers.
    const statement = { ipsetreferencestatement: { arn: "(listed)" } };
    return ORDINARY_TRAFFIC.some(r => statementMatches(statement, r, () => [...addresses]) === true);
}

/** A readable name of a `fieldToMatch` (lower-cased keys). */
export function fieldName(field: Props | undefined): string {
    const f = field ?? {};
    const names: Record<string, string> = {
        uripath: "the URI path", querystring: "the query string", allqueryarguments: "the query arguments", method: "the method",
        body: "the body", jsonbody: "the JSON body", headers: "the headers", cookies: "the cookies", headerorder: "the header order",
        ja3fingerprint: "the TLS fingerprint", ja4fingerprint: "the TLS fingerprint", urifragment: "the URI fragment",
    };
    if (f.singleheader !== undefined) {
        return `header ${String(f.singleheader.name ?? "").toLowerCase()}`;
    }
    if (f.singlequeryargument !== undefined) {
        return `query argument ${String(f.singlequeryargument.name ?? "")}`;
    }
    const key = Object.keys(f).find(k => names[k] !== undefined);
    return key ? names[key] : "a request field";
}

const UNDECIDED: Forgery = { match: undefined, avoid: undefined, confined: false, how: [] };

const every = (values: Array<boolean | undefined>): boolean | undefined =>
    values.includes(false) ? false : values.includes(undefined) ? undefined : true;
const some = (values: Array<boolean | undefined>): boolean | undefined =>
    values.includes(true) ? true : values.includes(undefined) ? undefined : false;

/** Whether a statement matches every sampled request (an attacker can't send one it misses, e.g. a path not starting with /). */
function matchesAll(statement: Props, ipSets: IpSetLookup): boolean {
    return ORDINARY_TRAFFIC.every((r: SampleRequest) => statementMatches(statement, r, ipSets) === true);
}

/** A statement on a request field: the client writes the field, so it can match it or not. */
function onField(statement: Props, field: Props | undefined, ipSets: IpSetLookup, confined = false): Forgery {
    return { match: true, avoid: !matchesAll(statement, ipSets), confined, how: [fieldName(field)] };
}

/**
 * An address statement: a forwarded-address header is the client's (it names any address, so
 * any non-empty list matches); the source address matches when `sourceReachable` (rentable space).
 */
function onAddress(statement: Props, forwarded: Props | undefined, nonEmpty: boolean | undefined, sourceReachable: boolean | undefined, what: string, ipSets: IpSetLookup): Forgery {
    if (forwarded !== undefined) {
        const header = String(forwarded.headername ?? "X-Forwarded-For");
        return { match: nonEmpty, avoid: true, confined: false, how: [`header ${header} naming ${what}`] };
    }
    if (sourceReachable === undefined) {
        return UNDECIDED;
    }
    return { match: sourceReachable, avoid: !matchesAll(statement, ipSets), confined: false, how: [`a source address in ${what}`] };
}

/** What an attacker can do with a (lower-cased) statement. */
export function forgery(statement: Props | undefined, ipSets: IpSetLookup): Forgery {
    const s = statement ?? {};
    const nested = (x: Props | undefined): Forgery[] => (Array.isArray(x?.statements) ? x!.statements : []).map((n: Props) => forgery(n, ipSets));
    if (s.andstatement !== undefined) {
        const parts = nested(s.andstatement);
        return { match: every(parts.map(p => p.match)), avoid: some(parts.map(p => p.avoid)), confined: parts.some(p => p.confined), how: parts.flatMap(p => p.how) };
    }
    if (s.orstatement !== undefined) {
        const parts = nested(s.orstatement);
        const matching = parts.filter(p => p.match !== false);
        return { match: some(parts.map(p => p.match)), avoid: every(parts.map(p => p.avoid)), confined: matching.length > 0 && matching.every(p => p.confined), how: matching.flatMap(p => p.how) };
    }
    if (s.notstatement !== undefined) {
        const inner = forgery(s.notstatement.statement, ipSets);
        return { match: inner.avoid, avoid: inner.match, confined: false, how: inner.how.map(h => `not ${h}`) };
    }
    if (s.bytematchstatement !== undefined) {
        const b = s.bytematchstatement;
        const exactPath = b.fieldtomatch?.uripath !== undefined && String(b.positionalconstraint).toUpperCase() === "EXACTLY";
        return onField(s, b.fieldtomatch, ipSets, exactPath);
    }
    for (const kind of ["regexmatchstatement", "regexpatternsetreferencestatement", "sizeconstraintstatement", "sqlimatchstatement", "xssmatchstatement"]) {
        if (s[kind] !== undefined) {
            return onField(s, s[kind].fieldtomatch, ipSets);
        }
    }
    if (s.geomatchstatement !== undefined) {
        const g = s.geomatchstatement;
        const codes = (Array.isArray(g.countrycodes) ? g.countrycodes : []).map(String);
        // Hosting is for rent in every country a rule would name: a country is rentable space.
        return onAddress(s, g.forwardedipconfig, codes.length > 0, codes.length > 0, `a country of ${codes.join(", ")}`, ipSets);
    }
    if (s.ipsetreferencestatement !== undefined) {
        const i = s.ipsetreferencestatement;
        const listed = ipSets(String(i.arn));
        return onAddress(s, i.ipsetforwardedipconfig, listed && listed.length > 0, listed && rentable(listed), "the IP set", ipSets);
    }
    if (s.asnmatchstatement !== undefined && s.asnmatchstatement.forwardedipconfig !== undefined) {
        return { match: true, avoid: true, confined: false, how: [`header ${String(s.asnmatchstatement.forwardedipconfig.headername ?? "X-Forwarded-For")} naming an address of the ASN`] };
    }
    return UNDECIDED; // Labels (set by earlier rules), ASNs of the source address, rate-based statements.
}
