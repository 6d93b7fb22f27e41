// `pnpm lint` runs this: feature folders of src/ must not depend on each other in a circle.
// A cycle is broken by moving the shared piece down (common/, infra/ or a pure package), never
// with forwardRef. Type-only imports count too: they tie the folders together all the same.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-feature-cycle',
      severity: 'error',
      comment: 'Feature folders of apps/api/src depend on each other in a circle.',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '\\.test\\.ts$'] },
  },
};
