/**
 * Class 3, the application's name reaches it: changes that each leave every other check content
 * and take the public edge away — the failover record, the HTTPS listener, the certificate, a
 * health check the failover decides by — found by removing each resource type of the stacks in
 * turn, with variants by technique.
 */
import { Case, edit, named, remove, suite } from "./support";

const RECORD = "aws:route53/record:Record";
const HC = "aws:route53/healthCheck:HealthCheck";
const LISTENER = "aws:lb/listener:Listener";
const CERT = "aws:acm/certificate:Certificate";
const https = (r: { inputs: Record<string, any> }) => r.inputs.protocol === "HTTPS";

const violations: Case[] = [
    // Found by the removal sweep.
    { name: "every Route 53 record removed 'to move DNS to another provider' while the stack still owns expertconnect:dns", change: remove(RECORD) },
    { name: "every Route 53 health check removed: the failover record and the calculated check name checks nobody keeps", change: remove(HC) },
    { name: "the load balancer's listeners removed: the name resolves to a load balancer that answers nothing", change: remove(LISTENER) },
    { name: "the ACM certificate removed from the program: the HTTPS listener keeps an ARN ACM deletes", change: remove(CERT) },
    { name: "dr: every Route 53 record removed", stack: "dr", change: remove(RECORD) },
    { name: "dr: the HTTPS listener removed (dr can't take traffic after failover)", stack: "dr", change: remove(LISTENER, https) },
    // Other techniques.
    { name: "only the HTTPS listener removed (HTTP keeps redirecting to a port nothing answers)", change: remove(LISTENER, https) },
    { name: "the HTTPS listener switched to plain HTTP on 443 'while the certificate is renewed'", change: edit(LISTENER, p => { p.protocol = "HTTP"; delete p.certificateArn; delete p.sslPolicy; }, https) },
    { name: "the failover record removed, the regional record kept (the app's name answers nothing)", change: remove(RECORD, named("dns-failover")) },
    { name: "the failover record made a simple alias: prod and dr records of one name stop pairing", change: edit(RECORD, p => { delete p.failoverRoutingPolicies; delete p.setIdentifier; }, named("dns-failover")) },
    { name: "dr's failover record made PRIMARY 'to test failover'", stack: "dr", change: edit(RECORD, p => { p.failoverRoutingPolicies = [{ type: "PRIMARY" }]; }, named("dns-failover")) },
    { name: "the app health check removed, the calculated check still naming it", change: remove(HC, named("dns-app")) },
    { name: "the calculated serving check removed, the PRIMARY record still naming it", change: remove(HC, named("dns-serving")) },
    { name: "the failover record aliased to an old load balancer outside the stack", change: edit(RECORD, p => { p.aliases = [{ ...p.aliases[0], name: "expertconnect-old-alb-1.us-east-1.elb.amazonaws.com" }]; }, named("dns-failover")) },
];

const compliant: Case[] = [
    { name: "the HTTPS listener's TLS policy raised to the newest TLS 1.3 policy", change: edit(LISTENER, p => { p.sslPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"; }, https) },
    { name: "the app health check's failure threshold lowered to 2 (faster failover)", change: edit(HC, p => { p.failureThreshold = 2; }, named("dns-app")) },
    { name: "dr: the failover record's alias evaluates the load balancer's target health", stack: "dr", change: edit(RECORD, p => { p.aliases = [{ ...p.aliases[0], evaluateTargetHealth: true }]; }, named("dns-failover")) },
];

suite("adversarial class 3: the application's name reaches it", violations, compliant);

