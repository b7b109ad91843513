/** A local file host (SharePoint/OneDrive as a Teams file attachment's downloadUrl reaches it): GET /files/<name>. */
import type { ServerResponse } from 'node:http';
import { localServer, type LocalServer } from '../../../bot/test/support/server-harness';

/** A file's content and type, or a handler that answers the request itself (redirects, slow or odd answers). */
export type HostedFile = { type?: string; body: string | Buffer } | ((res: ServerResponse) => void);

export interface FileServer extends LocalServer {
  /** The URL of /files/<name>. */
  fileUrl(name: string): string;
}

export async function startFileServer(files: Record<string, HostedFile>): Promise<FileServer> {
  const server = await localServer((req, res) => {
    const file = req.path.startsWith('/files/') ? files[req.path.slice('/files/'.length)] : undefined;
    if (!file) return void res.writeHead(404).end();
    if (typeof file === 'function') return file(res);
    res.writeHead(200, file.type ? { 'content-type': file.type } : {}).end(file.body);
  });
  return { ...server, fileUrl: (name) => `${server.url}/files/${name}` };
}
