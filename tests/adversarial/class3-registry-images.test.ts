/**
 * Class 3: the images the services run, judged as ECR and a failover treat them. Every repository
 * prod holds or pulls is rescanned as vulnerabilities are published (ENHANCED, CONTINUOUS_SCAN,
 * filters matched as ECR matches them; a removed configuration is AWS's BASIC default). A lifecycle
 * policy is simulated over a burst of pushes (untagged manifests, the tag families it names): none
 * may expire the running release or its rollback target. dr runs prod's release, or a later one,
 * from its own region's replicas (prod's releases and replica URLs, read through the StackReference).
 */
import { ACCOUNT, all, Case, edit, FOREIGN, named, suite } from "./support";

const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const REFERENCE = "pulumi:pulumi:StackReference";

const filters = (...names: string[]) => names.map(filter => ({ filter, filterType: "WILDCARD" }));
const scanRules = (...rules: object[]) => edit(SCANNING, p => { p.rules = rules; });
const rule = (rulePriority: number, selection: Record<string, unknown>) => ({ rulePriority, description: `rule ${rulePriority}`, selection, action: { type: "expire" } });
const untagged = (days: number) => rule(1, { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: days });
const keep = (priority: number, n: number, list: Record<string, unknown> = { tagPatternList: ["*"] }) => rule(priority, { tagStatus: "tagged", ...list, countType: "imageCountMoreThan", countNumber: n });
const byAge = (priority: number, days: number, list: Record<string, unknown>) => rule(priority, { tagStatus: "tagged", ...list, countType: "sinceImagePushed", countUnit: "days", countNumber: days });
const anyKept = (priority: number, n: number) => rule(priority, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: n });
const lifecycle = (repository: "backend" | "frontend", ...rules: object[]) => edit(LIFECYCLE, p => { p.policy = JSON.stringify({ rules }); }, named(`${repository}-repository-lifecycle`));
const template = (...rules: object[]) => edit(TEMPLATE, p => { p.lifecyclePolicy = JSON.stringify({ rules }); });

const image = (task: string, change: (image: string) => string) => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].image = change(list[0].image);
    p.containerDefinitions = JSON.stringify(list);
}, named(`${task}-task`));
const retag = (task: string, tag: string) => image(task, i => i.replace(/:v1\.0\.0$/, `:${tag}`));
const fromEast = (host: string) => image("backend", i => i.replace(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com`, host));
/** The dr execution role widened to the us-east-1 repository, so the IAM path alone would not stop the pull. */
const widenPull = edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    const s = d.Statement.find((x: any) => x.Sid === "PullImage");
    s.Resource = [s.Resource, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/expertconnect-backend`];
    p.policy = JSON.stringify(d);
}, named("backend-roles-execution-policy"));
/** Prod's published releases as the dr stack reads them (the reference's outputs). */
const prodReleases = (releases: Record<string, string>) => edit(REFERENCE, p => {
    if (p.outputs) p.outputs.releases = { ...p.outputs.releases, ...releases };
}, named("prod-stack"));

