import { useState } from 'react';
import type { Normalisation } from '../../audio/loudness.ts';
import { getNormalisation, saveNormalisation } from '../../audio/normalisation.ts';
import { player } from '../../audio/player.ts';
import { useT } from '../../i18n/use-t.ts';

/** Volume normalisation on this device: which ReplayGain evens out loudness between tracks. */
export function NormalisationCard() {
  const t = useT();
  const [mode, choose] = useState<Normalisation>(getNormalisation());
  return (
    <div className="card">
      <h2>{t('normalisation.title')}</h2>
      <label>
        {t('normalisation.label')}
        <select
          value={mode}
          onChange={(e) => {
            const next = e.target.value as Normalisation;
            saveNormalisation(next);
            player.setNormalisation(next);
            choose(next);
          }}
        >
          <option value="auto">{t('normalisation.auto')}</option>
          <option value="track">{t('normalisation.track')}</option>
          <option value="album">{t('normalisation.album')}</option>
          <option value="off">{t('normalisation.off')}</option>
        </select>
      </label>
      <p className="muted">{t('normalisation.note')}</p>
    </div>
  );
}
