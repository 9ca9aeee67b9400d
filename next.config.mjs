/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native DuckDB bindings and tsx must stay real node modules, not bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};
export default nextConfig;
