/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build dirs let two builds (e.g. parallel e2e work) coexist; default .next.
  distDir: process.env.LBWEB_DIST_DIR || '.next',
  // Native DuckDB bindings and tsx must stay real node modules, not bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};
export default nextConfig;
