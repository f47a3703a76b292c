/** Class 1 (IAM), runtime paths: the backend's IAM database login, broken in ways IAM accepts. */
import { Case, Change, edit, named, suite } from "./support";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/** Edits the backend task role's statements. */
const taskPolicy = (fn: (statements: any[]) => any[]): Change => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement = fn(d.Statement);
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));
const isLogin = (s: any) => JSON.stringify(s.Action).includes("rds-db:connect");

const violations: Case[] = [
    { name: "the rds-db:connect statement removed from the backend task role", change: taskPolicy(st => st.filter(s => !isLogin(s))) },
    { name: "rds-db:connect pointed at a read-only user the app does not log in as", change: taskPolicy(st => st.map(s => (isLogin(s) ? { ...s, Resource: String(s.Resource).replace(/\/[^/]+$/, "/expertconnect_readonly") } : s))) },
    { name: "rds-db:connect names the master user instead of the application user", change: taskPolicy(st => st.map(s => (isLogin(s) ? { ...s, Resource: String(s.Resource).replace(/\/[^/]+$/, "/expertconnect_user") } : s))) },
];

const compliant: Case[] = [
    { name: "rds-db:connect confined to TLS requests", change: taskPolicy(st => st.map(s => (isLogin(s) ? { ...s, Condition: { Bool: { "aws:SecureTransport": "true" } } } : s))) },
];

suite("adversarial class 1: the application's IAM database login", violations, compliant);
