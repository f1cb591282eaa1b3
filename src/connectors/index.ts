/**
 * Loads every connector so each registers itself (file formats with the SQL engine's data source registry).
 * The package root imports this module; add a connector's registration here.
 */
export {};
