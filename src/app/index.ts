export { type Bootstrap, DEFAULT_PRESET, DEFAULT_WORKSPACE, ensureDefaultWorkspace } from './bootstrap.ts';
export { buildServer, type Server, type ServerOptions } from './build-server.ts';
export { ensureFirstAdmin, type FirstAdmin } from './first-admin.ts';
export { firstEventSnippets, firstRunGuide, type GuideKeys } from './first-run-guide.ts';
export { DEFAULT_WEB_DIST, serveWebApp } from './web-app.ts';
