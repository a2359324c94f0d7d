import { useRef } from 'react';
import { errorText } from '../../i18n/errors.ts';
import { useQueryClient } from '@tanstack/react-query';
import { navigate } from '../../app/router.ts';
import { useT } from '../../i18n/use-t.ts';
import { importNsp } from './api.ts';

/** "Import .nsp…": a Navidrome smart playlist file becomes a smart playlist (what Runnel cannot map is reported). */
export function ImportNsp({ onError }: { onError(message: string | null): void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  async function chosen(file: File) {
    onError(null);
    try {
      const made = await importNsp(JSON.parse(await file.text()) as object);
      await client.invalidateQueries({ queryKey: ['sidebar'] });
      if (made.unmapped.length) alert(t('smart.importedWithout', { name: made.name, unmapped: made.unmapped.join('\n') }));
      navigate(`/playlist/${made.id}`);
    } catch (e) {
      onError(e instanceof SyntaxError ? t('smart.notNsp') : errorText(e, 'smart.importFailed'));
    }
  }
  return (
    <>
      <button onClick={() => input.current?.click()}>{t('smart.importNsp')}</button>
      <input ref={input} type="file" accept=".nsp,application/json" hidden onChange={(e) => e.target.files?.[0] && void chosen(e.target.files[0])} />
    </>
  );
}
