import { closest, didYouMean } from "./suggest";

/**
 * Config keys outside the program's own namespace. Pulumi hands every key of the stack to the
 * program, whatever its namespace, and reads none of them itself: a key the program does not
 * read is silently ignored unless it is refused here. That is how a setting is lost without
 * anyone noticing: `pulumi config set database.backupWindow …` writes it under the project's
 * name (`expertconnect-infra:`), a typo of the namespace or of a provider key goes nowhere.
 */

/** Keys of the aws provider, read from @pulumi/aws's own config module (one getter per key). */
function providerKeys(): Record<string, readonly string[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { aws: Object.keys(require("@pulumi/aws/config/vars")) };
}

/** The engine's own namespace (`pulumi:tags`, `pulumi:disable-default-providers`…): not checked here. */
const ENGINE_NAMESPACE = "pulumi";

/** `ns:name` → its namespace and name (names may contain `:`; the namespace ends at the first). */
export function splitKey(key: string): { ns: string; name: string } {
    const colon = key.indexOf(":");
    return colon < 0 ? { ns: "", name: key } : { ns: key.slice(0, colon), name: key.slice(colon + 1) };
}

/**
 * A problem with a key written as a dotted path (`expertconnect:database.backupWindow`): Pulumi
 * takes the whole text as one key name, so the program never sees `backupWindow` under
 * `database`. Undefined when the name is a plain key.
 */
export function dottedKeyProblem(namespace: string, name: string, sections: readonly string[]): string | undefined {
    if (name === "") {
        return `${namespace}: empty key name after "${namespace}:"; allowed keys: ${sections.join(", ")}`;
    }
    if (!/[.[\]]/.test(name)) return undefined;
    if (hasEmptySegment(name)) {
        return `${namespace}:${name}: empty path segment; allowed: ${namespace}:<key>.<field> with no empty part, e.g. ${namespace}:database.backupWindow`;
    }
    const segments = name.split(/[.[]/);
    const section = segments[0];
    const known = sections.includes(section) ? section : closest(section, sections);
    const target = known ?? section;
    return `${namespace}:${name}: a key name is not a path, so this value reaches no setting; allowed: nest it under ` +
        `${namespace}:${target}${didYouMean(known && known !== section ? `${namespace}:${known}` : undefined)} ` +
        `(pulumi config set --path '${namespace}:${target}${name.slice(section.length)}' VALUE)`;
}

/** `a..b`, `.a`, `a.`, `[0]`: a path with a part missing. */
export function hasEmptySegment(path: string): boolean {
    return path.split(".").some((segment, i) => {
        const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
        return !m || (m[1] === "" && (m[2] === "" || i === 0));
    });
}

/**
 * One line per key in a namespace the program does not read, or an unknown key of a provider
 * namespace, each with the key it most likely meant.
 */
export function foreignKeyProblems(keys: readonly string[], namespace: string, sections: readonly string[]): string[] {
    const providers = providerKeys();
    const allowedNamespaces = [namespace, ...Object.keys(providers), ENGINE_NAMESPACE];
    const problems: string[] = [];
    for (const key of keys) {
        const { ns, name } = splitKey(key);
        if (ns === namespace || ns === ENGINE_NAMESPACE) continue;
        const providerKeyList = providers[ns];
        if (providerKeyList) {
            if (!providerKeyList.includes(name)) {
                problems.push(`${key}: unknown ${ns} provider key${didYouMean(suggestIn(ns, name, providerKeyList))}; ` +
                    `allowed ${ns}: keys: ${providerKeyList.join(", ")}`);
            }
            continue;
        }
        const section = name.split(/[.[]/)[0];
        const meantNamespace = closest(ns, allowedNamespaces.filter((n) => n !== ENGINE_NAMESPACE));
        const projectLike = meantNamespace === namespace || sections.includes(section) || closest(section, sections) !== undefined;
        if (projectLike) {
            const why = ns === "" ? "a key needs a namespace" : `this program reads ${namespace}:*, not ${ns}:*` +
                " (`pulumi config set` without a namespace writes the project's name)";
            const target = suggestSection(section, sections);
            problems.push(`${key}: ${why}; allowed: ${sections.includes(target)
                ? `${namespace}:${target}${name.slice(section.length)}${name.length > section.length ? " (set with pulumi config set --path)" : ""}`
                : `a key of ${namespace}: (${sections.join(", ")})`}`);
        } else if (meantNamespace) {
            const keyList = providers[meantNamespace] ?? [];
            problems.push(`${key}: unknown namespace ${ns}${didYouMean(suggestIn(meantNamespace, name, keyList) ?? `${meantNamespace}:${name}`)}; ` +
                `allowed namespaces: ${allowedNamespaces.join(", ")}`);
        } else {
            problems.push(`${key}: no part of this program reads namespace ${ns || "(none)"}; allowed namespaces: ${allowedNamespaces.join(", ")}`);
        }
    }
    return problems;
}

function suggestIn(ns: string, name: string, keys: readonly string[]): string | undefined {
    const key = closest(name, keys);
    return key === undefined ? undefined : `${ns}:${key}`;
}

function suggestSection(section: string, sections: readonly string[]): string {
    return sections.includes(section) ? section : closest(section, sections) ?? section;
}
