import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { findOnPath } from './path.ts';

/** The programs Runnel runs: ffmpeg and ffprobe serve; xmllint and chromium only test. */
export type ToolName = 'ffmpeg' | 'ffprobe' | 'xmllint' | 'chromium';

export interface Tool {
  name: ToolName;
  /** system: found on PATH; npm: the copy inside an npm package. */
  source: 'system' | 'npm';
  /** The executable (for xmllint from npm: the xmllint-wasm package folder). */
  path: string;
}

/** Names each tool goes by on PATH. */
const SYSTEM_NAMES: Record<ToolName, string[]> = {
  ffmpeg: ['ffmpeg'],
  ffprobe: ['ffprobe'],
  xmllint: ['xmllint'],
  // The headless shell first (Debian's chromium-headless-shell): the tests never show a
  // window, and it runs them on about a quarter less CPU than the full browser's headless mode.
  chromium: ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome'],
};

const require = createRequire(import.meta.url);

/** Where the npm copy is, synchronously; null when its package is not installed. Chromium is in chromium.ts (it unpacks). */
const NPM: Record<Exclude<ToolName, 'chromium'>, () => string> = {
  ffmpeg: () => (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
  ffprobe: () => (require('@ffprobe-installer/ffprobe') as { path: string }).path,
  xmllint: () => dirname(require.resolve('xmllint-wasm')),
};

/**
 * `RUNNEL_TOOLS`: `system` uses only programs on PATH, `bundled` only the npm packages'
 * copies (so tests can run as on a machine without the system's), anything else: PATH first.
 */
export function toolsMode(): 'auto' | 'system' | 'bundled' {
  const mode = process.env.RUNNEL_TOOLS;
  return mode === 'system' || mode === 'bundled' ? mode : 'auto';
}

/** The system's copy on PATH (unless RUNNEL_TOOLS=bundled), or null. */
export function systemTool(name: ToolName): Tool | null {
  if (toolsMode() === 'bundled') return null;
  for (const candidate of SYSTEM_NAMES[name]) {
    const path = findOnPath(candidate);
    if (path) return { name, source: 'system', path };
  }
  return null;
}

const found = new Map<string, Tool | null>();

/** The tool to use: the system's when on PATH, else the npm package's; null when neither. */
export function findTool(name: Exclude<ToolName, 'chromium'>): Tool | null {
  const key = `${name}|${toolsMode()}|${process.env.PATH}`;
  if (!found.has(key)) {
    let tool = systemTool(name);
    if (!tool && toolsMode() !== 'system') {
      try {
        tool = { name, source: 'npm', path: NPM[name]() };
      } catch {
        tool = null; // package not installed, or no build for this platform
      }
    }
    found.set(key, tool);
  }
  return found.get(key)!;
}

/** Like findTool, but throws a message saying how to get it. */
export function requireTool(name: Exclude<ToolName, 'chromium'>): string {
  const tool = findTool(name);
  if (!tool)
    throw new Error(`${name} is not on PATH and its npm package is not installed (run npm ci, or install ${name === 'xmllint' ? 'libxml2-utils' : 'ffmpeg'})`);
  return tool.path;
}

const versions = new Map<string, Promise<string>>();

/** The first line of the tool's version output ("ffmpeg version 7.1.1 …"), run once per path. */
export function toolVersion(tool: Tool): Promise<string> {
  if (!versions.has(tool.path)) {
    if (tool.name === 'xmllint' && tool.source === 'npm') {
      versions.set(tool.path, Promise.resolve(`xmllint-wasm ${(require('xmllint-wasm/package.json') as { version: string }).version}`));
    } else {
      // Asynchronously: /health and start-up ask for it, and the event loop must not wait for a process to start.
      const flag = tool.name === 'chromium' || tool.name === 'xmllint' ? '--version' : '-version';
      const firstLine = (out: string) =>
        out
          .split('\n')[0]
          ?.replace(/\s+Copyright.*/, '')
          .trim() || 'unknown';
      versions.set(
        tool.path,
        new Promise((resolve) => {
          execFile(tool.path, [flag], { encoding: 'utf8', timeout: 10_000 }, (_error, stdout, stderr) => resolve(firstLine(`${stdout ?? ''}${stderr ?? ''}`)));
        }),
      );
    }
  }
  return versions.get(tool.path)!;
}
