/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly-backed packages stay outside the bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "@electric-sql/pglite"],
  poweredByHeader: false,
};

export default nextConfig;
