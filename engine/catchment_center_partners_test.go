package engine_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// Served catchments, overlaps, centres, alternatives and partners on the
// line city (lineCity), by hand for the analyst and protected for staff.

func TestCatchServedByHand(t *testing.T) {
	c := openCity(t, lineCity())
	// Totals: Alfa 30 + 20 = 50, Borgo 40 + 2 = 42, Cà Rossa 15; city 107.
	// Within 800 m of Centro A: s1 (390 m) and s2 (390 m), not s3 (1,170 m):
	// 50 people, all of Alfa, 50/107 = 46.7% of the city, over s1 + s2 =
	// 0.3 + 0.2 = 0.5 km².
	q := "where served from=ca-001 target=anziani-soli radius=800m"
	res := c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{"1", "nil-a", "Alfa", "50", "50", "1"}})
	if res.Facts["served"] != int64(50) || res.Facts["target_count"] != int64(107) || res.Facts["area_km2"] != 0.5 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if s := res.Facts["city_share"].(float64); math.Abs(s-50.0/107) > 1e-12 {
		t.Errorf("city share = %v, want 50/107", s)
	}
	if want := "Centro A (ca-001), 2024: entro 800 m vivono 50 anziani soli, il 46,7% della città, su circa 0,5 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Disclosure.Suppressed != 0 || res.Disclosure.Threshold != 3 || len(res.Sources) != 1 {
		t.Errorf("disclosure %+v, sources %v", res.Disclosure, res.Sources)
	}

	// By nearest assignment, Centro B is the nearest of A, B, C for s3 (156
	// m against 1,170 and 2,496) and s4 (1,014 against 2,340 and 1,326): 40
	// + 2 = 42, all of Borgo; 42/107 = 39.3%; s3 + s4 = 0.4 + 0.3 = 0.7 km².
	q = "where served from=ca-002 target=anziani-soli"
	res = c.ask(t, q, engine.English)
	checkRows(t, q, res, [][]any{{"1", "nil-b", "Borgo", "42", "42", "1"}})
	if res.Facts["served"] != int64(42) || res.Facts["method"] != "nearest" || res.Facts["area_km2"] != 0.7 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if want := "Centro B (ca-002), 2024: the nearest Senior centre for 42 older people living alone, 39.3% of the city, over about 0.7 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Within 800 m Centro B holds s3 only (s2 is 936 m, s4 1,014 m): 40 of
	// Borgo's 42, 40/107 = 37.4% of the city, over s3's 0.4 km². The analyst
	// sees exact counts, and the threshold rule withholds only counts from 1
	// to 2: the small remainder (s4's 2 people outside the catchment) no
	// longer withholds the large figure, as it did when every role saw exact
	// counts (other roles get perturbed counts, and a one-section catchment
	// is withheld for them: TestCatchServedProtectedForStaff).
	q = "where served from=ca-002 target=anziani-soli radius=800m"
	res = c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{"1", "nil-b", "Borgo", "42", "40", fmt.Sprint(40.0 / 42)}})
	if res.Facts["served"] != int64(40) || res.Facts["city_share"] != 40.0/107 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if d := res.Disclosure; d.Suppressed != 0 || d.Method != "exact" {
		t.Errorf("%s: disclosure = %+v, want nothing withheld", q, d)
	}
	if want := "Centro B (ca-002), 2024: entro 800 m vivono 40 anziani soli, il 37,4% della città, su circa 0,4 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Unknown facility: a did-you-mean by edit distance.
	if _, err := c.exec("where served from=ca-02 target=anziani-soli", engine.Italian); err == nil || !strings.Contains(err.Error(), `did you mean "ca-002"`) {
		t.Errorf("unknown facility: err = %v", err)
	}
	// A facility that does not serve the target.
	if _, err := c.exec("where served from=ca-001 target=prima-infanzia", engine.Italian); err == nil || !strings.Contains(err.Error(), "does not serve prima-infanzia") {
		t.Errorf("wrong target: err = %v", err)
	}
}