const violations: Case[] = [
    // ---- scanning (prod owns the registry's settings) ----
    { name: "registry scanning SCAN_ON_PUSH instead of continuous: running images are never re-evaluated against new CVEs", change: edit(SCANNING, p => { p.rules[0].scanFrequency = "SCAN_ON_PUSH"; }) },
    { name: "registry scanning configuration removed (the registry falls back to BASIC)", change: rs => { rs.splice(rs.findIndex(r => r.type === SCANNING), 1); } },
    { name: "continuous scanning kept for the backend only, everything else scanned on push", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect-backend") }, { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: filters("*") }) },
    { name: "continuous filter without a wildcard that no repository name contains", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect-api") }) },
    { name: "continuous filter anchored wrongly (*-prod matches no repository)", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("*-prod") }) },
    { name: "registry scanning switched to BASIC on push for every repository", change: edit(SCANNING, p => { p.scanType = "BASIC"; p.rules = [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: filters("*") }]; }) },
    { name: "the scanning configuration moved to the us-west-2 registry: us-east-1, where prod pulls, is BASIC again", change: edit(SCANNING, p => { p.region = "us-west-2"; }) },

    // ---- lifecycle, simulated over a burst of pushes ----
    { name: "frontend lifecycle keeps 30 images of `any` status: untagged junk pushes count, so a burst of CI builds expires the running release", change: lifecycle("frontend", anyKept(1, 30)) },
    { name: "backend keeps untagged images a week, then 30 of any status: the untagged ones still count toward the 30", change: lifecycle("backend", untagged(7), anyKept(2, 30)) },
    { name: "backend keeps 50 images of any status as its only rule", change: lifecycle("backend", anyKept(1, 50)) },
    { name: "pr-* builds expire after 14 days, but the 30 kept tagged images count them with the releases", change: lifecycle("backend", untagged(7), byAge(2, 14, { tagPatternList: ["pr-*"] }), keep(3, 30)) },
    { name: "release candidates (v*-rc*) expire after a week but count toward the v-prefixed releases kept", change: lifecycle("frontend", untagged(7), byAge(2, 7, { tagPatternList: ["v*-rc*"] }), keep(3, 30, { tagPrefixList: ["v"] })) },
    { name: "a latest tag kept beside only two tagged images: with it counted, no rollback target is left", change: lifecycle("backend", untagged(7), keep(2, 1, { tagPatternList: ["latest"] }), keep(3, 2)) },
    { name: "an `any` rule placed first (ECR refuses the policy and keeps the old one)", change: lifecycle("backend", anyKept(1, 100), { ...untagged(7), rulePriority: 2 }) },
    { name: "dr replicas' creation template keeps 30 images of any status", change: template(untagged(7), anyKept(2, 30)) },

    // ---- dr runs prod's release from its own region ----
    { name: "dr backend pinned to the older release v0.9.0 while prod runs v1.0.0: after promotion it serves code older than the migrated schema", stack: "dr", change: retag("backend", "v0.9.0") },
    { name: "dr frontend left on v0.8.2 while prod runs v1.0.0", stack: "dr", change: retag("frontend", "v0.8.2") },
    { name: "dr backend pinned to v1.0.0's release candidate", stack: "dr", change: retag("backend", "v1.0.0-rc.1") },
    { name: "dr backend pinned by a build tag that cannot be ordered against prod's release", stack: "dr", change: retag("backend", "sha-3f1c9a7") },
    { name: "dr backend pinned by digest while prod runs a version tag", stack: "dr", change: image("backend", i => i.replace(/:v1\.0\.0$/, `@sha256:${"3f".repeat(32)}`)) },
    { name: "prod has moved to v1.2.0 and dr stays on v1.0.0", stack: "dr", change: prodReleases({ "expertconnect-backend": "v1.2.0" }) },
    {
        name: "dr backend task definition pulls from us-east-1 ECR, with the execution role widened to that repository: the image pull depends on the region dr exists to replace",
        stack: "dr", change: all(fromEast(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`), widenPull),
    },
    { name: "dr backend pulls us-east-1 through its dual-stack endpoint, the execution role widened", stack: "dr", change: all(fromEast(`${ACCOUNT}.dkr-ecr.us-east-1.on.aws`), widenPull) },
    { name: "dr backend pulls us-east-1 through its FIPS endpoint, the execution role widened", stack: "dr", change: all(fromEast(`${ACCOUNT}.dkr.ecr-fips.us-east-1.amazonaws.com`), widenPull) },
    { name: "dr backend pulls a us-west-2 repository prod does not replicate (an ECR-to-ECR pull-through cache of us-east-1)", stack: "dr", change: image("backend", i => i.replace("/expertconnect-backend", "/ecr-east/expertconnect-backend")) },
    { name: "dr backend pulls a partner account's us-west-2 repository", stack: "dr", change: image("backend", i => i.replace(`${ACCOUNT}.dkr.ecr`, `${FOREIGN}.dkr.ecr`)) },
];

const compliant: Case[] = [
    { name: "registry scanning lists the two repositories explicitly, continuous", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect-backend", "expertconnect-frontend") }) },
    { name: "registry scanning extended to every repository (`*`), continuous", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("*") }) },
    { name: "continuous filter without a wildcard that every repository name contains", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect") }) },
    { name: "expertconnect-* continuous, and other repositories scanned on push", change: scanRules({ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: filters("expertconnect-*") }, { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: filters("*") }) },
    { name: "backend lifecycle keeps 50 tagged images (deeper rollback)", change: lifecycle("backend", untagged(7), keep(2, 50)) },
    { name: "untagged images kept 14 days instead of 7", change: lifecycle("backend", untagged(14), keep(2, 30)) },
    { name: "pr-* builds expire after 14 days and the count rule keeps v* releases only", change: lifecycle("backend", untagged(7), byAge(2, 14, { tagPatternList: ["pr-*"] }), keep(3, 30, { tagPatternList: ["v*"] })) },
    { name: "an `any` rule last, after the count rule that takes the releases", change: lifecycle("frontend", untagged(7), keep(2, 30, { tagPatternList: ["v*"] }), anyKept(3, 100)) },
    { name: "dr replicas' creation template keeps 10 tagged images", change: template(untagged(7), keep(2, 10)) },
    { name: "dr release: dr backend moves to v1.1.0 from its us-west-2 replica, as prod does", stack: "dr", change: retag("backend", "v1.1.0") },
    { name: "dr frontend on the v1.0.1 patch ahead of prod's deploy", stack: "dr", change: retag("frontend", "v1.0.1") },
    { name: "prod published v1.1.0 and dr follows it", stack: "dr", change: all(prodReleases({ "expertconnect-backend": "v1.1.0" }), retag("backend", "v1.1.0")) },
];

suite("class 3: registry images scanned, kept and run as prod released them", violations, compliant);
