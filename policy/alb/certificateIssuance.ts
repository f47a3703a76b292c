/**
 * `alb-certificate-issuance`: a public certificate ACM issues must keep being issued and trusted.
 * ACM checks CAA at issuance and at every managed renewal, so a CAA record set that leaves out
 * Amazon's CAs lets the certificate run to its expiry; and Chrome and Safari refuse a publicly
 * trusted certificate that was not logged to Certificate Transparency.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { acmRefusal, AMAZON_CAS, caaView, DnsRecord, relevantCaa } from "./caa";
import { CERTIFICATE, namesOf } from "./certificateNames";
import { dnsName } from "./tlsNames";

const RECORD = "aws:route53/record:Record";
const ZONE = "aws:route53/zone:Zone";

/**
 * Whether ACM issues the certificate from its public CAs: not imported (certificateBody or
 * privateKey given; ACM neither checks CAA for nor renews those) and not from a private CA
 * (certificateAuthorityArn; private certificates are neither CAA-checked nor CT-logged).
 */
function publiclyIssued(c: PolicyResource): boolean {
    const given = (p: string) => { const v = known(() => c.props[p] as unknown, "unknown"); return v !== undefined && v !== null && v !== ""; };
    return !given("certificateBody") && !given("privateKey") && !given("certificateAuthorityArn");
}

/**
 * The stack's records as DNS answers them: the fully qualified name (`fqdn` once known; a name
 * without its zone's domain is completed with it, as the provider does).
 */
function dnsRecords(resources: PolicyResource[]): DnsRecord[] {
    const zones = new Map(ofType(resources, [ZONE]).flatMap(z => {
        const id = knownString(z, "zoneId") ?? knownString(z, "id");
        const name = knownString(z, "name");
        return id && name ? [[id, dnsName(name)] as const] : [];
    }));
    return ofType(resources, [RECORD]).flatMap(r => {
        const given = knownString(r, "fqdn") ?? knownString(r, "name");
        const type = knownString(r, "type");
        if (given === undefined || type === undefined) return [];
        const zone = zones.get(knownString(r, "zoneId") ?? "");
        const name = dnsName(given);
        const values = knownDeep(() => r.props.records as unknown, []);
        return [{
            name: zone && name !== zone && !name.endsWith(`.${zone}`) ? `${name}.${zone}` : name, type,
            values: Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [], source: r.name,
        }];
    });
}

export const albCertificateIssuance = stackPolicy({
    name: "alb-certificate-issuance",
    description: "Every public certificate ACM issues for the stack can be issued and renewed, and is trusted: the CAA record set of the stack that governs each of its names " +
        "(the closest at or above the name, a DNS wildcard where the name does not exist; issuewild for a wildcard name when present) permits one of Amazon's CAs, " +
        "and Certificate Transparency logging is not DISABLED.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance (TLS on the public name) and Disaster Recovery (the certificate each region presents)",
        remediationSteps: `Add a CAA property for an Amazon CA (\`0 issue "amazon.com"\`; ${AMAZON_CAS.join(", ")} are accepted) to the record set that governs the name, and \`issuewild\` too when the record set restricts wildcards; ` +
            "leave options.certificateTransparencyLoggingPreference ENABLED (the default).",
    },
    types: [CERTIFICATE, RECORD, ZONE],
    validate: (resources, report) => {
        const certificates = ofType(resources, [CERTIFICATE]).filter(publiclyIssued);
        if (certificates.length === 0) return;
        const view = caaView(dnsRecords(resources));
        for (const c of certificates) {
            const ct = known(() => c.props.options?.certificateTransparencyLoggingPreference as unknown, null);
            if (typeof ct === "string" && ct.toUpperCase() === "DISABLED") {
                report(`certificate ${c.name} opts out of Certificate Transparency logging: Chrome and Safari refuse a publicly trusted certificate without CT proofs, so browsers reject the site. ` +
                    "Remove options.certificateTransparencyLoggingPreference (ENABLED is the default).", c.urn);
            }
            if (view.sets.size === 0) continue;
            for (const name of new Set(namesOf(c) ?? [])) {
                const set = relevantCaa(view, name);
                const why = set && acmRefusal(set.properties, name);
                if (!set || !why) continue;
                report(`certificate ${c.name} covers ${name}, whose CAA record set at ${set.owner} (${set.source}) does not permit ACM: ${why}. ` +
                    `ACM checks CAA at issuance and at every renewal, so the certificate can't be issued or expires unrenewed. Add an Amazon CA (${AMAZON_CAS.join(", ")}) to that record set.`, c.urn);
            }
        }
    },
});