func TestCatchOverlapByHand(t *testing.T) {
	c := openCity(t, lineCity())
	// 1 km: A holds s1, s2; B holds s2 (936 m), s3; C holds s5; s4 is in
	// none (1,014 and 1,326 m). Only A–B share people: s2's 20.
	q := "where overlap service=centro-anziani target=anziani-soli radius=1km"
	res := c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", "20", "Alfa"}})
	if res.Facts["pairs"] != 1 || res.Facts["multi_covered"] != int64(20) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if s := res.Facts["multi_covered_share"].(float64); math.Abs(s-20.0/107) > 1e-12 {
		t.Errorf("multi-covered share = %v, want 20/107", s)
	}
	if want := "Linea, 2024, Centro anziani: una coppia di strutture ha anziani soli in comune entro 1 km; la sovrapposizione maggiore è tra Centro A e Centro B, a 1,326 km l'una dall'altra (20 anziani soli in entrambi i bacini)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// 1.4 km: A holds s1, s2, s3 (1,170 m); B holds s2, s3, s4 (1,014 m); C
	// holds s4 (1,326 m), s5. A–B share s2 + s3 = 20 + 40 = 60; B–C share
	// s4's 2, withheld (below 3). A lone withheld pair could be recovered
	// from people in two catchments (62 = 60 + 2), so A–B is withheld too
	// (secondary); both go last, by ID. 62 itself is publishable: it is the
	// sum of two unknowns.
	q = "where overlap service=centro-anziani target=anziani-soli radius=1.4km"
	res = c.ask(t, q, engine.English)
	checkRows(t, q, res, [][]any{
		{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", ":c", "Borgo"},
		{"2", "ca-002", "Centro B", "ca-003", "Centro C", "2340", ":c", "Borgo"},
	})
	if res.Facts["pairs"] != 2 || res.Facts["multi_covered"] != int64(62) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if d := res.Disclosure; d.Suppressed != 2 || d.Threshold != 3 {
		t.Errorf("%s: disclosure = %+v", q, d)
	}
	if want := "Linea, 2024, Senior centre: 2 pairs of facilities share older people living alone within 1.4 km."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Restricted to Alfa, only its people count: A–B share s2's 20.
	q = "where overlap service=centro-anziani target=anziani-soli radius=1.4km area=nil-a"
	res = c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", "20", "Alfa"}})
	if res.Facts["multi_covered"] != int64(20) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
}

func TestCatchServedProtectedForStaff(t *testing.T) {
	c := openCity(t, lineCity())
	// Centro B's 800 m hold s3 alone: one section, withheld for staff
	// whatever its count (the analyst sees 40).
	q := "where served from=ca-002 target=anziani-soli radius=800m"
	res := c.as(engine.RoleStaff).ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{"1", "nil-b", "Borgo", fmt.Sprint(res.Rows[0][3].Raw()), ":c", ":c"}})
	if res.Facts["served"] != engine.Confidential {
		t.Errorf("%s: staff served %v, want withheld", q, res.Facts["served"])
	}
	if n, ok := res.Facts["target_count"].(int64); !ok {
		t.Errorf("%s: staff city count %v", q, res.Facts["target_count"])
	} else {
		publishedNear(t, q+" city", n, 107, 3)
	}
}

