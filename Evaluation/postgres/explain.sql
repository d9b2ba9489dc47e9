-- The candidate queries of PostgresLookupReader (Sources/KakehashiPostgres), with typical
-- parameters, under EXPLAIN (ANALYZE, BUFFERS). Run against a memory of the size to check:
--   kakehashi bench memory --units 1000000 --folder DIR
--   kakehashi memory copy DIR/bench-1000000.sqlite postgres://postgres@127.0.0.1:PORT/plans
--   psql -h 127.0.0.1 -p PORT -U postgres plans -f Evaluation/postgres/explain.sql
-- Every plan must reach rows through an index (Index Scan, Bitmap Index Scan); none may read the
-- variant table whole (Seq Scan on variant).
\pset pager off

\echo '== exact: key hash'
EXPLAIN (ANALYZE, BUFFERS) SELECT v.id, v.unit_id, u.context_key FROM variant v JOIN unit u ON u.id = v.unit_id
WHERE v.key_hash = 1234567890123 AND v.lang_base = 'en' AND v.key = 'the council met.' ORDER BY v.id LIMIT 20;

\echo '== fuzzy, short query: length window'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE lang_base = 'en' AND key_length BETWEEN 5 AND 11 ORDER BY key_length, id LIMIT 5000;

\echo '== fuzzy: term counts (a rare term and a common one), each stopping at 2,000, from the counts the writers keep'
EXPLAIN (ANALYZE, BUFFERS) SELECT least(coalesce(c.n, 0), 2000)
FROM unnest(ARRAY['quaselber', 'the']::text[]) WITH ORDINALITY AS t (term, k) LEFT JOIN term_count c ON c.term = t.term
ORDER BY t.k;

\echo '== fuzzy: candidates holding two of the rarest terms'
EXPLAIN (ANALYZE, BUFFERS) SELECT v.id, v.unit_id, v.key, v.lang_base
FROM (SELECT id FROM variant WHERE words @> ARRAY['quaselber','ureexgol']::text[] OR words @> ARRAY['quaselber','petope']::text[]
      OR words @> ARRAY['ureexgol','petope']::text[] ORDER BY id LIMIT 1000) AS f
JOIN variant v ON v.id = f.id WHERE v.lang_base = 'en' AND v.key_length BETWEEN 60 AND 120 ORDER BY v.id;

\echo '== concordance: a phrase is first looked for in the first 5,000 rows by id (enough for a common one)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM (SELECT * FROM variant ORDER BY id LIMIT 5000) AS variant
WHERE words_spaced LIKE '% the %' AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a phrase with a rare word (term_count) goes straight to the words index; the phrase is checked on its rows'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE words @> ARRAY['quaselber','ureexgol']::text[] AND (words_spaced || '') LIKE '% quaselber ureexgol %'
AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a phrase of common words only, or one word read as a prefix, through the trigram index'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE words_spaced LIKE '% quaselber%' AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a Japanese substring (a phrase of trigrams: its rarest through the words index, confirmed on the key)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE words @> ARRAY['首脳会','脳会談']::text[] AND (words_spaced || '') LIKE '% 首脳会 脳会談 %'
AND ('首脳会談'::text IS NULL OR strpos(key, '首脳会談') > 0) ORDER BY id LIMIT 400;

\echo '== concordance: one Japanese character, and two (the bigram index)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE chars @> ARRAY['議']::text[] AND ' ' || array_to_string(chars, ' ') || ' ' LIKE '% 議 %'
  AND ('議'::text IS NULL OR strpos(key, '議') > 0) ORDER BY id LIMIT 240;
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE bigrams @> ARRAY['首脳']::text[] AND ' ' || array_to_string(chars, ' ') || ' ' LIKE '% 首 脳 %'
  AND ('首脳'::text IS NULL OR strpos(key, '首脳') > 0) ORDER BY id LIMIT 240;

\echo '== concordance: a pair too common for the index and too rare for the first rows: its rows fetched up to a growing id first'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE id <= 50000 AND bigrams @> ARRAY['首脳']::text[] AND ' ' || array_to_string(chars, ' ') || ' ' LIKE '% 首 脳 %'
  AND ('首脳'::text IS NULL OR strpos(key, '首脳') > 0) ORDER BY id LIMIT 240;

\echo '== a match: its units, variants and provenance'
EXPLAIN (ANALYZE, BUFFERS) SELECT unit_id, id, lang, lang_base, text FROM variant WHERE unit_id = ANY(ARRAY[17, 4711, 99999]::bigint[]) ORDER BY unit_id, position;
EXPLAIN (ANALYZE, BUFFERS) SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE unit_id = ANY(ARRAY[17, 4711, 99999]::bigint[]) ORDER BY unit_id, seq;
