// Stands in for the "server-only" package, which throws when imported outside a server bundle.
export {};
