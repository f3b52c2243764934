comment on column linkage.record_encoding.key_fingerprint is 'Fingerprint (8 hex of SHA-256) of the linkage secret the encoding was made with; encodings under two secrets never match.';
