import { closeSendTo, useSending } from './send.ts';
import { SendTo } from './SendTo.tsx';

/** Where the "Send to…" dialog lives (mounted once, so it outlives the menu that opened it). */
export function SendHost() {
  const sending = useSending();
  return sending ? <SendTo key={sending.uri} uri={sending.uri} name={sending.name} onClose={closeSendTo} /> : null;
}
