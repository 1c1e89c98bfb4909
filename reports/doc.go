// Package reports renders engine Results for people: as text for a terminal
// or a chat message, as JSON for programs, and (later) as PDF dossiers and
// fact sheets built from templates of questions.
//
// It renders only: it never queries the catalog or computes figures, so every
// number it prints went through the engine and its disclosure control. It
// knows nothing about chat platforms or storage.
package reports