func TestCenterByHand(t *testing.T) {
	c := openCity(t, lineCity())
	// Catchment demand: anziani-soli 2024 within the usual 800 m, each
	// section to its nearest centre: s1, s2 → A (390 m): 50; s3 → B (156
	// m): 40; s4's nearest is B at 1,014 m, beyond 800 m: nobody; s5 → C
	// (156 m): 15. Spare: A 100 − 50 = 50, B 40 − 40 = 0, C unknown.
	q := "which center service=centro-anziani at=45.46,9.205"
	res := c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"1", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "546", "40", "40", "0", "0"},
		{"2", "ca-001", "Centro A", "Via Centro A", "Coop Sole", "780", "100", "50", "50", "0"},
		{"3", "ca-003", "Centro C", "Via Centro C", "", "2886", "null", "15", "null", "null"},
	})
	if want := "Da 45.46, 9.205, la struttura Centro anziani più vicina con posti liberi stimati è Centro A (ca-001), a 780 m: 50 liberi su 100 iscritti. La più vicina in assoluto è Centro B (ca-002), a 546 m."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["nearest"] != "ca-002" || res.Facts["nearest_with_spare"] != "ca-001" || res.Facts["spare_capacity"] != 50.0 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// From Cà Rossa's point: C (156 m), B (2,184 m); for the analyst the
	// nearest with room is A, 3,510 m away.
	q = "which center service=centro-anziani area=nil-c top=2"
	res = c.ask(t, q, engine.English)
	checkRows(t, q, res, [][]any{
		{"1", "ca-003", "Centro C", "Via Centro C", "", "156", "null", "15", "null", "null"},
		{"2", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "2184", "40", "40", "0", "0"},
	})
	if want := "From Cà Rossa, the nearest Senior centre facility with estimated spare capacity is Centro A (ca-001), 3.51 km away: 50 free of 100 members. The nearest overall is Centro C (ca-003), 156 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	// For the press, every catchment is a region the question draws, and
	// each here holds one or two census sections: withheld, and the spare
	// capacity with it (the headline says none can be published, not that
	// none has room).
	res, err := c.as(engine.RolePress).exec(q, engine.English)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, q, res, [][]any{
		{"1", "ca-003", "Centro C", "Via Centro C", "", "156", "null", ":c", "null", "null"},
		{"2", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "2184", "40", ":c", ":c", ":c"},
	})
	if want := "From Cà Rossa, no Senior centre facility has estimated spare capacity that can be published; the nearest is Centro C (ca-003), 156 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if d := res.Disclosure; d.Rounding != 10 || d.Suppressed != 4 || d.Method != "cell-key" {
		t.Errorf("press disclosure = %+v, want rounding to 10, 4 cells withheld (two demands, a spare capacity and its excess)", d)
	}
}

func TestCenterAlternativesByHand(t *testing.T) {
	c := openCity(t, lineCity())
	// Borgo's points: its own (9.2175), s3 (9.21), s4 (9.225). Outside it, A
	// is 1,170 m from s3 and C 1,326 m from s4, both within 1.4 km; B stands
	// in Borgo (its own supply, 40 iscritti). SAD Est, home care for the
	// same people, stands in s4: distance 0. Borgo's demand: 40 + 2 = 42.
	q := "which alternatives service=centro-anziani area=nil-b radius=1.4km"
	res := c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"1", "stesso servizio", "ca-001", "Centro A", "Centro anziani", "anziani soli", "Coop Sole", "1170", "100", "iscritti"},
		{"2", "stesso servizio", "ca-003", "Centro C", "Centro anziani", "anziani soli", "", "1326", "null", "iscritti"},
		{"3", "altro servizio", "sad-001", "SAD Est", "Assistenza domiciliare", "anziani soli", "Coop Sole", "0", "25", "utenti"},
	})
	if want := "Fuori da Borgo, entro 1,4 km, ci sono 2 strutture Centro anziani (capacità nota: 100 iscritti); un'altra di un servizio per gli stessi destinatari (Assistenza domiciliare). Nell'area nel 2024: 42 anziani soli, per i quali lo standard (parametro locale) chiede 42 iscritti."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["demand"] != int64(42) || res.Facts["area_facilities"] != 1 || res.Facts["area_capacity"] != 40.0 || res.Facts["alternatives"] != 2 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// Within 1 km nothing of the service is left outside Borgo.
	res = c.ask(t, "which alternatives service=centro-anziani area=nil-b radius=1km", engine.English)
	if want := "Outside Borgo, within 1 km, there is no other Senior centre facility; 1 more of another service for the same people (Home care). In the area in 2024: 42 older people living alone, for whom the standard (local parameter) calls for 42 members."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
}

func TestCenterProtectedForStaff(t *testing.T) {
	c := openCity(t, lineCityWide())
	q := "which center service=centro-anziani at=45.46,9.205"
	exact := c.ask(t, q, engine.Italian)
	checkRows(t, q, exact, [][]any{
		{"1", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "546", "40", "40", "0", "0"},
		{"2", "ca-001", "Centro A", "Via Centro A", "Coop Sole", "780", "100", "71", "29", "0"},
		{"3", "ca-003", "Centro C", "Via Centro C", "", "2886", "null", "15", "null", "null"},
	})
	staff := c.as(engine.RoleStaff).ask(t, q, engine.Italian)
	got := checkProtected(t, q, staff, exact, "facility_id", 3)
	a, ok := got["ca-001"]["catchment_demand"]
	if !ok {
		t.Fatalf("%s: staff demand of Centro A withheld, want it published (four sections): %v", q, cells(staff))
	}
	if len(got) != 1 {
		t.Errorf("%s: staff published %v, want only Centro A (B and C hold one section each)", q, got)
	}
	// Spare capacity from the published demand.
	if staff.Facts["nearest_with_spare"] != "ca-001" || staff.Facts["spare_capacity"] != float64(100-a) {
		t.Errorf("%s: staff facts %v, want Centro A with 100 − %d free", q, staff.Facts, a)
	}
}

