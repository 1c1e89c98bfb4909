// Package script runs the question language's script tests: files
// testdata/script/*.test at the repository root, in the style of PromQL's
// promqltest. Each file is a subtest asking its questions of a small fixed
// catalog (the demo city with seed 1 and 300 sections, built by the test).
//
// A script is read line by line:
//
//	# a comment                      kept as is
//	lang en                          answers and errors in English from here on (lang it: Italian, the default)
//	where underserved target=anziani-soli radius=800m
//	  = the headline of the answer   expectation lines are indented by two spaces
//	  | nil | name | unserved |      the table: first the column names,
//	  | nil-12 | Cà Rovere | 123 |    then one line per row
//	  - a note of the answer
//	where locate service=rsa target=anziani-75
//	  expect not available           the engine cannot answer the question yet
//	where underserved target=anziani-sli radius=800m
//	  expect error 1:19: unknown target "anziani-sli"; did you mean "anziani-soli"?
//
// A line that is not a comment, a blank, a lang directive or an indented
// expectation is a question. In tables, integers are written plainly, other
// numbers with six significant digits, withheld cells as ":c" and empty
// cells as nothing. Errors are the first error of the question,
// "line:col: message", in the question's language (the script's when its
// words do not say); a refusal of the engine (answer.AnswerError) is
// written the same way, placed at the key it is about (dsl.AtKey); any
// other error of the engine is written with its text.
//
// Every question that compiles must also print a canonical form that
// compiles back to an equal plan: the runner checks it.
//
// A failing case reports its file and line. `go test ./internal/script
// -update` rewrites every expectation from the answers given, keeping the
// questions, comments and directives; review the diff before committing.
//
// The package knows the script format and how to render a result for it;
// the test wires dsl, engine and catalog together. It must not be imported
// by the product.
package script
