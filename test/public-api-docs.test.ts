import { join } from 'node:path';
import * as ts from 'typescript';

// What users read in their editor is the JSDoc of the public API: every export has a comment,
// every field of an exported interface has a line, and every optional field says its @default.
const entryPoints = ['lib/index.ts', 'lib/testing/index.ts'].map((file) => join(__dirname, '..', file));

function undocumented(): string[] {
  const program = ts.createProgram(entryPoints, { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const gaps = new Set<string>();
  for (const entry of entryPoints) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
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

test('every export of shipshape and shipshape/testing is documented, with an @default on every optional field', () => {
  expect(undocumented()).toEqual([]);
});
