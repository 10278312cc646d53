export { buildServer, type Server, type ServerOptions } from './build-server.ts';
