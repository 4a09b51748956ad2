import { defineConfig } from 'vitest/config'

// Unit tests of the client logic only: plain TypeScript, no uni plugin, so
// they run in Node without a mini-program runtime.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/live/**/*.test.ts'],
    environment: 'node',
  },
})
