// Package cli is the `wi` command line: it wires the question language, the
// catalog, the engine and the renderers together, and maps every error to
// an exit code in one place (0 answered, 2 the question or a flag is wrong,
// 1 anything else).
//
// It holds no analysis, grammar or storage logic of its own.
package cli
