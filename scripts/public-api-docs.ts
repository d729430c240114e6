import { getJSDocTags, ModifierFlags, type Node, SyntaxKind } from 'typescript/unstable/ast';
import { type Project, SymbolFlags } from 'typescript/unstable/sync';

/** The members whose documentation is checked: fields and methods, not constructors, accessors or index signatures. */
const DOCUMENTED_MEMBERS = new Set([SyntaxKind.PropertySignature, SyntaxKind.PropertyDeclaration, SyntaxKind.MethodSignature, SyntaxKind.MethodDeclaration]);

/**
 * What users read in their editor is the JSDoc of the public API: every export has a comment,
 * every field of an exported interface has a line, and every optional field says its @default.
 *
 * @param project the type-checked project that includes the entry points (the type-check's own, so it is built once)
 * @param entryPoints the modules whose exports are public (`lib/index.ts`, `lib/testing/index.ts`)
 * @returns one line per gap, e.g. `ServiceSpec.replicas: optional but no @default`, sorted; empty when all is documented
 */
export function undocumentedExports(project: Project, entryPoints: readonly string[]): string[] {
  const { checker, program } = project;
  const gaps = new Set<string>();
  for (const entry of entryPoints) {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`${entry} is not part of the program`);
    const module = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const handle of symbol.declarations) {
        const declaration = handle.resolve(project);
        if (!declaration) throw new Error(`the declaration of ${symbol.name} could not be read`);
        // A variable's comment sits on its statement: `/** … */ export const x = …`.
        const commented = declaration.kind === SyntaxKind.VariableDeclaration ? declaration.parent.parent : declaration;
        if (!hasJSDoc(commented)) gaps.add(`${symbol.name}: no JSDoc`);
        if (declaration.kind !== SyntaxKind.InterfaceDeclaration && declaration.kind !== SyntaxKind.ClassDeclaration) continue;
        const members = (declaration as Node & { readonly members: readonly Member[] }).members;
        for (const member of members) {
          if (!DOCUMENTED_MEMBERS.has(member.kind)) continue;
          if (member.modifierFlags & (ModifierFlags.Private | ModifierFlags.Protected)) continue;
          const field = `${symbol.name}.${member.name.getText()}`;
          if (!hasJSDoc(member)) gaps.add(`${field}: no JSDoc`);
          const optional = member.kind === SyntaxKind.PropertySignature && member.postfixToken?.kind === SyntaxKind.QuestionToken;
          if (optional && !getJSDocTags(member).some((tag) => tag.tagName.text === 'default')) gaps.add(`${field}: optional but no @default`);
        }
      }
    }
  }
  return [...gaps].sort();
}

/** A member of an interface or class, as far as the check reads it. */
interface Member extends Node {
  readonly name: Node;
  readonly modifierFlags: ModifierFlags;
  readonly postfixToken?: Node;
}

function hasJSDoc(node: Node): boolean {
  return (node.jsDoc?.length ?? 0) > 0;
}
