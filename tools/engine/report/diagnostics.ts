/**
 * The Diagnostics section as the CLI prints it: messages under the resource that logged them.
 * The program's own messages belong to the stack resource, as under `pulumi preview`.
 */
export function formatDiagnostics(text: string, stackName: string): string[] {
    const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
    if (lines.length === 0) {
        return [];
    }
    return ["Diagnostics:", `  pulumi:pulumi:Stack (${stackName}):`, ...lines.map((l) => `    ${l}`), ""];
}
