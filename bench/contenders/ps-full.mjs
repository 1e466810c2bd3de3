// esbuild entry: partysocket's whole default entry (PartySocket + WebSocket), for the size table.
export * from 'partysocket';
