import * as ts from 'typescript';

/**
 * What users read in their editor is the JSDoc of the public API: every export has a comment,
 * every field of an exported interface has a line, and every optional field says its @default.
 *
 * @param program a program that includes the entry points (the type-check's own, so it is built once)
 * @param entryPoints the modules whose exports are public (`lib/index.ts`, `lib/testing/index.ts`)
 * @returns one line per gap, e.g. `ServiceSpec.replicas: optional but no @default`, sorted; empty when all is documented
 */
export function undocumentedExports(program: ts.Program, entryPoints: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const gaps = new Set<string>();
  for (const entry of entryPoints) {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`${entry} is not part of the program`);
    const module = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        const commented = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
        if (ts.getJSDocCommentsAndTags(commented).length === 0) gaps.add(`${symbol.name}: no JSDoc`);
        if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassDeclaration(declaration)) continue;
        for (const member of declaration.members) {
          const isProperty = ts.isPropertySignature(member) || ts.isPropertyDeclaration(member);
          if (!isProperty && !ts.isMethodSignature(member) && !ts.isMethodDeclaration(member)) continue;
          const modifiers = (ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined) ?? [];
          if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          const field = `${symbol.name}.${member.name!.getText()}`;
          if (ts.getJSDocCommentsAndTags(member).length === 0) gaps.add(`${field}: no JSDoc`);
          const optional = isProperty && member.questionToken !== undefined && ts.isInterfaceDeclaration(declaration);
          if (optional && !ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'default')) gaps.add(`${field}: optional but no @default`);
        }
      }
    }
  }
  return [...gaps].sort();
}
