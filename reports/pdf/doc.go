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
// files may add or override them. Output is deterministic for a fixed
// Options.Now: fonts (the Go fonts) are embedded and the PDF's dates fixed.
//
// The package knows nothing about SQL, chat or HTTP.
package pdf
