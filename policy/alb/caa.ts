/**
 * Certification Authority Authorization (RFC 8659) as a CA evaluates it for one name, over plain
 * values: the relevant record set is the closest one found by climbing from the name (without a
 * wildcard's `*.` label) towards the root, and its `issue` (or, for a wildcard name, `issuewild`
 * when present) properties say which CAs may issue. Pure, so the policy and its tests share it.
 */
import { dnsName } from "./tlsNames";

/**
 * The CA domains ACM's CAA check accepts (ACM User Guide, "Configure a CAA record"): a relevant
 * record set that names none of them stops ACM from issuing the certificate and from renewing it.
 */
export const AMAZON_CAS = ["amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"];

/** Property tags CAs understand; a critical property (flag 128) of any other tag forbids issuance (RFC 8659 §4.1). */
const KNOWN_TAGS = ["issue", "issuewild", "iodef"];

/** One CAA property: `flags tag "value"`. */
export interface CaaProperty {
    flags: number;
    /** Lower case: tags are matched case-insensitively. */
    tag: string;
    /** The issuer domain of an issue/issuewild value, lower case; "" for `";"` (no CA may issue). */
    issuer: string;
    text: string;
}

/** A record value as Route 53 holds it (`0 issue "amazon.com"`); undefined when it is no CAA value. */
export function parseCaa(text: string): CaaProperty | undefined {
    const m = /^\s*(\d{1,3})\s+([A-Za-z0-9]+)\s+(.*?)\s*$/.exec(text);
    if (!m) return undefined;
    const value = m[3].replace(/^"(.*)"$/, "$1");
    // An issuer value is `domain [; parameters]` (RFC 8659 §4.2): the domain alone decides who issues.
    return { flags: Number(m[1]), tag: m[2].toLowerCase(), issuer: dnsName(value.split(";")[0]), text };
}

/** The CAA record sets of a zone by owner name (in {@link dnsName} form), and which names exist. */
export interface CaaView {
    sets: Map<string, { properties: CaaProperty[]; source: string }>;
    /** Names that exist in DNS: owners of a record of any type and their ancestors (empty non-terminals). A DNS wildcard does not answer for them. */
    existing: Set<string>;
}

/** One record as routing and CAA read it. */
export interface DnsRecord {
    name: string;
    type: string;
    values: string[];
    /** What to name in a message (the record's logical name). */
    source: string;
}

/** The parent of a name, or undefined at a top-level label. */
function parent(name: string): string | undefined {
    const dot = name.indexOf(".");
    return dot < 0 ? undefined : name.slice(dot + 1);
}

/** The CAA view of some records: several records of one name and type are one record set. */
export function caaView(records: DnsRecord[]): CaaView {
    const sets: CaaView["sets"] = new Map();
    const existing = new Set<string>();
    for (const r of records) {
        const name = dnsName(r.name);
        for (let n: string | undefined = name; n; n = parent(n)) existing.add(n);
        if (r.type.toUpperCase() !== "CAA") continue;
        const set = sets.get(name) ?? { properties: [], source: r.source };
        set.properties.push(...r.values.map(parseCaa).filter((p): p is CaaProperty => p !== undefined));
        if (!set.source.split(", ").includes(r.source)) set.source = `${set.source}, ${r.source}`;
        sets.set(name, set);
    }
    return { sets, existing };
}

/**
 * The relevant CAA record set for a name (RFC 8659 §3): at the name itself, else (when the name
 * does not exist) a wildcard record set `*.<parent>` that DNS answers the query with, else the same
 * at its parent, up to the root. Undefined when no record set of the view is relevant.
 */
export function relevantCaa(view: CaaView, name: string): { owner: string; properties: CaaProperty[]; source: string } | undefined {
    for (let n: string | undefined = dnsName(name).replace(/^\*\./, ""); n; n = parent(n)) {
        const own = view.sets.get(n);
        if (own) return { owner: n, ...own };
        const up = parent(n);
        const wildcard = up ? view.sets.get(`*.${up}`) : undefined;
        if (wildcard && !view.existing.has(n)) return { owner: `*.${up}`, ...wildcard };
    }
    return undefined;
}

/**
 * Why ACM may not issue a certificate name under the record set's properties, or undefined when it
 * may: a critical property of a tag it does not know; for a wildcard name the `issuewild`
 * properties when there are any, else the `issue` ones; for any other name the `issue` ones.
 * No such property: no restriction. Otherwise one of them must name an Amazon CA.
 */
export function acmRefusal(properties: CaaProperty[], name: string): string | undefined {
    const critical = properties.find((p) => (p.flags & 128) !== 0 && !KNOWN_TAGS.includes(p.tag));
    if (critical) return `its critical property "${critical.text}" is one ACM does not understand, which forbids issuance`;
    const wildcard = dnsName(name).startsWith("*.");
    const wild = properties.filter((p) => p.tag === "issuewild");
    const [tag, governing] = wildcard && wild.length > 0 ? ["issuewild", wild] : ["issue", properties.filter((p) => p.tag === "issue")];
    if (governing.length === 0 || governing.some((p) => AMAZON_CAS.includes(p.issuer))) return undefined;
    const allowed = governing.map((p) => p.issuer).filter((i) => i !== "");
    return `its ${tag} properties allow ${allowed.length > 0 ? `only ${[...new Set(allowed)].join(", ")}` : "no CA"}`;
}
