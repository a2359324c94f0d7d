import { ItemTrack, LocalItemTrack, SimplifiedAlbum, SimplifiedArtist, type CatalogObject } from '@runnel/api';
import { Value } from 'typebox/value';

/**
 * Lists of other modules carry catalogue objects loosely typed (CatalogObject). These check
 * one against the API's schema before the player treats it as a track or album, instead of
 * trusting a cast: an object that is not one is left out, never half-shown.
 */
export const asItemTrack = (object: CatalogObject | null | undefined): ItemTrack | null => (Value.Check(ItemTrack, object) ? object : null);

/** A playlist's local-file item, when it is one. */
export const asLocalTrack = (object: CatalogObject | null | undefined): LocalItemTrack | null => (Value.Check(LocalItemTrack, object) ? object : null);

/** An album, when it is one. */
export const asAlbum = (object: CatalogObject | null | undefined): SimplifiedAlbum | null => (Value.Check(SimplifiedAlbum, object) ? object : null);

/** An artist, when it is one. */
export const asArtist = (object: CatalogObject | null | undefined): SimplifiedArtist | null => (Value.Check(SimplifiedArtist, object) ? object : null);

/** The tracks among these objects. */
export const itemTracks = (objects: readonly (CatalogObject | null)[]): ItemTrack[] => objects.flatMap((o) => asItemTrack(o) ?? []);
