-- The candidate queries of PostgresLookupReader (Sources/KakehashiPostgres), with typical
-- parameters, under EXPLAIN (ANALYZE, BUFFERS). Run against a memory of the size to check:
--   kakehashi bench memory --units 1000000 --folder DIR
--   kakehashi memory copy DIR/bench-1000000.sqlite postgres://postgres@127.0.0.1:PORT/plans
--   psql -h 127.0.0.1 -p PORT -U postgres plans -f Evaluation/postgres/explain.sql
-- Every plan must reach rows through an index (Index Scan, Bitmap Index Scan); none may read the
-- variant table whole (Seq Scan on variant).
\pset pager off

-- FNV-1a (64 bits) of a word's UTF-8 bytes, as a signed bigint: how Kakehashi hashes index words
-- (TermPostings.hash); term_hashes holds these.
CREATE FUNCTION pg_temp.fnv1a(word text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  h numeric := 14695981039346656037;
  bytes bytea := convert_to(word, 'UTF8');
  low integer;
BEGIN
  FOR i IN 0 .. length(bytes) - 1 LOOP
    low := (h % 256)::integer;
    h := (h - low + (low # get_byte(bytes, i))) * 1099511628211 % 18446744073709551616;
  END LOOP;
  RETURN (CASE WHEN h >= 9223372036854775808 THEN h - 18446744073709551616 ELSE h END)::bigint;
END $$;

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

\echo '== fuzzy: candidates holding four of the six rarest terms, asked as a term of every three (one GIN scan)'
EXPLAIN (ANALYZE, BUFFERS) SELECT v.id, v.unit_id, v.key, v.lang_base
FROM (SELECT id FROM variant WHERE
        term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('petope')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('ionure')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('ionure')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('entriion'), pg_temp.fnv1a('berdisistan'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('ionure')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('petope'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ureexgol'), pg_temp.fnv1a('berdisistan'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('petope'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('berdisistan')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('petope'), pg_temp.fnv1a('ionure'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('petope'), pg_temp.fnv1a('berdisistan'), pg_temp.fnv1a('quaselber')]
    AND term_hashes && ARRAY[pg_temp.fnv1a('ionure'), pg_temp.fnv1a('berdisistan'), pg_temp.fnv1a('quaselber')]
    ORDER BY id LIMIT 1000) AS f
JOIN variant v ON v.id = f.id WHERE v.lang_base = 'en' AND v.key_length BETWEEN 60 AND 120 ORDER BY v.id;

\echo '== fuzzy: clauses of another shape (two of the rarest, one of them a plain word) are ORed'
EXPLAIN (ANALYZE, BUFFERS) SELECT v.id, v.unit_id, v.key, v.lang_base
FROM (SELECT id FROM variant WHERE term_hashes @> ARRAY[pg_temp.fnv1a('quaselber'), pg_temp.fnv1a('ureexgol')]
      OR term_hashes @> ARRAY[pg_temp.fnv1a('quaselber'), pg_temp.fnv1a('petope')] ORDER BY id LIMIT 1000) AS f
JOIN variant v ON v.id = f.id WHERE v.lang_base = 'en' AND v.key_length BETWEEN 60 AND 120 ORDER BY v.id;

\echo '== concordance: a phrase of common words is first looked for in the first 5,000 rows by id'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM (SELECT * FROM variant ORDER BY id LIMIT 5000) AS variant
WHERE term_hashes @> ARRAY[pg_temp.fnv1a('of'), pg_temp.fnv1a('the')] AND words_spaced LIKE '% of the %'
AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: then through the index, the rows fetched up to a growing id (50,000, 500,000, all)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE id <= 50000 AND term_hashes @> ARRAY[pg_temp.fnv1a('of'), pg_temp.fnv1a('the')] AND words_spaced LIKE '% of the %'
AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a phrase with a rare word (term_count) goes straight to the index; the phrase is checked on its rows'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE term_hashes @> ARRAY[pg_temp.fnv1a('quaselber'), pg_temp.fnv1a('ureexgol')] AND words_spaced LIKE '% quaselber ureexgol %'
AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a word read as a prefix: the stored words that begin with it (term_count, text_pattern_ops), then their rows'
EXPLAIN (ANALYZE, BUFFERS) SELECT term, n FROM term_count WHERE term ~>=~ 'quasel' AND term ~<~ 'quasem' LIMIT 2001;
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE term_hashes && ARRAY(SELECT pg_temp.fnv1a(term) FROM term_count WHERE term ~>=~ 'quasel' AND term ~<~ 'quasem')
AND words_spaced LIKE '% quasel%' AND (NULL::text IS NULL OR strpos(key, NULL) > 0) ORDER BY id LIMIT 400;

\echo '== concordance: a Japanese substring (a phrase of trigrams: its rarest through the index, confirmed on the key)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE term_hashes @> ARRAY[pg_temp.fnv1a('首脳会'), pg_temp.fnv1a('脳会談')] AND words_spaced LIKE '% 首脳会 脳会談 %'
AND ('首脳会談'::text IS NULL OR strpos(key, '首脳会談') > 0) ORDER BY id LIMIT 400;

\echo '== concordance: one Japanese character (its code point), and two (the pair as one integer)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE char_codes @> ARRAY[ascii('議')] AND ('議'::text IS NULL OR strpos(key, '議') > 0) ORDER BY id LIMIT 240;
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE pair_codes @> ARRAY[ascii('首')::bigint << 21 | ascii('脳')] AND ('首脳'::text IS NULL OR strpos(key, '首脳') > 0)
ORDER BY id LIMIT 240;

\echo '== concordance: a pair too common for the index and too rare for the first rows: its rows fetched up to a growing id first'
EXPLAIN (ANALYZE, BUFFERS) SELECT id, unit_id, key, lang_base FROM variant
WHERE id <= 50000 AND pair_codes @> ARRAY[ascii('首')::bigint << 21 | ascii('脳')]
  AND ('首脳'::text IS NULL OR strpos(key, '首脳') > 0) ORDER BY id LIMIT 240;

\echo '== a match: its units, variants and provenance'
EXPLAIN (ANALYZE, BUFFERS) SELECT unit_id, id, lang, lang_base, text FROM variant WHERE unit_id = ANY(ARRAY[17, 4711, 99999]::bigint[]) ORDER BY unit_id, position;
EXPLAIN (ANALYZE, BUFFERS) SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE unit_id = ANY(ARRAY[17, 4711, 99999]::bigint[]) ORDER BY unit_id, seq;