func TestAlternativesAndPartnersProtectedForStaff(t *testing.T) {
	c := openCity(t, lineCity())
	// which alternatives publishes Borgo's count as its level's table does.
	q := "which alternatives service=centro-anziani area=nil-b radius=1.4km"
	staff := c.as(engine.RoleStaff).ask(t, q, engine.Italian)
	n, ok := staff.Facts["demand"].(int64)
	if !ok {
		t.Fatalf("%s: staff demand %v", q, staff.Facts["demand"])
	}
	publishedNear(t, q+" demand", n, 42, 3)
	if !strings.Contains(staff.Headline, fmt.Sprintf("Nell'area nel 2024: %d anziani soli,", n)) || staff.Disclosure.Method != "cell-key" {
		t.Errorf("%s: staff headline %q, disclosure %+v", q, staff.Headline, staff.Disclosure)
	}
	// which partners publishes no count of people: the same answer for every
	// role, with no disclosure line.
	q = "which partners target=anziani-soli area=linea"
	staff, exact := c.as(engine.RoleStaff).ask(t, q, engine.Italian), c.ask(t, q, engine.Italian)
	if fmt.Sprint(cells(staff)) != fmt.Sprint(cells(exact)) || staff.Headline != exact.Headline || staff.Disclosure.Rule != "" {
		t.Errorf("%s: staff %v %q %+v, analyst %v", q, cells(staff), staff.Headline, staff.Disclosure, cells(exact))
	}
}

func TestPartnersByHand(t *testing.T) {
	c := openCity(t, lineCity())
	// Borgo: B stands in it (Comune, 429 m from its point), and so does SAD
	// Est (Coop Sole, 1,131 m: beyond 1 km, but inside). A and C are outside
	// and farther than 1 km. One facility in the area each: by distance.
	q := "which partners target=anziani-soli area=nil-b"
	res := c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"1", "org-comune", "Comune di Linea", "1", "1", "Centro anziani", "40", "429"},
		{"2", "org-coop", "Coop Sole", "1", "1", "Assistenza domiciliare", "25", "1131"},
	})
	if want := "Borgo: 2 organizzazioni gestiscono strutture per anziani soli nell'area o entro 1 km; la più presente è Comune di Linea (1 nell'area)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	// Cà Rossa: C stands in it but has no known operator; SAD Est is 624 m
	// away, outside.
	q = "which partners target=anziani-soli area=nil-c"
	res = c.ask(t, q, engine.English)
	checkRows(t, q, res, [][]any{{"1", "org-coop", "Coop Sole", "1", "0", "Home care", "25", "624"}})
	if want := "Cà Rossa: 1 organisation runs facilities for older people living alone in the area or within 1 km; the nearest is Coop Sole, 624 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["without_operator"] != 1 || res.Facts["facilities"] != 2 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// The whole city: Coop Sole runs A and SAD Est (2 inside, capacity 100 +
	// 25 = 125 in mixed units, nearest 1,326 m), the Comune runs B.
	q = "which partners target=anziani-soli area=linea"
	res = c.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"1", "org-coop", "Coop Sole", "2", "2", "Assistenza domiciliare, Centro anziani", "125", "1326"},
		{"2", "org-comune", "Comune di Linea", "1", "1", "Centro anziani", "40", "234"},
	})
	// Only the services asked for.
	res = c.ask(t, "which partners target=anziani-soli area=nil-b service=centro-anziani", engine.Italian)
	if len(res.Rows) != 1 || cells(res)[0][1] != "org-comune" {
		t.Errorf("service=centro-anziani: rows = %v", cells(res))
	}
}
