// Package pdf renders the PDF reports of wi: the needs-analysis dossier a
// grant writer attaches to a call ("analisi del contesto e dei bisogni") and
// the one-page fact sheet of the press office.
//
// A report is a template: a list of sections, each with questions in the
// question language and narrative text (text/template) with placeholders for
// the figures of their answers. Every figure, table, chart and map comes
// from a question compiled by dsl.Compile and answered by engine.Exec; the
// appendix lists each question in canonical form so an evaluator can ask it
// again. Outlines and facility points for maps come from the engine's map
// accessors, never from the catalog directly.
//
// Built-in templates are embedded (templates/*.yaml); a directory of YAML
// files may add or override them. Besides text, tables, charts and maps,
// templates have boxes: key messages and strengths/weaknesses chosen by the
// data (each item cites its question), and marked places for the writer's
// own evidence. The same report is also written as an editable Word
// document (Document.DOCX, package docx) and as Markdown
// (Document.Markdown), with the same text: the figures are PNG pictures
// (Document.Figures), charts drawn by reports/chart (go-chart) and maps
// rasterised here from the same layout, classes and points as the PDF's
// vector maps (golang.org/x/image/vector), each under a numbered caption
// citing its question ("Figura 3 — … [D5]").
//
// Sections have a length limit (max_chars, template data, with where it
// comes from): the generated text stays within it by leaving out whole
// sentences of least priority, and the editable documents give the count
// under each heading ("Testo generato: 1.850/2.000 caratteri").
//
// Layout rules: a heading stays with what it introduces, a forced page
// break is honoured only when the page is more than half full, a map that
// would not fit is drawn smaller to finish the page, a trend of fewer than
// three years is a sentence, table names take at most two lines, and names
// are cleaned (reports.CleanName; catalogs of schema 5 store them cleaned).
// Maps of neighbourhoods have a light context layer: the municipi's borders
// (the union of their neighbourhoods) and names around the territory. A missing answer is a sentence for a
// reader in the body; its question and the engine's reason are in the
// appendix, with the method notes keyed to the questions.
//
// Output is deterministic for a fixed day of Options.Now: fonts (the Go
// fonts) are embedded and the files' dates are the day's.
//
// The package knows nothing about SQL, chat or HTTP.
package pdf
