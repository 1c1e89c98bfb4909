package engine_test

import (
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

func TestSatByHand(t *testing.T) {
	b := openCity(t, meridianCity())
	// 2024. Within 1 km: s1 {n1}, s2 {n1, n2}, s3 {n2}, s4 {n3}, s5 {n3, n4}.
	//   full:   n1 20+10 = 30, n2 10+6 = 16, n3 30+14 = 44, n4 14
	//   shared: n1 20+5 = 25,  n2 5+6 = 11,  n3 30+7 = 37,  n4 7
	//   demand (× 33/100): n1 8.25, n2 3.63, n3 12.21, n4 2.31
	//   load: n1 8.25/6 = 1.375, n2 3.63/5 = 0.726, n3 12.21/8 = 1.52625,
	//   n4 unknown (no capacity).
	res := b.ask(t, "which saturation service=asilo-nido", engine.Italian)
	checkRows(t, "saturation 2024", res, [][]any{
		{1, "n3", "Nido Tre", "Mulini", 8, 44, 37, 13, 13.0 / 8, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6, 30, 25, 9, 1.5, "oltre la capacità"},
		{3, "n2", "Nido Due", "Gelsi", 5, 16, 11, 4, 0.8, "in equilibrio"},
		{4, "n4", "Nido Quattro", "Mulini", nil, 14, 7, 3, nil, "capacità non nota"},
	})
	if want := "Bt, 2024: 2 strutture di Asilo nido su 4 hanno nel bacino più utenti attesi che posti (livello essenziale LEP: 33 ogni 100 bambini 0–2 anni); la più carica è Nido Tre, con 13 utenti attesi per 8 posti."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["over_capacity"] != 2 || res.Facts["max_load_facility"] != "n3" || res.Facts["target"] != "prima-infanzia" {
		t.Errorf("facts = %v", res.Facts)
	}
	res = b.ask(t, "which saturation service=asilo-nido area=nil-a", engine.English)
	if len(res.Rows) != 1 || cells(res)[0][1] != "n1" {
		t.Errorf("area=nil-a: rows %v", cells(res))
	}
	if want := "Rovere, 2024: the only Nursery facility has more expected users in its catchment than places (LEP essential level: 33 per 100 children aged 0–2): 9 expected users for 6 places."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// 2021: shares n1 14+4 = 18, n2 4+2 = 6, n3 24+2 = 26, n4 2. n4's 2 is
	// withheld, and n2's 6 with it (the smallest other share): the shares
	// add up to the children with a nursery in reach, which `where
	// underserved` publishes. Full catchments 22, 10, 28, 4 are all ≥ 3.
	res = b.ask(t, "which saturation service=asilo-nido year=2021", engine.Italian)
	c := engine.Confidential
	checkRows(t, "saturation 2021", res, [][]any{
		{1, "n3", "Nido Tre", "Mulini", 8, 28, 26, 9, 9.0 / 8, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6, 22, 18, 6, 1.0, "in equilibrio"},
		{3, "n2", "Nido Due", "Gelsi", 5, 10, c, c, c, c},
		{4, "n4", "Nido Quattro", "Mulini", nil, 4, c, c, c, c},
	})
	if d := res.Disclosure; d.Suppressed != 8 {
		t.Errorf("disclosure = %+v", d)
	}
}

func TestTrendSaturationByHand(t *testing.T) {
	b := openCity(t, meridianCity())
	// 2022–2024, demand in places (× 0.33):
	//   city: 62, 73, 80 children → 20.46, 24.09, 26.4 > 19 places: already;
	//         slope (26.4 − 20.46)/2 = 2.97.
	//   n1 shares 20, 23, 25 → 6.6 … 8.25 > 6: already.
	//   n3 shares 31, 34, 37 → 10.23 … 12.21 > 8: already.
	//   n2 shares 6, 10, 11 → 1.98, 3.3, 3.63 (capacity 5). Mean 2.97 at
	//      2023, slope (−1·−0.99 + 1·0.66)/2 = 0.825; fitted 2.145, 2.97,
	//      3.795; residuals −0.165, 0.33, −0.165, SSR = 0.16335; SE =
	//      √(0.16335/1/2) = 0.2858. Crossing 2023 + (5 − 2.97)/0.825 =
	//      2025.46 → 2026; with slope 1.1108: 2024.83 → 2025 (the first
	//      year after 2024); with 0.5392: 2026.76 → 2027.
	//   n4 shares 5, 6, 7 → slope 0.33; capacity unknown.
	res := b.ask(t, "when saturation service=asilo-nido year=2022..2024", engine.Italian)
	checkRows(t, "trend", res, [][]any{
		{"bt", "Totale Bt", 19.0, 27, 2.97, nil, nil, nil, "già satura"},
		{"n1", "Nido Uno", 6.0, 9, 0.33 * 2.5, nil, nil, nil, "già satura"},
		{"n3", "Nido Tre", 8.0, 13, 0.99, nil, nil, nil, "già satura"},
		{"n2", "Nido Due", 5.0, 4, 0.825, 2026, 2025, 2027, "satura nel 2026"},
		{"n4", "Nido Quattro", nil, 3, 0.33, nil, nil, nil, "capacità non nota"},
	})
	if want := "Bt: la domanda attesa di Asilo nido (27 posti nel 2024) supera già i 19 disponibili. Strutture: 2 su 4 già sature, 1 lo saranno entro il 2039."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["status"] != "already" || res.Facts["facilities_saturated"] != 2 || res.Facts["method"] != "linear least squares" {
		t.Errorf("facts = %v", res.Facts)
	}
	// nil-b, 2023–2024: 5, 6 children → 1.65, 1.98 places against n2's 5:
	// slope 0.33, crossing 2023.5 + (5 − 1.815)/0.33 = 2033.15 → 2034; no
	// uncertainty from two years. n2: 3.3, 3.63 → 2023.5 + 1.535/0.33 =
	// 2028.15 → 2029.
	res = b.ask(t, "when saturation service=asilo-nido area=nil-b year=2023..2024", engine.English)
	checkRows(t, "nil-b", res, [][]any{
		{"nil-b", "Total Gelsi", 5.0, 2, 0.33, 2034, nil, nil, "saturated in 2034"},
		{"n2", "Nido Due", 5.0, 4, 0.33, 2029, nil, nil, "saturated in 2029"},
	})
	if want := "Gelsi: at the 2023–2024 pace (+0.3 a year), the expected demand for Nursery will exceed the 5 places in 2034. Facilities: 0 of 1 already saturated, 1 more by 2039."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// Every year (2021–2024): nil-b's 2 children of 2021 and 2022 withhold
	// the area row; n2 and n4 are withheld as in `which saturation` 2021.
	res = b.ask(t, "when saturation service=asilo-nido area=nil-b", engine.Italian)
	c := engine.Confidential
	checkRows(t, "nil-b all years", res, [][]any{
		{"nil-b", "Totale Gelsi", 5.0, c, c, c, c, c, c},
		{"n2", "Nido Due", 5.0, c, c, c, c, c, c},
	})
	if !strings.Contains(res.Headline, "non è pubblicabile") || res.Facts["saturation_year"] != c || res.Disclosure.Suppressed != 12 {
		t.Errorf("headline %q, facts %v, disclosure %+v", res.Headline, res.Facts, res.Disclosure)
	}
}

func TestSaturationAndTrendProtectedForStaff(t *testing.T) {
	b := openCity(t, meridianCityWide())
	// 2024 within 2 km: s1, s2, s3 are each reached by n1 and n2, s4 and s5
	// by n3 and n4. Shares: n1 = n2 = (20 + 10 + 6)/2 = 18, full 36 each;
	// n3 = n4 = (30 + 14)/2 = 22, full 44. Expected users (× 0.33, whole
	// users rounded up): 5.94 → 6, 7.26 → 8. Loads: n2 6/5 = 1.2, n1 6/6 =
	// 1, n3 8/8 = 1.
	q := "which saturation service=asilo-nido"
	exact := b.ask(t, q, engine.Italian)
	checkRows(t, "wide saturation, analyst", exact, [][]any{
		{1, "n2", "Nido Due", "Gelsi", 5, 36, 18, 6, 1.2, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6, 36, 18, 6, 1.0, "in equilibrio"},
		{3, "n3", "Nido Tre", "Mulini", 8, 44, 22, 8, 1.0, "in equilibrio"},
		{4, "n4", "Nido Quattro", "Mulini", nil, 44, 22, 8, nil, "capacità non nota"},
	})
	staff := b.as(engine.RoleStaff).ask(t, q, engine.Italian)
	got := checkProtected(t, q, staff, exact, "facility_id", 3)
	for _, id := range []string{"n1", "n2"} {
		if _, ok := got[id]["shared_count"]; !ok {
			t.Errorf("%s: staff share of %s withheld, want it published (three sections)", q, id)
		}
	}
	for _, id := range []string{"n3", "n4"} {
		if _, ok := got[id]; ok {
			t.Errorf("%s: staff counts of %s published %v, want withheld (two sections)", q, id, got[id])
		}
	}
	// Expected users derive from the published share, in whole users.
	demand := map[string]float64{}
	for _, row := range staff.Rows {
		id := row[1].Raw().(string)
		if n, ok := got[id]["shared_count"]; ok {
			demand[id] = float64(row[7].Raw().(int64))
			near(t, q+" "+id+" demand", demand[id], math.Ceil(0.33*float64(n)-1e-9))
		}
	}

	// when saturation fits its line on the same published shares, year by
	// year: its 2024 demand is the one `which saturation` publishes.
	q = "when saturation service=asilo-nido year=2022..2024"
	staff = b.as(engine.RoleStaff).ask(t, q, engine.Italian)
	for _, row := range staff.Rows {
		id := row[0].Raw().(string)
		switch id {
		case "n1", "n2":
			near(t, q+" "+id+" 2024 demand", float64(row[3].Raw().(int64)), demand[id])
		case "n3", "n4":
			if !row[3].IsSuppressed() {
				t.Errorf("%s: %s demand %v, want withheld", q, id, row[3].Raw())
			}
		}
	}
	// The slope is fitted on published figures: with 3 years at 2022, 2023,
	// 2024 it is half their difference from 2022 to 2024, a multiple of 0.33
	// / 2 (whole published children × 0.33 per child).
	for _, row := range staff.Rows {
		if x, ok := row[4].Raw().(float64); ok {
			if k := x / (0.33 / 2); math.Abs(k-math.Round(k)) > 1e-9 {
				t.Errorf("%s %v: slope %v is not from whole published counts", q, row[0].Raw(), x)
			}
		}
	}
}
