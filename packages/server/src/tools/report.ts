import { TARGETS } from '../streaming/formats.ts';
import { findChromium } from './chromium.ts';
import { ffmpegEncoders } from './encoders.ts';
import { findTool, toolVersion, type Tool, type ToolName } from './tools.ts';

/** Which copy of a tool is used, as /health, the start-up summary and `runnel doctor` show it. */
export interface ToolReport {
  source: Tool['source'];
  path: string;
  version: string;
}

const report = async (tool: Tool | null): Promise<ToolReport | null> =>
  tool ? { source: tool.source, path: tool.path, version: await toolVersion(tool) } : null;

/** The tools the server runs (ffmpeg transcodes and makes the demo library; ffprobe is for tests and checks). */
export async function serverTools(): Promise<{ ffmpeg: ToolReport | null; ffprobe: ToolReport | null }> {
  const [ffmpeg, ffprobe] = await Promise.all([report(findTool('ffmpeg')), report(findTool('ffprobe'))]);
  return { ffmpeg, ffprobe };
}

/** One line: "ffmpeg: npm /…/ffmpeg (ffmpeg version …)" or "ffmpeg: not found". */
export function describeTool(name: ToolName, tool: ToolReport | null): string {
  return tool ? `${name}: ${tool.source} ${tool.path} (${tool.version})` : `${name}: not found`;
}

/** `runnel doctor`: every tool, which copy, its version, and what the ffmpeg cannot encode. */
export async function doctorReport(): Promise<string> {
  const ffmpeg = findTool('ffmpeg');
  let chromium: ToolReport | null;
  try {
    chromium = await report(await findChromium());
  } catch (error) {
    chromium = null;
    process.stderr.write(`chromium: could not unpack: ${(error as Error).message}\n`);
  }
  const lines = [
    describeTool('ffmpeg', await report(ffmpeg)),
    describeTool('ffprobe', await report(findTool('ffprobe'))),
    describeTool('xmllint', await report(findTool('xmllint'))),
    describeTool('chromium', chromium),
  ];
  if (ffmpeg) {
    const encoders = await ffmpegEncoders(ffmpeg.path);
    const missing = Object.values(TARGETS).filter((t) => !encoders.has(t.encoder));
    lines.push(
      missing.length
        ? `transcoding: no ${missing.map((t) => `${t.encoder} (${t.name})`).join(', ')}; other formats are used instead`
        : 'transcoding: every format (opus, vorbis, mp3, aac)',
    );
  } else {
    lines.push('transcoding: unavailable (no ffmpeg): originals only, and no demo library');
  }
  lines.push(`RUNNEL_TOOLS=${process.env.RUNNEL_TOOLS ?? ''} (system: PATH only; bundled: npm copies only; unset: PATH first)`);
  return `${lines.join('\n')}\n`;
}
