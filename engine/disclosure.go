package engine

import "fmt"

// Statistical disclosure control (docs/privacy.md). Every count of people
// is published through the disclose package: perturbed by the cell-key
// method, so that any region, however it was drawn, gets a figure with a
// small stable noise, and no count from 1 to the target's threshold − 1 is
// ever published as itself. On top of that, for the fixed hierarchy whose
// totals are official (neighbourhoods, municipi, the city):
//
//   - a cell the publisher withholds (a region of too few sections) is
//     shown as ":c", and within each group whose total is published a lone
//     withheld cell takes the smallest other positive cell with it
//     (secondary suppression, on the published figures);
//   - shares and rates are computed from published figures only.
//
// Answers never say why a cell is withheld.

// protect returns which cells to withhold among counts grouped by parent:
// values below threshold (or forced by the caller, e.g. because a
// complementary count is small) first, then one more per group left with a
// single withheld cell.
func protect(values []int64, groups []string, forced []bool, threshold int) (suppressed []bool, primary, secondary int) {
	suppressed = make([]bool, len(values))
	t := int64(threshold)
	for i, v := range values {
		if (v > 0 && v < t) || (forced != nil && forced[i]) {
			suppressed[i] = true
			primary++
		}
	}
	members := map[string][]int{}
	var order []string
	for i, g := range groups {
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	for _, g := range order {
		var withheld int
		for _, i := range members[g] {
			if suppressed[i] {
				withheld++
			}
		}
		if withheld != 1 {
			continue
		}
		best := -1
		for _, i := range members[g] {
			if !suppressed[i] && values[i] > 0 && (best < 0 || values[i] < values[best]) {
				best = i
			}
		}
		if best >= 0 {
			suppressed[best] = true
			secondary++
		}
	}
	return suppressed, primary, secondary
}

// disclosureRule says to people, in three sentences at most, what was done
// to the counts, why, and that figures may differ by a few units from the
// exact ones. The role's rounding or exactness is added by finish.
func disclosureRule(threshold int, l Lang) string {
	return l.Pick(
		fmt.Sprintf("Ogni conteggio è pubblicato con un piccolo scarto casuale e stabile (metodo cell-key), per proteggere le persone: può differire di qualche unità da quello esatto, e i totali dalla somma delle parti. Nessun valore da 1 a %d è pubblicato come tale; le celle %s non sono pubblicate.", threshold-1, Confidential),
		fmt.Sprintf("Every count is published with a small, stable random adjustment (cell-key method) to protect people: it may differ by a few units from the exact one, and totals from the sum of their parts. No value from 1 to %d is published as such; %s cells are not published.", threshold-1, Confidential),
	)
}

// topNote says that a table shows only its first rows, or "" when it
// shows them all.
func topNote(top, rows int, l Lang) string {
	if top <= 0 || rows <= top {
		return ""
	}
	return l.Pick(fmt.Sprintf("Mostrate le prime %d aree su %d (primi=0 per vederle tutte).", top, rows),
		fmt.Sprintf("Showing the first %d areas of %d (top=0 shows them all).", top, rows))
}
