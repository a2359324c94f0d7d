import type { Me } from '@runnel/api';

/** Home: the What's new | Top lists | Feed | People tabs, each shown once the server has it. */
export function HomeView({ me }: { me: Me }) {
  return (
    <section aria-labelledby="home-title">
      <div className="tabs" role="tablist" aria-label="Home">
        <button role="tab" aria-selected="true" id="tab-new">
          What's new
        </button>
      </div>
      <h1 id="home-title">Welcome, {me.display_name}</h1>
      <p className="muted">New albums in the catalogue will show here as soon as the library has been scanned.</p>
    </section>
  );
}
