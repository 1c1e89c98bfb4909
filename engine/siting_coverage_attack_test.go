package engine_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// TestCoverageSweepAttack is the attack an audit found on `howmuch centers`:
// sweep coverage= in fine steps over one small area at radius 50 m (each
// candidate site covers one census section) and read how many new sites
// each goal needs. Were the solver's goal met on exact counts, the jumps of
// that number would pin down every section's exact count, small ones
// included (the audit recovered [2 1 1 1 1 1 1 1 1 1 1], the truth, for the
// homeless people of a municipio). The solver decides on perturbed section
// counts for every role but the analyst, so the same sweep gives back no
// count from 1 to the threshold − 1.
func TestCoverageSweepAttack(t *testing.T) {
	c := openCity(t, demoCity(t, 5))
	parent, slug := map[string]string{}, map[string]string{}
	for _, a := range c.data.Areas {
		parent[a.ID], slug[a.ID] = a.ParentID, a.Slug
	}
	in := func(id, area string) bool {
		for x := id; x != ""; x = parent[x] {
			if slug[x] == area {
				return true
			}
		}
		return false
	}
	const target, service, area, th = "senza-dimora", "dormitorio", "municipio-1", 10
	var truth []int64
	for _, d := range c.data.Demand {
		if d.Target == target && d.Year == 2024 && d.Count > 0 && in(d.AreaID, area) {
			truth = append(truth, d.Count)
		}
	}
	slices.SortFunc(truth, func(a, b int64) int { return int(b - a) })
	small := 0
	for _, n := range truth {
		if n < th {
			small++
		}
	}
	if small < 3 {
		t.Fatalf("the demo area holds %d small sections: the attack is not exercised", small)
	}
	for _, role := range []engine.Role{engine.RoleStaff, engine.RolePress, engine.RoleAnalyst} {
		t.Run(string(role), func(t *testing.T) {
			const steps = 200 // coverage every 0.5% (the language takes one decimal)
			need := make([]int64, steps+1)
			for i := 1; i <= steps; i++ {
				q := fmt.Sprintf("howmuch centers service=%s target=%s coverage=%.1f%% radius=50m area=%s", service, target, 100*float64(i)/steps, area)
				res, err := c.as(role).exec(q, engine.English)
				if err != nil {
					need[i] = -1 // refused (too few people to propose sites): nothing learnt
					continue
				}
				switch n := res.Facts["new_sites"].(type) {
				case int:
					need[i] = int64(n)
				case int64:
					need[i] = n
				default:
					t.Fatalf("%s: new_sites %T %v", q, n, n)
				}
			}
			// Each jump from k to k+1 sites at goal g tells that the k most
			// covering sites hold just under g of the people: the share each
			// site adds is the gap between consecutive jumps.
			var jumps []float64
			for i := 2; i <= steps; i++ {
				if need[i] > need[i-1] && need[i-1] >= 0 {
					jumps = append(jumps, float64(i-1)/steps)
				}
			}
			jumps = append(jumps, 1)
			// The attacker scales the shares by totals around the published
			// one and keeps the readings that come out whole.
			learnt := 0
			for n := int64(1); n <= 40; n++ {
				var got []int64
				prev := 0.0
				whole := true
				for _, j := range jumps {
					x := (j - prev) * float64(n)
					if math.Abs(x-math.Round(x)) > float64(n)/steps+1e-9 {
						whole = false
						break
					}
					got = append(got, int64(math.Round(x)))
					prev = j
				}
				if whole && slices.Equal(got, truth) {
					learnt++
				}
			}
			if role == engine.RoleAnalyst {
				if learnt == 0 {
					t.Errorf("the analyst's sweep does not give back the exact counts %v: the test does not attack what it claims", truth)
				}
				return
			}
			if learnt > 0 {
				t.Errorf("%s: the coverage sweep gives back every section's exact count %v", role, truth)
			}
			t.Logf("%s: %d goals asked, %d jumps; exact counts %v not recovered", role, steps, len(jumps)-1, truth)
		})
	}
}
