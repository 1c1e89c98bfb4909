// Package dsl is the question language of wi: the short questions staff type
// in a chat box, the CLI or a report template, such as
//
//	where underserved target=anziani-soli radius=800m
//	dove sottoservito target=anziani-soli raggio=800m
//	howmuch demand target=minori area="Cà Granda"
//
// A question is `verb [subject] {key=value}`. Verbs, subjects and keys have an
// English and an Italian spelling; values name the catalog's targets, services
// and areas (in Italian), or are numbers with units, years, quoted strings and
// comma lists.
//
// The package works in two steps. Parse turns text into a Question (grammar
// only). Check resolves a Question against an engine.Vocabulary into a typed
// engine.Plan with every default filled in, so that two questions meaning the
// same thing give equal plans, and every plan prints (Plan.Canonical) a form
// that compiles back to an equal plan. Compile does both.
//
// `explain <question>` (spiega) wraps any other question: Parse blanks the
// word out and parses the rest, so positions stay those of the text, and
// Check gives an *engine.Explain holding the inner plan. `help [verb]`
// (aiuto) gives an *engine.Help. A question is at most MaxLen (1,000)
// characters; longer text is refused before any other work.
//
// The words of the language (verbs, subjects, keys and their spellings) and
// the keys each question takes are tables in engine (engine.Verbs,
// engine.Keys, engine.Questions), because `help` lists them too; this package
// holds the grammar and one check function per question (words.go, plans*.go).
//
// Errors are for people: each Error has a line and a column (in runes), a
// message in Italian or English and, where the vocabulary allows, a "did you
// mean" suggestion; Format adds the question line and a caret under the
// column. Parse, Check and Compile return every problem found as an ErrorList.
//
// dsl knows grammar and vocabulary and nothing else: it must not know about
// storage (the catalog, DuckDB), about chat platforms or HTTP, or about
// rendering results (text, JSON, PDF). It imports engine only for the plan
// types, the Vocabulary and Lang.
package dsl
