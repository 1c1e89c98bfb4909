package engine_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// Underserved areas and demand on the tiny city (tinyCity), by hand.

func TestUnderservedByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	// 800 m: s1 (556 m) is served; s2 (958 m) and s3 (1,656 m) are not; the
	// nursery on s3 does not serve older people.
	res := c.ask(t, "where underserved target=anziani-soli radius=800m", engine.Italian)
	want := [][]any{
		{"1", "nil-1", "Cà Granda", "65", "25", "0.38461538461538464"},
		{"2", "nil-2", "Borgo", "10", "10", "1"},
		{"3", "nil-3", "Prato", "0", "0", "null"},
	}
	checkRows(t, "anziani-soli 800 m", res, want)
	if res.Facts["target_count"] != int64(75) || res.Facts["unserved"] != int64(35) {
		t.Errorf("facts = %v, want 75 older people living alone, 35 unserved", res.Facts)
	}
	if s := res.Facts["unserved_share"].(float64); math.Abs(s-35.0/75) > 1e-12 {
		t.Errorf("unserved share = %v, want 35/75", s)
	}
	if !strings.Contains(res.Headline, "35 anziani soli su 75 (46,7%)") || !strings.Contains(res.Headline, "Cà Granda (25)") {
		t.Errorf("headline = %q", res.Headline)
	}
	if res.Synthetic || len(res.Sources) != 1 || res.Sources[0].ID != "tiny" {
		t.Errorf("synthetic %v, sources %v: want the tiny dataset, not synthetic", res.Synthetic, res.Sources)
	}
	// 1 km: s2 (958 m) is now served; only s3 is left out.
	res = c.ask(t, "dove sottoservito target=anziani-soli raggio=1km", engine.English)
	if res.Facts["unserved"] != int64(10) || cells(res)[0][1] != "nil-2" {
		t.Errorf("1 km: unserved %v, first row %v; want 10 in nil-2", res.Facts["unserved"], cells(res)[0])
	}
	if !strings.Contains(res.Headline, "10 of 75 older people living alone (13.3%)") {
		t.Errorf("English headline = %q", res.Headline)
	}
	// Restricted to one neighbourhood.
	res = c.ask(t, "where underserved target=anziani-soli radius=800m area=nil-1", engine.Italian)
	if len(res.Rows) != 1 || res.Facts["unserved"] != int64(25) || res.Facts["target_count"] != int64(65) {
		t.Errorf("area=nil-1: rows %v, facts %v", cells(res), res.Facts)
	}
	// Every section is more than 800 m from a nursery except s3.
	res = c.ask(t, "where underserved target=prima-infanzia radius=800m level=municipio", engine.Italian)
	if res.Facts["unserved"] != int64(18) || len(res.Rows) != 1 {
		t.Errorf("prima-infanzia by municipio: rows %v facts %v; want 9+7+2 = 18 unserved", cells(res), res.Facts)
	}
}

func TestDemandByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	res := c.ask(t, "howmuch demand target=anziani-soli area=nil-1", engine.Italian)
	if res.Facts["count"] != int64(65) {
		t.Fatalf("count = %v, want 40+25 = 65", res.Facts["count"])
	}
	if s := res.Facts["city_share"].(float64); math.Abs(s-65.0/75) > 1e-12 {
		t.Errorf("city share = %v, want 65/75", s)
	}
	if ch := res.Facts["change"].(float64); math.Abs(ch-(65.0/60-1)) > 1e-12 {
		t.Errorf("change = %v, want 65/60 − 1", ch)
	}
	want := [][]any{{"2023", "60", fmt.Sprint(60.0 / 72)}, {"2024", "65", fmt.Sprint(65.0 / 75)}}
	checkRows(t, "nil-1 by year", res, want)
	if res.Headline != "Cà Granda, 2024: 65 anziani soli, l'86,7% del totale cittadino (+8,3% rispetto al 2023)." {
		t.Errorf("headline = %q", res.Headline)
	}
	res = c.ask(t, "howmuch demand target=anziani-soli year=2023", engine.English)
	if res.Facts["count"] != int64(72) || res.Headline != "Tiny, 2023: 72 older people living alone." {
		t.Errorf("city 2023: count %v, headline %q", res.Facts["count"], res.Headline)
	}
}
