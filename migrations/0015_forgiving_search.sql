-- Staff search forgives how people type (issue 11 §4):
--
-- * accents: `participacion` finds "Participación" (the unaccent dictionary, as a filter before
--   each configuration's own dictionary: PostgreSQL's documented use of unaccent);
-- * word forms: `city` finds "cities", in English, French, Spanish and Portuguese (the Snowball
--   stemmers PostgreSQL ships);
-- * scripts written without spaces: `城市` finds "智慧城市数据平台". Each Han, kana, Hangul or
--   Thai character is indexed as a word of its own (unigrams, as Lucene's CJK analysers do) and
--   a run of them in a query becomes a phrase, so the characters must stand side by side.
--
-- unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it, and Debian's
-- postgresql package ships it with the server.
create extension if not exists unaccent;

create text search configuration sweetspot_simple (copy = simple);
alter text search configuration sweetspot_simple alter mapping for hword, hword_part, word with unaccent, simple;
create text search configuration sweetspot_english (copy = english);
alter text search configuration sweetspot_english alter mapping for hword, hword_part, word with unaccent, english_stem;
create text search configuration sweetspot_french (copy = french);
alter text search configuration sweetspot_french alter mapping for hword, hword_part, word with unaccent, french_stem;
create text search configuration sweetspot_spanish (copy = spanish);
alter text search configuration sweetspot_spanish alter mapping for hword, hword_part, word with unaccent, spanish_stem;
create text search configuration sweetspot_portuguese (copy = portuguese);
alter text search configuration sweetspot_portuguese alter mapping for hword, hword_part, word with unaccent, portuguese_stem;

-- Spaces around every character of a script written without spaces: Thai, Hiragana, Katakana,
-- CJK ideographs (with extension A and compatibility ideographs) and Hangul syllables.
create function search_unigrams(body text) returns text
language sql immutable strict parallel safe
return regexp_replace(body, '([\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])', ' \1 ', 'g');

-- A text's search vector: its words as written (accents removed, each unigram-script character a
-- word), with positions, for phrases; then the stems of the four languages without positions,
-- which keeps the vector of a 150-word summary at about 2.7 kB rather than 4.2 kB.
create function search_document(body text) returns tsvector
language sql immutable strict parallel safe
return to_tsvector('sweetspot_simple', search_unigrams(body))
  || strip(to_tsvector('sweetspot_english', body) || to_tsvector('sweetspot_french', body)
    || to_tsvector('sweetspot_spanish', body) || to_tsvector('sweetspot_portuguese', body));

-- What people type (web search syntax: words, "phrases", or, -not), matched as written or in
-- any of the four languages' word forms. A run of unigram-script characters is quoted, so
-- `城市` means the two characters side by side. Readings that come out the same are ORed once:
-- the planner estimates an OR by adding up its branches, and with five copies of a rare word it
-- judged the word common enough to read the list in order rather than use the index (342 ms
-- against 0.1 ms for a word no row holds, at 100,000 submissions in a call).
create function search_query(words text) returns tsquery
language sql immutable strict parallel safe
return (select string_agg(distinct '(' || reading::text || ')', ' | ')::tsquery from unnest(array[
    websearch_to_tsquery('sweetspot_simple', search_unigrams(regexp_replace(words,
      '([\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+)', ' "\1" ', 'g'))),
    websearch_to_tsquery('sweetspot_english', words), websearch_to_tsquery('sweetspot_french', words),
    websearch_to_tsquery('sweetspot_spanish', words), websearch_to_tsquery('sweetspot_portuguese', words)
  ]) reading where reading::text <> '');

-- A generated column's expression cannot be altered in PostgreSQL 15: the column is made anew.
drop index submissions_search_idx;
alter table submissions drop column search;
alter table submissions add column search tsvector generated always as (search_document(title || ' ' || summary)) stored;
create index submissions_search_idx on submissions using gin (search);
