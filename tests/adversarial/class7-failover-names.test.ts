/**
 * Class 7: the names users reach after a failover. Route 53 pairs failover records only by zone,
 * name and type, and the two halves live in two stacks: dr's SECONDARY must pair with the PRIMARY
 * prod exports (its failoverRecords output, read through dr's StackReference). Every name that
 * routes to a stack's load balancer, the failover name included, must be covered by the
 * certificate its HTTPS listener presents, with its DNS validation record kept.
 */
import { add, all, Case, Change, edit, ExportedResource, named, remove, suite } from "./support";

const REC = "aws:route53/record:Record";
const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const APP = "app.expertconnect.example";
const ZONE = "Z04417623EXPERTCONNECT";

const failover = (change: (p: Record<string, any>) => void): Change => edit(REC, change, named("dns-failover"));
/** Another record beside the failover one, copied from it (same health check and alias) with `props` on top. */
const copyFailover = (name: string, props: Record<string, unknown>): Change => rs => {
    const source = rs.find(r => r.type === REC && r.urn.endsWith("::dns-failover"))!;
    add(REC, name, { ...structuredClone(source.inputs), ...props })(rs);
};
/** Prod's failover records as dr's StackReference reads them. */
const prodExports = (change: (records: Array<Record<string, unknown>>) => void): Change => rs => {
    const ref = rs.find((r: ExportedResource) => r.type === "pulumi:pulumi:StackReference" && r.urn.endsWith("::prod-stack"))!;
    change(ref.outputs.outputs.failoverRecords);
};
/** The certificate's names and ACM's validation options for them (a wildcard shares its base name's record). */
const certificateNames = (domainName: string, alternatives: string[]): Change => edit(CERT, p => {
    const byName = new Map((p.domainValidationOptions ?? []).map((o: any) => [o.domainName, o]));
    p.domainName = domainName;
    p.subjectAlternativeNames = alternatives;
    if (p.domainValidationOptions) {
        p.domainValidationOptions = [domainName, ...alternatives].map(n => ({ ...(byName.get(n.replace(/^\*\./, "")) ?? byName.get(n) ?? p.domainValidationOptions[0]), domainName: n }));
    }
}, named("certificate"));
const dr = (name: string, ...changes: Change[]): Case => ({ name, stack: "dr", change: all(...changes) });
const prod = (name: string, ...changes: Change[]): Case => ({ name, change: all(...changes) });

const violations: Case[] = [
    dr("dr's SECONDARY failover record is AAAA while prod's PRIMARY is A", failover(p => { p.type = "AAAA"; })),
    dr("dr's SECONDARY is renamed www.app (pairs with nothing)", failover(p => { p.name = `www.${APP}`; })),
    dr("dr's SECONDARY moves to another hosted zone", failover(p => { p.zoneId = "Z0999999OTHERZONE"; })),
    dr("dr's SECONDARY reuses prod's set identifier", failover(p => { p.setIdentifier = "prod"; })),
    dr("prod serves AAAA too (its export lists an AAAA PRIMARY) but dr only A", prodExports(l => { l.push({ ...l[0], type: "AAAA" }); })),
    dr("dr's certificate covers only dr.app (users get a name mismatch on app. after a failover)",
        certificateNames(`dr.${APP}`, []), edit(VALIDATION, p => { p.validationRecordFqdns = p.validationRecordFqdns.filter((f: string) => f.includes(".dr.")); }), remove(REC, named("certificate-validation-0"))),
    dr("dr's certificate is a wildcard one label too high (covers app., not dr.app.)", certificateNames(APP, ["*.expertconnect.example"])),
    dr("dr's certificate keeps its names but the app name's validation record is removed (ACM can't renew)", remove(REC, named("certificate-validation-0"))),
    prod("prod adds www as a CNAME of the application's name without a certificate name for it",
        add(REC, "dns-www", { zoneId: ZONE, name: `www.${APP}`, type: "CNAME", ttl: 300, records: [APP] })),
];

const compliant: Case[] = [
    dr("dr as the program makes it", () => undefined),
    dr("dr's certificate is the app name plus a wildcard of it (covers dr.app.)", certificateNames(APP, [`*.${APP}`]),
        edit(VALIDATION, p => { p.validationRecordFqdns = p.validationRecordFqdns.filter((f: string) => !f.includes(".dr.")); }), remove(REC, named("certificate-validation-1"))),
    dr("dr's certificate gets an extra SAN", certificateNames(APP, [`dr.${APP}`, `status.${APP}`])),
    dr("an AAAA pair in both stacks (prod exports its AAAA PRIMARY, dr adds the AAAA SECONDARY)",
        prodExports(l => { l.push({ ...l[0], type: "AAAA" }); }), copyFailover("dns-failover-aaaa", { type: "AAAA" })),
    dr("dr's SECONDARY written with capitals and a final dot", failover(p => { p.name = `${APP.toUpperCase()}.`; })),
    prod("prod adds an AAAA PRIMARY beside its A (dr's pair comes with dr's next update)", copyFailover("dns-failover-aaaa", { type: "AAAA" })),
];

suite("adversarial class 7: failover names pair and are served with a matching certificate", violations, compliant);
