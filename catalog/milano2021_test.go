package catalog

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMilano2021IsAVintageOfItsOwn imports the 2021 vintage (NIL of the
// 2020 boundaries) as a catalog of its own and checks it against the file:
// 88 NIL whose slugs name their boundary set, every NIL's 2021 residents
// and households as the file has them, foreign residents as the file's
// share of the residents, and no area or year of the 2011 vintage in it.
func TestMilano2021IsAVintageOfItsOwn(t *testing.T) {
	milanoRecipes(t) // skips without the shared data
	recipes, _ := filepath.Glob("../examples/milano-2021/*.yaml")
	for _, r := range []string{"municipi", "rsa", "cdi", "standards"} {
		recipes = append(recipes, "../examples/milano/"+r+".yaml")
	}
	d, _, err := Import(context.Background(), recipes, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := readMilanoCSV(t, "nil2020_indicatori_2021_milanoplatform.csv", ',')
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	want := map[string]map[string]int64{} // area → target → count
	for _, r := range rows[1:] {
		num := func(c string) float64 {
			if r[col[c]] == "" { // Parco Sempione: no residents, no share
				return 0
			}
			x, err := strconv.ParseFloat(r[col[c]], 64)
			if err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			return x
		}
		want["nil2020-"+r[col["ID_NIL"]]] = map[string]int64{
			"residenti":             int64(num("residenti_2021")),
			"famiglie":              int64(num("famiglie_anagrafe_2021")),
			"famiglie-unipersonali": int64(num("famiglie_unipersonali_2021")),
			"stranieri":             int64(math.Round(num("residenti_2021") * num("pct_stranieri_2021") / 100)),
		}
	}
	nils := 0
	for _, a := range d.Areas {
		if a.Level == "nil" {
			nils++
			if !strings.HasPrefix(a.Slug, "nil2020-") {
				t.Errorf("NIL %s: slug %q does not name its boundary set", a.ID, a.Slug)
			}
		}
		if a.Level == "section" {
			t.Errorf("section %s in the 2021 vintage: the 2011 census geography is another catalog's", a.ID)
		}
	}
	if nils != 88 || len(want) != 88 {
		t.Fatalf("%d NIL, %d rows in the file; want 88", nils, len(want))
	}
	got := map[string]map[string]int64{}
	for _, r := range d.Demand {
		if r.Year != 2021 {
			t.Errorf("demand of %d in the 2021 vintage", r.Year)
		}
		if got[r.AreaID] == nil {
			got[r.AreaID] = map[string]int64{}
		}
		got[r.AreaID][r.Target] += r.Count
	}
	for id, ts := range want {
		for target, n := range ts {
			if g := got[id][target]; g != n && !(target == "stranieri" && math.Abs(float64(g-n)) <= 1) {
				t.Errorf("%s %s: %d, want %d", id, target, g, n)
			}
		}
	}
}
