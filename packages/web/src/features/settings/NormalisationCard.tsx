import { useState } from 'react';
import type { Normalisation } from '../../audio/loudness.ts';
import { getNormalisation, saveNormalisation } from '../../audio/normalisation.ts';
import { player } from '../../audio/player.ts';

/** Volume normalisation on this device: which ReplayGain evens out loudness between tracks. */
export function NormalisationCard() {
  const [mode, choose] = useState<Normalisation>(getNormalisation());
  return (
    <div className="card">
      <h2>Volume normalisation</h2>
      <label>
        Even out loudness on this device
        <select
          value={mode}
          onChange={(e) => {
            const next = e.target.value as Normalisation;
            saveNormalisation(next);
            player.setNormalisation(next);
            choose(next);
          }}
        >
          <option value="auto">Automatic (album levels when an album plays in order)</option>
          <option value="track">Track (every track equally loud)</option>
          <option value="album">Album (an album’s tracks keep their levels)</option>
          <option value="off">Off (as recorded)</option>
        </select>
      </label>
      <p className="muted">
        Applies at once. From the tracks’ ReplayGain, or the server’s measurement when they have none; never louder than a track’s peak allows.
      </p>
    </div>
  );
}
