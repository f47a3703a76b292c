/**
 * Class 3, traffic paths: health checks and listeners that exist but do not give Route 53 (or a
 * user) what the design needs. Each Route 53 check is followed as Route 53 follows it, through the
 * listener's rules, to what answers it in the stack's current dr phase: a role probe answering
 * against the phase, a role check that no longer reads the role probe, a check of the failover
 * name (whichever region is healthy answers it).
 */
import { all, Case, drift, edit, named, suite } from "./support";

const HC = "aws:route53/healthCheck:HealthCheck";
const RULE = "aws:lb/listenerRule:ListenerRule";
const LISTENER = "aws:lb/listener:Listener";
const fixed = (statusCode: string, messageBody: string) => [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody, statusCode } }];
const roleProbe = (statusCode: string, body: string) => (p: any) => { p.actions = fixed(statusCode, body); };

const violations: Case[] = [
    // The role probe answers against the phase.
    { name: "prod's role probe answers 503 while prod serves (Route 53 sends users to the standby)", change: edit(RULE, roleProbe("503", "not serving"), named("alb-role-probe")) },
    { name: "drift: prod's role probe set to 503 in the console", change: drift(RULE, roleProbe("503", "not serving"), named("alb-role-probe")) },
    { name: "prod's role probe answers 404 while prod serves", change: edit(RULE, roleProbe("404", "gone"), named("alb-role-probe")) },
    { name: "prod's role probe rule's path changed (the probe falls through to the frontend)", change: edit(RULE, p => { p.conditions = [{ pathPattern: { values: ["/.well-known/expertconnect/serving-v2"] } }]; }, named("alb-role-probe")) },
    { stack: "dr", name: "dr: standby role probe answers 200 'serving' (prod's inverted peer check fails)", change: edit(RULE, roleProbe("200", "serving"), named("alb-role-probe")) },
    { stack: "dr", name: "dr drift: standby role probe set to 302 in the console", change: drift(RULE, p => { p.actions = [{ type: "redirect", redirect: { path: "/", statusCode: "HTTP_302" } }]; }, named("alb-role-probe")) },
    // The record's checks read the role probe.
    { name: "role check path switched to the app's health path", change: edit(HC, p => { p.resourcePath = "/api/health/"; }, named("dns-role")) },
    { name: "role check switched to HTTP on 80 (the redirect always answers 301)", change: edit(HC, p => { p.type = "HTTP"; p.port = 80; delete p.enableSni; }, named("dns-role")) },
    { name: "role check inverted", change: edit(HC, p => { p.invertHealthcheck = true; }, named("dns-role")) },
    { stack: "dr", name: "dr: serving check drops its role child", change: edit(HC, p => { p.childHealthchecks = p.childHealthchecks.filter((c: string) => !c.startsWith("dns-role")); p.childHealthThreshold = 1; }, named("dns-serving")) },
    { stack: "dr", name: "dr: serving check needs only one of app and role", change: edit(HC, p => { p.childHealthThreshold = 1; }, named("dns-serving")) },
    // Checks of the failover name follow whichever region answers it.
    { name: "app check fqdn set to the failover name", change: edit(HC, p => { p.fqdn = "app.expertconnect.example"; }, named("dns-app")) },
    { name: "role check fqdn set to the failover name", change: edit(HC, p => { p.fqdn = "app.expertconnect.example"; }, named("dns-role")) },
];

const compliant: Case[] = [
    { name: "role probe body reworded, status kept", change: edit(RULE, p => { p.actions[0].fixedResponse.messageBody = "prod serves"; }, named("alb-role-probe")) },
    { name: "role check matches the role probe's body", change: all(
        edit(RULE, roleProbe("200", "serving"), named("alb-role-probe")),
        edit(HC, p => { p.type = "HTTPS_STR_MATCH"; p.searchString = "serving"; }, named("dns-role"))) },
    { name: "maintenance rule answering 503 on a path nobody serves", change: edit(RULE, p => { p.conditions = [{ pathPattern: { values: ["/legacy/*"] } }]; p.actions = fixed("503", "maintenance"); }, named("alb-rule-120")) },
    { name: "role checks every 10 s", change: edit(HC, p => { p.requestInterval = 10; }, r => /dns-(role|peer-role)/.test(r.urn)) },
    { stack: "dr", name: "dr: standby role probe answers 503 with another body", change: edit(RULE, roleProbe("503", "standby"), named("alb-role-probe")) },
    { name: "HTTP listener redirect becomes 302", change: edit(LISTENER, p => { p.defaultActions[0].redirect.statusCode = "HTTP_302"; }, named("alb-http")) },
];

suite("adversarial class 3: traffic paths as Route 53 and the load balancer serve them", violations, compliant);
