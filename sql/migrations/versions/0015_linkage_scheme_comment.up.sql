-- 0015: linkage.record_encoding.key_fingerprint names the encoding scheme too (clk2).
comment on column linkage.record_encoding.key_fingerprint is 'Fingerprint (8 hex of SHA-256) of the linkage secret the encoding was made with, then a slash and the encoding scheme (e.g. 3f2a9c1b/clk2); encodings under two secrets or two schemes are never compared. Not the secret.';
