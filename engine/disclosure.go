package engine

import "fmt"

// Statistical disclosure control, applied by the engine to every count it
// publishes (PROTOCOLS.md, "Statistical disclosure control"):
//
//   - primary suppression: a count of people or families from 1 to the
//     target's threshold − 1 is withheld (shown as ":c"); zeros are
//     published, as they reveal no one;
//   - secondary suppression: within each group whose total is published
//     elsewhere (the neighbourhoods of a municipio, the municipi of the city),
//     a lone withheld cell would be recomputable from the total, so the
//     smallest other positive cell of the group is withheld too;
//   - rates are published only when numerator and denominator are.
//
// The pattern depends only on the counts of one level, never on the rows a
// question happens to show, so that two questions about the same population
// withhold the same cells and cannot be combined to recover one.

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

// countValue is a count cell, withheld when suppressed.
func countValue(n int64, suppressed bool) Value {
	if suppressed {
		return Suppressed()
	}
	return Int(n)
}

// disclosureRule describes what was applied, in the language.
func disclosureRule(threshold int, groupLevel string, l Lang) string {
	group := map[string][2]string{
		LevelMunicipio: {"entro ciascun municipio", "within each municipio"},
		LevelCity:      {"entro la città", "within the city"},
	}[groupLevel]
	if group[0] == "" {
		group = [2]string{"entro ciascun gruppo", "within each group"}
	}
	return l.Pick(
		fmt.Sprintf("Conteggi da 1 a %d oscurati (%s), con soppressione secondaria %s; quote solo su conteggi pubblicabili (Regole deontologiche SISTAN, All. 1 art. 5).", threshold-1, Confidential, group[0]),
		fmt.Sprintf("Counts from 1 to %d withheld (%s), with secondary suppression %s; shares only of publishable counts (SISTAN rules, Annex 1 art. 5).", threshold-1, Confidential, group[1]),
	)
}

// topNote says that a table shows only its first rows, or "" when it
// shows them all.
func topNote(top, rows int, l Lang) string {
	if top <= 0 || rows <= top {
		return ""
	}
	return l.Pick(fmt.Sprintf("Mostrate le prime %d aree su %d (top=0 per vederle tutte).", top, rows),
		fmt.Sprintf("Showing the first %d areas of %d (top=0 shows them all).", top, rows))
}
