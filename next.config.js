/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM with its own fetch stack; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  // `npm run typecheck` checks the whole repository (console, agent, embedded cluster, tests) and
  // runs before every build in `npm test`; checking again inside the build only doubles the time.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default nextConfig;
