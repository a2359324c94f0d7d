import { navigate } from '../app/router.ts';

export interface Chip {
  id: string;
  /** The player's path it opens, e.g. `/artist/ID`. */
  path: string;
  text: string;
  /** Said after the text, dimmed (a playlist's owner). */
  detail?: string;
}

/** A row of rounded links (artists, playlists) that open their view in the player. */
export function LinkChips({ label, chips }: { label: string; chips: Chip[] }) {
  return (
    <ul className="chips" aria-label={label}>
      {chips.map((c) => (
        <li key={c.id}>
          <a
            href={c.path}
            onClick={(e) => {
              e.preventDefault();
              navigate(c.path);
            }}
          >
            {c.text}
            {c.detail && <span className="muted"> {c.detail}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
