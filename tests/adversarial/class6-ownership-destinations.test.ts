/**
 * Class 6: where the stack sends its records and where its domain points. Bucket names carry no
 * account and are first come, first served; DNS targets can be taken over once released.
 */
import { ACCOUNT, add, all, Case, drift, edit, FOREIGN, named, suite } from "./support";

const RECORD = "aws:route53/record:Record";
const ZONE = "Z04417623EXPERTCONNECT";
const TRAIL = "aws:cloudtrail/trail:Trail";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
/** ACM's validation record for www.app (a name added to the certificate). */
const WWW_VALIDATION = {
    domainName: "www.app.expertconnect.example", resourceRecordName: "_5f1c0e2b7a9d4e3f8c6b1a2d3e4f5a6b.www.app.expertconnect.example.",
    resourceRecordType: "CNAME", resourceRecordValue: "_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d.acm-validations.aws.",
};

const violations: Case[] = [
    { name: "the audit trail delivers to a bucket named for another account (program)", change: edit(TRAIL, p => { p.s3BucketName = `org-cloudtrail-${FOREIGN}`; }) },
    { name: "the audit trail's bucket changed outside Pulumi", change: drift(TRAIL, p => { p.s3BucketName = `audit-logs-${FOREIGN}`; }) },
    { name: "Config delivers to another account's bucket", change: edit("aws:cfg/deliveryChannel:DeliveryChannel", p => { p.s3BucketName = `config-bucket-${FOREIGN}`; }) },
    { name: "ALB access logs to a bucket that is not in the stack", change: edit(ALB, p => { p.accessLogs.bucket = "expertconnect-prod-alb-logs-old"; }) },
    { name: "canary artifacts written to another account's bucket", change: edit("aws:synthetics/canary:Canary", p => { p.artifactS3Location = `s3://canary-artifacts-${FOREIGN}/canary/`; }) },
    { name: "a CNAME to an S3 website bucket nobody owns", change: add(RECORD, "legacy-static", { zoneId: ZONE, name: "static.app.expertconnect.example", type: "CNAME", ttl: 300, records: ["expertconnect-legacy-static.s3-website-us-east-1.amazonaws.com"] }) },
    { name: "a CNAME to a deleted Elastic Beanstalk environment", change: add(RECORD, "legacy-eb", { zoneId: ZONE, name: "beta.app.expertconnect.example", type: "CNAME", ttl: 300, records: ["expertconnect-beta.us-east-1.elasticbeanstalk.com"] }) },
    { name: "an A record to a bare address outside the account", change: add(RECORD, "legacy-api", { zoneId: ZONE, name: "api.app.expertconnect.example", type: "A", ttl: 300, records: ["203.0.113.45"] }) },
    { name: "the regional record rewritten to an external host", change: edit(RECORD, p => { delete p.aliases; p.type = "CNAME"; p.ttl = 60; p.records = ["expertconnect-prod.herokuapp.com"]; }, named("dns-regional")) },
    { name: "an NS delegation of a subdomain to unknown name servers", change: add(RECORD, "dev-delegation", { zoneId: ZONE, name: "dev.app.expertconnect.example", type: "NS", ttl: 300, records: ["ns1.parked-domains.example.net."] }) },
    { stack: "dr", name: "dr's failover record aliases a load balancer that does not exist", change: edit(RECORD, p => { p.aliases[0].name = "expertconnect-dr-alb-000000000.us-west-2.elb.amazonaws.com"; }, named("dns-failover")) },
];

const compliant: Case[] = [
    // The load balancer answers the new name too, so its certificate names it (alb-certificate-covers-names), validated in the zone.
    {
        name: "a CNAME for a new name of the application's own domain", change: all(
            add(RECORD, "www", { zoneId: ZONE, name: "www.app.expertconnect.example", type: "CNAME", ttl: 300, records: ["app.expertconnect.example"] }),
            edit("aws:acm/certificate:Certificate", p => {
                p.subjectAlternativeNames = [...p.subjectAlternativeNames, "www.app.expertconnect.example"];
                if (p.domainValidationOptions) p.domainValidationOptions = [...p.domainValidationOptions, WWW_VALIDATION];
            }),
            add(RECORD, "certificate-validation-www", { zoneId: ZONE, name: WWW_VALIDATION.resourceRecordName, type: "CNAME", ttl: 300, records: [WWW_VALIDATION.resourceRecordValue], allowOverwrite: true }),
        ),
    },
    { name: "an SPF record for the mail provider", change: add(RECORD, "spf", { zoneId: ZONE, name: "app.expertconnect.example", type: "TXT", ttl: 300, records: ["v=spf1 include:amazonses.com ~all"] }) },
    {
        name: "ALB access logs under another prefix of the stack's log bucket, its policy following",
        change: all(
            edit(ALB, p => { p.accessLogs.prefix = "alb-v2"; }),
            edit("aws:s3/bucketPolicy:BucketPolicy", p => { p.policy = p.policy.replace("/alb/AWSLogs/", "/alb-v2/AWSLogs/"); }, named("alb-access-logs-policy")),
        ),
    },
    { stack: "dr", name: "dr's Config keeps delivering into the bucket prod exports", change: edit("aws:cfg/deliveryChannel:DeliveryChannel", p => { p.snapshotDeliveryProperties = { deliveryFrequency: "Twelve_Hours" }; p.s3BucketName = `config-bucket-${ACCOUNT}`; }) },
];

suite("adversarial class 6: log destinations and DNS targets owned by the stack", violations, compliant);
