package engine

import (
	"fmt"
	"time"
)

// staleYears is the age past which data is called old beside its figures.
const staleYears = 3

// ageCaveats says which datasets of an answer are more than staleYears old
// at now: "Censimento 2011 (ISTAT): dati al 9 ottobre 2011, 15 anni fa."
// Synthetic data has no age worth saying.
func ageCaveats(sources []Source, now time.Time, l Lang) []string {
	var out []string
	for _, s := range sources {
		if s.Synthetic || s.ReferenceDate.IsZero() {
			continue
		}
		years := now.Year() - s.ReferenceDate.Year()
		if now.YearDay() < s.ReferenceDate.YearDay() {
			years--
		}
		if years <= staleYears {
			continue
		}
		out = append(out, l.Pick(
			fmt.Sprintf("%s: dati al %s, %d anni fa.", s.Title, FormatDate(s.ReferenceDate, l), years),
			fmt.Sprintf("%s: data as of %s, %d years ago.", s.Title, FormatDate(s.ReferenceDate, l), years)))
	}
	return out
}

// distanceCaveat says how distances are measured, beside figures that
// depend on them.
func distanceCaveat(l Lang) string {
	return l.Pick("Distanze in linea d'aria, non lungo le strade: chi è «entro il raggio» può avere un percorso più lungo.",
		"Straight-line distances, not along streets: people “within the radius” may have a longer walk.")
}

// spreadCaveat says a target's counts were spread evenly over an area.
func spreadCaveat(target Target, level string, l Lang) string {
	return l.Pick(
		fmt.Sprintf("Il catalogo conta %s per %s e non per sezione censuaria: ogni conteggio è distribuito uniformemente sul territorio della sua area, un'approssimazione.", target.Name(l), levelName(level, Italian)),
		fmt.Sprintf("The catalog counts %s by %s, not by census section: each count is spread uniformly over its area, an approximation.", target.Name(l), levelName(level, English)))
}
